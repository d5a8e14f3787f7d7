import type { Outcome } from './adapter.ts';

/** A platform call that did not succeed, as the adapter classified it. */
export type Failure = Extract<Outcome, { ok: false }>;

/**
 * Whether and when to try a failed platform call again: the one place that decides it
 * (docs/design.md, Errors and retries). The adapters classify errors
 * (adapters/<platform>/errors.ts) and pace their calls under the platform's limits; they never
 * retry. The delivery ledger keeps the decision as next_attempt_at; the transport waits it out
 * in memory for the actions that have no ledger row (a reply, a callback answer, an edit of a
 * live count).
 */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** The wait after the first failure, doubled after each further one. */
  backoffMs: number;
  /** The longest wait worth making: when the platform asks for more, give up. Unbounded when absent. */
  maxWaitMs?: number;
  /**
   * Whether to wait, without counting attempts, while the platform has no adapter or it is not
   * connected: a deployment mistake or an outage must not lose a scheduled delivery for good.
   */
  waitForPlatform?: boolean;
}

export type RetryDecision = { retry: true; afterMs: number } | { retry: false };

/** Scheduled deliveries: retried by later ticks (one a minute), so the backoff starts at a minute. */
export const LEDGER_RETRY: RetryPolicy = { maxAttempts: 5, backoffMs: 60_000, waitForPlatform: true };

/**
 * Interactive actions, waited out in memory while the member waits: a few quick tries, and only
 * a short retry_after (Telegram answers a button press only within about 15 s).
 */
export const INTERACTIVE_RETRY: RetryPolicy = { maxAttempts: 3, backoffMs: 500, maxWaitMs: 5_000 };

const GIVE_UP: RetryDecision = { retry: false };

/** Connecting to a platform that cannot be reached: 1 s, doubled after each failure, at most a minute. */
export function connectBackoffMs(failures: number): number {
  return Math.min(1_000 * 2 ** (failures - 1), 60_000);
}

/**
 * What to do after `attempts` calls, the last of which failed so: retry a rate limit or a
 * transient error after the longer of the backoff and the platform's retry_after, a bounded
 * number of times; give up on the rest (kicked, blocked, rejected…), which a retry cannot mend.
 */
export function decideRetry(policy: RetryPolicy, failure: Failure, attempts: number): RetryDecision {
  if (failure.reason === 'unavailable') return policy.waitForPlatform ? { retry: true, afterMs: policy.backoffMs } : GIVE_UP;
  if (failure.reason !== 'rate-limited' && failure.reason !== 'transient') return GIVE_UP;
  if (attempts >= policy.maxAttempts) return GIVE_UP;
  const afterMs = Math.max(policy.backoffMs * 2 ** (attempts - 1), failure.retryAfterMs ?? 0);
  return afterMs > (policy.maxWaitMs ?? Infinity) ? GIVE_UP : { retry: true, afterMs };
}
