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

/** A pool split by how its items stand on one date, in the order they are preferred. */
interface Ordering {
  inSeason: Item[];
  plain: Item[];
  offSeason: Item[];
}

/**
 * Chooses what a group receives next, deterministically:
 * 1. an item it has not received whose season window contains the date;
 * 2. else one it has not received with no season;
 * 3. else one it has not received whose season is elsewhere in the year;
 * 4. else (pool exhausted) a repeat, the one received longest ago, in-season first.
 * Ties go to the lowest id, so tests are stable. Orderings are cached per date, so a tick over
 * thousands of groups does the season arithmetic once.
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
      if (this.orderings.size > 5_000) this.orderings.clear(); // bounded: a year of dates × kinds × audiences
      this.orderings.set(key, ordering);
    }
    return ordering;
  }

  pick(kind: ScheduledKind, audience: Audience, monthDay: string, history: History): string | undefined {
    const { inSeason, plain, offSeason } = this.ordering(kind, audience, monthDay);
    for (const list of [inSeason, plain, offSeason]) {
      for (const item of list) if (!history.has(item.id)) return item.id;
    }
    let best: { id: string; at: number } | undefined;
    for (const list of [inSeason, [...plain, ...offSeason]]) {
      for (const item of list) {
        const at = history.get(item.id)!;
        if (!best || at < best.at) best = { id: item.id, at };
      }
      if (best) return best.id;
    }
    return undefined;
  }
}
