import { GrammyError, HttpError } from 'grammy';
import { CredentialsRejected, type Outcome } from '../../src/core/adapter.ts';

type Failure = Extract<Outcome, { ok: false }>;

/**
 * A Bot API error as a core outcome (docs/design.md, Errors and retries): 401 → unavailable; 429 → rate-limited with its
 * retry_after; 403 → kicked (or blocked, for a person); 5xx and network → transient;
 * 400 → rejected (a bug), but "chat not found" → not-found. `target` says whether the call
 * went to a member's private chat, where "never opened a chat with the bot" is its own outcome.
 */
export function outcomeOf(err: unknown, target: 'group' | 'member' = 'group'): Failure {
  if (err instanceof HttpError) return { ok: false, reason: 'transient', detail: 'network' };
  if (!(err instanceof GrammyError)) return { ok: false, reason: 'rejected', detail: err instanceof Error ? err.message : String(err) };
  const detail = `${err.method}: ${err.error_code} ${err.description}`;
  const said = (...words: string[]) => words.some((w) => err.description.toLowerCase().includes(w));
  // The token was revoked mid-run: the bot is stopping (pollingStopped), and what it was sending
  // stays due for the next start with a good token, without spending its attempts.
  if (err.error_code === 401) return { ok: false, reason: 'unavailable', detail };
  if (err.error_code === 429) return { ok: false, reason: 'rate-limited', retryAfterMs: (err.parameters.retry_after ?? 1) * 1000, detail };
  if (err.error_code >= 500) return { ok: false, reason: 'transient', detail };
  if (said("can't initiate conversation")) return { ok: false, reason: 'no-private-chat', detail };
  if (err.error_code === 403) {
    return { ok: false, reason: said('blocked by the user', 'user is deactivated') ? 'blocked' : 'kicked', detail };
  }
  // The bot is still in the chat but may not post there: as good as kicked until an admin restores its rights.
  if (said('not enough rights', 'have no rights', 'chat_write_forbidden', 'group chat was deactivated')) return { ok: false, reason: 'kicked', detail };
  if (said('chat not found')) return { ok: false, reason: target === 'member' ? 'no-private-chat' : 'not-found', detail };
  if (said('message to edit not found', 'message not found')) return { ok: false, reason: 'not-found', detail };
  return { ok: false, reason: 'rejected', detail };
}

/** A 401 from the Bot API: the token is wrong or revoked (https://core.telegram.org/bots/api#making-requests). */
export function asCredentialsRejected(err: unknown): unknown {
  return isUnauthorized(err) ? new CredentialsRejected('telegram', `${(err as GrammyError).error_code} ${(err as GrammyError).description}`) : err;
}

/** Whether an edit failed only because the text and buttons are already what we asked for. */
export function isNotModified(err: unknown): boolean {
  return err instanceof GrammyError && err.description.includes('message is not modified');
}

/** Telegram refused the token: it was revoked, or was never right. */
export function isUnauthorized(err: unknown): boolean {
  return err instanceof GrammyError && err.error_code === 401;
}

/** Another process is polling the same token (or a webhook is set while polling). */
export function isConflict(err: unknown): boolean {
  return err instanceof GrammyError && err.error_code === 409;
}

/** The new chat id when a send went to a group that has become a supergroup. */
export function migratedTo(err: unknown): number | undefined {
  return err instanceof GrammyError ? err.parameters.migrate_to_chat_id : undefined;
}

/** What may be logged about an error: never its payload, which holds the message text. */
export function loggable(err: unknown): Record<string, unknown> {
  if (err instanceof GrammyError) return { method: err.method, code: err.error_code, description: err.description };
  if (err instanceof HttpError) return { network: err.message };
  return { error: err instanceof Error ? err.message : String(err) };
}
