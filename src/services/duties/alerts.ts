import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Clock } from '../../core/clock.ts';
import type { GroupId, MemberId } from '../../core/ids.ts';
import { p, type RichMessage } from '../../core/message.ts';
import type { Db } from '../../db/client.ts';
import { alerts, deliveries, groups } from '../../db/schema.ts';
import { defineMessages, type Locale } from '../../i18n/index.ts';
import { ackButton, ackFooter, type DeliveryRenderer } from '../delivery-message.ts';
import type { Scheduler } from '../scheduler.ts';
import type { UnitService } from '../units.ts';

const t = defineMessages({
  'zh-CN': { title: '新手法预警', signature: '学校保卫处 · 无诈班级助手' },
  en: { title: 'Urgent anti-fraud alert', signature: 'School security office · ClassGuard' },
});

/** An alert's text is kept to what fits one message on every platform. */
export const ALERT_TEXT_MAX = 1500;
export const ALERT_KIND = 'alert';

export type Alert = typeof alerts.$inferSelect;

/** One group's copy of an alert, for following its acknowledgements. */
export interface AlertCopy {
  group: GroupId;
  name: string;
  status: (typeof deliveries.$inferSelect)['status'];
  acks: number;
}

export interface AlertResult {
  alertId: number;
  groups: number;
  sent: number;
  failed: number;
}

/**
 * Urgent alerts (新手法预警): a school admin's text goes at once to every active group of a unit
 * and its sub-units. Each group's copy is a delivery of kind `alert` (slot = the alert id), so it
 * is recorded, retried, acknowledged with 已阅 and counted like a tip.
 */
export class AlertService {
  private readonly texts = new Map<string, string | undefined>();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly scheduler: Scheduler,
    private readonly units: UnitService,
  ) {
    scheduler.render(ALERT_KIND, this.renderer);
  }

  async send(unitId: string, text: string, by: MemberId, warningId?: number): Promise<AlertResult> {
    const row = this.db
      .insert(alerts)
      .values({ unitId, text: text.slice(0, ALERT_TEXT_MAX), createdBy: by, warningId: warningId ?? null, at: this.clock.now().getTime() })
      .returning({ id: alerts.id })
      .get();
    const groupIds = this.units.activeGroupsOf(unitId);
    const id = String(row.id);
    const { sent, failed } = await this.scheduler.deliverNow(ALERT_KIND, id, id, groupIds);
    return { alertId: row.id, groups: groupIds.length, sent, failed };
  }

  /** The newest alerts to the given units (all units when `units` is undefined). */
  recent(units: readonly string[] | undefined, limit = 20): Alert[] {
    const query = this.db.select().from(alerts);
    return (units ? query.where(inArray(alerts.unitId, [...units])) : query).orderBy(desc(alerts.id)).limit(limit).all();
  }

  get(id: number): Alert | undefined {
    return this.db.select().from(alerts).where(eq(alerts.id, id)).get();
  }

  /** Each group's copy of an alert: whether it went out, and how many acknowledged it. */
  copies(id: number): AlertCopy[] {
    return this.db
      .select({ group: deliveries.groupId, name: groups.className, title: groups.title, status: deliveries.status, acks: deliveries.ackCount })
      .from(deliveries)
      .innerJoin(groups, eq(groups.id, deliveries.groupId))
      .where(and(eq(deliveries.kind, ALERT_KIND), eq(deliveries.contentId, String(id))))
      .orderBy(deliveries.groupId)
      .all()
      .map((r) => ({ group: r.group, name: r.name ?? r.title ?? r.group, status: r.status, acks: r.acks }));
  }

  /** The message as a group will see it, before it is sent (the web console's preview). */
  preview(text: string, locale: Locale): RichMessage {
    return this.message(text.slice(0, ALERT_TEXT_MAX), locale);
  }

  private message(text: string, locale: Locale, deliveryId = 0, count = 0): RichMessage {
    return {
      title: t(locale, 'title'),
      blocks: text.split(/\n+/).map((line) => p(line)),
      footer: t(locale, 'signature'),
      live: ackFooter(count, locale),
      buttons: [[ackButton(deliveryId, locale)]],
    };
  }

  private readonly renderer: DeliveryRenderer = (delivery, count, locale) => {
    const text = this.text(delivery.contentId);
    return text === undefined ? undefined : this.message(text, locale, delivery.id, count);
  };

  /** Alerts are read-only once sent, so their texts are cached for the live-count edits. */
  private text(contentId: string): string | undefined {
    if (!this.texts.has(contentId)) {
      this.texts.set(contentId, this.db.select({ text: alerts.text }).from(alerts).where(eq(alerts.id, Number(contentId))).get()?.text);
    }
    return this.texts.get(contentId);
  }
}
