import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Action, Adapter, Outcome } from '../src/core/adapter.ts';
import { groupId } from '../src/core/ids.ts';
import { decideRetry, INTERACTIVE_RETRY, LEDGER_RETRY } from '../src/core/retry-policy.ts';
import { localParts } from '../src/core/time.ts';
import { Transport } from '../src/core/transport.ts';
import { acknowledgements, deliveries } from '../src/db/schema.ts';
import { silentLogger } from '../src/log.ts';
import { previewCalendar } from '../src/services/calendar.ts';
import { contentRenderers } from '../src/services/delivery-message.ts';
import { ContentPicker } from '../src/services/picker.ts';
import { Scheduler } from '../src/services/scheduler.ts';
import { SlotPlanner, type ScheduledGroup } from '../src/services/scheduler/planner.ts';
import { Harness, realLibrary } from './helpers/harness.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** 2026-12-01 07:00 in Shanghai (a Tuesday). */
const START = new Date('2026-11-30T23:00:00Z');

async function setUp(h: Harness, group: string, settings = '') {
  const teacher = h.client(group, `${group}老师`, { admin: true });
  await teacher.send(`/setup ${group} ${settings}`.trim());
  return teacher;
}

const sendsTo = (h: Harness, group: string) => h.adapter.outputs.filter((o) => o.kind === 'send' && o.visibleTo === `group:test:${group}`);
const ledger = (h: Harness) => h.db.select().from(deliveries).all();

