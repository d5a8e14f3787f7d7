import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { groupId, memberId } from '../src/core/ids.ts';
import { ClassListFileError, readClassListFile } from '../src/services/class-list-file.ts';
import { Harness, type TestClient } from './helpers/harness.ts';

const G = groupId('test', '软件2301');
const TIP_TIME = new Date('2026-12-01T00:00:00Z');

describe('class list files', () => {
  it('reads CSV and XLSX by their header row, and ignores (never keeps) other columns', async () => {
    const csv = '\uFEFF学号,姓名,手机号,平台ID\r\n2301001,张三,13800000000,张三\r\n2301002,"李, 四",,\r\n';
    expect(await readClassListFile(new TextEncoder().encode(csv), 'a.csv')).toEqual({
      rows: [
        { ref: '2301001', name: '张三', platformId: '张三' },
        { ref: '2301002', name: '李, 四' },
      ],
      ignored: ['手机号'],
    });
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('名单').addRows([['姓名', '编号', '身份证号'], ['王五', 7, '110101200001011234']]);
    const xlsx = new Uint8Array(await workbook.xlsx.writeBuffer());
    expect(await readClassListFile(xlsx, '名单.xlsx')).toEqual({ rows: [{ ref: '7', name: '王五' }], ignored: ['身份证号'] });
    await expect(readClassListFile(new TextEncoder().encode('name\n张三\n'), 'a.csv')).rejects.toThrow(ClassListFileError);
    await expect(readClassListFile(new TextEncoder().encode('学号,姓名\n1,甲\n1,乙\n'), 'a.csv')).rejects.toThrow(/appears twice/);
  });
});

describe('class lists in the reports', () => {
  let h: Harness;
  let dir: string;
  let teacher: TestClient;
  let students: TestClient[];
  beforeEach(async () => {
    h = await Harness.start({ now: new Date('2026-11-30T23:00:00Z') });
    dir = mkdtempSync(join(tmpdir(), 'roster-'));
    teacher = h.client('软件2301', '王老师', { admin: true });
    await teacher.send('/setup 软件2301');
    students = ['张三', '李四', '王五'].map((n) => h.client('软件2301', n));
    for (const s of students) await s.send('到');
  });
  afterEach(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const roster = (...args: string[]) =>
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/roster.ts', ...args], { env: { ...process.env, DATABASE_PATH: h.app.config.DATABASE_PATH } }).toString();

  it('divides by the list, lists the unseen to the advisor, and binds with a one-time code', async () => {
    // Six students; 张三 matched by platform id; 李四 and 王五 seen but not bound; the advisor is not listed.
    const file = join(dir, '花名册.csv');
    writeFileSync(file, '学号,姓名,平台ID,手机\n1,张三,张三,138\n2,李四,,\n3,王五,,\n4,赵六,,\n5,钱七,,\n6,孙八,,\n');
    const out = roster('import', '软件2301', file);
    expect(out).toContain('6 listed (6 added, 0 updated, 0 removed), 1 bound by platform id');
    expect(out).toContain('ignored columns (not stored): 手机');
    const codes = new Map([...out.matchAll(/^(\S+)\t([A-Z0-9]{6})$/gm)].map((m) => [m[1]!, m[2]!]));
    expect([...codes.keys()].sort()).toEqual(['孙八', '李四', '王五', '赵六', '钱七'].sort());
    const stored = h.db.$client.prepare('select * from class_list_entries').all() as Record<string, unknown>[];
    expect(stored.every((e) => e.student_no === null && !JSON.stringify(e).includes('138'))).toBe(true);

    h.clock.set(TIP_TIME);
    await h.app.scheduler.tick();
    const tip = h.adapter.outputs.filter((o) => o.kind === 'send' && o.chat === G && o.buttons.length > 0).at(-1)!;
    for (const c of [teacher, students[0]!, students[1]!]) await c.press('已阅 ✅', tip);
    await h.app.acks.flush();

    const report = (await h.app.reports.groupReport(G))!;
    expect(report.group).toMatchObject({ knownMembers: 4, members: 6, listed: 6 });
    // Two students of six; the advisor's press counts for nobody.
    expect(report.stats).toMatchObject({ acknowledgements: 2, ackRate: 2 / 6 });
    const outputs = await teacher.send('/report');
    const post = outputs.find((o) => o.visibleTo === `group:${G}`)!.text;
    expect(post).toContain('比率按花名册 6 人计算');
    expect(post).toContain('确认率 33%');
    const follow = outputs.find((o) => o.visibleTo === 'member:test:王老师')!.text;
    expect(follow).toContain('王五 — 最近确认：从未确认');
    for (const name of ['赵六', '钱七', '孙八']) expect(follow).toContain(`${name} — 最近确认：花名册在册`);
    expect(follow).not.toContain('王老师 —');

    // /classlist: the codes to the advisor alone; /bind privately, once.
    const list = await teacher.send('/classlist');
    expect(list.every((o) => o.visibleTo === 'member:test:王老师')).toBe(true);
    expect(list[0]!.text).toContain('花名册 6 人，已绑定 1 人');
    expect(list[0]!.text).toContain(`赵六 — ${codes.get('赵六')}`);
    await students[2]!.shouldReply(`/bind ${codes.get('王五')}`, '请私聊我发送 /bind');
    await h.dm('王五').shouldReply(`/bind ${codes.get('王五')!.toLowerCase()}`, '你是 软件2301 花名册上的 王五');
    await h.dm('路人').shouldReply(`/bind ${codes.get('王五')}`, '绑定码无效或已经用过');
    expect(h.app.classLists.entries(G).find((e) => e.name === '王五')).toMatchObject({ member: memberId('test', '王五'), code: null });
    for (const o of h.adapter.outputs.filter((x) => x.visibleTo.startsWith('group:'))) for (const code of codes.values()) expect(o.text).not.toContain(code);

    // A re-import keeps the bindings of students found again and removes those no longer listed.
    writeFileSync(file, '学号,姓名\n1,张三\n3,王五\n4,赵六\n');
    expect(roster('import', G, file)).toContain('3 listed (0 added, 3 updated, 3 removed), 0 bound');
    expect(h.app.classLists.entries(G).map((e) => [e.name, e.member !== null])).toEqual([
      ['张三', true],
      ['王五', true],
      ['赵六', false],
    ]);
    // Three listed, three students seen: the rate is over three again.
    expect((await h.app.reports.groupReport(G))!.group).toMatchObject({ members: 3, listed: 3 });
  });
});
