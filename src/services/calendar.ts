import { and, eq, inArray, max } from 'drizzle-orm';
import type { Library } from '../content/library.ts';
import type { Db } from '../db/client.ts';
import { deliveries } from '../db/schema.ts';
import type { Group } from './groups.ts';
import type { ContentPicker } from './picker.ts';
import { upcomingSlots, type ScheduledKind } from './slots.ts';

export interface CalendarEntry {
  at: Date;
  kind: ScheduledKind;
  contentId: string;
  /** A tip's opening words or an article's title. */
  title: string;
}

/** What the scheduler will send a group in the next `days` days, choosing exactly as it will. */
export function previewCalendar(db: Db, library: Library, picker: ContentPicker, group: Group, from: Date, days: number): CalendarEntry[] {
  const histories: Record<ScheduledKind, Map<string, number>> = { tip: new Map(), article: new Map() };
  const rows = db
    .select({ kind: deliveries.kind, contentId: deliveries.contentId, at: max(deliveries.dueAt) })
    .from(deliveries)
    .where(and(eq(deliveries.groupId, group.id), inArray(deliveries.status, ['pending', 'sent', 'failed'])))
    .groupBy(deliveries.kind, deliveries.contentId)
    .all();
  for (const row of rows) if (row.kind === 'tip' || row.kind === 'article') histories[row.kind].set(row.contentId, row.at ?? 0);

  const entries: CalendarEntry[] = [];
  for (const slot of upcomingSlots(group, from, days)) {
    const id = picker.pick(slot.kind, group.audience, slot, histories[slot.kind]);
    if (!id) continue;
    histories[slot.kind].set(id, slot.dueAt);
    const title =
      slot.kind === 'tip'
        ? ellipsis(library.tipsById.get(id as never)?.text ?? id, 28)
        : (library.articlesById.get(id as never)?.title ?? id);
    entries.push({ at: new Date(slot.dueAt), kind: slot.kind, contentId: id, title });
  }
  return entries;
}

function ellipsis(text: string, chars: number): string {
  const cps = [...text];
  return cps.length <= chars ? text : `${cps.slice(0, chars).join('')}…`;
}