describe('scheduler', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start({ now: START });
  });
  afterEach(() => h.close());

  it('sends one tip a day and one article a week per group over a simulated fortnight in three timezones', async () => {
    await setUp(h, '上海班');
    await setUp(h, 'London', 'Europe/London');
    await setUp(h, 'NewYork', 'America/New_York');
    for (let at = START.getTime(); at <= START.getTime() + 14 * DAY; at += 5 * MINUTE) {
      h.clock.set(new Date(at));
      await h.app.scheduler.tick();
    }
    for (const [group, tz] of [['上海班', 'Asia/Shanghai'], ['London', 'Europe/London'], ['NewYork', 'America/New_York']] as const) {
      const rows = ledger(h).filter((d) => d.groupId === groupId('test', group));
      const tips = rows.filter((d) => d.kind === 'tip');
      const articles = rows.filter((d) => d.kind === 'article');
      expect(tips.every((d) => d.status === 'sent')).toBe(true);
      // One per local day: a tip at local 08:00, never two on one date.
      expect(new Set(tips.map((d) => d.slot)).size).toBe(tips.length);
      expect(tips.length).toBeGreaterThanOrEqual(14);
      expect(tips.length).toBeLessThanOrEqual(15);
      for (const tip of tips) {
        const local = localParts(new Date(tip.sentAt!), tz);
        expect([local.hour, local.minute < 5]).toEqual([8, true]);
      }
      // Mondays 20:00 local: two Mondays in the fortnight.
      expect(articles.map((a) => [a.status, localParts(new Date(a.sentAt!), tz).weekday])).toEqual([
        ['sent', 1],
        ['sent', 1],
      ]);
      // No repeats while the pool lasts.
      expect(new Set(tips.map((d) => d.contentId)).size).toBe(tips.length);
      expect(sendsTo(h, group)).toHaveLength(tips.length + articles.length);
    }
  });

  it('shows the tip with its source, the live count and the 已阅 button', async () => {
    await setUp(h, '软件2301');
    h.clock.set(new Date(START.getTime() + HOUR));
    await h.app.scheduler.tick();
    const [tip] = sendsTo(h, '软件2301');
    expect(tip!.text).toContain('每日反诈提示');
    expect(tip!.text).toContain('来源：');
    expect(tip!.text).toContain('已阅 0 人');
    expect(tip!.buttons.map((b) => b.label)).toEqual(['已阅 ✅']);
  });

  it('sends a slot missed during downtime late inside the catch-up window, and records it missed outside', async () => {
    await setUp(h, '窗口内');
    h.clock.set(new Date(START.getTime() + HOUR + 2.5 * HOUR)); // 10:30, 2.5 h late
    const inside = await h.app.scheduler.tick();
    expect(inside).toMatchObject({ pending: 1, sent: 1, missed: 0 });

    const late = await Harness.start({ now: START });
    try {
      await setUp(late, '窗口外');
      late.clock.set(new Date(START.getTime() + HOUR + 3.5 * HOUR)); // 11:30, 3.5 h late
      expect(await late.app.scheduler.tick()).toMatchObject({ pending: 0, sent: 0, missed: 1 });
      late.clock.advance(10 * MINUTE);
      expect(await late.app.scheduler.tick()).toMatchObject({ pending: 0, sent: 0, missed: 0 });
      expect(ledger(late).map((d) => [d.status, d.contentId])).toEqual([['missed', '']]);
      expect(sendsTo(late, '窗口外')).toHaveLength(0);
    } finally {
      await late.close();
    }
  });

  it.each([
    ['1 h 30', 90, 'sent'],
    ['2 h 58', 178, 'sent'],
    ['3 h 02', 182, 'missed'],
    ['4 h', 240, 'missed'],
  ])('after downtime of %s over the 08:00 slot: %s, and never twice', async (_, minutes, status) => {
    await setUp(h, '停机班');
    h.clock.set(new Date(START.getTime() + HOUR + minutes * MINUTE));
    await h.app.scheduler.tick();
    h.clock.advance(MINUTE);
    await h.app.scheduler.tick();
    expect(ledger(h).map((d) => d.status)).toEqual([status]);
    expect(sendsTo(h, '停机班')).toHaveLength(status === 'sent' ? 1 : 0);
  });

  it('gives a group different tips when several of its slots are caught up in one tick', async () => {
    await setUp(h, '停机班');
    const transport = new Transport();
    transport.register(h.adapter);
    const patient = new Scheduler(h.db, h.clock, new ContentPicker(realLibrary()), transport, silentLogger, { catchupMs: 4 * DAY });
    patient.render('tip', contentRenderers(realLibrary()).tip);
    h.clock.set(new Date(START.getTime() + 2 * DAY + 2 * HOUR)); // down since set-up: three 08:00 tips are due
    expect(await patient.tick()).toMatchObject({ pending: 3, sent: 3 });
    const tips = ledger(h).filter((d) => d.kind === 'tip');
    expect(tips.map((d) => d.slot).sort()).toEqual(['2026-12-01', '2026-12-02', '2026-12-03']);
    expect(new Set(tips.map((d) => d.contentId)).size).toBe(3);
  });

  it('never sends a slot twice when two ticks run at once', async () => {
    for (const g of ['A', 'B', 'C']) await setUp(h, g);
    h.clock.set(new Date(START.getTime() + HOUR));
    const reports = await Promise.all([h.app.scheduler.tick(), h.app.scheduler.tick(), h.app.scheduler.tick()]);
    expect(reports.reduce((n, r) => n + r.sent, 0)).toBe(3);
    for (const g of ['A', 'B', 'C']) expect(sendsTo(h, g)).toHaveLength(1);
  });

  it('never sends a slot that another process recorded first, even when its own view is stale', async () => {
    await setUp(h, '早班');
    const transport = new Transport();
    transport.register(h.adapter);
    const other = new Scheduler(h.db, h.clock, new ContentPicker(realLibrary()), transport, silentLogger, { catchupMs: 3 * HOUR });
    other.render('tip', contentRenderers(realLibrary()).tip);
    h.clock.set(new Date(START.getTime() + HOUR + MINUTE)); // 08:01: the other process sees only 早班
    expect(await other.tick()).toMatchObject({ sent: 1 });
    h.clock.set(new Date(START.getTime() + 30 * MINUTE)); // a group set up at 07:30 that it has not seen
    await setUp(h, '晚到班');
    h.clock.set(new Date(START.getTime() + HOUR + 2 * MINUTE));
    expect(await h.app.scheduler.tick()).toMatchObject({ pending: 1, sent: 1 });
    // Its insert conflicts with this process's row: it owns nothing, so it sends nothing.
    expect(await other.tick()).toMatchObject({ pending: 0, sent: 0 });
    expect(sendsTo(h, '晚到班')).toHaveLength(1);
    expect(sendsTo(h, '早班')).toHaveLength(1);
  });

  it('makes a kicked group inactive: the slot is skipped, and later slots are not attempted', async () => {
    await setUp(h, '被踢班');
    h.adapter.failures.set('test:被踢班', [{ ok: false, reason: 'kicked' }]);
    h.clock.set(new Date(START.getTime() + HOUR));
    expect(await h.app.scheduler.tick()).toMatchObject({ sent: 0, failed: 1 });
    expect(h.app.groups.get(groupId('test', '被踢班'))!.active).toBe(false);
    h.clock.advance(DAY);
    await h.app.scheduler.tick();
    expect(ledger(h).map((d) => d.status)).toEqual(['skipped', 'skipped']);
    expect(sendsTo(h, '被踢班')).toHaveLength(0);
  });

  it('retries a 429 after its retry_after and a 5xx with backoff, a bounded number of times', async () => {
    await setUp(h, '限流班');
    h.adapter.failures.set('test:限流班', [
      { ok: false, reason: 'rate-limited', retryAfterMs: 90_000 },
      { ok: false, reason: 'transient' },
    ]);
    h.clock.set(new Date(START.getTime() + HOUR));
    expect(await h.app.scheduler.tick()).toMatchObject({ failed: 1 });
    h.clock.advance(MINUTE); // before retry_after
    expect(await h.app.scheduler.tick()).toMatchObject({ sent: 0, failed: 0 });
    h.clock.advance(MINUTE);
    expect(await h.app.scheduler.tick()).toMatchObject({ failed: 1 });
    h.clock.advance(2 * MINUTE);
    expect(await h.app.scheduler.tick()).toMatchObject({ sent: 1 });
    expect(ledger(h)).toMatchObject([{ status: 'sent', attempts: 3 }]);

    await setUp(h, '坏掉班');
    h.adapter.failures.set('test:坏掉班', Array.from({ length: 10 }, () => ({ ok: false as const, reason: 'transient' as const })));
    for (let i = 0; i < 100; i++) {
      h.clock.advance(30 * MINUTE);
      await h.app.scheduler.tick();
    }
    const broken = ledger(h).filter((d) => d.groupId === groupId('test', '坏掉班'));
    expect(broken[0]).toMatchObject({ status: 'failed', attempts: 5, nextAttemptAt: null });
  });

  it('keeps a delivery while its platform has no adapter, without spending attempts, and sends it once the adapter is back', async () => {
    await setUp(h, '断线班');
    h.app.transport.unregister(h.adapter);
    h.clock.set(new Date(START.getTime() + HOUR));
    for (let i = 0; i < 10; i++) {
      expect(await h.app.scheduler.tick()).toMatchObject({ sent: 0 });
      h.clock.advance(MINUTE);
    }
    expect(ledger(h)).toMatchObject([{ status: 'failed', attempts: 0, error: 'unavailable' }]);
    expect(ledger(h)[0]!.nextAttemptAt).not.toBeNull();
    h.app.transport.register(h.adapter);
    h.clock.advance(MINUTE);
    expect(await h.app.scheduler.tick()).toMatchObject({ sent: 1 });
    expect(sendsTo(h, '断线班')).toHaveLength(1);
  });

  it('records a delivery missed, not failed, when its platform stays unavailable past the catch-up window', async () => {
    await setUp(h, '长断班');
    h.app.transport.unregister(h.adapter);
    h.clock.set(new Date(START.getTime() + HOUR));
    for (let i = 0; i < 5 * 60; i += 10) {
      await h.app.scheduler.tick();
      h.clock.advance(10 * MINUTE);
    }
    expect(ledger(h)).toMatchObject([{ status: 'missed', attempts: 0, nextAttemptAt: null }]);
    h.app.transport.register(h.adapter);
  });

  it('skips slots while paused and resumes afterwards', async () => {
    const teacher = await setUp(h, '暂停班');
    await teacher.send('/settings pause');
    h.clock.set(new Date(START.getTime() + HOUR));
    expect(await h.app.scheduler.tick()).toMatchObject({ skipped: 1, sent: 0 });
    await teacher.send('/settings resume');
    h.clock.advance(DAY);
    expect(await h.app.scheduler.tick()).toMatchObject({ sent: 1 });
  });

  it('resumes after a crash in the middle of a broadcast: no slot lost, only the one in flight repeated', async () => {
    const groups = ['g1', 'g2', 'g3', 'g4', 'g5'];
    for (const g of groups) await setUp(h, g);
    // The first process: sends two, then the third send hangs forever (the crash happens there).
    const delivered: string[] = [];
    let calls = 0;
    const crashing: Adapter = {
      platform: 'test',
      start: async () => undefined,
      stop: async () => undefined,
      isAdmin: async () => false,
      perform: (action: Action) =>
        ++calls <= 2
          ? Promise.resolve((delivered.push((action as { to: { group: string } }).to.group), { ok: true, messageId: String(calls) }) as Outcome)
          : new Promise<Outcome>(() => undefined),
    };
    const makeScheduler = (adapter: Adapter) => {
      const transport = new Transport();
      transport.register(adapter);
      const s = new Scheduler(h.db, h.clock, new ContentPicker(realLibrary()), transport, silentLogger, { catchupMs: 3 * HOUR, concurrency: 1 });
      const r = contentRenderers(realLibrary());
      s.render('tip', r.tip);
      return s;
    };
    h.clock.set(new Date(START.getTime() + HOUR));
    void makeScheduler(crashing).tick();
    await new Promise((r) => setTimeout(r, 50));
    expect(ledger(h).map((d) => d.status).sort()).toEqual(['pending', 'pending', 'pending', 'sent', 'sent']);

    // The restarted process resumes the pending rows at startup.
    const afterRestart: string[] = [];
    const healthy: Adapter = { ...crashing, perform: async (action) => (afterRestart.push((action as { to: { group: string } }).to.group), { ok: true, messageId: 'x' }) };
    const restarted = makeScheduler(healthy);
    expect(await restarted.resume()).toMatchObject({ sent: 3 });
    expect(await restarted.tick()).toMatchObject({ pending: 0, sent: 0 });
    expect(ledger(h).every((d) => d.status === 'sent')).toBe(true);
    expect([...delivered, ...afterRestart].sort()).toEqual(groups.map((g) => `test:${g}`));
  });

  it('stops mid-broadcast by finishing the send in flight and handing over no more; the next start sends the rest', async () => {
    const groups = ['s1', 's2', 's3', 's4', 's5'];
    for (const g of groups) await setUp(h, g);
    const delivered: string[] = [];
    let release: (() => void) | undefined;
    const slow: Adapter = {
      platform: 'test',
      start: async () => undefined,
      stop: async () => undefined,
      isAdmin: async () => false,
      // Each send waits until the test lets it go, so a stop can land while one is in flight.
      perform: (action: Action) =>
        new Promise<Outcome>((resolve) => {
          release = () => resolve((delivered.push((action as { to: { group: string } }).to.group), { ok: true, messageId: String(delivered.length) }));
        }),
    };
    const transport = new Transport();
    transport.register(slow);
    const scheduler = new Scheduler(h.db, h.clock, new ContentPicker(realLibrary()), transport, silentLogger, { catchupMs: 3 * HOUR, concurrency: 1 });
    scheduler.render('tip', contentRenderers(realLibrary()).tip);
    h.clock.set(new Date(START.getTime() + HOUR));
    const tick = scheduler.tick();
    await new Promise((r) => setTimeout(r, 20));
    release!();
    await new Promise((r) => setTimeout(r, 20));
    const stopped = scheduler.stop();
    release!(); // the send in flight at the stop finishes, and is recorded
    await stopped;
    expect(await tick).toMatchObject({ sent: 2, failed: 0 });
    expect(ledger(h).map((d) => d.status).sort()).toEqual(['pending', 'pending', 'pending', 'sent', 'sent']);

    const restarted = new Scheduler(h.db, h.clock, new ContentPicker(realLibrary()), h.app.transport, silentLogger, { catchupMs: 3 * HOUR });
    restarted.render('tip', contentRenderers(realLibrary()).tip);
    expect(await restarted.resume()).toMatchObject({ sent: 3 });
    expect(ledger(h).every((d) => d.status === 'sent')).toBe(true);
    const resumed = groups.filter((g) => sendsTo(h, g).length === 1).map((g) => `test:${g}`);
    expect(delivered).toHaveLength(2);
    expect([...delivered, ...resumed].sort()).toEqual(groups.map((g) => `test:${g}`));
  });
});

