import type { Clock } from '../core/clock.ts';

/** Remembered edits above which the old ones are forgotten. */
const PRUNE_ABOVE = 1_000;

/**
 * Live counts on a message (已阅 N 人, 已作答 N 人) are edits, debounced per message: at most
 * one edit every interval, and the delayed edit reads the latest count when it runs.
 */
export class DebouncedEdits<K> {
  private readonly lastEdit = new Map<K, number>();
  private readonly timers = new Map<K, NodeJS.Timeout>();

  constructor(
    private readonly clock: Clock,
    private readonly intervalMs: number,
    private readonly edit: (key: K) => Promise<void>,
  ) {}

  /** Edits now, or once the interval since the last edit of this message has passed. */
  async request(key: K): Promise<void> {
    if (this.timers.has(key)) return; // an edit is already due; it will read the latest count
    const wait = (this.lastEdit.get(key) ?? -Infinity) + this.intervalMs - this.clock.now().getTime();
    if (wait <= 0) return this.run(key);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.run(key);
      }, wait),
    );
  }

  /** Makes every pending edit now (at shutdown, and in tests). */
  async flush(): Promise<void> {
    const due = [...this.timers.keys()];
    for (const key of due) clearTimeout(this.timers.get(key));
    this.timers.clear();
    await Promise.all(due.map((key) => this.run(key)));
  }

  private run(key: K): Promise<void> {
    const now = this.clock.now().getTime();
    this.lastEdit.set(key, now);
    // An edit older than the interval no longer delays anything: forget those, so the map stays small.
    if (this.lastEdit.size > PRUNE_ABOVE) for (const [k, at] of this.lastEdit) if (at + this.intervalMs <= now) this.lastEdit.delete(k);
    return this.edit(key);
  }
}
