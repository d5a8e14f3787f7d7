import type { Statement } from 'better-sqlite3';
import cron, { type ScheduledTask } from 'node-cron';
import type { Clock } from '../core/clock.ts';
import type { Outcome } from '../core/adapter.ts';
import type { GroupId } from '../core/ids.ts';
import type { Transport } from '../core/transport.ts';
import type { Db } from '../db/client.ts';
import type { Locale } from '../i18n/index.ts';
import type { Logger } from '../log.ts';
import type { Audience } from '../content/schema.ts';
import type { DeliveryRenderer } from './delivery-message.ts';
import type { ContentPicker } from './picker.ts';
import { SCHEDULE_SQL, SlotCalculator, type ScheduledKind, type Slot } from './slots.ts';

export type DeliveryStatus = 'pending' | 'sent' | 'failed' | 'missed' | 'skipped';

export interface PendingDelivery {
  id: number;
  groupId: GroupId;
  kind: string;
  contentId: string;
  attempts: number;
  /** Set for rows this tick just created: the group was active then, and nobody has acknowledged yet. */
  fresh?: { readonly locale: Locale };
}

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
  maxAttempts?: number;
  /** Sends handed to the adapters at once; they pace them to the platform's limits. */
  concurrency?: number;
}

/** What a group's deliveries depend on besides its id; groups with the same settings share one object. */
interface GroupSettings {
  audience: Audience;
  /** `fresh` of the group's new rows (see PendingDelivery). */
  fresh: { readonly locale: Locale };
  /** As SCHEDULE_SQL builds it, the key of the slot cache. */
  schedule: string;
}

interface GroupRow {
  id: GroupId;
  settings: GroupSettings;
  /** Active and not paused: a due slot is sent (else it is recorded as skipped). */
  live: number;
  setupAt: number;
}

/** A groups row as the driver returns it in raw mode, in the order of the select. */
type GroupTuple = [GroupId, string, number, number];

/**
 * Reads the groups as raw rows (the driver builds arrays several times faster than named rows),
 * with audience, locale and schedule in one string: a string column costs the driver per row,
 * and the settings are parsed once per distinct string.
 */
class GroupReader {
  private readonly settings = new Map<string, GroupSettings>();

  constructor(private readonly page: Statement) {}

  /** The groups set up after `after` in id order, a page at a time. */
  read(after: string): GroupRow[] {
    return (this.page.all(after) as GroupTuple[]).map(([id, settings, live, setupAt]) => ({ id, settings: this.parse(settings), live, setupAt }));
  }

  private parse(text: string): GroupSettings {
    let settings = this.settings.get(text);
    if (!settings) {
      const [audience, locale] = text.split(' ', 2) as [Audience, Locale];
      settings = { audience, fresh: { locale }, schedule: text.slice(audience.length + locale.length + 2) };
      this.settings.set(text, settings);
    }
    return settings;
  }
}

interface Candidate {
  group: GroupRow;
  slot: Slot;
}

/** What one send came to, kept until the outcomes are written. */
interface Settled {
  row: PendingDelivery;
  outcome: Outcome;
}

const BASE_BACKOFF_MS = 60_000;
/** Groups read, recorded and sent at a time, so a tick's memory stays bounded however many groups there are. */
const PAGE_SIZE = 1_000;

/**
 * One loop for every group (DESIGN.md, Delivery). Each tick computes the due slots from the
 * groups' settings and the clock, inserts ledger rows with ON CONFLICT DO NOTHING on
 * (group, kind, slot), and sends only the rows its own insert created — so overlapping ticks,
 * and several processes, never send a slot twice. Rows left pending by a crash are resumed
 * at startup; only the message in flight at the crash can repeat.
 *
 * The hot path uses prepared better-sqlite3 statements and batches its writes in
 * transactions: a tick over ten thousand groups must stay close to the cost of the inserts.
 * Groups go through a page at a time (read, record, send), so what a tick holds in memory is
 * one page, not the whole broadcast.
 */
