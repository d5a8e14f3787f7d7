import type { CoreEvent } from './events.ts';
import type { GroupId, MemberId, Platform } from './ids.ts';
import type { RichMessage } from './message.ts';

/** Where a message goes: a group, or one member privately. */
export type Target = { group: GroupId } | { member: MemberId; viaGroup?: GroupId };

/**
 * What came of one platform call, classified by the adapter (docs/design.md, Errors and retries):
 * retry later (`rate-limited`, `transient`), give up on this chat (`kicked`, `blocked`),
 * or a bug (`rejected`). `no-private-chat` means the member never opened a DM with the bot;
 * `unavailable`, that the platform has no adapter or it is not connected (yet).
 * Whether and when to retry is decided in one place, src/core/retry-policy.ts.
 */
export type Outcome =
  | { ok: true; messageId?: string }
  | {
      ok: false;
      reason: 'kicked' | 'blocked' | 'no-private-chat' | 'rate-limited' | 'transient' | 'rejected' | 'not-found' | 'unavailable';
      retryAfterMs?: number;
      detail?: string;
    };

/** Outbound actions: the core's side of the contract. */
export type Action =
  | { type: 'send'; to: Target; message: RichMessage }
  | { type: 'edit'; group: GroupId; messageId: string; message: RichMessage }
  /** Answer the triggering event in its own context (a reply; an interaction reply on Discord). */
  | { type: 'reply'; message: RichMessage; private?: boolean }
  /** Answer a button press privately (a callback alert, an ephemeral reply, an inline console line). */
  | { type: 'answer'; text: string; alert?: boolean };

/**
 * Thrown by `Adapter.start` when the platform refuses the bot's credentials (a revoked or
 * mistyped token): retrying cannot mend it, so startup stops and says which setting is wrong.
 * Any other failure to start is taken as the platform being unreachable, and retried.
 */
export class CredentialsRejected extends Error {
  constructor(
    readonly platform: Platform,
    readonly detail: string,
  ) {
    super(`${platform} rejected the bot's credentials: ${detail}`);
    this.name = 'CredentialsRejected';
  }
}

export type EventSink = (event: CoreEvent, handle: EventHandle) => Promise<void>;

/** Opaque per-event data the adapter needs to reply (a Discord interaction, a Telegram callback id). */
export type EventHandle = unknown;

export interface Adapter {
  readonly platform: Platform;
  /** Starts receiving; each platform update becomes a core event passed to `sink`. */
  start(sink: EventSink): Promise<void>;
  stop(): Promise<void>;
  /** Carries out one action. `handle` is the triggering event's, for `reply` and `answer`. */
  perform(action: Action, handle?: EventHandle): Promise<Outcome>;
  /** The platform's own record of whether a member administers a group. */
  isAdmin(group: GroupId, member: MemberId): Promise<boolean>;
  /** The platform's member count for a group, when it can tell. */
  memberCount?(group: GroupId): Promise<number | undefined>;
}
