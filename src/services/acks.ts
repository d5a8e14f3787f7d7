import { and, count, eq } from 'drizzle-orm';
import type { Clock } from '../core/clock.ts';
import type { GroupId, MemberId } from '../core/ids.ts';
import type { Transport } from '../core/transport.ts';
import type { Db } from '../db/client.ts';
import { acknowledgements, deliveries, groups } from '../db/schema.ts';
import type { Logger } from '../log.ts';
import { DebouncedEdits } from './live-edits.ts';
import type { Scheduler } from './scheduler.ts';

export type AckResult =
  | { kind: 'recorded'; count: number }
  | { kind: 'already'; count: number }
  /** No such delivery, or not one of this group's (a forged or foreign token). */
  | { kind: 'unknown' };

/** Live counts are edited at most once per message in this interval (platform flood limits). */
export const EDIT_INTERVAL_MS = 10_000;

/**
 * Acknowledgements: unique on (delivery, member), so a second press is a no-op. The member is
 * the platform's record of who pressed, never the button's data. The live count on the
 * message is an edit, debounced per message.
 */
export class AckService {
  private readonly edits: DebouncedEdits<number>;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly transport: Transport,
    private readonly scheduler: Scheduler,
    private readonly log: Logger,
  ) {
    this.edits = new DebouncedEdits(clock, EDIT_INTERVAL_MS, (id) => this.edit(id));
  }

  acknowledge(deliveryId: number, group: GroupId, member: MemberId): AckResult {
    const delivery = this.db
      .select({ id: deliveries.id, status: deliveries.status })
      .from(deliveries)
      .where(and(eq(deliveries.id, deliveryId), eq(deliveries.groupId, group)))
      .get();
    if (!delivery || delivery.status !== 'sent') return { kind: 'unknown' };
    const inserted = this.db
      .insert(acknowledgements)
      .values({ deliveryId, memberId: member, at: this.clock.now().getTime() })
      .onConflictDoNothing()
      .run();
    return { kind: inserted.changes === 1 ? 'recorded' : 'already', count: this.count(deliveryId) };
  }

  count(deliveryId: number): number {
    return this.db.select({ n: count() }).from(acknowledgements).where(eq(acknowledgements.deliveryId, deliveryId)).get()!.n;
  }

  /** Updates the message's live count, debounced per message. */
  refreshCount(deliveryId: number): Promise<void> {
    return this.edits.request(deliveryId);
  }

  /** Makes every debounced edit now (at shutdown, and in tests). */
  flush(): Promise<void> {
    return this.edits.flush();
  }

  private async edit(deliveryId: number): Promise<void> {
    const row = this.db
      .select({ id: deliveries.id, kind: deliveries.kind, contentId: deliveries.contentId, groupId: deliveries.groupId, messageId: deliveries.messageId, locale: groups.locale })
      .from(deliveries)
      .innerJoin(groups, eq(groups.id, deliveries.groupId))
      .where(eq(deliveries.id, deliveryId))
      .get();
    if (!row?.messageId) return;
    const message = this.scheduler.renderDelivery(row, row.locale);
    if (!message) return;
    const outcome = await this.transport.edit(row.groupId as GroupId, row.messageId, message);
    if (!outcome.ok) this.log.warn({ delivery: deliveryId, reason: outcome.reason }, 'live count edit failed');
  }
}