describe('acknowledgements', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start({ now: START });
    await setUp(h, '软件2301');
    h.clock.set(new Date(START.getTime() + HOUR));
    await h.app.scheduler.tick();
  });
  afterEach(() => h.close());

  it('counts a press once per member; the second press answers 你已确认过', async () => {
    const zhang = h.client('软件2301', '张三');
    const first = await zhang.press('已阅 ✅');
    expect(first.find((o) => o.kind === 'answer')).toMatchObject({ visibleTo: 'member:test:张三', text: expect.stringContaining('已确认') });
    const second = await zhang.press('已阅 ✅');
    expect(second.find((o) => o.kind === 'answer')!.text).toContain('你已确认过');
    expect(h.db.select().from(acknowledgements).all()).toHaveLength(1);
  });

  it('records the press with its time, also on an old message', async () => {
    const tipMessage = sendsTo(h, '软件2301')[0]!;
    h.clock.advance(3 * DAY);
    await h.app.scheduler.tick();
    await h.client('软件2301', '李四').press('已阅 ✅', tipMessage);
    const [ack] = h.db.select().from(acknowledgements).all();
    const [first] = ledger(h);
    expect(ack).toMatchObject({ deliveryId: first!.id, memberId: 'test:李四', at: h.clock.now().getTime() });
  });

  it('refuses a forged or foreign token and records nothing', async () => {
    const other = h.client('别的班', '王五');
    const foreignId = ledger(h)[0]!.id;
    for (const token of [`ack:${foreignId}`, 'ack:999999', 'ack:abc', 'ack:1:2', 'ack:']) {
      const out = await other.press({ token });
      expect(out.find((o) => o.kind === 'answer')!.text).toContain('已失效');
    }
    expect(h.db.select().from(acknowledgements).all()).toHaveLength(0);
  });

  it('edits the live count at most once per message every 10 s', async () => {
    const edits = () => h.adapter.outputs.filter((o) => o.kind === 'edit');
    await h.client('软件2301', 'a').press('已阅 ✅');
    expect(edits().map((e) => e.text)).toEqual([expect.stringContaining('已阅 1 人')]);
    await h.client('软件2301', 'b').press('已阅 ✅');
    await h.client('软件2301', 'c').press('已阅 ✅');
    expect(edits()).toHaveLength(1);
    await h.app.acks.flush();
    expect(edits().map((e) => e.text.match(/已阅 \d 人/)![0])).toEqual(['已阅 1 人', '已阅 3 人']);
  });
});

