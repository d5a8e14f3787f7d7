import type { Outcome } from '../../src/core/adapter.ts';
import type { RestAnswer } from './rest.ts';

type Failure = Extract<Outcome, { ok: false }>;

/** 22009 msg limit exceed (send.md, 常见错误码). */
const RATE_LIMITED = new Set([22009]);
/**
 * The bot is no longer in the group. The docs list no code for it; the words are matched
 * (README, Running on QQ: what is unconfirmed).
 */
const NOT_IN_GROUP = /不在群|不在该群|已被移出|移出群|not in group|robot not in/i;
/** A proactive message refused: stopped on 2025-04-21 (send.md), or switched off by the group or member. */
const PROACTIVE_REFUSED = /主动消息|主动推送|proactive/i;
/** A passive reply past its window or its five replies (send.md): too late for this message. */
const REPLY_EXPIRED = /msg_id.*(?:过期|无效|超时)|(?:过期|无效|超时).*msg_id|回复次数|reply.*(?:expired|limit)/i;

/** Why a send was refused, beyond the core's outcome: the adapter's own bookkeeping needs it. */
export type Refusal = 'proactive-refused' | 'reply-expired' | undefined;

/**
 * An OpenAPI answer as an Outcome (docs/design.md, Errors and retries). The adapter never
 * retries: the core does, by reason. A refused proactive message is `unavailable`: the ledger
 * keeps the delivery and tries again, and the adapter sends it as a passive reply once a member
 * writes in the group.
 */
export function classify(answer: RestAnswer): Outcome & { refusal?: Refusal } {
  const { status, body } = answer;
  const code = Number(body.code ?? body.err_code ?? 0);
  if (status >= 200 && status < 300 && !code) return { ok: true, messageId: body.id === undefined ? undefined : String(body.id) };
  const message = String(body.message ?? '');
  const detail = `HTTP ${status}${code ? `, code ${code}` : ''}`;
  if (status === 429 || RATE_LIMITED.has(code)) return { ok: false, reason: 'rate-limited', retryAfterMs: retryAfter(body), detail };
  if (NOT_IN_GROUP.test(message)) return { ok: false, reason: 'kicked', detail };
  if (PROACTIVE_REFUSED.test(message)) return { ok: false, reason: 'unavailable', detail, refusal: 'proactive-refused' };
  if (REPLY_EXPIRED.test(message)) return { ok: false, reason: 'unavailable', detail, refusal: 'reply-expired' };
  // A token refused mid-flight was forgotten (rest.ts): the next try has a fresh one.
  if (status === 401 || status >= 500) return { ok: false, reason: 'transient', detail };
  return { ok: false, reason: 'rejected', detail };
}

const retryAfter = (body: Record<string, unknown>) => (typeof body.retry_after === 'number' ? body.retry_after * 1000 : undefined);

/** A call that threw: sent or not, nobody knows, so a retry may show twice (the ledger decides). */
export function classifyError(err: unknown): Failure {
  return { ok: false, reason: 'transient', detail: err instanceof Error ? err.name : 'error' };
}
