import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { groupId, memberId } from '../src/core/ids.ts';
import { triageReports } from '../src/db/schema.ts';
import type { Attachment } from '../src/core/message.ts';
import { CHART_SIZE, chartSvg, svgToPng } from '../src/services/report-chart.ts';
import { Resvg } from '@resvg/resvg-js';
import { classOf } from './helpers/classes.ts';
import { Harness, type TestClient } from './helpers/harness.ts';
import type { Output } from './helpers/test-adapter.ts';

/** 2026-12-01 07:00 in Shanghai (a Tuesday); the 08:00 tip follows an hour later. */
const START = new Date('2026-11-30T23:00:00Z');
const TIP_TIME = new Date('2026-12-01T00:00:00Z');
const HOUR = 3_600_000;
const NAMES = ['王老师', '张三', '李四', '王五', '赵六'];
const LETTERS = ['A', 'B', 'C', 'D'];


/** Runs the scheduler at 08:00 and lets `ackers` press 已阅 on the tip. */
async function tipAndAcks(h: Harness, ackers: TestClient[]) {
  h.clock.set(TIP_TIME);
  await h.app.scheduler.tick();
  for (const c of ackers) {
    const tip = h.adapter.outputs.filter((o) => o.kind === 'send' && o.chat === c.chat.id && o.buttons.length > 0).at(-1)!;
    await c.press('已阅 ✅', tip);
  }
  await h.app.acks.flush();
}

const attachment = (outputs: Output[]): Attachment => outputs.find((o) => o.message?.attachments?.length)!.message!.attachments![0]!;

