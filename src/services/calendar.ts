import { and, eq, inArray, max } from 'drizzle-orm';
import type { Library } from '../content/library.ts';
import { articleIn, tipText } from '../content/localize.ts';
import type { Audience } from '../content/schema.ts';
import type { GroupId } from '../core/ids.ts';
import type { Db } from '../db/client.ts';
import { deliveries } from '../db/schema.ts';
import type { Locale } from '../i18n/index.ts';
import type { ContentPicker } from './picker.ts';
import { upcomingSlots, type ScheduledKind, type ScheduleSettings } from './slots.ts';

export interface CalendarEntry {
  at: Date;
  kind: ScheduledKind;
  contentId: string;
  /** The group-local date, `MM-DD`. */
  monthDay: string;
  /** A tip's opening words or an article's title, in the group's language where the item has it. */
  title: string;
}

/** Who a calendar is for: a group's schedule, audience and language. */
export type CalendarTarget = ScheduleSettings & { audience: Audience; locale: Locale };

/** What each content item was last due to a group, per kind (the scheduler's history). */
export type CalendarHistories = Record<ScheduledKind, Map<string, number>>;

/** What the scheduler will send a group in the next `days` days, choosing exactly as it will. */
export function previewCalendar(db: Db, library: Library, picker: ContentPicker, group: CalendarTarget & { id: GroupId }, from: Date, days: number): CalendarEntry[] {
  const histories: CalendarHistories = { tip: new Map(), article: new Map() };
  const rows = db
    .select({ kind: deliveries.kind, contentId: deliveries.contentId, at: max(deliveries.dueAt) })
    .from(deliveries)
    .where(and(eq(deliveries.groupId, group.id), inArray(deliveries.status, ['pending', 'sent', 'failed'])))
    .groupBy(deliveries.kind, deliveries.contentId)
    .all();
  for (const row of rows) if (row.kind === 'tip' || row.kind === 'article') histories[row.kind].set(row.contentId, row.at ?? 0);
  return planCalendar(library, picker, group, histories, from, days);
}

/** The calendar of a target with a given history (empty: a group set up at `from`). */
export function planCalendar(library: Library, picker: ContentPicker, target: CalendarTarget, histories: CalendarHistories, from: Date, days: number): CalendarEntry[] {
  const entries: CalendarEntry[] = [];
  const en = target.locale === 'en';
  for (const slot of upcomingSlots(target, from, days)) {
    const id = picker.pick(slot.kind, target.audience, slot, histories[slot.kind]);
    if (!id) continue;
    histories[slot.kind].set(id, slot.dueAt);
    let title = id;
    if (slot.kind === 'tip') {
      const tip = library.tipsById.get(id as never);
      if (tip) title = ellipsis(tipText(tip, target.locale), en ? 60 : 28);
    } else {
      const article = library.articlesById.get(id as never);
      if (article) title = articleIn(article, target.locale).title;
    }
    entries.push({ at: new Date(slot.dueAt), kind: slot.kind, contentId: id, monthDay: slot.monthDay, title });
  }
  return entries;
}

function ellipsis(text: string, chars: number): string {
  const cps = [...text];
  return cps.length <= chars ? text : `${cps.slice(0, chars).join('')}…`;
}
