import type { ChatReplyCodes } from '../../src/core/chat-reply-codes.ts';
import { parseCommand, type Chat, type CoreEvent, type Sender } from '../../src/core/events.ts';
import { groupId, memberId, type GroupId, type MemberId } from '../../src/core/ids.ts';
import type { IncomingFile } from '../../src/core/incoming-file.ts';
import { declaredSize, downloadCapped } from '../shared/download.ts';

/** What an event needs for an answer: where it came from, and what a passive reply must carry. */
export interface QQHandle {
  chat: Chat;
  from: Sender;
  /** The member's message, for a passive reply's `msg_id` (send.md). */
  msgId?: string;
  /** The event, for a passive reply's `event_id` (INTERACTION_CREATE, GROUP_ADD_ROBOT). */
  eventId?: string;
}

export type Decoded = { event: CoreEvent; handle: QQHandle } | undefined;

/** A group: `qq:group:<group_openid>`, apart from members' `qq:<openid>` (src/core/ids.ts). */
export const qqGroup = (openid: string): GroupId => groupId('qq', `group:${openid}`);
export const qqMember = (openid: string): MemberId => memberId('qq', openid);

/**
 * The platform gives openids and no nicknames (事件 › 群聊@机器人: author.member_openid only). A
 * member's name is theirs to tell (/name) or the class list's: until then the short form of the id
 * stands in, marked as such, never a made-up name.
 */
const senderOf = (openid: string): Sender => ({ id: qqMember(openid), name: `QQ用户·${openid.slice(0, 6)}`, nameless: true });

/** Mentions of the bot (`<@!123>`, `<@botid>`) are no part of what was said. */
const withoutMentions = (content: unknown) =>
  String(content ?? '')
    .replace(/<@!?[^>\s]+>/g, '')
    .trim();

/**
 * Gateway and callback dispatches into core events (server-inter/message/send-receive/event.md,
 * group/manage/event.md, message/trans/msg-btn.md). A bare reply code is the press of a button
 * shown as a code (src/core/chat-reply-codes.ts).
 */
export class QQDecoder {
  constructor(private readonly codes: ChatReplyCodes) {}

  decode(type: string, d: Record<string, unknown>, eventId?: string): Decoded {
    switch (type) {
      case 'GROUP_AT_MESSAGE_CREATE':
      case 'GROUP_MESSAGE_CREATE': {
        const author = (d.author ?? {}) as { member_openid?: string };
        const chat: Chat = { id: qqGroup(String(d.group_openid)), kind: 'group' };
        return this.message(chat, senderOf(String(author.member_openid)), d);
      }
      case 'C2C_MESSAGE_CREATE': {
        const author = (d.author ?? {}) as { user_openid?: string };
        const from = senderOf(String(author.user_openid));
        return this.message({ id: from.id as string as GroupId, kind: 'private' }, from, d);
      }
      case 'GROUP_ADD_ROBOT':
      case 'GROUP_DEL_ROBOT': {
        const chat: Chat = { id: qqGroup(String(d.group_openid)), kind: 'group' };
        // Only a group's owner or admins can add a bot (README, Running on QQ): who added it advises the class.
        const adder = d.op_member_openid ? senderOf(String(d.op_member_openid)) : undefined;
        const by = adder && type === 'GROUP_ADD_ROBOT' ? { ...adder, isAdmin: true } : adder;
        const event: CoreEvent = type === 'GROUP_ADD_ROBOT' ? { type: 'bot-added', platform: 'qq', chat, by } : { type: 'bot-removed', platform: 'qq', chat, by, reason: 'kicked' };
        return { event, handle: { chat, from: by ?? senderOf('unknown'), eventId } };
      }
      case 'INTERACTION_CREATE':
        return this.press(d);
      default:
        return undefined;
    }
  }

  private message(chat: Chat, from: Sender, d: Record<string, unknown>): Decoded {
    const handle: QQHandle = { chat, from, msgId: String(d.id) };
    const text = withoutMentions(d.content);
    const file = chat.kind === 'private' ? fileOf(d.attachments) : undefined;
    // With a file, the words only say what the file is for (a class name): never a command or a code.
    if (file) return { event: { type: 'message', platform: 'qq', chat, from, text, forwarded: false, file }, handle };
    const press = this.codes.press(text, from, chat);
    if (press) return { event: press, handle };
    const command = parseCommand(text);
    if (command) return { event: { type: 'command', platform: 'qq', chat, from, ...command }, handle };
    if (!text) return undefined;
    // A forwarded 聊天记录 reaches a bot as its text, with no marker the docs name: pasted text in a private chat is triaged all the same.
    return { event: { type: 'message', platform: 'qq', chat, from, text, forwarded: false }, handle };
  }

  /** A button press (msg-btn.md, 点击回调按钮): the button's data is the core's token. */
  private press(d: Record<string, unknown>): Decoded {
    const resolved = ((d.data as { resolved?: Record<string, unknown> } | undefined)?.resolved ?? {}) as { button_data?: string };
    const group = d.group_openid ? String(d.group_openid) : undefined;
    const from = senderOf(String(group ? d.group_member_openid : d.user_openid));
    const chat: Chat = group ? { id: qqGroup(group), kind: 'group' } : { id: from.id as string as GroupId, kind: 'private' };
    const interactionId = String(d.id);
    const handle: QQHandle = { chat, from, eventId: interactionId };
    if (!resolved.button_data) return undefined;
    // The platform names the pressed message only in guild channels; the core finds the delivery by the token.
    return { event: { type: 'button', platform: 'qq', chat, from, token: resolved.button_data, messageId: interactionId }, handle };
  }
}

interface QQAttachment {
  content_type?: string;
  filename?: string;
  size?: number | string;
  url?: string;
}

/**
 * A private message's first attachment (事件 › 单聊消息 C2C_MESSAGE_CREATE: `attachments`, 富媒体文件附件
 * of type 图片, 语音, 视频 or 文件, each `{content_type, filename, size, url}`), fetched from its url
 * only when a feature asks. Only the 单聊 is read: a group's files are no import's. The url may come
 * without its scheme, as other adapters report (nonebot/adapter-qq #85 补全 it with https).
 */
function fileOf(attachments: unknown): IncomingFile | undefined {
  const first = (Array.isArray(attachments) ? attachments[0] : undefined) as QQAttachment | undefined;
  if (!first?.url) return undefined;
  const url = /^https?:\/\//.test(first.url) ? first.url : `https://${first.url.replace(/^\/\//, '')}`;
  return { name: first.filename || 'file', size: declaredSize(first.size), fetch: (maxBytes) => downloadCapped(url, maxBytes) };
}