describe('/calendar and /settings', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start({ now: START });
  });
  afterEach(() => h.close());

  it('previews exactly what the scheduler then sends', async () => {
    const teacher = await setUp(h, '软件2301');
    const [preview] = await teacher.send('/calendar 7');
    expect(preview!.text).toContain('接下来 7 天的推送');
    const group = h.app.groups.get(groupId('test', '软件2301'))!;
    const planned = previewCalendar(h.db, realLibrary(), h.app.picker, group, h.clock.now(), 7);
    expect(planned.map((e) => e.kind).sort()).toEqual([...Array(7).fill('tip'), 'article'].sort());
    for (let i = 0; i < 7 * 24 * 6; i++) {
      h.clock.advance(10 * MINUTE);
      await h.app.scheduler.tick();
    }
    const sent = ledger(h).sort((a, b) => a.dueAt - b.dueAt);
    expect(sent.map((d) => [d.dueAt, d.contentId])).toEqual(planned.map((e) => [e.at.getTime(), e.contentId]));
  });

  it('validates changes and refuses members who are not admins', async () => {
    const teacher = await setUp(h, '软件2301');
    await h.client('软件2301', '张三').shouldReply('/settings tip 07:00', '只有本群管理员');
    await teacher.shouldReply('/settings tip 25:00', '不是有效时间');
    await teacher.shouldReply('/settings article 9', '不是有效的星期');
    await teacher.shouldReply('/settings timezone Nowhere/City', '不是有效的时区');
    await teacher.shouldReply('/settings colour blue', '看不懂');
    await teacher.shouldReply('/settings tip 7:30', '每日提示：07:30');
    await teacher.shouldReply('/settings article 3 19:00', '每周文章：周三 19:00');
    await teacher.shouldReply('/settings audience 家长', '对象：家长');
  });
});

