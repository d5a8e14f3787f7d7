import type { GroupId } from '../core/ids.ts';
import type { ReportSection, SectionMetric } from '../services/reports.ts';

/** A tip or article sent this long after its slot was due counts as late. */
export const LATE_AFTER_MS = 10 * 60_000;

type Counts = { onTime: number; late: number; unsent: number };

const LABELS = {
  onTime: { zh: '按时推送', en: 'Sent on time' },
  late: { zh: `迟发（晚于 ${LATE_AFTER_MS / 60_000} 分钟）`, en: `Sent late (over ${LATE_AFTER_MS / 60_000} minutes)` },
  unsent: { zh: '未发出', en: 'Not sent' },
} as const;

/**
 * Whether the scheduled tips and articles went out when due, per group (docs/design.md, Delivery):
 * on time, late, or not sent (missed, or still waiting). On a platform where the bot may only answer
 * a member's message (QQ's passive replies), a slot waits for one, and the report says so
 * rather than counting it as delivered.
 */
export function deliverySection(): ReportSection {
  return {
    id: 'punctuality',
    collect: ({ db, span, groups }) => {
      const title = { zh: '推送准时情况', en: 'Scheduled posts' };
      if (!groups?.length) return { id: 'punctuality', title, metrics: [] };
      const rows = db.$client
        .prepare(
          `select group_id as groupId,
                  sum(status = 'sent' and sent_at - due_at <= @late) as onTime,
                  sum(status = 'sent' and sent_at - due_at > @late) as late,
                  sum(status in ('missed', 'failed', 'pending')) as unsent
             from deliveries
            where kind in ('tip', 'article') and due_at >= @from and due_at <= @to
              and group_id in (select value from json_each(@groups))
            group by group_id`,
        )
        .all({ late: LATE_AFTER_MS, from: span.from, to: span.to, groups: JSON.stringify(groups) }) as (Counts & { groupId: GroupId })[];
      const byGroup = new Map(rows.map((r) => [r.groupId, r]));
      const metric = (key: keyof Counts): SectionMetric => ({
        label: LABELS[key],
        kind: 'count',
        total: rows.reduce((n, r) => n + r[key], 0),
        byGroup: new Map(groups.map((g) => [g, byGroup.get(g)?.[key] ?? 0])),
      });
      return { id: 'punctuality', title, metrics: [metric('onTime'), metric('late'), metric('unsent')] };
    },
  };
}
