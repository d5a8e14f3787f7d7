/**
 * A fixed window per key (the remote address): enough to stop a script from hammering the sign-in
 * links, whose 256-bit tokens cannot be guessed anyway. Behind a reverse proxy every request has
 * the proxy's address, so the limit then holds for the whole console.
 */
export class RateLimit {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  /** Counts one attempt; false when the key has used up its window. */
  take(key: string): boolean {
    const now = this.now();
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      if (this.windows.size > 10_000) this.windows.clear(); // bounded: an attacker's many addresses cost nothing
      this.windows.set(key, (w = { start: now, count: 0 }));
    }
    w.count += 1;
    return w.count <= this.limit;
  }
}
