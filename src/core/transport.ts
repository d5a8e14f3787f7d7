import type { Action, Adapter, EventHandle, Outcome, Target } from './adapter.ts';
import { splitId, type GroupId, type MemberId, type Platform } from './ids.ts';
import type { RichMessage } from './message.ts';
import { decideRetry, INTERACTIVE_RETRY, type RetryPolicy } from './retry-policy.ts';

export type OutcomeObserver = (action: Action, outcome: Outcome) => void;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Routes actions to the adapter of the target's platform, and tells observers what came of
 * them, so that, say, a 403 on any send makes the group inactive in one place.
 *
 * `perform`, `send` and `edit` retry in memory as the retry policy says (src/core/retry-policy.ts),
 * so that a reply or an edit is not lost to a single 429; the waits are real time, the
 * platform's. The delivery ledger retries its rows itself, across ticks: it calls `sendOnce`.
 */
export class Transport {
  private readonly adapters = new Map<Platform, Adapter>();
  private readonly observers: OutcomeObserver[] = [];

  constructor(
    private readonly retry: RetryPolicy = INTERACTIVE_RETRY,
    private readonly wait: (ms: number) => Promise<void> = sleep,
  ) {}

  register(adapter: Adapter): void {
    this.adapters.set(adapter.platform, adapter);
  }

  unregister(adapter: Adapter): void {
    if (this.adapters.get(adapter.platform) === adapter) this.adapters.delete(adapter.platform);
  }

  observe(observer: OutcomeObserver): void {
    this.observers.push(observer);
  }

  adapterFor(id: string): Adapter | undefined {
    return this.adapters.get(splitId(id).platform);
  }

  get platforms(): Platform[] {
    return [...this.adapters.keys()];
  }

  /** Carries out an action, retrying what the policy allows; observers hear of the last outcome. */
  async perform(platform: Platform, action: Action, handle?: EventHandle): Promise<Outcome> {
    let outcome = await this.call(platform, action, handle);
    for (let attempts = 1; !outcome.ok; attempts++) {
      const next = decideRetry(this.retry, outcome, attempts);
      if (!next.retry) break;
      await this.wait(next.afterMs);
      outcome = await this.call(platform, action, handle);
    }
    this.tell(action, outcome);
    return outcome;
  }

  /** One call, never retried: for the delivery ledger, which decides on retries itself and keeps them. */
  async performOnce(platform: Platform, action: Action, handle?: EventHandle): Promise<Outcome> {
    const outcome = await this.call(platform, action, handle);
    this.tell(action, outcome);
    return outcome;
  }

  send(to: Target, message: RichMessage): Promise<Outcome> {
    return this.perform(platformOf(to), { type: 'send', to, message });
  }

  /** A send made once (see performOnce). */
  sendOnce(to: Target, message: RichMessage): Promise<Outcome> {
    return this.performOnce(platformOf(to), { type: 'send', to, message });
  }

  edit(group: GroupId, messageId: string, message: RichMessage): Promise<Outcome> {
    return this.perform(splitId(group).platform, { type: 'edit', group, messageId, message });
  }

  async isAdmin(group: GroupId, member: MemberId): Promise<boolean> {
    const adapter = this.adapterFor(group);
    return adapter ? adapter.isAdmin(group, member).catch(() => false) : false;
  }

  private async call(platform: Platform, action: Action, handle?: EventHandle): Promise<Outcome> {
    const adapter = this.adapters.get(platform);
    if (!adapter) return { ok: false, reason: 'unavailable', detail: `no adapter for ${platform}` };
    // try/await rather than .catch(): no extra promise and closure per send (a broadcast sends thousands).
    try {
      return await adapter.perform(action, handle);
    } catch (err) {
      return { ok: false, reason: 'transient', detail: err instanceof Error ? err.message : String(err) };
    }
  }

  private tell(action: Action, outcome: Outcome): void {
    for (const observe of this.observers) observe(action, outcome);
  }
}

const platformOf = (to: Target): Platform => splitId('group' in to ? to.group : to.member).platform;