describe('the retry policy', () => {
  const limited = (retryAfterMs?: number) => ({ ok: false as const, reason: 'rate-limited' as const, retryAfterMs });
  const transient = { ok: false as const, reason: 'transient' as const };

  it('retries rate limits and transient errors after the longer of the backoff and retry_after, a bounded number of times', () => {
    expect(decideRetry(LEDGER_RETRY, limited(90_000), 1)).toEqual({ retry: true, afterMs: 90_000 });
    expect(decideRetry(LEDGER_RETRY, limited(1_000), 1)).toEqual({ retry: true, afterMs: MINUTE });
    expect(decideRetry(LEDGER_RETRY, transient, 3)).toEqual({ retry: true, afterMs: 4 * MINUTE });
    expect(decideRetry(LEDGER_RETRY, transient, 5)).toEqual({ retry: false });
  });

  it('never retries what a retry cannot mend', () => {
    for (const reason of ['kicked', 'blocked', 'rejected', 'not-found', 'no-private-chat'] as const) {
      expect(decideRetry(LEDGER_RETRY, { ok: false, reason }, 1)).toEqual({ retry: false });
    }
  });

  it('waits for an unavailable platform in the ledger, without counting attempts, but not in memory', () => {
    const unavailable = { ok: false as const, reason: 'unavailable' as const };
    expect(decideRetry(LEDGER_RETRY, unavailable, 99)).toEqual({ retry: true, afterMs: MINUTE });
    expect(decideRetry(INTERACTIVE_RETRY, unavailable, 1)).toEqual({ retry: false });
  });

  it('in memory, waits only for a short retry_after', () => {
    expect(decideRetry(INTERACTIVE_RETRY, limited(1_000), 1)).toEqual({ retry: true, afterMs: 1_000 });
    expect(decideRetry(INTERACTIVE_RETRY, limited(30_000), 1)).toEqual({ retry: false });
    expect(decideRetry(INTERACTIVE_RETRY, transient, 2)).toEqual({ retry: true, afterMs: 1_000 });
    expect(decideRetry(INTERACTIVE_RETRY, transient, 3)).toEqual({ retry: false });
  });
});

