import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { groupId } from '../src/core/ids.ts';
import { Harness } from './helpers/harness.ts';

const G = groupId('test', '软件2301');

describe('the case ledger', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start({ now: new Date('2026-12-03T02:00:00Z'), env: { ADMIN_IDS: 'test:校长' } });
    h.app.units.save({ id: 'jsj', name: '计算机学院', kind: 'college', parentId: null });
    const teacher = h.client('软件2301', '王老师', { admin: true });
    await teacher.send('/setup 软件2301');
    await teacher.send('/unit assign jsj');
  });
  afterEach(() => h.close());

  it('school admins record cases privately; the unit report counts them by type; a case becomes an alert', async () => {
    const [typeId, type] = [...h.app.library.types][0]!;
    const principal = h.dm('校长');
    await principal.shouldReply(`/case add 2026-11-28 ${G} ${typeId} 1万-5万 96110 成功 学生接到冒充客服电话`, '已记入台账：第 1 号');
    await principal.shouldReply(`/case add 2026-12-02 jsj ${type.name.zh} 无 学校 未止付`, '已记入台账：第 2 号');
    await principal.shouldReply(`/case add 2026-12-02 jsj ${typeId} 无 学校 未止付 电话13800001111`, '不能含电话');
    await principal.shouldReply(`/case add 2026-13-02 jsj ${typeId} 无 学校 未止付`, 'YYYY-MM-DD');
    await principal.shouldReply(`/case add 2026-12-02 nowhere ${typeId} 无 学校 未止付`, '找不到这个单位');
    await h.dm('王老师').shouldReply('/case list', '只有学校管理员');
    await h.client('软件2301', '王老师', { admin: true }).shouldReply('/case list', '请私聊我');
    expect((await principal.send('/case list'))[0]!.text).toContain(`#1 2026-11-28 jsj ${type.name.zh} 10k-50k 报案：96110 止付：succeeded`);

    const section = (period: '7d' | '30d') => h.app.reports.unitReport('jsj', period)!.sections.find((s) => s.id === 'cases')!;
    const month = section('30d');
    expect(month.metrics.map((m) => [m.label.zh, m.total])).toEqual([
      ['案件数', 2],
      ['紧急止付成功', 1],
      [`案件：${type.name.zh}`, 2],
    ]);
    expect(month.metrics[0]!.byGroup.get(G)).toBe(1);
    // The 7 days are 11-27 … 12-03: both; today alone: none.
    expect(section('7d').metrics[0]!.total).toBe(2);
    expect(h.app.reports.unitReport('jsj', 'today')!.sections.find((s) => s.id === 'cases')!.metrics[0]!.total).toBe(0);
    expect((await principal.send('/report jsj 30d'))[0]!.text).toContain('案件数：2');

    const alert = await principal.send('/case alert 1');
    expect(alert.find((o) => o.visibleTo === 'member:test:校长')!.text).toContain('已据第 1 号案件向 jsj 发布预警：发送 1 个群');
    expect(h.adapter.outputs.some((o) => o.visibleTo === `group:${G}` && o.text.includes(`“${type.name.zh}”诈骗案件`))).toBe(true);
    expect(h.app.cases.get(1)!.alertId).not.toBeNull();
  });

  it('npm run cases adds, lists and exports', () => {
    const [typeId] = [...h.app.library.types][0]!;
    const dir = mkdtempSync(join(tmpdir(), 'cases-'));
    try {
      const run = (...args: string[]) => execFileSync(process.execPath, ['--import', 'tsx', 'scripts/cases.ts', ...args], { env: { ...process.env, DATABASE_PATH: h.app.config.DATABASE_PATH } }).toString();
      expect(run('add', '2026-11-20', G, typeId, 'lt1k', '110', 'failed', '网购退款')).toBe('case 1 recorded\n');
      expect(() => run('add', '2026-11-20', G, typeId, 'lots', '110', 'failed')).toThrow();
      run('export', '--out', join(dir, '台账.csv'), '--unit', 'jsj');
      const rows = parse(readFileSync(join(dir, '台账.csv')), { bom: true, columns: true }) as Record<string, string>[];
      expect(rows).toEqual([expect.objectContaining({ 编号: '1', 日期: '2026-11-20', 单位: 'jsj', 班级群: G, 金额档: 'lt1k', 紧急止付: 'failed', 说明: '网购退款' })]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