describe('/report in a group', () => {
  let h: Harness;
  let teacher: TestClient, zhang: TestClient, li: TestClient;
  beforeEach(async () => {
    h = await Harness.start({ now: START });
    const clients = await classOf(h, '软件2301', '王老师', NAMES.slice(1));
    [teacher, zhang, li] = [clients[0]!, clients[1]!, clients[2]!];
    await tipAndAcks(h, [teacher, zhang, li]);
    h.clock.advance(2 * HOUR);
  });
  afterEach(() => h.close());

  it('gives exact numbers: 5 known members, the advisor aside 4, of whom 2 acknowledge the tip, so 50% in every period', async () => {
    // One group question, answered by two of the five (one right), and one triaged message.
    await teacher.send('/quiz');
    const session = h.app.quiz.lastGroupQuiz(groupId('test', '软件2301'))!;
    const question = h.app.quiz.question(h.app.quiz.questionIds(session)[0]!)!;
    await zhang.press(LETTERS[question.answer]!);
    await li.press(LETTERS[(question.answer + 1) % question.options.length]!);
    await h.app.quizEdits.flush();
    const [typeId, type] = [...h.app.library.types][0]!;
    h.db.insert(triageReports).values({ memberId: zhang.sender.id, groupId: zhang.chat.id, risk: 'high', typeId, score: 0.9, textHash: 'h', at: h.clock.now().getTime() }).run();

    h.adapter.memberCounts.set('test:软件2301', 32);
    const outputs = await teacher.send('/report');
    const post = outputs.find((o) => o.visibleTo === 'group:test:软件2301')!;
    expect(post.text).toContain('已知成员 5 人（平台显示群成员 32 人）');
    expect(post.text).toContain('比率按已知成员中的学生 4 人计算');
    expect(post.text).toContain('近7天：确认率 50%；测验 1 题，平均参与率 50%，正确率 50%；入学测试通过 0/0（—）');
    expect(post.text).toContain(`近7天可疑消息研判 1 条\n• ${type.name.zh}：1`);
    for (const period of ['今天', '近7天', '近30天', '本学期']) expect(post.text).toContain(`${period}：提示 1 条、文章 0 篇，确认 2 次，确认率 50%`);
    const report = (await h.app.reports.groupReport(groupId('test', '软件2301')))!;
    expect(report.stats).toMatchObject({ delivered: 1, acknowledgements: 2, ackRate: 0.5 });
    expect(report.deliveries.map((d) => d.ackRate)).toEqual([0.5, 0.5, 0.5, 0.5]);

    const advisor = outputs.filter((o) => o.visibleTo === 'member:test:王老师');
    expect(advisor).toHaveLength(1);
    expect(advisor[0]!.text).toContain('近7天未确认的成员');
    expect(advisor[0]!.text).toContain('王五 — 最近确认：从未确认');
    expect(advisor[0]!.text).toContain('赵六 — 最近确认：从未确认');
    expect(advisor[0]!.text).not.toContain('张三');
  });

  it('takes the acknowledgements of members who left out of the rate', async () => {
    await h.emit({ type: 'member-left', platform: 'test', chat: li.chat, member: li.sender }, li.handle);
    const report = (await h.app.reports.groupReport(groupId('test', '软件2301')))!;
    expect(report.group).toMatchObject({ knownMembers: 4, members: 3 });
    expect(report.stats).toMatchObject({ acknowledgements: 1, ackRate: 1 / 3 });
  });

  it('never shows a member’s name in the group, whatever is asked', async () => {
    for (const command of ['/report', '/report term', '/report csv', '/report xlsx', '/report chart', '/grant 张三', '/revoke 张三']) await teacher.send(command);
    await zhang.send('/report');
    const group = h.adapter.outputs.filter((o) => o.visibleTo.startsWith('group:'));
    expect(group.some((o) => o.text.includes('反诈宣传报告'))).toBe(true);
    for (const o of group) for (const name of NAMES) expect(o.text, o.text).not.toContain(name);
    for (const o of group) expect(o.message?.attachments ?? []).toEqual([]);
  });

  it('refuses non-advisors politely, and /grant makes a member an advisor until /revoke', async () => {
    await zhang.shouldReply('/report', '报告只提供给本群的辅导员');
    await zhang.shouldReply('/grant 李四', '只有本群管理员或学校管理员');
    const granted = await teacher.send('/grant 张三');
    expect(granted).toMatchObject([{ visibleTo: 'member:test:王老师', text: expect.stringContaining('已授权 张三 为 本群 的辅导员') }]);
    await zhang.shouldReply('/report', '反诈宣传报告');
    await teacher.shouldReply(`/revoke ${memberId('test', '张三')}`, '已取消 张三');
    await zhang.shouldReply('/report', '报告只提供给本群的辅导员');
    await teacher.shouldReply('/grant 路人甲', '找不到“路人甲”');
  });

  it('exports a CSV per member in UTF-8 with a BOM that parses back with the right columns', async () => {
    const file = attachment(await teacher.send('/report csv'));
    expect(file).toMatchObject({ kind: 'file', mime: 'text/csv; charset=utf-8' });
    expect([...file.data.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(Buffer.from(file.data), { bom: true, columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual(['班级', '班级ID', '成员', '成员ID', '推送数', '确认数', '确认率', '最近确认', '测验作答', '测验答对', '入学测试（近7天）']);
    // The advisor is in no member list.
    expect(rows.map((r) => r['成员']).sort()).toEqual(NAMES.slice(1).sort());
    expect(rows.find((r) => r['成员'] === '张三')).toMatchObject({ 班级: '软件2301', 成员ID: 'test:张三', 推送数: '1', 确认数: '1', 确认率: '1', 最近确认: '2026-12-01 08:00' });
    expect(rows.find((r) => r['成员'] === '王五')).toMatchObject({ 确认数: '0', 确认率: '0', 最近确认: '' });
  });

  it('exports an XLSX that exceljs reads back, with the classes and the members', async () => {
    const file = attachment(await teacher.send('/report xlsx'));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(file.data) as never);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['班级', '成员']);
    const classes = workbook.getWorksheet('班级')!;
    // A title row, the header, the class; rates as percents, dates as dates.
    expect(classes.getRow(1).getCell(1).value).toMatch(/^反诈宣传报告 · 软件2301 · 近7天 · 生成于 2026-12-01 /);
    expect(classes.getRow(2).values).toContain('确认率');
    expect(classes.getRow(3).getCell(2).value).toBe('软件2301');
    expect(classes.getRow(3).getCell(7).value).toBe(0.5);
    expect(classes.getColumn(7).numFmt).toBe('0%');
    expect(classes.getColumn(2).width).toBeGreaterThanOrEqual(10);
    const members = workbook.getWorksheet('成员')!;
    expect(members.rowCount).toBe(1 + NAMES.length);
    const zhang = members.getRows(3, NAMES.length - 1)!.find((r) => r.getCell(3).value === '张三')!;
    expect(zhang.getCell(8).value).toEqual(new Date(Date.UTC(2026, 11, 1, 8, 0)));
    expect(members.getColumn(8).numFmt).toBe('yyyy-mm-dd hh:mm');
  });

  it('sends a PNG chart that decodes at the expected size', async () => {
    const file = attachment(await teacher.send('/report chart'));
    expect(file).toMatchObject({ kind: 'image', mime: 'image/png' });
    const png = Buffer.from(file.data);
    expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
    expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([CHART_SIZE.width, CHART_SIZE.height]);
    // A real decoder reads it back (resvg renders an SVG that embeds the PNG).
    const embedded = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${CHART_SIZE.width}" height="${CHART_SIZE.height}"><image width="${CHART_SIZE.width}" height="${CHART_SIZE.height}" xlink:href="data:image/png;base64,${png.toString('base64')}"/></svg>`;
    const decoded = new Resvg(embedded, { font: { loadSystemFonts: false } }).render();
    expect([decoded.width, decoded.height]).toEqual([CHART_SIZE.width, CHART_SIZE.height]);
  });
});

describe('npm run report', () => {
  it('writes a group report as JSON from the database file', async () => {
    const h = await Harness.start({ now: START });
    try {
      const [teacher, zhang] = await classOf(h, '软件2301', '王老师', ['张三', '李四', '王五', '赵六']);
      await tipAndAcks(h, [teacher!, zhang!]);
      const dir = mkdtempSync(join(tmpdir(), 'classguard-cli-'));
      const out = join(dir, 'report.json');
      const args = ['--import', 'tsx', 'scripts/report.ts', '--group', 'test:软件2301', '--format', 'json', '--period', 'term', '--out', out];
      execFileSync(process.execPath, args, { env: { ...process.env, DATABASE_PATH: h.app.config.DATABASE_PATH } });
      expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ kind: 'group', period: 'term', group: { name: '软件2301', knownMembers: 5 }, stats: { delivered: 1, acknowledgements: 1, ackRate: 0.25 } });
      rmSync(dir, { recursive: true, force: true });
    } finally {
      await h.close();
    }
  });
});

