/**
 * The measurement of a calendar (`npm run calendar`, docs/design.md, Content): per kind, how many
 * items were sent, how many of them repeat and how close together, the longest stretch without one,
 * how many lack the group's language; per season window, how many of its days got an item of that
 * season.
 */
import type { Library } from '../content/library.ts';
import { SEASONS } from '../content/schema.ts';
import type { Locale } from '../i18n/index.ts';
import type { CalendarEntry } from './calendar.ts';
import { NO_REPEAT_MS } from './picker.ts';
import { inWindow, type ScheduledKind } from './slots.ts';

const DAY = 86_400_000;

export interface KindSummary {
  sent: number;
  /** Different items among them. */
  items: number;
  /** Sends of an item already sent in the period. */
  repeats: number;
  /** Repeats that came within 365 days of the item's previous send: the goal is none. */
  repeatsWithinYear: number;
  /** The fewest days between two sends of one item; null without repeats. */
  closestRepeatDays: number | null;
  /** The longest stretch, in days, between two sends of the kind (or from the start to the first). */
  longestGapDays: number;
  /** Sends with no text in the group's language (English groups only; 0 otherwise). */
  missingLanguage: number;
  /** The item sent most often, and how often. */
  mostSent: { id: string; times: number } | null;
}

export interface SeasonSummary {
  label: string;
  /** Tip days inside the window during the period. */
  days: number;
  /** Of those, days whose tip belongs to the season. */
  inSeason: number;
}

export interface CalendarSummary {
  tip: KindSummary;
  article: KindSummary;
  seasons: SeasonSummary[];
}

export function summarizeCalendar(entries: readonly CalendarEntry[], library: Library, locale: Locale, from: Date): CalendarSummary {
  const kind = (k: ScheduledKind): KindSummary => {
    const sends = entries.filter((e) => e.kind === k);
    const last = new Map<string, number>();
    let repeats = 0;
    let repeatsWithinYear = 0;
    let closest: number | null = null;
    let longestGap = 0;
    let previous = from.getTime();
    let missingLanguage = 0;
    const times = new Map<string, number>();
    let mostSent: KindSummary['mostSent'] = null;
    for (const e of sends) {
      const n = (times.get(e.contentId) ?? 0) + 1;
      times.set(e.contentId, n);
      if (!mostSent || n > mostSent.times) mostSent = { id: e.contentId, times: n };
      const at = e.at.getTime();
      longestGap = Math.max(longestGap, at - previous);
      previous = at;
      const before = last.get(e.contentId);
      if (before !== undefined) {
        repeats++;
        if (at - before < NO_REPEAT_MS) repeatsWithinYear++;
        const days = Math.round((at - before) / DAY);
        closest = closest === null ? days : Math.min(closest, days);
      }
      last.set(e.contentId, at);
      if (locale === 'en' && !hasEnglish(library, k, e.contentId)) missingLanguage++;
    }
    return { sent: sends.length, items: last.size, repeats, repeatsWithinYear, closestRepeatDays: closest, longestGapDays: Math.round(longestGap / DAY), missingLanguage, mostSent };
  };
  const tips = entries.filter((e) => e.kind === 'tip');
  const seasons = Object.entries(SEASONS)
    .map(([label, window]) => {
      const days = tips.filter((e) => inWindow(e.monthDay, window));
      const inSeason = days.filter((e) => library.tipsById.get(e.contentId as never)?.season?.label === label).length;
      return { label, days: days.length, inSeason };
    })
    .filter((s) => s.days > 0);
  return { tip: kind('tip'), article: kind('article'), seasons };
}

function hasEnglish(library: Library, kind: ScheduledKind, id: string): boolean {
  return kind === 'tip' ? Boolean(library.tipsById.get(id as never)?.en) : Boolean(library.articlesById.get(id as never)?.en);
}

/** The summary as the lines the calendar tool prints. */
export function formatCalendarSummary(s: CalendarSummary, locale: Locale): string[] {
  const kind = (name: string, k: KindSummary) =>
    `${name}: ${k.sent} sent, ${k.items} items, ${k.repeats} repeats (${k.repeatsWithinYear} within 365 days` +
    `${k.closestRepeatDays === null ? '' : `, closest ${k.closestRepeatDays} days apart; most sent ${k.mostSent!.id} ×${k.mostSent!.times}`}), longest gap ${k.longestGapDays} days` +
    (locale === 'en' ? `, ${k.missingLanguage} without English` : '');
  const covered = s.seasons.filter((x) => x.inSeason > 0).length;
  return [
    kind('tips', s.tip),
    kind('articles', s.article),
    `seasons covered: ${covered}/${s.seasons.length} (days with a tip of the season / days in its window): ` +
      s.seasons.map((x) => `${x.label} ${x.inSeason}/${x.days}`).join(', '),
  ];
}
