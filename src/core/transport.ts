import type { Action, Adapter, EventHandle, Outcome, Target } from './adapter.ts';
import { splitId, type GroupId, type MemberId, type Platform } from './ids.ts';
import type { RichMessage } from './message.ts';

export type OutcomeObserver = (action: Action, outcome: Outcome) => void;

/**
 * Routes actions to the adapter of the target's platform, and tells observers what came of
 * them, so that, say, a 403 on any send makes the group inactive in one place.
 */
export class Transport {
  private readonly adapters = new Map<Platform, Adapter>();
  private readonly observers: OutcomeObserver[] = [];

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

  async perform(platform: Platform, action: Action, handle?: EventHandle): Promise<Outcome> {
    const adapter = this.adapters.get(platform);
    let outcome: Outcome;
    if (!adapter) outcome = { ok: false, reason: 'rejected', detail: `no adapter for ${platform}` };
    else {
      // try/await rather than .catch(): no extra promise and closure per send (a broadcast sends thousands).
      try {
        outcome = await adapter.perform(action, handle);
      } catch (err) {
        outcome = { ok: false, reason: 'transient', detail: err instanceof Error ? err.message : String(err) };
      }
    }
    for (const observe of this.observers) observe(action, outcome);
    return outcome;
  }

  send(to: Target, message: RichMessage): Promise<Outcome> {
    const id = 'group' in to ? to.group : to.member;
    return this.perform(splitId(id).platform, { type: 'send', to, message });
  }

  edit(group: GroupId, messageId: string, message: RichMessage): Promise<Outcome> {
    return this.perform(splitId(group).platform, { type: 'edit', group, messageId, message });
  }

  async isAdmin(group: GroupId, member: MemberId): Promise<boolean> {
    const adapter = this.adapterFor(group);
    return adapter ? adapter.isAdmin(group, member).catch(() => false) : false;
  }
}
