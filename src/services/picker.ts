import type { Audience } from '../content/schema.ts';
import type { Library } from '../content/library.ts';
import { inWindow, type ScheduledKind } from './slots.ts';

interface Item {
  id: string;
  audiences: readonly Audience[];
  season?: { from: string; to: string };
}

/** When each content item was last sent to one group. */
export type History = ReadonlyMap<string, number>;

/** The date a pick is for: the group-local month-day (seasons) and the instant (the year without repeats). */
export interface PickDate {
  monthDay: string;
  dueAt: number;
}

/** An item is not sent to a group again within this long while the pool has another. */
export const NO_REPEAT_MS = 365 * 86_400_000;

/** A pool split by how its items stand on one date, in the order they are preferred. */
interface Ordering {
  inSeason: Item[];
  plain: Item[];
  offSeason: Item[];
}

/**
 * Chooses what a group receives next, deterministically (docs/design.md, Content):
 * 1. an item it has not received within a year whose season window contains the date;
 * 2. else one with no season; 3. else one whose season is elsewhere in the year, the one whose
 *    window opens furthest off first (the season just ended), so those soon due are kept for it.
 *    Within each, one never received comes first (lowest id), then the one received longest ago.
 * 4. Else (every item received within the year) the one received longest ago, in-season on a tie:
 *    repeats go round the whole pool in the order of the first round, so no item is hammered
 *    because it alone is in season.
 * Orderings are cached per date, so a tick over thousands of groups does the season arithmetic once.
 */
export class ContentPicker {
  private readonly orderings = new Map<string, Ordering>();

  constructor(private readonly library: Library) {}

  /** The ordering asked for last: a tick asks for the same one for group after group. */
  private last: { kind: ScheduledKind; audience: Audience; monthDay: string; ordering: Ordering } | undefined;

  private ordering(kind: ScheduledKind, audience: Audience, monthDay: string): Ordering {
    const last = this.last;
    if (last && last.kind === kind && last.audience === audience && last.monthDay === monthDay) return last.ordering;
    const ordering = this.orderingOf(kind, audience, monthDay);
    this.last = { kind, audience, monthDay, ordering };
    return ordering;
  }

  private orderingOf(kind: ScheduledKind, audience: Audience, monthDay: string): Ordering {
    const key = `${kind}|${audience}|${monthDay}`;
    let ordering = this.orderings.get(key);
    if (!ordering) {
      const items: readonly Item[] = kind === 'tip' ? this.library.tips : this.library.articles;
      ordering = { inSeason: [], plain: [], offSeason: [] };
      for (const item of items) {
        if (!item.audiences.includes(audience)) continue;
        if (!item.season) ordering.plain.push(item);
        else (inWindow(monthDay, item.season) ? ordering.inSeason : ordering.offSeason).push(item);
      }
      // Out of season, the item whose season just ended goes first: its window is furthest off.
      const wait = (item: Item) => daysUntil(monthDay, item.season!.from);
      ordering.offSeason.sort((a, b) => wait(b) - wait(a));
      if (this.orderings.size > 5_000) this.orderings.clear(); // bounded: a year of dates × kinds × audiences
      this.orderings.set(key, ordering);
    }
    return ordering;
  }

  pick(kind: ScheduledKind, audience: Audience, date: PickDate, history: History): string | undefined {
    const { inSeason, plain, offSeason } = this.ordering(kind, audience, date.monthDay);
    const yearAgo = date.dueAt - NO_REPEAT_MS;
    for (const list of [inSeason, plain, offSeason]) {
      let oldest: { id: string; at: number } | undefined;
      for (const item of list) {
        const at = history.get(item.id);
        if (at === undefined) return item.id;
        if (at <= yearAgo && (!oldest || at < oldest.at)) oldest = { id: item.id, at };
      }
      if (oldest) return oldest.id;
    }
    let oldest: { id: string; at: number } | undefined;
    for (const list of [inSeason, plain, offSeason]) {
      for (const item of list) {
        const at = history.get(item.id)!;
        if (!oldest || at < oldest.at) oldest = { id: item.id, at };
      }
    }
    return oldest?.id;
  }
}

const CUMULATIVE_DAYS = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
const dayOfYear = (monthDay: string) => CUMULATIVE_DAYS[Number(monthDay.slice(0, 2)) - 1]! + Number(monthDay.slice(3));

/** Days from one month-day to the next occurrence of another (0–364, in a year of 365 days). */
function daysUntil(from: string, to: string): number {
  return (dayOfYear(to) - dayOfYear(from) + 365) % 365;
}
