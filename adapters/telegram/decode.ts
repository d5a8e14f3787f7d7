import type { Chat as TgChat, ChatMember, ChatMemberUpdated, Document, Message, Update, User, UserFromGetMe } from 'grammy/types';
import { parseCommand, type Chat, type CoreEvent, type Sender } from '../../src/core/events.ts';
import { groupId, memberId } from '../../src/core/ids.ts';
import type { IncomingFile } from '../../src/core/incoming-file.ts';

/** Makes a document's file fetchable (index.ts: getFile, then the file endpoint). */
export type FileOf = (document: Document) => IncomingFile;

/** What `perform` needs to answer an event: where it happened, who did it, what to reply to. */
export interface TelegramHandle {
  chatId: number;
  chatKind: Chat['kind'];
  fromId: number;
  /** The member's message, for replies in a group. */
  messageId?: number;
  /** The forum topic the event happened in, so replies stay in it. */
  threadId?: number;
  callbackQueryId?: string;
  /** Set once the callback query is answered; an unanswered one gets an empty answer. */
  answered?: boolean;
}

export interface Decoded {
  event: CoreEvent;
  handle: TelegramHandle;
}

/** The user's display name: first and last name. */
function displayName(user: Pick<User, 'first_name' | 'last_name'>): string {
  return [user.first_name, user.last_name].filter(Boolean).join(' ');
}

/** `isAdmin` stays undefined (the core asks the adapter), except for an anonymous admin posting as the group. */
function sender(user: User, isAdmin?: boolean): Sender {
  return { id: memberId('telegram', user.id), name: displayName(user), languageCode: user.language_code, isAdmin };
}

function chatOf(chat: TgChat): Chat | undefined {
  if (chat.type === 'channel') return undefined;
  if (chat.type === 'private') return { id: groupId('telegram', chat.id), kind: 'private' };
  return { id: groupId('telegram', chat.id), kind: 'group', title: chat.title };
}

/** Telegram's stand-in user for an admin posting anonymously as the group. */
const GROUP_ANONYMOUS_BOT = 1087968824;

/** In the chat (a restricted member may still be in it). */
const isIn = (m: ChatMember) => m.status === 'creator' || m.status === 'administrator' || m.status === 'member' || (m.status === 'restricted' && m.is_member);
const canPost = (m: ChatMember) => isIn(m) && (m.status !== 'restricted' || m.can_send_messages);

/** Whether the bot is in a group without admin rights, and so cannot see members join or leave. */
export function botLacksAdmin(update: ChatMemberUpdated): boolean {
  const now = update.new_chat_member;
  return update.chat.type !== 'private' && update.chat.type !== 'channel' && canPost(now) && now.status !== 'administrator' && now.status !== 'creator';
}

/** Turns one Telegram update into a core event, or undefined when it is nothing the core handles. */
export function decode(update: Update, me: UserFromGetMe, fileOf: FileOf): Decoded | undefined {
  if (update.message) return decodeMessage(update.message, me, fileOf);
  if (update.callback_query) {
    const query = update.callback_query;
    const chat = query.message && chatOf(query.message.chat);
    if (!query.message || !chat || query.data === undefined) return undefined;
    return {
      // Who pressed comes from Telegram's record of the press, never from the button's data.
      event: { type: 'button', platform: 'telegram', chat, from: sender(query.from), token: query.data, messageId: String(query.message.message_id) },
      handle: { chatId: query.message.chat.id, chatKind: chat.kind, fromId: query.from.id, callbackQueryId: query.id, threadId: threadOf(query.message) },
    };
  }
  if (update.my_chat_member) return decodeBotMembership(update.my_chat_member);
  if (update.chat_member) return decodeMembership(update.chat_member, me);
  return undefined;
}

function threadOf(message: { message_thread_id?: number; is_topic_message?: boolean } | undefined): number | undefined {
  return message?.is_topic_message ? message.message_thread_id : undefined;
}

function decodeMessage(message: Message, me: UserFromGetMe, fileOf: FileOf): Decoded | undefined {
  const chat = chatOf(message.chat);
  if (!chat) return undefined;
  const base = { platform: 'telegram' as const, chat };
  const handle = (from: User): TelegramHandle => ({ chatId: message.chat.id, chatKind: chat.kind, fromId: from.id, messageId: message.message_id, threadId: threadOf(message) });
  if (message.migrate_to_chat_id !== undefined) {
    return { event: { ...base, type: 'group-migrated', to: groupId('telegram', message.migrate_to_chat_id) }, handle: handle(message.from ?? me) };
  }
  // A document's caption is its text, maybe none; photos, stickers and the like stay unread.
  const text = message.text ?? message.caption ?? (message.document ? '' : undefined);
  if (!message.from || (message.from.is_bot && message.from.id !== GROUP_ANONYMOUS_BOT) || text === undefined) return undefined;
  // An anonymous admin posts as the group itself: only admins can.
  const from = sender(message.from, message.sender_chat?.id === message.chat.id ? true : undefined);
  const replied = message.reply_to_message;
  const replyText = replied?.text ?? replied?.caption;
  const replyTo = replyText === undefined ? undefined : { text: replyText };
  const forwarded = message.forward_origin !== undefined;
  // With a file, the caption only says what the file is for (a class name): never a command.
  if (message.document) return { event: { ...base, type: 'message', from, text, forwarded, replyTo, file: fileOf(message.document) }, handle: handle(message.from) };
  const command = forwarded ? undefined : parseCommand(text, me.username);
  if (command) return { event: { ...base, type: 'command', from, ...command, replyTo }, handle: handle(message.from) };
  // A command for another bot (`/help@otherbot`) is not ours to answer.
  if (!forwarded && /^\/\w+@\w+/.test(text)) return undefined;
  return { event: { ...base, type: 'message', from, text, forwarded, replyTo }, handle: handle(message.from) };
}

function decodeBotMembership(update: ChatMemberUpdated): Decoded | undefined {
  const chat = chatOf(update.chat);
  if (!chat || chat.kind === 'private') return undefined;
  const [before, now] = [update.old_chat_member, update.new_chat_member];
  const base = { platform: 'telegram' as const, chat, by: sender(update.from) };
  const handle: TelegramHandle = { chatId: update.chat.id, chatKind: 'group', fromId: update.from.id };
  if (now.status === 'kicked' || now.status === 'left') {
    return { event: { ...base, type: 'bot-removed', reason: now.status === 'kicked' ? 'kicked' : 'left' }, handle };
  }
  if (!canPost(now)) return { event: { ...base, type: 'bot-removed', reason: 'missing-permissions' }, handle };
  if (!canPost(before)) return { event: { ...base, type: 'bot-added' }, handle };
  return undefined; // promoted or demoted: it can post before and after
}

function decodeMembership(update: ChatMemberUpdated, me: UserFromGetMe): Decoded | undefined {
  const chat = chatOf(update.chat);
  const user = update.new_chat_member.user;
  if (!chat || chat.kind === 'private' || user.id === me.id) return undefined;
  const [wasIn, nowIn] = [isIn(update.old_chat_member), isIn(update.new_chat_member)];
  if (wasIn === nowIn) return undefined;
  return {
    event: { type: nowIn ? 'member-joined' : 'member-left', platform: 'telegram', chat, member: sender(user) },
    handle: { chatId: update.chat.id, chatKind: 'group', fromId: user.id },
  };
}
