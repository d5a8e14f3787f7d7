import type { Outcome } from '../../src/core/adapter.ts';
import { ActionUnanswered, type ActionResponse } from './link.ts';

type Failure = Extract<Outcome, { ok: false }>;

/** Words NapCat and LLBot answer with when the bot is no longer in the group. */
const NOT_IN_GROUP = /不在(?:该|此)?群|被移出|not in (?:the )?group|group not found/i;

/**
 * An action's answer as an Outcome (docs/design.md, Errors and retries; retcodes from
 * botuniverse/onebot-11, api/README.md). The adapter never retries: the core does, by reason.
 * An action that never left the bot is `unavailable` and safe to repeat; one that left and got
 * no answer in time is `transient`, the one case where a retried send could show twice.
 */
export function classifyResponse(r: ActionResponse): Outcome {
  if (r.status === 'ok' || r.status === 'async') {
    const id = (r.data as { message_id?: unknown } | undefined)?.message_id;
    return { ok: true, messageId: id === undefined ? undefined : String(id) };
  }
  const detail = `retcode ${r.retcode}`;
  if (NOT_IN_GROUP.test(`${r.message ?? ''} ${r.wording ?? ''}`)) return { ok: false, reason: 'kicked', detail };
  // 1400 bad request, 1401/1403 the token, 1404 an action this implementation lacks: a retry cannot mend them.
  if (r.retcode >= 1400 && r.retcode < 1500) return { ok: false, reason: 'rejected', detail };
  return { ok: false, reason: 'transient', detail };
}

export function classifyError(err: unknown): Failure {
  if (err instanceof ActionUnanswered) return err.sent ? { ok: false, reason: 'transient', detail: err.message } : { ok: false, reason: 'unavailable', detail: err.message };
  return { ok: false, reason: 'transient', detail: err instanceof Error ? err.message : String(err) };
}
