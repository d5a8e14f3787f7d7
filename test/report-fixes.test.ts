import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { wholePercent } from '../src/core/percent.ts';
import { groupId } from '../src/core/ids.ts';
import { triageReports } from '../src/db/schema.ts';
import { pct } from '../src/features/report-labels.ts';
import { chartSvg } from '../src/services/report-chart.ts';
import { classOf } from './helpers/classes.ts';
import { Harness, realApp, type TestClient } from './helpers/harness.ts';

/** 2026-12-01 07:00 in Shanghai (a Tuesday). */
const START = new Date('2026-11-30T23:00:00Z');
const DAY = 86_400_000;
const G = groupId('test', '软件2301');


async function loadXlsx(data: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(data) as never);
  return workbook;
}

describe('rates', () => {
  it('round half up: 23 of 40 is 58%, not 57%', () => {
    expect(pct(23 / 40)).toBe('58%');
    expect(pct(0.145)).toBe('15%');
    expect(pct(0.285)).toBe('29%');
    expect(pct(1 / 3)).toBe('33%');
    expect(wholePercent(0.994)).toBe(99);
    expect(pct(null)).toBe('—');
  });
});

describe('the chart', () => {
  const trend = { title: '近8周确认率', weeks: ['11/2', '11/9', '11/16'], series: [{ name: '全部班级', rates: [0.5, null, 0.75] }] };

  it('tells 0% from no quiz, and draws no comparison for a single class', () => {
    const svg = chartSvg({ title: 'T', trend, classes: { title: '各班对比', names: ['甲班', '乙班'], bars: [{ name: '测验正确率', rates: [0, null] }] } });
    expect(svg).toContain('>0%<');
    expect(svg).toContain('>—<');
    const single = chartSvg({ title: 'T', trend });
    expect(single).not.toContain('各班对比');
  });
});

