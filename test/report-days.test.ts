/**
 * The reports' ledger (migration 0005_report_periods, ReportDays): counts filed by local day,
 * rolled into each group's periods, moved on at each new local day, and filed again when a
 * group's timezone changes, checked against a refiling from the sources.
 */
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { groupId, memberId, type GroupId } from '../src/core/ids.ts';
import { Harness, type TestClient } from './helpers/harness.ts';

const DAY = 86_400_000;
/** 2026-12-01 08:00 in Shanghai, when the daily tip is due. */
const TIP_TIME = new Date('2026-12-01T00:00:00Z');
const G = groupId('test', '软件2301');

describe('the reports’ ledger', () => {
  let h: Harness;
  let teacher: TestClient, students: TestClient[];
  beforeEach(async () => {
    h = await Harness.start({ now: new Date(TIP_TIME.getTime() - 3_600_000) });
    teacher = h.client('软件2301', '王老师', { admin: true });
    await teacher.send('/setup 软件2301');
    students = ['张三', '李四', '王五'].map((name) => h.client('软件2301', name));
    for (const s of students) await s.send('大家好');
  });
  afterEach(() => h.close());

  /** Sends today's tip and has `ackers` press 已阅 on it; returns its delivery id. */
  async function tipAcknowledgedBy(ackers: TestClient[]): Promise<number> {
    await h.app.scheduler.tick();
    const delivery = h.db.$client.prepare(`select id from deliveries where group_id = ? order by id desc limit 1`).pluck().get(G) as number;
    for (const c of ackers) h.app.acks.acknowledge(delivery, G, c.sender.id);
    return delivery;
  }

  const periods = async (group: GroupId = G) =>
    Object.fromEntries((await h.app.reports.groupReport(group))!.deliveries.map((d) => [d.period, [d.tips, d.acknowledgements]]));

  /** Every group's periods, then the same after filing every group's history again from the sources. */
  function refiled(): { kept: unknown[]; again: unknown[] } {
    const read = () => [
      ...h.db.$client.prepare(`select * from group_periods order by group_id, period`).all(),
      ...h.db.$client.prepare(`select * from triage_days order by group_id, day, type_id`).all(),
    ];
    h.app.reports.days.sync();
    const kept = read();
    h.db.$client.exec(`update groups set days_zone = null`);
    h.app.reports.days.sync();
    return { kept, again: read() };
  }

  /** unit_periods and unit_triage_days against the same sums made afresh from group_periods and triage_days. */
  function unitsAgree(): void {
    const sums = `count(*) as classes, sum(known_members) as known, sum(tips) as tips, sum(acks) as acks, sum(answers) as answers, sum(duty_members) as duty`;
    const kept = h.db.$client.prepare(`select unit_id, period, timezone, classes, known_members as known, tips, acks, answers, duty_members as duty,
      weighted_acks as w from unit_periods where classes > 0 order by 1, 2, 3`).all() as Record<string, number>[];
    const fresh = h.db.$client.prepare(`select unit_id, period, timezone, ${sums},
      sum(case when tips + articles > 0 and known_members > 0 then acks * 1.0 / known_members else 0 end) as w
      from group_periods group by 1, 2, 3 order by 1, 2, 3`).all() as Record<string, number>[];
    expect(kept.map(({ w, ...exact }) => exact)).toEqual(fresh.map(({ w, ...exact }) => exact));
    kept.forEach((row, i) => expect(row.w).toBeCloseTo(fresh[i]!.w!, 9));
    const types = (table: string) => h.db.$client.prepare(`select unit_id, timezone, day, type_id, sum(count) as n from ${table} group by 1, 2, 3, 4 having n <> 0 order by 1, 2, 3, 4`).all();
    expect(types('unit_triage_days')).toEqual(types('triage_days'));
  }

  it('moves each period on at local midnight, and counts a late acknowledgement on the delivery’s day', async () => {
    h.clock.set(TIP_TIME);
    const first = await tipAcknowledgedBy(students.slice(0, 2));
    expect(await periods()).toEqual({ today: [1, 2], '7d': [1, 2], '30d': [1, 2], term: [1, 2] });

    // The next day in Shanghai: yesterday's tip has left "today"; a late press still counts for it.
    h.clock.set(new Date(TIP_TIME.getTime() + DAY));
    await tipAcknowledgedBy([students[0]!]);
    h.app.acks.acknowledge(first, G, students[2]!.sender.id);
    expect(await periods()).toEqual({ today: [1, 1], '7d': [2, 4], '30d': [2, 4], term: [2, 4] });

    // Seven days on, the first two tips have left the 7-day period but not the 30-day one.
    h.clock.set(new Date(TIP_TIME.getTime() + 8 * DAY + 3_600_000));
    expect(await periods()).toEqual({ today: [0, 0], '7d': [0, 0], '30d': [2, 4], term: [2, 4] });
    const { kept, again } = refiled();
    expect(again).toEqual(kept);
  });

  it('takes a member who leaves out of every period, and back when they return', async () => {
    h.clock.set(TIP_TIME);
    await tipAcknowledgedBy(students);
    h.app.groups.left(G, students[1]!.sender.id);
    expect((await periods())['7d']).toEqual([1, 2]);
    await students[1]!.send('我回来了');
    expect((await periods())['7d']).toEqual([1, 3]);
  });

  it('counts each known member’s entrance test once, on the day of their latest one', async () => {
    h.clock.set(TIP_TIME);
    const exam = h.db.$client.prepare(
      `insert into quiz_sessions (mode, member_id, question_ids, started_at, closed_at, passed) values ('exam', ?, '[]', ?, ?, ?)`,
    );
    const at = (days: number) => TIP_TIME.getTime() - days * DAY;
    exam.run(students[0]!.sender.id, at(40), at(40), 0); // failed, before the 30 days
    exam.run(students[0]!.sender.id, at(3), at(3), 1); // passed on a retake, this week
    exam.run(students[1]!.sender.id, at(10), at(10), 0);
    const stats = async (period: '7d' | '30d') => (await h.app.reports.groupReport(G, period))!.stats.exam;
    expect(await stats('7d')).toEqual({ taken: 1, passed: 1, passRate: 1 });
    expect(await stats('30d')).toEqual({ taken: 2, passed: 1, passRate: 0.5 });
    h.app.groups.left(G, students[0]!.sender.id);
    expect(await stats('30d')).toEqual({ taken: 1, passed: 0, passRate: 0 });
    const { kept, again } = refiled();
    expect(again).toEqual(kept);
  });

  it('files a group’s history again under its new timezone', async () => {
    // 01:30 on 2 December in Shanghai is still 1 December in New York.
    h.clock.set(new Date('2026-12-01T17:30:00Z'));
    await teacher.send('/settings tip 01:30');
    await tipAcknowledgedBy([students[0]!]);
    const days = () => h.db.$client.prepare(`select day, tips, acks from group_days where group_id = ? and tips > 0`).all(G);
    expect(days()).toEqual([{ day: '2026-12-02', tips: 1, acks: 1 }]);
    await teacher.send('/settings timezone America/New_York');
    h.app.reports.days.sync();
    expect(days()).toEqual([{ day: '2026-12-01', tips: 1, acks: 1 }]);
    const offset = h.db.$client.prepare(`select utc_offset from groups where id = ?`).pluck().get(G);
    expect(offset).toBe(-300);
    expect(await periods()).toMatchObject({ today: [1, 1] });
  });

  it('files events under the offset in force once daylight saving time begins', async () => {
    await teacher.send('/settings timezone Europe/Berlin');
    h.app.reports.days.sync();
    // 00:30 on 29 March 2027 in Berlin, the day after the clocks went forward (UTC+2 from then).
    h.clock.set(new Date('2027-03-28T22:30:00Z'));
    h.app.reports.days.sync();
    h.db.$client
      .prepare(`insert into triage_reports (member_id, group_id, risk, type_id, score, text_hash, at) values (?, ?, 'high', null, 0.9, 'x', ?)`)
      .run(students[0]!.sender.id, G, h.clock.now().getTime());
    expect(h.db.$client.prepare(`select day, triaged from group_days where group_id = ? and triaged > 0`).all(G)).toEqual([{ day: '2027-03-29', triaged: 1 }]);
  });

  it('agrees with a refiling from the sources over many groups, members and days', async () => {
    h.clock.set(TIP_TIME);
    const groups = Array.from({ length: 6 }, (_, i) => groupId('test', `班${i}`));
    groups.forEach((id, i) => {
      const chat = { id, kind: 'group' as const, title: `班${i}` };
      h.app.groups.ensure(chat);
      h.app.groups.setup(id, { className: `班${i}`, timezone: i % 2 ? 'Asia/Shanghai' : 'Europe/Berlin' });
      for (let k = 0; k < 4; k++) h.app.groups.seen(chat, { id: memberId('test', `${i}-${k}`), name: `${i}-${k}` });
    });
    for (let day = 0; day < 10; day++) {
      h.clock.set(new Date(TIP_TIME.getTime() + day * DAY + 9 * 3_600_000));
      await h.app.scheduler.tick();
      const sent = h.db.$client.prepare(`select id, group_id as g from deliveries where status = 'sent' and sent_at >= ?`).all(h.clock.now().getTime() - 60_000) as { id: number; g: GroupId }[];
      for (const [n, d] of sent.entries()) for (let k = 0; k < (n + day) % 5; k++) h.app.acks.acknowledge(d.id, d.g, memberId('test', `${groups.indexOf(d.g)}-${k}`));
      if (day === 4) h.app.groups.left(groups[1]!, memberId('test', '1-0'));
    }
    const { kept, again } = refiled();
    expect(again).toEqual(kept);
    expect(kept.some((row) => (row as { period?: string; acks?: number }).period === '7d' && (row as { acks: number }).acks > 0)).toBe(true);

    // A unit over both timezones sums its classes, and counts the triaged messages of each zone.
    const triaged = h.db.$client.prepare(`insert into triage_reports (member_id, group_id, risk, type_id, score, text_hash, at) values (?, ?, 'high', ?, 0.9, 'x', ?)`);
    triaged.run(memberId('test', '0-1'), groups[0], 'type-kefu', h.clock.now().getTime());
    triaged.run(memberId('test', '1-1'), groups[1], 'type-kefu', h.clock.now().getTime());
    // The classes join the unit after their messages were triaged: the messages follow them.
    h.app.units.save({ id: 'school', name: '示范大学', kind: 'school', parentId: null });
    for (const id of groups) h.app.units.assign(id, 'school');
    const unit = h.app.reports.unitReport('school', '7d', { board: 3 })!;
    const singles = await Promise.all(groups.map(async (id) => (await h.app.reports.groupReport(id))!.stats));
    expect(unit.totals).toMatchObject({ groups: 6, acknowledgements: singles.reduce((n, s) => n + s.acknowledgements, 0), triaged: 2 });
    expect(unit.triage.byType).toEqual([{ typeId: 'type-kefu', count: 2, name: expect.anything() }]);
    expect(unit.board).toHaveLength(3);
    const after = refiled();
    expect(after.again).toEqual(after.kept);
    unitsAgree();
    // A class moves to another unit, and out of any: the sums follow it.
    h.app.units.save({ id: 'other', name: '另一校', kind: 'school', parentId: null });
    h.app.units.assign(groups[0]!, 'other');
    h.app.units.assign(groups[1]!, null);
    unitsAgree();
    expect(h.app.reports.unitReport('school')!.totals).toMatchObject({ groups: 4, triaged: 0 });
    expect(h.app.reports.unitReport('other')!.triage.total).toBe(1);
  });

  it('sees the units another connection wrote, and its own writes, though it keeps them in memory', async () => {
    expect(h.app.units.get('school')).toBeUndefined();
    const other = new Database(h.app.config.DATABASE_PATH);
    other.prepare(`insert into units (id, name, kind, parent_id, created_at) values ('school', '示范大学', 'school', null, 0)`).run();
    other.close();
    expect(h.app.units.get('school')?.name).toBe('示范大学');
    expect(h.app.units.hasSubunits('school')).toBe(false);
    h.app.units.save({ id: 'college', name: '学院', kind: 'college', parentId: 'school' });
    expect(h.app.units.hasSubunits('school')).toBe(true);
    expect(h.app.units.ancestors('college')).toEqual(['college', 'school']);
  });
});