describe('the slot planner (pure: no database)', () => {
  const planner = () => new SlotPlanner(new ContentPicker(realLibrary()), 3 * HOUR, 7);
  const group = (id: string, opts: Partial<ScheduledGroup> = {}): ScheduledGroup => ({
    id: groupId('test', id),
    audience: 'students',
    locale: 'zh-CN',
    schedule: 'Asia/Shanghai 08:00 1 20:00',
    live: true,
    setupAt: START.getTime(),
    ...opts,
  });
  const EIGHT_AM = START.getTime() + HOUR;

  it('plans the due slots a group has no row for, oldest first, from its set-up on', () => {
    const seen = new Set<string>();
    const longAgo = group('老班', { setupAt: START.getTime() - 2 * DAY });
    const recorded = (slot: { key: string }, id: string) => id === longAgo.id && slot.key === '2026-11-30';
    const due = planner().due([group('新班'), longAgo], EIGHT_AM + MINUTE, recorded, seen);
    expect(due.map((c) => [c.group.id, c.slot.kind, c.slot.key])).toEqual([
      [longAgo.id, 'tip', '2026-11-29'],
      [longAgo.id, 'article', '2026-W49'],
      [groupId('test', '新班'), 'tip', '2026-12-01'],
      [longAgo.id, 'tip', '2026-12-01'],
    ]);
    expect(seen.has('tip|2026-12-01')).toBe(true);
  });

  it('decides: pending with a pick not yet sent, missed beyond the catch-up window, skipped when not live', () => {
    const p = planner();
    const [tip] = p.due([group('班')], EIGHT_AM + MINUTE, () => false, new Set());
    const history = new Map<string, number>();
    const histories = new Map([['tip' as const, new Map([[tip!.group.id, history]])]]);
    const [status, first] = p.decide(tip!, EIGHT_AM + MINUTE, histories);
    expect(status).toBe('pending');
    // The pick goes into the group's history, so its next slot in the same tick gets another.
    expect([...history.keys()]).toEqual([first]);
    expect(p.decide(tip!, EIGHT_AM + MINUTE, histories)[1]).not.toBe(first);
    expect(p.decide(tip!, EIGHT_AM + 4 * HOUR, histories)).toEqual(['missed', '']);
    expect(p.decide({ ...tip!, group: group('停班', { live: false }) }, EIGHT_AM + MINUTE, histories)).toEqual(['skipped', '']);
  });
});
