import { addDays, localParts, zonedInstant } from '../core/time.ts';
import { REPORT_PERIODS } from '../db/ledger/tables.ts';

/** The periods of a report (the rows of group_periods); "this week" in the issue is the 7-day period. */
export const PERIOD_KEYS = REPORT_PERIODS;
export type PeriodKey = (typeof REPORT_PERIODS)[number];

/** A span of time in epoch ms, from inclusive to exclusive. */
export interface Span {
  from: number;
  to: number;
}

const DAYS_BACK: Record<Exclude<PeriodKey, 'term'>, number> = { today: 0, '7d': 6, '30d': 29 };

/** The local date `2026-12-01` of a calendar date. */
const dateKey = (d: { year: number; month: number; day: number }) => `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;

/** The latest term start not after `today`, or the earliest one when none has started yet. */
function termStartOn(today: string, termStarts: readonly string[]): string | undefined {
  const sorted = [...termStarts].sort();
  return sorted.filter((s) => s <= today).at(-1) ?? sorted[0];
}

/**
 * The first local day of each period, as group_days files days: the same periods as periodSpan.
 * A term that has not started yet begins on its first day, so it holds nothing yet.
 */
export function periodFirstDays(now: Date, tz: string, termStarts: readonly string[]): Record<PeriodKey, string> {
  const l = localParts(now, tz);
  const back = (days: number) => dateKey(addDays(l.year, l.month, l.day, -days));
  const today = back(0);
  return { today, '7d': back(DAYS_BACK['7d']), '30d': back(DAYS_BACK['30d']), term: termStartOn(today, termStarts) ?? '9999-12-31' };
}

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
  const today = dateKey(l);
  const start = termStartOn(today, termStarts);
  if (!start) return { from: to, to };
  const [y, m, d] = start.split('-').map(Number) as [number, number, number];
  return { from: Math.min(zonedInstant(y, m, d, 0, 0, tz).getTime(), to), to };
}

/** The last `count` ISO weeks (Monday to Sunday, group-local), oldest first; the last one ends now. `day` is the Monday's local date. */
export function weekSpans(count: number, now: Date, tz: string): (Span & { monday: string; day: string })[] {
  const l = localParts(now, tz);
  const monday = addDays(l.year, l.month, l.day, 1 - l.weekday);
  const spans: (Span & { monday: string; day: string })[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const start = addDays(monday.year, monday.month, monday.day, -7 * i);
    const end = addDays(start.year, start.month, start.day, 7);
    spans.push({
      monday: `${start.month}/${start.day}`,
      day: dateKey(start),
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

/**
 * A period of whole local days, `from` to `to` inclusive (`2026-11-01`): a month, a half month, a
 * week, or any days asked for. Each class reads it in its own timezone, as group_days files days.
 */
export interface DayRange {
  from: string;
  to: string;
}

/** A report's period: one of the rolling periods kept in group_periods, or a range of days. */
export type Period = PeriodKey | DayRange;

export const isDayRange = (p: Period): p is DayRange => typeof p !== 'string';

const parseDay = (key: string) => key.split('-').map(Number) as [number, number, number];
const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** The range's span in a timezone: from the local midnight of `from` to the one after `to`. */
export function rangeSpan(range: DayRange, tz: string): Span {
  const [y1, m1, d1] = parseDay(range.from);
  const end = addDays(...parseDay(range.to), 1);
  return { from: zonedInstant(y1, m1, d1, 0, 0, tz).getTime(), to: zonedInstant(end.year, end.month, end.day, 0, 0, tz).getTime() };
}

/** A month `2026-11` as its days. */
export function monthRange(year: number, month: number): DayRange {
  return { from: dateKey({ year, month, day: 1 }), to: dateKey({ year, month, day: daysInMonth(year, month) }) };
}

/** The half month (1st–15th, 16th–end) that holds the local day `day`. */
export function halfMonthOf(day: string): DayRange {
  const [year, month, d] = parseDay(day);
  return d <= 15
    ? { from: dateKey({ year, month, day: 1 }), to: dateKey({ year, month, day: 15 }) }
    : { from: dateKey({ year, month, day: 16 }), to: dateKey({ year, month, day: daysInMonth(year, month) }) };
}

/** The half month before the one that holds `day`. */
export function previousHalfMonth(day: string): DayRange {
  const { from } = halfMonthOf(day);
  const before = addDays(...parseDay(from), -1);
  return halfMonthOf(dateKey(before));
}

/** A rolling period as the days it covers on the local day `today` (the CLI's --as-of). */
export function rollingRange(key: PeriodKey, today: string, termStarts: readonly string[]): DayRange {
  if (key === 'term') return { from: termStartOn(today, termStarts) ?? today, to: today };
  return { from: dateKey(addDays(...parseDay(today), -DAYS_BACK[key])), to: today };
}

/**
 * A period word of /report and the CLI, on the local day `today`: a rolling period (7d, 本周…), a
 * month (`2026-11`), 上周 (the last ISO week, Monday to Sunday), 上半月 (the half month before
 * this one), 上月 (last month).
 */
export function parsePeriodWord(word: string, today: string): Period | undefined {
  const rolling = parsePeriod(word);
  if (rolling) return rolling;
  const month = /^(\d{4})-(\d{2})$/.exec(word);
  if (month) {
    const [y, m] = [Number(month[1]), Number(month[2])];
    return m >= 1 && m <= 12 ? monthRange(y, m) : undefined;
  }
  const [y, m, d] = parseDay(today);
  switch (word.toLowerCase()) {
    case '上周':
    case 'lastweek': {
      const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
      const monday = addDays(y, m, d, -weekday - 7);
      return { from: dateKey(monday), to: dateKey(addDays(monday.year, monday.month, monday.day, 6)) };
    }
    case '上半月':
    case 'lasthalf':
      return previousHalfMonth(today);
    case '上月':
    case 'lastmonth': {
      const last = addDays(y, m, 1, -1);
      return monthRange(last.year, last.month);
    }
    default:
      return undefined;
  }
}