export class Scheduler {
  private readonly slots: SlotCalculator;
  private readonly known = new Map<string, Set<string>>();
  private readonly renderers = new Map<string, DeliveryRenderer>();
  private readonly sentListeners: ((delivery: PendingDelivery) => void | Promise<void>)[] = [];
  private readonly tickListeners: (() => void | Promise<void>)[] = [];
  private readonly running = new Set<Promise<unknown>>();
  private task: ScheduledTask | undefined;
  private readonly statements;
  private readonly maxAttempts: number;
  private readonly concurrency: number;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly picker: ContentPicker,
    private readonly transport: Transport,
    private readonly log: Logger,
    private readonly opts: SchedulerOptions,
  ) {
    this.slots = new SlotCalculator(opts.lookbackDays ?? 7);
    this.maxAttempts = opts.maxAttempts ?? 5;
    this.concurrency = opts.concurrency ?? 128;
    const sqlite = db.$client;
    this.statements = {
      // Keyset paging: each page is read only when the one before it has been sent. Every column
      // costs the driver a value per group: see GroupReader.
      groups: sqlite
        .prepare(
          `select id, audience || ' ' || locale || ' ' || ${SCHEDULE_SQL}, active and not paused, setup_at
             from groups where setup_at is not null and id > ? order by id limit ${PAGE_SIZE}`,
        )
        .raw(),
      known: sqlite.prepare('select group_id as groupId from deliveries where kind = ? and slot = ?').pluck(),
      history: sqlite.prepare(
        `select group_id as groupId, content_id as contentId, max(due_at) as at from deliveries
          where kind = ? and content_id != '' and status in ('pending', 'sent', 'failed')
            and group_id in (select value from json_each(?))
          group by group_id, content_id`,
      ),
      // Run once per row inside one transaction: `changes` says whether this insert won the slot.
      // (RETURNING, or one json_each statement for the batch, costs more than these plain inserts.)
      insert: sqlite.prepare(
        `insert into deliveries (group_id, kind, slot, content_id, status, due_at, created_at)
         values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing`,
      ),
      claimRetries: sqlite.prepare(
        `update deliveries set status = 'pending' where status = 'failed' and next_attempt_at is not null and next_attempt_at <= ?
         returning id, group_id as groupId, kind, content_id as contentId, attempts`,
      ),
      pending: sqlite.prepare(
        `select id, group_id as groupId, kind, content_id as contentId, attempts from deliveries where status = 'pending' order by id`,
      ),
      groupState: sqlite.prepare('select active, paused, locale from groups where id = ?'),
      sent: sqlite.prepare(`update deliveries set status = 'sent', message_id = ?, sent_at = ?, attempts = attempts + 1, error = null where id = ?`),
      failed: sqlite.prepare(`update deliveries set status = ?, attempts = attempts + 1, next_attempt_at = ?, error = ? where id = ?`),
      ackCount: sqlite.prepare('select count(*) from acknowledgements where delivery_id = ?').pluck(),
    };
  }

  /** Registers how a kind of delivery is rendered (tips and articles here; alerts elsewhere). */
  render(kind: string, renderer: DeliveryRenderer): void {
    this.renderers.set(kind, renderer);
  }

  renderDelivery(delivery: Pick<PendingDelivery, 'id' | 'kind' | 'contentId'>, locale: Locale, ackCount?: number) {
    const count = ackCount ?? (this.statements.ackCount.get(delivery.id) as number);
    return this.renderers.get(delivery.kind)?.(delivery, count, locale);
  }

  onSent(listener: (delivery: PendingDelivery) => void | Promise<void>): void {
    this.sentListeners.push(listener);
  }

  /** Work that runs once a minute with the tick (closing quizzes, reminders). */
  onTick(listener: () => void | Promise<void>): void {
    this.tickListeners.push(listener);
  }

  /** Runs a tick every minute (one cron job for all groups). */
  start(): void {
    this.task = cron.schedule('* * * * *', () => void this.tick().catch((err: unknown) => this.log.error({ err }, 'tick failed')));
  }

  /** Stops the cron job and waits for ticks in progress to record their outcomes. */
  async stop(): Promise<void> {
    await this.task?.stop();
    await Promise.allSettled([...this.running]);
  }

  tick(): Promise<TickReport> {
    const run = this.runTick();
    this.running.add(run);
    return run.finally(() => this.running.delete(run));
  }

  /**
   * Sends a one-off delivery (an urgent alert) to these groups at once, outside the daily slots,
   * through the same ledger: ON CONFLICT DO NOTHING on (group, kind, slot) makes it at most once,
   * failures are retried by later ticks, and 已阅 acknowledges it like a tip.
   */
  deliverNow(kind: string, slot: string, contentId: string, groupIds: readonly GroupId[]): Promise<{ sent: number; failed: number }> {
    const now = this.clock.now().getTime();
    const owned: PendingDelivery[] = [];
    this.db.$client.transaction(() => {
      for (const groupId of groupIds) {
        const id = this.claim(groupId, kind, slot, contentId, 'pending', now, now);
        if (id !== undefined) owned.push({ id, groupId, kind, contentId, attempts: 0 });
      }
    })();
    const run = this.dispatch(owned);
    this.running.add(run);
    return run.finally(() => this.running.delete(run));
  }

  /** Resumes the rows a crash left pending. Call once at startup, before the first tick. */
  resume(): Promise<TickReport> {
    const rows = this.statements.pending.all() as PendingDelivery[];
    if (rows.length > 0) this.log.info({ count: rows.length }, 'resuming pending deliveries');
    const run = this.dispatch(rows).then((r) => ({ pending: rows.length, missed: 0, skipped: 0, ...r }));
    this.running.add(run);
    return run.finally(() => this.running.delete(run));
  }

  private async runTick(): Promise<TickReport> {
    const now = this.clock.now().getTime();
    const report: TickReport = { pending: 0, missed: 0, skipped: 0, sent: 0, failed: 0 };
    const slotsSeen = new Set<string>();
    const reader = new GroupReader(this.statements.groups);
    for (let after = ''; ; ) {
      const groups = reader.read(after);
      if (groups.length === 0) break;
      after = groups[groups.length - 1]!.id;
      const { owned, missed, skipped } = this.record(this.candidates(groups, now, slotsSeen), now);
      const { sent, failed } = await this.dispatch(owned);
      addTo(report, { pending: owned.length, missed, skipped, sent, failed });
      if (groups.length < PAGE_SIZE) break;
    }
    // Forget slot keys that have left the lookback window.
    for (const key of this.known.keys()) if (!slotsSeen.has(key)) this.known.delete(key);
    const retries = this.statements.claimRetries.all(now) as PendingDelivery[];
    addTo(report, await this.dispatch(retries));
    for (const listener of this.tickListeners) {
      await Promise.resolve(listener()).catch((err: unknown) => this.log.error({ err }, 'tick listener failed'));
    }
    return report;
  }

  /** The (group, slot) pairs of a page of groups that have no ledger row yet; adds their slot ids to `slotsSeen`. */
  private candidates(groups: GroupRow[], now: number, slotsSeen: Set<string>): Candidate[] {
    const at = new Date(now);
    const out: Candidate[] = [];
    let settings: GroupSettings | undefined;
    let slots: Slot[] = [];
    for (const group of groups) {
      // Neighbouring groups mostly share their settings: look the slots up once for the run of them.
      if (group.settings !== settings) {
        settings = group.settings;
        slots = this.slots.due(settings.schedule, at);
        for (const slot of slots) slotsSeen.add(slot.id);
      }
      for (const slot of slots) {
        if (slot.dueAt < group.setupAt) continue;
        let known = this.known.get(slot.id);
        if (!known) {
          known = new Set(this.statements.known.all(slot.kind, slot.key) as string[]);
          this.known.set(slot.id, known);
        }
        if (!known.has(group.id)) out.push({ group, slot });
      }
    }
    // Oldest first, so that a group's earlier slot takes its content before a later one.
    return out.sort((a, b) => a.slot.dueAt - b.slot.dueAt);
  }

  /** Inserts the candidates' ledger rows in one transaction; returns the pending rows this tick owns. */
  private record(candidates: Candidate[], now: number): { owned: PendingDelivery[]; missed: number; skipped: number } {
    const histories = this.loadHistories(candidates, now);
    const owned: PendingDelivery[] = [];
    let missed = 0;
    let skipped = 0;
    this.db.$client.transaction(() => {
      for (const { group, slot } of candidates) {
        const [status, contentId] = this.decide(group, slot, now, histories);
        this.known.get(slot.id)?.add(group.id);
        const id = this.claim(group.id, slot.kind, slot.key, contentId, status, slot.dueAt, now);
        if (id === undefined) continue;
        if (status === 'pending') owned.push({ id, groupId: group.id, kind: slot.kind, contentId, attempts: 0, fresh: group.settings.fresh });
        else if (status === 'missed') missed++;
        else skipped++;
      }
    })();
    return { owned, missed, skipped };
  }

  /**
   * Inserts one ledger row; its id when this call created it, undefined when the row already
   * existed: then it is another tick's (or process's), and so is the send.
   */
  private claim(group: GroupId, kind: string, slot: string, contentId: string, status: DeliveryStatus, dueAt: number, now: number): number | undefined {
    const { changes, lastInsertRowid } = this.statements.insert.run(group, kind, slot, contentId, status, dueAt, now);
    return changes === 0 ? undefined : Number(lastInsertRowid);
  }

  /** A candidate's ledger status and content; a pick is added to the group's history for its later slots. */
  private decide(group: GroupRow, slot: Slot, now: number, histories: Histories): [DeliveryStatus, string] {
    if (!group.live) return ['skipped', ''];
    if (now - slot.dueAt > this.opts.catchupMs) return ['missed', ''];
    const history = histories.get(slot.kind)?.get(group.id);
    const picked = this.picker.pick(slot.kind, group.settings.audience, slot.monthDay, history ?? EMPTY_HISTORY);
    if (!picked) return ['skipped', '']; // nothing in the library for this audience
    history?.set(picked, slot.dueAt); // for the group's later slots of this kind (see loadHistories)
    return ['pending', picked];
  }

  /**
   * What each candidate group has received, in one query per kind for all of them. A group with
   * several slots of a kind in the page gets a history even if it has received nothing, so that
   * decide() can add its earlier picks to it; the others need none.
   */
  private loadHistories(candidates: Candidate[], now: number): Histories {
    const histories: Histories = new Map();
    const byKind = new Map<ScheduledKind, Set<GroupId>>();
    for (const { group, slot } of candidates) {
      if (!group.live || now - slot.dueAt > this.opts.catchupMs) continue;
      let ids = byKind.get(slot.kind);
      let ofKind = histories.get(slot.kind);
      if (!ids || !ofKind) {
        byKind.set(slot.kind, (ids = new Set()));
        histories.set(slot.kind, (ofKind = new Map()));
      }
      if (!ids.has(group.id)) ids.add(group.id);
      else if (!ofKind.has(group.id)) ofKind.set(group.id, new Map());
    }
    for (const [kind, ids] of byKind) {
      const ofKind = histories.get(kind)!;
      const rows = this.statements.history.all(kind, JSON.stringify([...ids])) as { groupId: GroupId; contentId: string; at: number }[];
      for (const row of rows) {
        let history = ofKind.get(row.groupId);
        if (!history) ofKind.set(row.groupId, (history = new Map()));
        history.set(row.contentId, row.at);
      }
    }
    return histories;
  }

  /**
   * Hands the rows to the adapters, a few at a time, and records each outcome. Outcomes are
   * written in one transaction per turn of the event loop: many at once when the adapter is
   * fast, one at a time when it is paced, so a crash can repeat at most what was in flight.
   */
  private async dispatch(rows: PendingDelivery[]): Promise<{ sent: number; failed: number }> {
    let unwritten: Settled[] = [];
    let flushing: Promise<void> | undefined;
    const flush = () => {
      const batch = unwritten;
      [unwritten, flushing] = [[], undefined];
      this.writeOutcomes(batch);
    };
    const afterFlush = () => (flushing ??= new Promise<void>((resolve) => setImmediate(() => (flush(), resolve()))));
    const sentRows: PendingDelivery[] = [];

    let next = 0;
    const worker = async () => {
      while (next < rows.length) {
        const row = rows[next++]!;
        const outcome = await this.sendOne(row);
        if (outcome.ok) sentRows.push(row);
        unwritten.push({ row, outcome });
        await afterFlush();
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, rows.length) }, worker));
    if (unwritten.length > 0) flush();
    for (const row of sentRows) {
      for (const listener of this.sentListeners) {
        await Promise.resolve(listener(row)).catch((err: unknown) => this.log.error({ err, delivery: row.id }, 'sent listener failed'));
      }
    }
    return { sent: sentRows.length, failed: rows.length - sentRows.length };
  }

  /** Records a batch of outcomes in one transaction: sent with its message id, or failed (perhaps to be retried). */
  private writeOutcomes(batch: readonly Settled[]): void {
    const at = this.clock.now().getTime();
    this.db.$client.transaction(() => {
      for (const { row, outcome } of batch) {
        if (outcome.ok) this.statements.sent.run(outcome.messageId ?? null, at, row.id);
        else this.statements.failed.run(...this.afterFailure(row, outcome, at), outcome.reason, row.id);
      }
    })();
  }

  /** Not async: most rows go straight to the transport, and another promise per row costs a broadcast. */
  private sendOne(row: PendingDelivery): Outcome | Promise<Outcome> {
    const state = row.fresh ?? (this.statements.groupState.get(row.groupId) as { active: number; locale: Locale } | undefined);
    if (!state || ('active' in state && !state.active)) return { ok: false, reason: 'kicked', detail: 'group inactive' };
    const message = this.renderDelivery(row, state.locale, row.fresh ? 0 : undefined);
    if (!message) return { ok: false, reason: 'rejected', detail: `no content ${row.contentId}` };
    return this.transport.send({ group: row.groupId }, message);
  }

  /** Retry transient failures with backoff, a bounded number of times; give up on the rest. */
  private afterFailure(row: PendingDelivery, outcome: Extract<Outcome, { ok: false }>, now: number): [DeliveryStatus, number | null] {
    if (outcome.reason === 'kicked' || outcome.reason === 'blocked') return ['skipped', null];
    const retryable = outcome.reason === 'rate-limited' || outcome.reason === 'transient';
    if (!retryable || row.attempts + 1 >= this.maxAttempts) {
      this.log.warn({ delivery: row.id, group: row.groupId, reason: outcome.reason }, 'delivery failed for good');
      return ['failed', null];
    }
    const backoff = BASE_BACKOFF_MS * 2 ** row.attempts;
    return ['failed', now + Math.max(backoff, outcome.retryAfterMs ?? 0)];
  }
}

const EMPTY_HISTORY: ReadonlyMap<string, number> = new Map();

/** Per kind, per group: when each content item was last sent (see loadHistories). */
type Histories = Map<ScheduledKind, Map<GroupId, Map<string, number>>>;

function addTo(report: TickReport, part: Partial<TickReport>): void {
  for (const [key, n] of Object.entries(part) as [keyof TickReport, number][]) report[key] += n;
}
