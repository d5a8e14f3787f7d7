import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Slots a little wider than the limit: a send that reached the platform late must not put the
 * next ones inside the same second.
 */
const MARGIN = 1.05;

/**
 * Spaces sends under the bot's and each group's limits: each send reserves its slot when asked,
 * so concurrent senders (the dispatcher's workers) queue in order without a burst, and a
 * broadcast runs at the bot's rate without a 429 to retry.
 */
export class Pacer {
  private nextAt = 0;
  private readonly nextFor = new Map<string, number>();

  constructor(
    private readonly perSecond: number,
    private readonly perChatPerSecond: number,
  ) {}

  async wait(chat: string): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, this.nextAt, this.nextFor.get(chat) ?? 0);
    this.nextAt = at + (1000 * MARGIN) / this.perSecond;
    this.nextFor.set(chat, at + (1000 * MARGIN) / this.perChatPerSecond);
    // Bounded: slots in the past are no constraint.
    if (this.nextFor.size > 10_000) for (const [k, t] of this.nextFor) if (t < now) this.nextFor.delete(k);
    if (at > now) await sleep(at - now);
  }
}
