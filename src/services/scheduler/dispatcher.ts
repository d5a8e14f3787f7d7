import type { Outcome } from '../../core/adapter.ts';
import type { Transport } from '../../core/transport.ts';
import type { RichMessage } from '../../core/message.ts';
import type { Locale } from '../../i18n/index.ts';
import type { Logger } from '../../log.ts';
import type { DeliveryLedger, PendingDelivery, Settled } from './ledger.ts';

export type SentListener = (delivery: PendingDelivery) => void | Promise<void>;

/** A ledger row as a message, with its acknowledgement count (undefined: not rendered, e.g. unknown content). */
export type RowRenderer = (row: PendingDelivery, locale: Locale, ackCount: number) => RichMessage | undefined;

/**
 * Hands the rows a tick owns to the transport, a few at a time, one call each: the retries are
 * the ledger's, on later ticks (src/core/retry-policy.ts). Outcomes are written in one
 * transaction per turn of the event loop: many at once when the adapter is fast, one at a time
 * when it is paced, so a crash can repeat at most what was in flight.
 */
export class Dispatcher {
  private readonly sentListeners: SentListener[] = [];
  /** Set at shutdown: sends in flight finish and are recorded; the rows not yet handed over stay pending for the next start. */
  private halted = false;

  constructor(
    private readonly ledger: DeliveryLedger,
    private readonly transport: Transport,
    private readonly render: RowRenderer,
    private readonly log: Logger,
    /** Sends handed to the adapters at once; they pace them to the platform's limits. */
    private readonly concurrency: number,
  ) {}

  onSent(listener: SentListener): void {
    this.sentListeners.push(listener);
  }

  halt(): void {
    this.halted = true;
  }

  async dispatch(rows: readonly PendingDelivery[]): Promise<{ sent: number; failed: number }> {
    let unwritten: Settled[] = [];
    let flushing: Promise<void> | undefined;
    const flush = () => {
      const batch = unwritten;
      [unwritten, flushing] = [[], undefined];
      this.ledger.writeOutcomes(batch);
    };
    const afterFlush = () => (flushing ??= new Promise<void>((resolve) => setImmediate(() => (flush(), resolve()))));
    const sentRows: PendingDelivery[] = [];
    // One warning per batch, by reason: an outage in the middle of a broadcast is said once a tick, not per group.
    const failures = new Map<string, number>();

    let next = 0;
    const worker = async () => {
      while (!this.halted && next < rows.length) {
        const row = rows[next++]!;
        const outcome = await this.sendOne(row);
        if (outcome.ok) sentRows.push(row);
        else failures.set(outcome.reason, (failures.get(outcome.reason) ?? 0) + 1);
        unwritten.push({ row, outcome });
        await afterFlush();
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, rows.length) }, worker));
    if (unwritten.length > 0) flush();
    if (failures.size > 0) this.log.warn({ failed: Object.fromEntries(failures) }, 'deliveries not sent, by reason (the ledger retries rate limits, errors and missing platforms)');
    for (const row of sentRows) {
      for (const listener of this.sentListeners) {
        await Promise.resolve(listener(row)).catch((err: unknown) => this.log.error({ err, delivery: row.id }, 'sent listener failed'));
      }
    }
    return { sent: sentRows.length, failed: next - sentRows.length };
  }

  /** Not async: most rows go straight to the transport, and another promise per row costs a broadcast. */
  private sendOne(row: PendingDelivery): Outcome | Promise<Outcome> {
    let locale = row.claimedLocale;
    if (locale === undefined) {
      const state = this.ledger.groupState(row.groupId);
      if (!state?.active) return { ok: false, reason: 'kicked', detail: 'group inactive' };
      locale = state.locale;
    }
    const message = this.render(row, locale, row.claimedLocale === undefined ? this.ledger.ackCount(row.id) : 0);
    if (!message) return { ok: false, reason: 'rejected', detail: `no content ${row.contentId}` };
    return this.transport.sendOnce({ group: row.groupId }, message);
  }
}
