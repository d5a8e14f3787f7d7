import type { IncomingFile } from './incoming-file.ts';
import type { GroupId, MemberId, Platform } from './ids.ts';
import type { RichMessage } from './message.ts';

/** Who did something. `isAdmin` is the platform's own answer when the update carries it. */
export interface Sender {
  id: MemberId;
  name: string;
  isAdmin?: boolean;
  /** The member's client language, when the platform tells us (e.g. `zh-hans`, `en`). */
  languageCode?: string;
  /** The platform gives no name (QQ's openids): `name` only stands in until the member sets one with /name. */
  nameless?: true;
}

export interface Chat {
  id: GroupId;
  kind: 'group' | 'private';
  title?: string;
}

interface Base {
  platform: Platform;
  chat: Chat;
}

/** A message the member wrote, or forwarded (`forwarded`) from someone else. */
export interface MessageEvent extends Base {
  type: 'message';
  from: Sender;
  text: string;
  forwarded: boolean;
  /** The message this one replies to, when there is one (for `/check` as a reply). */
  replyTo?: { text: string };
  /** A file sent with the message (a document, not a photo); `text` is then its caption, maybe empty. */
  file?: IncomingFile;
}

export interface CommandEvent extends Base {
  type: 'command';
  from: Sender;
  /** Lower-case name without the slash or @botname. */
  name: string;
  /** Everything after the command, trimmed. */
  args: string;
  replyTo?: { text: string };
}

export interface ButtonEvent extends Base {
  type: 'button';
  from: Sender;
  token: string;
  /** The message the button sits on. */
  messageId: string;
}

export interface MemberEvent<T extends 'member-joined' | 'member-left' = 'member-joined' | 'member-left'> extends Base {
  type: T;
  member: Sender;
}

export interface BotMembershipEvent<T extends 'bot-added' | 'bot-removed' = 'bot-added' | 'bot-removed'> extends Base {
  type: T;
  /** Who added or removed the bot, when known. */
  by?: Sender;
  /** Whether the bot lost the rights it needs (e.g. demoted, or may no longer post). */
  reason?: 'kicked' | 'left' | 'missing-permissions';
  /**
   * With `missing-permissions`, when the platform knows who can give them back (a Discord
   * server's owner): who, and what to tell them in the platform's own terms. The core tells
   * them when the pause starts, so once per pause, also across restarts.
   */
  notify?: { member: MemberId; message: RichMessage };
}

/**
 * The bot may post in a group chat, as the platform showed on a permission change or at start.
 * Adapters report it without knowing whether the group was paused: the core resumes a group
 * paused for missing permissions and ignores every other chat.
 */
export interface BotCanPostEvent extends Base {
  type: 'bot-can-post';
}

/** Telegram turns a group into a supergroup with a new chat id; the history moves with it. */
export interface GroupMigratedEvent extends Base {
  type: 'group-migrated';
  to: GroupId;
}

export type CoreEvent =
  | MessageEvent
  | CommandEvent
  | ButtonEvent
  | MemberEvent<'member-joined'>
  | MemberEvent<'member-left'>
  | BotMembershipEvent<'bot-added'>
  | BotMembershipEvent<'bot-removed'>
  | BotCanPostEvent
  | GroupMigratedEvent;

export type EventOf<T extends CoreEvent['type']> = Extract<CoreEvent, { type: T }>;

/** Events that a member caused, and so can be answered. */
export type MemberAction = MessageEvent | CommandEvent | ButtonEvent;

export function senderOf(event: CoreEvent): Sender | undefined {
  switch (event.type) {
    case 'message':
    case 'command':
    case 'button':
      return event.from;
    case 'member-joined':
    case 'member-left':
      return event.member;
    case 'bot-added':
    case 'bot-removed':
      return event.by;
    case 'bot-can-post':
    case 'group-migrated':
      return undefined;
  }
}

/** Splits `/cmd@bot args` into its parts; undefined when the text is no command (or for another bot). */
export function parseCommand(text: string, botUsername?: string): { name: string; args: string } | undefined {
  const m = /^\/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]+))?(?:\s+([\s\S]*))?$/.exec(text.trim());
  if (!m) return undefined;
  if (m[2] && botUsername && m[2].toLowerCase() !== botUsername.toLowerCase()) return undefined;
  return { name: m[1]!.toLowerCase(), args: (m[3] ?? '').trim() };
}
