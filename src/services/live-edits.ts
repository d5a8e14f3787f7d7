import type { Clock } from '../core/clock.ts';

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
    this.lastEdit.set(key, this.clock.now().getTime());
    return this.edit(key);
  }
}
