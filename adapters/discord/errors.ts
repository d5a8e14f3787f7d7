import { DiscordAPIError, DiscordjsError, DiscordjsErrorCodes, HTTPError, RateLimitError } from 'discord.js';
import { CredentialsRejected, type Outcome } from '../../src/core/adapter.ts';

type Failure = Extract<Outcome, { ok: false }>;

/**
 * A login that Discord refused: discord.js turns a 401 from /gateway/bot into TokenInvalid
 * (discord.js src/client/websocket/WebSocketManager.js, connect()).
 */
export function asCredentialsRejected(err: unknown): unknown {
  return err instanceof DiscordjsError && err.code === DiscordjsErrorCodes.TokenInvalid ? new CredentialsRejected('discord', err.message) : err;
}

/** Discord's JSON error codes the adapter tells apart. */
export const ErrorCode = {
  UnknownChannel: 10003,
  UnknownMessage: 10008,
  /** An interaction token that expired (3 s to the first reply, 15 min to follow-ups) or was used. */
  UnknownInteraction: 10062,
  MissingAccess: 50001,
  CannotMessageUser: 50007,
  MissingPermissions: 50013,
} as const;

/**
 * A discord.js error as a core outcome (docs/design.md, Errors and retries). 429s are waited out by
 * discord.js's REST queue (see DiscordAdapter's `rest` options), so `rate-limited` only comes of
 * a RateLimitError. Missing Access or
 * Permissions and an Unknown Channel make the group as good as kicked (no retries); a member who
 * takes no DMs from server members has no private chat; 5xx and network errors are transient;
 * any other 4xx is a bug (`rejected`).
 */
export function outcomeOf(err: unknown, target: 'group' | 'member' = 'group'): Failure {
  if (err instanceof RateLimitError) return { ok: false, reason: 'rate-limited', retryAfterMs: err.retryAfter, detail: `${err.method} ${err.route}: 429` };
  if (err instanceof DiscordAPIError) {
    const detail = `${err.method.toUpperCase()} ${routeOf(err.url)}: ${err.status} ${err.code}`;
    if (err.status === 429) return { ok: false, reason: 'rate-limited', detail };
    if (err.status >= 500) return { ok: false, reason: 'transient', detail };
    if (err.code === ErrorCode.CannotMessageUser) return { ok: false, reason: 'no-private-chat', detail };
    if (lacksPermissions(err)) return { ok: false, reason: 'kicked', detail };
    if (err.code === ErrorCode.UnknownChannel) return { ok: false, reason: target === 'group' ? 'kicked' : 'not-found', detail };
    if (err.code === ErrorCode.UnknownMessage || err.code === ErrorCode.UnknownInteraction) return { ok: false, reason: 'not-found', detail };
    if (err.status === 403) return { ok: false, reason: 'kicked', detail };
    return { ok: false, reason: 'rejected', detail };
  }
  if (err instanceof HTTPError) return { ok: false, reason: err.status >= 500 ? 'transient' : 'rejected', detail: `${err.method} ${routeOf(err.url)}: ${err.status}` };
  // undici's network failures (refused, reset, timed out) are TypeErrors or carry a system error code.
  if (err instanceof TypeError || (err instanceof Error && 'code' in err)) return { ok: false, reason: 'transient', detail: 'network' };
  return { ok: false, reason: 'rejected', detail: err instanceof Error ? err.message : String(err) };
}

/** The bot is in the channel but may not see or post in it. */
export function lacksPermissions(err: unknown): boolean {
  return err instanceof DiscordAPIError && (err.code === ErrorCode.MissingPermissions || err.code === ErrorCode.MissingAccess);
}

/** The path of a REST url without its query: interaction tokens live in paths, so they are cut. */
function routeOf(url: string): string {
  return new URL(url).pathname.replace(/\/(interactions\/\d+|webhooks\/\d+)\/[^/]+/, '/$1/:token');
}

/** What may be logged about an error: never its request body, which holds the message text. */
export function loggable(err: unknown): Record<string, unknown> {
  if (err instanceof DiscordAPIError) return { route: routeOf(err.url), status: err.status, code: err.code };
  if (err instanceof HTTPError) return { route: routeOf(err.url), status: err.status };
  return { error: err instanceof Error ? err.message : String(err) };
}
