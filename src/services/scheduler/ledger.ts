import type { Clock } from '../../core/clock.ts';
import type { Outcome } from '../../core/adapter.ts';
import type { GroupId } from '../../core/ids.ts';
import { decideRetry, type Failure, type RetryPolicy } from '../../core/retry-policy.ts';
import type { Db } from '../../db/client.ts';
import type { Locale } from '../../i18n/index.ts';
import type { Logger } from '../../log.ts';
import type { Candidate, DeliveryStatus, Histories, SlotPlanner } from './planner.ts';
import type { ScheduledKind, Slot } from '../slots.ts';

export interface PendingDelivery {
  id: number;
  groupId: GroupId;
  kind: string;
  contentId: string;
  attempts: number;
  /**
   * Set on rows a tick has just claimed for a group that was live then: the group's locale. The
   * dispatcher need not read the group again, and nobody can have acknowledged the message yet.
   */
  claimedLocale?: Locale;
}

/** What one send came to, kept until the outcomes are written. */
export interface Settled {
  row: PendingDelivery;
  outcome: Outcome;
}

/** What the dispatcher needs to know of a group that a retried or resumed row does not say. */
export interface GroupState {
  active: number;
  locale: Locale;
}

/**
 * The deliveries table (docs/design.md, Delivery): a row per (group, kind, slot), claimed with
 * INSERT … ON CONFLICT DO NOTHING so that overlapping ticks, and several processes, never send a
 * slot twice; the outcomes of sends; retries as the retry policy decides, kept as
 * next_attempt_at; and the rows a crash left pending. Prepared better-sqlite3 statements and
 * one transaction per batch: a tick over ten thousand groups must stay close to the cost of
 * its inserts.
 */
