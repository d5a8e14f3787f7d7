import type { Statement } from 'better-sqlite3';
import cron, { type ScheduledTask } from 'node-cron';
import type { Clock } from '../core/clock.ts';
import type { GroupId } from '../core/ids.ts';
import { LEDGER_RETRY } from '../core/retry-policy.ts';
import type { Transport } from '../core/transport.ts';
import type { Db } from '../db/client.ts';
import type { Locale } from '../i18n/index.ts';
import type { Logger } from '../log.ts';
import type { Audience } from '../content/schema.ts';
import type { DeliveryRenderer } from './delivery-message.ts';
import { DeliveryLedger, type PendingDelivery } from './scheduler/ledger.ts';
import { Dispatcher, type SentListener } from './scheduler/dispatcher.ts';
import type { ContentPicker } from './picker.ts';
import { SlotPlanner, type ScheduledGroup } from './scheduler/planner.ts';
import { parseSchedule, SCHEDULE_SQL, upcomingSlots } from './slots.ts';

export interface TickReport {
  pending: number;
  missed: number;
  skipped: number;
  sent: number;
  failed: number;
}

export interface SchedulerOptions {
  /** A slot this late is still sent; later, it is recorded as missed. */
  catchupMs: number;
  /** How far back a tick looks for slots that never got a ledger row (downtime). */
  lookbackDays?: number;
  /** Attempts per delivery, the first included (the retry policy's; src/core/retry-policy.ts). */
  maxAttempts?: number;
  /** Sends handed to the adapters at once; they pace them to the platform's limits. */
  concurrency?: number;
}

/** A groups row as the driver returns it in raw mode, in the order of the select. */
type GroupTuple = [GroupId, Audience, Locale, string, number, number];

/** Groups read, recorded and sent at a time, so a tick's memory stays bounded however many groups there are. */
const PAGE_SIZE = 1_000;

/**
 * One loop for every group (docs/design.md, Delivery), in three parts: the planner says which
 * slots are due and what becomes of each (scheduler/planner.ts); the ledger claims their rows
 * with ON CONFLICT DO NOTHING on (group, kind, slot), records outcomes and retries
 * (scheduler/ledger.ts); the dispatcher sends only the rows this tick's own inserts created
 * (scheduler/dispatcher.ts) — so overlapping ticks, and several processes, never send a slot
 * twice. Rows left pending by a crash are resumed at startup; only the message in flight at the
 * crash can repeat. Groups go through a page at a time (read, record, send), so what a tick
 * holds in memory is one page, not the whole broadcast.
 */
export class Scheduler {
  private readonly planner: SlotPlanner;
  private readonly ledger: DeliveryLedger;
  private readonly dispatcher: Dispatcher;
  private readonly renderers = new Map<string, DeliveryRenderer>();
  private readonly tickListeners: (() => void | Promise<void>)[] = [];
  private readonly running = new Set<Promise<unknown>>();
  private readonly groupPage: Statement;
  private readonly liveSchedules: Statement;
  private task: ScheduledTask | undefined;
  /** Set by stop(): ticks read no further pages and claim no retries. */
  private stopping = false;

  constructor(
    db: Db,
    private readonly clock: Clock,
    picker: ContentPicker,
    transport: Transport,
    private readonly log: Logger,
    opts: SchedulerOptions,
  ) {
    this.planner = new SlotPlanner(picker, opts.catchupMs, opts.lookbackDays ?? 7);
    this.ledger = new DeliveryLedger(db, clock, log, { ...LEDGER_RETRY, maxAttempts: opts.maxAttempts ?? LEDGER_RETRY.maxAttempts }, opts.catchupMs);
    const render = (row: PendingDelivery, locale: Locale, ackCount: number) => this.renderDelivery(row, locale, ackCount);
    this.dispatcher = new Dispatcher(this.ledger, transport, render, log, opts.concurrency ?? 128);
    // Keyset paging: each page is read only when the one before it has been sent. Raw rows: the
    // driver builds arrays several times faster than named rows.
    this.groupPage = db.$client
      .prepare(
        `select id, audience, locale, ${SCHEDULE_SQL}, active and not paused, setup_at
           from groups where setup_at is not null and id > ? order by id limit ${PAGE_SIZE}`,
      )
      .raw();
    this.liveSchedules = db.$client.prepare(`select distinct ${SCHEDULE_SQL} from groups where setup_at is not null and active and not paused`).pluck();
  }

