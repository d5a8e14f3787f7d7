import { execFileSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { groupId } from '../src/core/ids.ts';
import { parsePeriodWord, rollingRange } from '../src/services/periods.ts';
import { Harness, type TestClient } from './helpers/harness.ts';

const G = groupId('test', '软件2301');
/** 08:00 in Shanghai on a local day of November or December 2026. */
const at8 = (day: string) => new Date(`${day}T00:00:00Z`);

describe('period words', () => {
  it('place months, last week and the last half month on the local day', () => {
    expect(parsePeriodWord('2026-11', '2026-12-03')).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(parsePeriodWord('2026-02', '2026-12-03')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(parsePeriodWord('2026-13', '2026-12-03')).toBeUndefined();
    // 2026-12-03 is a Thursday: last week is Monday 11-23 to Sunday 11-29.
    expect(parsePeriodWord('上周', '2026-12-03')).toEqual({ from: '2026-11-23', to: '2026-11-29' });
    expect(parsePeriodWord('上周', '2026-11-30')).toEqual({ from: '2026-11-23', to: '2026-11-29' });
    expect(parsePeriodWord('上半月', '2026-12-03')).toEqual({ from: '2026-11-16', to: '2026-11-30' });
    expect(parsePeriodWord('上半月', '2026-12-16')).toEqual({ from: '2026-12-01', to: '2026-12-15' });
    expect(parsePeriodWord('上半月', '2027-01-10')).toEqual({ from: '2026-12-16', to: '2026-12-31' });
    expect(parsePeriodWord('上月', '2027-01-10')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(parsePeriodWord('7d', '2026-12-03')).toBe('7d');
    expect(rollingRange('7d', '2026-12-03', [])).toEqual({ from: '2026-11-27', to: '2026-12-03' });
  });
});

describe('reports over ranges of days', () => {
  let h: Harness;
  let teacher: TestClient;
  let students: TestClient[];
  beforeEach(async () => {
    h = await Harness.start({ now: new Date('2026-11-24T23:00:00Z'), env: { ADMIN_IDS: 'test:校长' } });
    h.app.units.save({ id: 'jsj', name: '计算机学院', kind: 'college', parentId: null });
    teacher = h.client('软件2301', '王老师', { admin: true });
    await teacher.send('/setup 软件2301');
    await teacher.send('/unit assign jsj');
    students = ['张三', '李四', '王五', '赵六'].map((n) => h.client('软件2301', n));
    for (const s of students) await s.send('到');
    // A tip each day from 11-25 to 12-03; on day i the first (i % 4) + 1 students acknowledge it.
    const days = Array.from({ length: 9 }, (_, i) => new Date(Date.UTC(2026, 10, 25 + i)).toISOString().slice(0, 10));
    for (const [i, day] of days.entries()) {
      h.clock.set(at8(day));
      await h.app.scheduler.tick();
      const tip = h.adapter.outputs.filter((o) => o.kind === 'send' && o.chat === G && o.buttons.length > 0).at(-1)!;
      for (const s of students.slice(0, (i % 4) + 1)) await s.press('已阅 ✅', tip);
    }
    await h.app.acks.flush();
    h.clock.set(new Date('2026-12-03T04:00:00Z'));
  });
  afterEach(() => h.close());

  it('counts a month, and last week, from the days they hold; the title names the period', async () => {
    // November: 6 tips (11-25 … 11-30), acknowledged by 1+2+3+4+1+2 = 13 of 4 × 6.
    const november = (await h.app.reports.groupReport(G, { from: '2026-11-01', to: '2026-11-30' }))!;
    expect(november.stats).toMatchObject({ delivered: 6, acknowledgements: 13, ackRate: 13 / 24 });
    const post = (await teacher.send('/report 2026-11')).find((o) => o.visibleTo === `group:${G}`)!;
    expect(post.text).toContain('反诈宣传报告 · 软件2301（2026年11月）');
    expect(post.text).toContain('2026年11月：提示 6 条、文章 0 篇，确认 13 次，确认率 54%');
    // 上周 on Thursday 12-03: 11-23 … 11-29, five tips (1+2+3+4+1).
    const unit = (await h.dm('校长').send('/report jsj 上周'))[0]!.text;
    expect(unit).toContain('无诈班级榜 · 计算机学院（2026-11-23 至 2026-11-29）');
    expect(unit).toContain('推送 5 条，确认率 55%');
    const half = (await h.dm('校长').send('/report jsj 上半月 xlsx'))[0]!.message!.attachments![0]!;
    expect(half.filename).toBe('计算机学院_2026年11月下半月_反诈报告.xlsx');
  });

  it('gives a rolling period and the same days as a range the same figures', async () => {
    for (const key of ['today', '7d', '30d'] as const) {
      const range = rollingRange(key, '2026-12-03', h.app.config.TERM_STARTS);
      const [rolling, ranged] = [h.app.reports.unitReport('jsj', key)!, h.app.reports.unitReport('jsj', range)!];
      expect(ranged.totals).toEqual(rolling.totals);
      expect(ranged.board.map((c) => [c.group.id, c.ackRate, c.delivered])).toEqual(rolling.board.map((c) => [c.group.id, c.ackRate, c.delivered]));
      const [g1, g2] = [(await h.app.reports.groupReport(G, key))!, (await h.app.reports.groupReport(G, range))!];
      expect(g2.stats).toEqual(g1.stats);
    }
  });

  it('the CLI takes --from/--to and --as-of', () => {
    const run = (...args: string[]) =>
      JSON.parse(
        execFileSync(process.execPath, ['--import', 'tsx', 'scripts/report.ts', '--unit', 'jsj', '--format', 'json', ...args], {
          env: { ...process.env, DATABASE_PATH: h.app.config.DATABASE_PATH },
        }).toString(),
      ) as { period: unknown; totals: { delivered: number; acknowledgements: number } };
    expect(run('--from', '2026-11-28', '--to', '2026-12-01')).toMatchObject({ period: { from: '2026-11-28', to: '2026-12-01' }, totals: { delivered: 4, acknowledgements: 4 + 1 + 2 + 3 } });
    // As of 11-30: its 7 days are 11-24 … 11-30, and 上半月 is 11-01 … 11-15 (nothing).
    expect(run('--period', '7d', '--as-of', '2026-11-30')).toMatchObject({ period: { from: '2026-11-24', to: '2026-11-30' }, totals: { delivered: 6, acknowledgements: 13 } });
    expect(run('--period', '上半月', '--as-of', '2026-11-30')).toMatchObject({ period: { from: '2026-11-01', to: '2026-11-15' }, totals: { delivered: 0 } });
    expect(() => run('--from', '2026-12-02', '--to', '2026-12-01')).toThrow();
  });
});