export class DeliveryLedger {
  /** Per slot id (`tip|2026-12-01`): the groups known to have a row, read once per slot. */
  private readonly known = new Map<string, Set<string>>();
  private readonly statements;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly retry: RetryPolicy,
    /** A row this late when its platform is unavailable is recorded missed, as if the bot had been down. */
    private readonly catchupMs: number,
  ) {
    const sqlite = db.$client;
    this.statements = {
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
      groupState: sqlite.prepare('select active, locale from groups where id = ?'),
      sent: sqlite.prepare(`update deliveries set status = 'sent', message_id = ?, sent_at = ?, attempts = attempts + 1, error = null where id = ?`),
      failed: sqlite.prepare(`update deliveries set status = ?, attempts = attempts + 1, next_attempt_at = ?, error = ? where id = ?`),
      // No adapter for the platform (yet): not an attempt. Kept for later within the catch-up window, then missed.
      deferred: sqlite.prepare(
        `update deliveries set status = iif(:now - due_at > :catchup, 'missed', 'failed'),
           next_attempt_at = iif(:now - due_at > :catchup, null, :next), error = 'unavailable' where id = :id`,
      ),
      ackCount: sqlite.prepare('select count(*) from acknowledgements where delivery_id = ?').pluck(),
      // One seek down the (group, kind, slot) index: slot keys sort in time order.
      previousAckCount: sqlite
        .prepare(
          `select ack_count from deliveries where group_id = ? and kind = ? and status = 'sent'
             and slot < (select slot from deliveries where id = ?) order by slot desc limit 1`,
        )
        .pluck(),
    };
  }

  /** Whether the ledger has a row for this group and slot, as far as this process has seen. */
  readonly isRecorded = (slot: Slot, group: GroupId): boolean => {
    let known = this.known.get(slot.id);
    if (!known) {
      known = new Set(this.statements.known.all(slot.kind, slot.key) as string[]);
      this.known.set(slot.id, known);
    }
    return known.has(group);
  };

  /** Forgets the slots that have left the lookback window. */
  forgetAllBut(slotsSeen: ReadonlySet<string>): void {
    for (const key of this.known.keys()) if (!slotsSeen.has(key)) this.known.delete(key);
  }

  /**
   * Records the candidates' rows in one transaction, with the planner's decisions; returns the
   * pending rows this call created (the ones it owns and must send) and how many it recorded
   * missed or skipped.
   */
  record(candidates: readonly Candidate[], planner: SlotPlanner, now: number): { owned: PendingDelivery[]; missed: number; skipped: number } {
    const needed = planner.historiesNeeded(candidates, now);
    const histories = this.fillHistories(needed.ids, needed.histories);
    const owned: PendingDelivery[] = [];
    let missed = 0;
    let skipped = 0;
    this.db.$client.transaction(() => {
      for (const candidate of candidates) {
        const { group, slot } = candidate;
        const [status, contentId] = planner.decide(candidate, now, histories);
        this.known.get(slot.id)?.add(group.id);
        const id = this.claim(group.id, slot.kind, slot.key, contentId, status, slot.dueAt, now);
        if (id === undefined) continue;
        if (status === 'pending') owned.push({ id, groupId: group.id, kind: slot.kind, contentId, attempts: 0, claimedLocale: group.locale });
        else if (status === 'missed') missed++;
        else skipped++;
      }
    })();
    return { owned, missed, skipped };
  }

  /** Claims a one-off slot (an urgent alert) for these groups; returns the pending rows this call created. */
  claimNow(kind: string, slot: string, contentId: string, groupIds: readonly GroupId[]): PendingDelivery[] {
    const now = this.clock.now().getTime();
    const owned: PendingDelivery[] = [];
    this.db.$client.transaction(() => {
      for (const groupId of groupIds) {
        const id = this.claim(groupId, kind, slot, contentId, 'pending', now, now);
        if (id !== undefined) owned.push({ id, groupId, kind, contentId, attempts: 0 });
      }
    })();
    return owned;
  }

  /** The failed rows whose next attempt is due, set pending again: this call owns them now. */
  claimRetries(now: number): PendingDelivery[] {
    return this.statements.claimRetries.all(now) as PendingDelivery[];
  }

  /** The rows a crash left pending. */
  pending(): PendingDelivery[] {
    return this.statements.pending.all() as PendingDelivery[];
  }

  groupState(group: GroupId): GroupState | undefined {
    return this.statements.groupState.get(group) as GroupState | undefined;
  }

  ackCount(deliveryId: number): number {
    return this.statements.ackCount.get(deliveryId) as number;
  }

  /** How many acknowledged the group's previous sent delivery of this kind (deliveries.ack_count), or undefined for its first. */
  previousAckCount(delivery: Pick<PendingDelivery, 'id' | 'groupId' | 'kind'>): number | undefined {
    return this.statements.previousAckCount.get(delivery.groupId, delivery.kind, delivery.id) as number | undefined;
  }

  /** Records a batch of outcomes in one transaction: sent with its message id, or failed (perhaps to be retried). */
  writeOutcomes(batch: readonly Settled[]): void {
    const at = this.clock.now().getTime();
    this.db.$client.transaction(() => {
      for (const { row, outcome } of batch) {
        if (outcome.ok) this.statements.sent.run(outcome.messageId ?? null, at, row.id);
        else if (outcome.reason === 'unavailable') this.deferUntilAvailable(row, outcome, at);
        else this.statements.failed.run(...this.afterFailure(row, outcome, at), outcome.reason, row.id);
      }
    })();
  }

  /**
   * Inserts one row; its id when this call created it, undefined when the row already existed:
   * then it is another tick's (or process's), and so is the send.
   */
  private claim(group: GroupId, kind: string, slot: string, contentId: string, status: DeliveryStatus, dueAt: number, now: number): number | undefined {
    const { changes, lastInsertRowid } = this.statements.insert.run(group, kind, slot, contentId, status, dueAt, now);
    return changes === 0 ? undefined : Number(lastInsertRowid);
  }

  /** What each group has received of the kinds asked for, in one query per kind, added to `histories`. */
  private fillHistories(ids: Map<ScheduledKind, Set<GroupId>>, histories: Histories): Histories {
    for (const [kind, groups] of ids) {
      const ofKind = histories.get(kind)!;
      const rows = this.statements.history.all(kind, JSON.stringify([...groups])) as { groupId: GroupId; contentId: string; at: number }[];
      for (const row of rows) {
        let history = ofKind.get(row.groupId);
        if (!history) ofKind.set(row.groupId, (history = new Map()));
        history.set(row.contentId, row.at);
      }
    }
    return histories;
  }

  private deferUntilAvailable(row: PendingDelivery, outcome: Failure, now: number): void {
    const next = decideRetry(this.retry, outcome, row.attempts + 1);
    this.statements.deferred.run({ id: row.id, now, catchup: this.catchupMs, next: next.retry ? now + next.afterMs : null });
  }

  /** A failed row's status and next attempt: skipped for a group that is gone, else as the retry policy says. */
  private afterFailure(row: PendingDelivery, outcome: Failure, now: number): [DeliveryStatus, number | null] {
    if (outcome.reason === 'kicked' || outcome.reason === 'blocked') return ['skipped', null];
    const next = decideRetry(this.retry, outcome, row.attempts + 1);
    if (next.retry) return ['failed', now + next.afterMs];
    this.log.warn({ delivery: row.id, group: row.groupId, reason: outcome.reason }, 'delivery failed for good');
    return ['failed', null];
  }
}
