import type { Action, Adapter, EventSink, Outcome } from '../../src/core/adapter.ts';
import type { Clock } from '../../src/core/clock.ts';
import type { GroupId, MemberId } from '../../src/core/ids.ts';
import type { Robot } from '../../src/services/webhook-groups.ts';
import { markdownBody } from './render.ts';
import { classify, signedUrl } from './robot-api.ts';

/** Both robots take about 20 messages a minute each (README, Push-only webhook groups). */
export const ROBOT_LIMIT = { max: 20, ms: 60_000 };

/** How long a robot may take to answer before the call counts as a transient failure. */
const REQUEST_TIMEOUT_MS = 15_000;

export interface WebhookAdapterOptions {
  /** The robot of a webhook group, read from the database on each send (a removed group has none). */
  robotOf: (group: GroupId) => Robot | undefined;
  /**
   * The pacing window's clock: the app's, as the ledger's retries are (the same as the wall clock
   * but in the console's time travel). DingTalk's signature takes the wall clock, since DingTalk
   * checks it against its own.
   */
  clock: Clock;
  limit?: { max: number; ms: number };
}

/**
 * Push-only webhook groups (DingTalk custom robots, WeCom group robots): the encoder half of an
 * adapter, with no decoder since a webhook receives nothing. It posts markdown, signs DingTalk
 * requests, and paces each robot under its limit: when a robot has had its share of the window,
 * the send is answered `rate-limited` with the wait, and the delivery ledger tries it again then
 * (docs/design.md, Errors and retries): a tick is never held up for a minute, and nothing is lost.
 */
export class WebhookAdapter implements Adapter {
  readonly platform = 'webhook' as const;
  /** Per robot (group), when each recent call's slot frees: one window after its answer; Infinity while in flight. */
  private readonly slots = new Map<GroupId, { until: number }[]>();
  private readonly limit;

  constructor(private readonly opts: WebhookAdapterOptions) {
    this.limit = opts.limit ?? ROBOT_LIMIT;
  }

  async start(_sink: EventSink): Promise<void> {}

  async stop(): Promise<void> {}

  async perform(action: Action): Promise<Outcome> {
    if (action.type !== 'send' || !('group' in action.to)) return { ok: false, reason: 'rejected', detail: `a webhook group cannot ${action.type}` };
    const group = action.to.group;
    const robot = this.opts.robotOf(group);
    if (!robot) return { ok: false, reason: 'kicked', detail: 'no robot registered for this group' };
    const now = this.opts.clock.now().getTime();
    const slots = (this.slots.get(group) ?? []).filter((s) => s.until > now);
    this.slots.set(group, slots);
    if (slots.length >= this.limit.max) {
      // While every slot is in flight the wait is unknown: a window is the longest it can be.
      const retryAfterMs = Math.min(...slots.map((s) => s.until), now + this.limit.ms) - now;
      return { ok: false, reason: 'rate-limited', retryAfterMs, detail: 'paced under the robot limit' };
    }
    const slot = { until: Infinity };
    slots.push(slot);
    try {
      return await post(signedUrl(robot, Date.now()), markdownBody(robot.kind, action.message));
    } finally {
      slot.until = this.opts.clock.now().getTime() + this.limit.ms;
    }
  }

  /** Nobody administers a webhook group from inside it: registering one is a school admin's command. */
  async isAdmin(_group: GroupId, _member: MemberId): Promise<boolean> {
    return false;
  }
}

/** One POST; a network failure is transient and its message, which may carry the URL, is not kept. */
async function post(url: string, body: unknown): Promise<Outcome> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (err) {
    return { ok: false, reason: 'transient', detail: err instanceof Error ? err.name : 'network error' };
  }
  const answer: unknown = await response.json().catch(() => undefined);
  return classify(response.status, answer);
}
