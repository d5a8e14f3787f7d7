/**
 * Everything that reads time takes a Clock, so tests and the console's `:time`/`:advance`
 * can move time; nothing calls Date.now() directly.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that runs with real time but can be set or advanced: the console and tests use it. */
export class AdjustableClock implements Clock {
  private offsetMs = 0;
  private frozenAt: number | undefined;

  constructor(private readonly source: Clock = systemClock) {}

  now(): Date {
    return new Date(this.frozenAt ?? this.source.now().getTime() + this.offsetMs);
  }

  set(at: Date): void {
    if (this.frozenAt !== undefined) this.frozenAt = at.getTime();
    else this.offsetMs = at.getTime() - this.source.now().getTime();
  }

  advance(ms: number): void {
    this.set(new Date(this.now().getTime() + ms));
  }

  /** Stops time at the current instant (tests want exact times). */
  freeze(at: Date = this.now()): this {
    this.frozenAt = at.getTime();
    return this;
  }
}

const UNITS: Record<string, number> = { s: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Parses durations such as `1d`, `3h`, `90m`, `2w`; undefined when malformed. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(s|m|min|h|d|w)$/i.exec(text.trim());
  if (!m) return undefined;
  return Math.round(Number(m[1]) * UNITS[m[2]!.toLowerCase()]!);
}