describe('report defects', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start({ now: START, env: { ADMIN_IDS: 'test:校长' } });
  });
  afterEach(() => h.close());

  it('/unit add reads a parent id that looks like a kind as the parent, once the kind is given', async () => {
    const principal = h.dm('校长');
    await principal.shouldReply('/unit add school 示范大学 school', '已保存单位 school');
    await principal.shouldReply('/unit add jsj 计算机学院 college school', '上级：school');
    expect(h.app.units.get('jsj')).toMatchObject({ kind: 'college', parentId: 'school' });
    await principal.shouldReply('/unit add rj 软件2301班 class jsj', '上级：jsj');
    expect(h.app.units.get('rj')).toMatchObject({ kind: 'class', parentId: 'jsj' });
    await principal.shouldReply('/unit add x 某班 class nowhere', '没有 ID 为“nowhere”的上级单位');
  });

  it('counts triaged messages over the report’s period in the totals and in the breakdown alike', async () => {
    h.app.units.save({ id: 'jsj', name: '计算机学院', kind: 'college', parentId: null });
    const [teacher, zhang] = await classOf(h, '软件2301', '王老师', ['张三']);
    await teacher!.send('/unit assign jsj');
    const [typeId, type] = [...h.app.library.types][0]!;
    const now = h.clock.now().getTime();
    for (const at of [now - 10 * DAY, now]) {
      h.db.insert(triageReports).values({ memberId: zhang!.sender.id, groupId: G, risk: 'high', typeId, score: 0.9, textHash: 'h', at }).run();
    }
    const unit = h.app.reports.unitReport('jsj', '30d')!;
    expect(unit.totals.triaged).toBe(2);
    expect(unit.triage.total).toBe(2);
    expect(unit.board[0]!.triaged).toBe(2);
    const week = h.app.reports.unitReport('jsj', '7d')!;
    expect([week.totals.triaged, week.triage.total]).toEqual([1, 1]);

    const text = (await h.dm('校长').send('/report jsj 30d'))[0]!.text;
    expect(text).toContain('近30天可疑消息 2 条');
    expect(text).toContain(`近30天可疑消息研判 2 条\n• ${type.name.zh}：2`);
    const post = (await teacher!.send('/report 30d')).find((o) => o.visibleTo === `group:${G}`)!;
    expect(post.text).toContain(`近30天可疑消息研判 2 条\n• ${type.name.zh}：2`);

    const file = (await h.dm('校长').send('/report jsj 30d xlsx'))[0]!.message!.attachments![0]!;
    const classes = (await loadXlsx(file.data)).worksheets[0]!;
    const header = classes.getRow(2).values as unknown[];
    const column = header.indexOf('可疑消息（近30天）');
    expect(column).toBeGreaterThan(0);
    expect(classes.getRow(3).getCell(column).value).toBe(2);
    // The unit's totals row, last.
    expect(classes.lastRow!.getCell(1).value).toBe('合计');
    expect(classes.lastRow!.getCell(column).value).toBe(2);
  });

  it('counts quiz answers of members still in the class and no advisors: three answer, two leave, 100% and not 200%', async () => {
    const [teacher, ...students] = await classOf(h, '软件2301', '王老师', ['张三', '李四', '王五']);
    await teacher!.send('/quiz');
    const session = h.app.quiz.lastGroupQuiz(G)!;
    const answer = h.app.quiz.question(h.app.quiz.questionIds(session)[0]!)!.answer;
    for (const c of [teacher!, ...students]) await c.press(['A', 'B', 'C', 'D'][answer]!);
    let report = (await h.app.reports.groupReport(G))!;
    // The advisor's answer is not a member's: 3 of the 3 students.
    expect(report.stats.quiz).toMatchObject({ questions: 1, answers: 3, participation: 1 });
    for (const c of students.slice(1)) await h.emit({ type: 'member-left', platform: 'test', chat: c.chat, member: c.sender }, c.handle);
    report = (await h.app.reports.groupReport(G))!;
    expect(report.group).toMatchObject({ knownMembers: 2, members: 1 });
    expect(report.stats.quiz).toMatchObject({ answers: 1, correct: 1, participation: 1 });
  });

  it('leaves a member made a school admin (ADMIN_IDS) out of the rates from the next start', async () => {
    const [, zhang] = await classOf(h, '软件2301', '王老师', ['张三', '李四']);
    expect((await h.app.reports.groupReport(G))!.group).toMatchObject({ members: 2 });
    // The same database, started again with 张三 among the school admins.
    realApp('unused', h.db, { now: START, env: { ADMIN_IDS: `test:校长,${zhang!.sender.id}` } });
    expect((await h.app.reports.groupReport(G))!.group).toMatchObject({ knownMembers: 3, members: 1 });
  });

  it('the CLI’s reports hold the campaign-duties section, as the chat’s do', async () => {
    await classOf(h, '软件2301', '王老师', ['张三', '李四']);
    const dir = mkdtempSync(join(tmpdir(), 'classguard-cli-'));
    try {
      const run = (...args: string[]) =>
        execFileSync(process.execPath, ['--import', 'tsx', 'scripts/report.ts', '--group', G, '--period', 'term', ...args], { env: { ...process.env, DATABASE_PATH: h.app.config.DATABASE_PATH } });
      const json = JSON.parse(run('--format', 'json').toString()) as { sections: { id: string; metrics: unknown[] }[] };
      expect(json.sections.map((s) => s.id)).toEqual(['punctuality', 'duties', 'cases']);
      expect(json.sections[1]!.metrics.length).toBeGreaterThan(5);
      run('--format', 'xlsx', '--out', join(dir, 'r.xlsx'));
      const cli = (await loadXlsx(readFileSync(join(dir, 'r.xlsx')))).worksheets[0]!;
      const chatFile = (await h.client('软件2301', '王老师', { admin: true }).send('/report term xlsx'))[0]!.message!.attachments![0]!;
      const chat = (await loadXlsx(chatFile.data)).worksheets[0]!;
      expect(cli.getRow(2).cellCount).toBe(chat.getRow(2).cellCount);
      expect(cli.getRow(2).values).toEqual(chat.getRow(2).values);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
