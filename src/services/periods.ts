import { addDays, localParts, zonedInstant } from '../core/time.ts';

/** The periods of a report; "this week" in the issue is the 7-day period. */
export const PERIOD_KEYS = ['today', '7d', '30d', 'term'] as const;
export type PeriodKey = (typeof PERIOD_KEYS)[number];

/** A span of time in epoch ms, from inclusive to exclusive. */
export interface Span {
  from: number;
  to: number;
}

const DAYS_BACK: Record<Exclude<PeriodKey, 'term'>, number> = { today: 0, '7d': 6, '30d': 29 };

/**
 * A period as group-local days ending now: today from local midnight, 7 days from midnight six
 * days ago, 30 days likewise, and the term from the latest TERM_STARTS date not after today
 * (the earliest one when none has started yet, so the term is then empty).
 */
export function periodSpan(key: PeriodKey, now: Date, tz: string, termStarts: readonly string[]): Span {
  const l = localParts(now, tz);
  const to = now.getTime() + 1;
  if (key !== 'term') {
    const d = addDays(l.year, l.month, l.day, -DAYS_BACK[key]);
    return { from: zonedInstant(d.year, d.month, d.day, 0, 0, tz).getTime(), to };
  }
  const today = `${l.year}-${String(l.month).padStart(2, '0')}-${String(l.day).padStart(2, '0')}`;
  const sorted = [...termStarts].sort();
  const start = sorted.filter((s) => s <= today).at(-1) ?? sorted[0];
  if (!start) return { from: to, to };
  const [y, m, d] = start.split('-').map(Number) as [number, number, number];
  return { from: Math.min(zonedInstant(y, m, d, 0, 0, tz).getTime(), to), to };
}

/** The last `count` ISO weeks (Monday to Sunday, group-local), oldest first; the last one ends now. */
export function weekSpans(count: number, now: Date, tz: string): (Span & { monday: string })[] {
  const l = localParts(now, tz);
  const monday = addDays(l.year, l.month, l.day, 1 - l.weekday);
  const spans: (Span & { monday: string })[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const start = addDays(monday.year, monday.month, monday.day, -7 * i);
    const end = addDays(start.year, start.month, start.day, 7);
    spans.push({
      monday: `${start.month}/${start.day}`,
      from: zonedInstant(start.year, start.month, start.day, 0, 0, tz).getTime(),
      to: i === 0 ? now.getTime() + 1 : zonedInstant(end.year, end.month, end.day, 0, 0, tz).getTime(),
    });
  }
  return spans;
}

export function parsePeriod(word: string): PeriodKey | undefined {
  const w = word.toLowerCase();
  const aliases: Record<string, PeriodKey> = { today: 'today', 今天: 'today', '7d': '7d', week: '7d', 本周: '7d', '30d': '30d', month: '30d', '30天': '30d', term: 'term', 本学期: 'term', 学期: 'term' };
  return aliases[w];
}