describe('chart rendering', () => {
  const input = (title: string) => ({
    title,
    trend: { title: '近8周确认率', weeks: ['11/2', '11/9'], series: [{ name: '软件2301', rates: [0.5, 0.75] }] },
    classes: { title: '各班对比', names: ['软件2301', '网安2302'], bars: [{ name: '确认率', rates: [0.6, 1] }] },
  });

  it('draws the Chinese labels with the packaged font', () => {
    const svg = chartSvg(input('无诈班级榜'));
    expect(svg).toContain('无诈班级榜');
    const withFont = Buffer.from(svgToPng(svg));
    // Another label gives another picture, and without the font file the text is not drawn at all.
    expect(withFont.equals(Buffer.from(svgToPng(chartSvg(input('无诈学院榜')))))).toBe(false);
    const noFont = Buffer.from(new Resvg(svg, { font: { loadSystemFonts: false } }).render().asPng());
    expect(withFont.equals(noFont)).toBe(false);
  });
});

describe('/report for a unit', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start({ now: START, env: { ADMIN_IDS: 'test:校长' } });
  });
  afterEach(() => h.close());

  it('rolls up two classes and ranks them by acknowledgement rate', async () => {
    const principal = h.dm('校长');
    await principal.shouldReply('/unit add 计算机学院 计算机学院 college', '已保存单位 计算机学院');
    await h.dm('王老师').shouldReply('/unit add 外人 外人', '只有学校管理员');
    const [wang, zhang, li] = await classOf(h, '软件2301', '王老师', NAMES.slice(1));
    const [liTeacher, a] = await classOf(h, '网安2302', '李老师', ['钱七']);
    await wang!.shouldReply('/unit assign 计算机学院', '本群已归入 计算机学院');
    await liTeacher!.shouldReply('/unit assign 计算机学院', '本群已归入 计算机学院');
    await tipAndAcks(h, [wang!, zhang!, li!, liTeacher!, a!]);

    const reply = await principal.send('/report 计算机学院');
    expect(reply).toHaveLength(1);
    expect(reply[0]!.visibleTo).toBe('member:test:校长');
    const text = reply[0]!.text;
    expect(text).toContain('2 个班级，已知成员 7 人，推送 2 条，确认率 75%');
    expect(text.indexOf('1. 网安2302 — 确认率 100%')).toBeGreaterThan(0);
    expect(text.indexOf('2. 软件2301 — 确认率 50%')).toBeGreaterThan(text.indexOf('1. 网安2302'));

    const unit = h.app.reports.unitReport('计算机学院')!;
    expect(unit.board.map((c) => [c.rank, c.group.name, c.ackRate])).toEqual([
      [1, '网安2302', 1],
      [2, '软件2301', 0.5],
    ]);
    await h.dm('王老师').shouldReply('/report 计算机学院', '只提供给该单位的辅导员');
  });

  it('lets a unit advisor granted on the college read the class reports below it', async () => {
    await h.dm('校长').send('/unit add 计算机学院 计算机学院 college');
    await h.dm('校长').send('/unit add 软件2301班 软件2301 class 计算机学院');
    const [wang] = await classOf(h, '软件2301', '王老师', ['张三', '孙辅导员']);
    await wang!.send('/unit assign 软件2301班');
    const principal = h.client('软件2301', '校长');
    await principal.shouldReply('/grant 孙辅导员 计算机学院', '已授权 孙辅导员 为 计算机学院（计算机学院） 的辅导员');
    const sun = h.client('软件2301', '孙辅导员');
    await sun.shouldReply('/report', '反诈宣传报告');
    await h.dm('孙辅导员').shouldReply('/report 软件2301班', '无诈班级榜');
  });
});