  /** When the next slot of any live group falls due after `after` (within a week and a day), or undefined. */
  nextDueAt(after: Date): number | undefined {
    let next: number | undefined;
    for (const schedule of this.liveSchedules.all() as string[]) {
      const first = upcomingSlots(parseSchedule(schedule), after, 8)[0];
      if (first && (next === undefined || first.dueAt < next)) next = first.dueAt;
    }
    return next;
  }

  /** Registers how a kind of delivery is rendered (tips and articles here; alerts elsewhere). */
  render(kind: string, renderer: DeliveryRenderer): void {
    this.renderers.set(kind, renderer);
  }

  renderDelivery(delivery: Pick<PendingDelivery, 'id' | 'groupId' | 'kind' | 'contentId'>, locale: Locale, ackCount?: number) {
    const renderer = this.renderers.get(delivery.kind);
    return renderer?.(delivery, ackCount ?? this.ledger.ackCount(delivery.id), locale, this.ledger.previousAckCount(delivery));
  }

  onSent(listener: SentListener): void {
    this.dispatcher.onSent(listener);
  }

  /** Work that runs once a minute with the tick (closing quizzes, reminders). */
  onTick(listener: () => void | Promise<void>): void {
    this.tickListeners.push(listener);
  }

  /** Runs a tick every minute (one cron job for all groups). */
  start(): void {
    this.task = cron.schedule('* * * * *', () => void this.tick().catch((err: unknown) => this.log.error({ err }, 'tick failed')));
  }

  /**
   * Stops the cron job, lets the sends in flight finish and record their outcomes, and hands
   * over nothing more: the rows a broadcast had not reached stay pending, and the next start
   * resumes them. So a shutdown takes as long as the slowest send in flight, not the broadcast.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.dispatcher.halt();
    await this.task?.stop();
    await Promise.allSettled([...this.running]);
  }

  tick(): Promise<TickReport> {
    return this.track(this.runTick());
  }

  /**
   * Sends a one-off delivery (an urgent alert) to these groups at once, outside the daily slots,
   * through the same ledger: ON CONFLICT DO NOTHING on (group, kind, slot) makes it at most once,
   * failures are retried by later ticks, and 已阅 acknowledges it like a tip.
   */
  deliverNow(kind: string, slot: string, contentId: string, groupIds: readonly GroupId[]): Promise<{ sent: number; failed: number }> {
    return this.track(this.dispatcher.dispatch(this.ledger.claimNow(kind, slot, contentId, groupIds)));
  }

  /** Resumes the rows a crash left pending. Call once at startup, before the first tick. */
  resume(): Promise<TickReport> {
    const rows = this.ledger.pending();
    if (rows.length > 0) this.log.info({ count: rows.length }, 'resuming pending deliveries');
    return this.track(this.dispatcher.dispatch(rows).then((r) => ({ pending: rows.length, missed: 0, skipped: 0, ...r })));
  }

  /** Keeps a run in `running` until it ends, so that stop() waits for it. */
  private track<T>(run: Promise<T>): Promise<T> {
    this.running.add(run);
    return run.finally(() => this.running.delete(run));
  }

  private async runTick(): Promise<TickReport> {
    const now = this.clock.now().getTime();
    const report: TickReport = { pending: 0, missed: 0, skipped: 0, sent: 0, failed: 0 };
    const slotsSeen = new Set<string>();
    for (let after = ''; !this.stopping; ) {
      const groups = this.readGroups(after);
      if (groups.length === 0) break;
      after = groups[groups.length - 1]!.id;
      const candidates = this.planner.due(groups, now, this.ledger.isRecorded, slotsSeen);
      const { owned, missed, skipped } = this.ledger.record(candidates, this.planner, now);
      const { sent, failed } = await this.dispatcher.dispatch(owned);
      addTo(report, { pending: owned.length, missed, skipped, sent, failed });
      if (groups.length < PAGE_SIZE) break;
    }
    if (this.stopping) return report;
    this.ledger.forgetAllBut(slotsSeen);
    addTo(report, await this.dispatcher.dispatch(this.ledger.claimRetries(now)));
    for (const listener of this.tickListeners) {
      await Promise.resolve(listener()).catch((err: unknown) => this.log.error({ err }, 'tick listener failed'));
    }
    return report;
  }

  /** The groups set up after `after` in id order, a page of them. */
  private readGroups(after: string): ScheduledGroup[] {
    return (this.groupPage.all(after) as GroupTuple[]).map(([id, audience, locale, schedule, live, setupAt]) => ({ id, audience, locale, schedule, live: live === 1, setupAt }));
  }
}

function addTo(report: TickReport, part: Partial<TickReport>): void {
  for (const [key, n] of Object.entries(part) as [keyof TickReport, number][]) report[key] += n;
}
