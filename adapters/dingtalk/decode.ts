import type { ChatReplyCodes } from '../../src/core/chat-reply-codes.ts';
import { parseCommand, type Chat, type CoreEvent, type Sender } from '../../src/core/events.ts';
import { groupId, memberId, type GroupId } from '../../src/core/ids.ts';
import type { IncomingFile } from '../../src/core/incoming-file.ts';

interface RichTextPart {
  text?: string;
  type?: string;
}

/**
 * The robot's message callback (open-dingtalk/dingtalk-stream-sdk-python, dingtalk_stream/chatbot.py,
 * ChatbotMessage; dingtalk-stream-sdk-nodejs, src/constants.ts, RobotMessageBase). `conversationType`
 * is "1" for a 单聊 and "2" for a group. `text.isReplyMsg`/`text.repliedMsg` (a quote) is in no
 * official SDK's type: it is as third-party adapters report DingTalk sending it (README, Running on DingTalk).
 */
export interface RobotCallback {
  conversationId: string;
  conversationType: '1' | '2' | string;
  conversationTitle?: string;
  msgId: string;
  msgtype: string;
  senderId: string;
  senderStaffId?: string;
  senderNick?: string;
  isAdmin?: boolean;
  robotCode?: string;
  sessionWebhook?: string;
  sessionWebhookExpiredTime?: number;
  text?: { content?: string; isReplyMsg?: boolean; repliedMsg?: { msgId?: string; content?: { text?: string; richText?: RichTextPart[] } } };
  /** A rich text's parts; a file's (`msgtype: 'file'`, 单聊 only) download code and name (机器人接收消息, 文件). */
  content?: { richText?: RichTextPart[]; downloadCode?: string; fileName?: string };
}

/** Makes a file fetchable from its download code (index.ts: messageFiles/download, then the link). */
export type FileOf = (downloadCode: string, fileName: string) => IncomingFile;

/** What a reply to an event needs: where it came from, and the session webhook while it lasts. */
export interface DingTalkHandle {
  chat: Chat;
  from: Sender;
  /** The staff id a private message to this member goes to, when DingTalk gave one. */
  staffId?: string;
  session?: { url: string; expiresAt: number };
}

export type Decoded = { event: CoreEvent; handle: DingTalkHandle } | undefined;

/** A group's id: `dingtalk:group:<openConversationId>`, apart from members' `dingtalk:<staffId>` (src/core/ids.ts). */
export const dingtalkGroup = (conversationId: string): GroupId => groupId('dingtalk', `group:${conversationId}`);

const richText = (parts: RichTextPart[] | undefined) => (parts ?? []).map((p) => p.text ?? '').join('');

/** The words of a text or rich-text message; DingTalk has already taken the robot's @ out of a group's text. */
function textOf(raw: RobotCallback): string {
  if (raw.msgtype === 'text') return (raw.text?.content ?? '').trim();
  if (raw.msgtype === 'richText') return richText(raw.content?.richText).trim();
  return '';
}

function quotedText(raw: RobotCallback): string | undefined {
  const replied = raw.text?.isReplyMsg ? raw.text.repliedMsg?.content : undefined;
  const text = (replied?.text ?? richText(replied?.richText)).trim();
  return text || undefined;
}

/**
 * A member is their staff id (senderStaffId, the id the 单聊 send takes) where DingTalk gives it
 * (a member of the app's organisation), else their DingTalk id (senderId). `isAdmin` is the
 * callback's own field, which DingTalk sets for a group's owner and admins.
 */
function senderOf(raw: RobotCallback, group: boolean): Sender {
  const id = memberId('dingtalk', raw.senderStaffId || raw.senderId);
  return { id, name: raw.senderNick || raw.senderStaffId || raw.senderId, isAdmin: group ? raw.isAdmin === true : undefined };
}

/**
 * Robot callbacks into core events. DingTalk pushes a group's messages only when they @ the robot,
 * and every private (单聊) message. There are no buttons: a code alone (`1`, `A`) is decoded into
 * the press by the core's per-chat rule (src/core/chat-reply-codes.ts). A quote names DingTalk's
 * own msgId, which the robot's sends never learn (they return a processQueryKey), so a quoted code
 * is taken as the latest message with that code, and a quote serves only for `查` (its text).
 */
export function decodeCallback(raw: RobotCallback, codes: ChatReplyCodes, fileOf: FileOf): Decoded {
  const group = raw.conversationType === '2';
  const from = senderOf(raw, group);
  const chat: Chat = group ? { id: dingtalkGroup(raw.conversationId), kind: 'group', title: raw.conversationTitle } : { id: from.id as string as GroupId, kind: 'private' };
  const session = raw.sessionWebhook ? { url: raw.sessionWebhook, expiresAt: Number(raw.sessionWebhookExpiredTime ?? 0) } : undefined;
  const handle: DingTalkHandle = { chat, from, staffId: raw.senderStaffId || undefined, session };
  // A file comes alone, without words: DingTalk gives robots files in a 单聊 only (see FileOf).
  if (raw.msgtype === 'file' && raw.content?.downloadCode) {
    return { event: { type: 'message', platform: 'dingtalk', chat, from, text: '', forwarded: false, file: fileOf(raw.content.downloadCode, raw.content.fileName ?? 'file') }, handle };
  }
  const text = textOf(raw);
  const press = codes.press(text, from, chat);
  if (press) return { event: press, handle };
  const quoted = quotedText(raw);
  const replyTo = quoted ? { text: quoted } : undefined;
  const command = parseCommand(text);
  if (command) return { event: { type: 'command', platform: 'dingtalk', chat, from, ...command, replyTo }, handle };
  if (!text) return undefined;
  return { event: { type: 'message', platform: 'dingtalk', chat, from, text, forwarded: false, replyTo }, handle };
}