describe('reports over many groups', () => {
  it('give the same numbers in one pass over the period as group by group', async () => {
    const h = await Harness.start({ now: START, env: { ADMIN_IDS: 'test:校长' } });
    try {
      h.app.units.save({ id: 'school', name: '示范大学', kind: 'school', parentId: null });
      const ids = Array.from({ length: 20 }, (_, i) => groupId('test', `班${i}`));
      ids.forEach((id, i) => {
        const chat = { id, kind: 'group' as const, title: `班${i}` };
        h.app.groups.ensure(chat);
        h.app.groups.setup(id, { className: `班${i}` });
        h.app.units.assign(id, 'school');
        for (let k = 0; k <= i % 5; k++) h.app.groups.seen(chat, { id: memberId('test', `${i}-${k}`), name: `${i}-${k}` });
      });
      h.clock.set(TIP_TIME);
      await h.app.scheduler.tick();
      for (const [i, id] of ids.entries()) {
        const delivery = h.app.db.$client.prepare('select id from deliveries where group_id = ?').get(id) as { id: number };
        for (let k = 0; k < Math.min(i % 3, (i % 5) + 1); k++) h.app.acks.acknowledge(delivery.id, id, memberId('test', `${i}-${k}`));
      }
      const unit = h.app.reports.unitReport('school')!;
      expect(unit.board).toHaveLength(20);
      for (const row of unit.board) {
        const single = (await h.app.reports.groupReport(row.group.id))!;
        expect(row.ackRate).toBe(single.stats.ackRate);
        expect(row.acknowledgements).toBe(single.stats.acknowledgements);
      }
      expect(unit.board[0]!.ackRate).toBe(1);
      expect(unit.totals.acknowledgements).toBe(ids.reduce((n, _, i) => n + Math.min(i % 3, (i % 5) + 1), 0));
    } finally {
      await h.close();
    }
  });
});
