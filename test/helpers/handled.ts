/** Tracks which pushed updates an adapter has fully handled (its `onHandled` hook, by id), for tests to wait on. */
export class Handled {
  private readonly waiting = new Map<number, () => void>();
  private readonly done = new Set<number>();

  readonly onHandled = (id: number): void => {
    this.done.add(id);
    this.waiting.get(id)?.();
  };

  /** Waits until the adapter has handled the update with this id. */
  waitId(id: number, timeoutMs = 20_000): Promise<void> {
    if (this.done.has(id)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`update ${id} not handled`)), timeoutMs);
      this.waiting.set(id, () => (clearTimeout(timer), this.waiting.delete(id), resolve()));
    });
  }
}
