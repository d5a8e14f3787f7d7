import type { ChatReplyCodes } from '../../src/core/chat-reply-codes.ts';
import { parseCommand, type Chat, type CoreEvent, type Sender } from '../../src/core/events.ts';
import { groupId, memberId, type GroupId } from '../../src/core/ids.ts';
import { FileFetchError, type IncomingFile } from '../../src/core/incoming-file.ts';
import { declaredSize, downloadCapped } from '../shared/download.ts';
import type { ActionResponse, RawEvent } from './link.ts';

export type Call = (action: string, params: Record<string, unknown>) => Promise<ActionResponse>;

interface RawSegment {
  type: string;
  data?: Record<string, unknown>;
}

/** What an event needs for a reply: where it came from and which message it was. */
export interface OneBotHandle {
  chat: Chat;
  from: Sender;
  messageId?: string;
  /** The group a private reply to this member goes through (QQ's temporary session). */
  viaGroup?: number;
}

export type Decoded = { event: CoreEvent; handle: OneBotHandle } | undefined;

/** A group's id: `onebot:group:<number>`, apart from members' `onebot:<number>` (src/core/ids.ts). */
export const onebotGroup = (raw: unknown): GroupId => groupId('onebot', `group:${String(raw)}`);

/** Undoes CQ-code escaping, for an implementation that posts messages as strings (message/string.md). */
const unescapeCq = (s: string) => s.replace(/&#91;/g, '[').replace(/&#93;/g, ']').replace(/&#44;/g, ',').replace(/&amp;/g, '&');

/** A message as segments, whether posted as an array or as a CQ-coded string (text only, then). */
function segmentsOf(message: unknown): RawSegment[] {
  if (Array.isArray(message)) return message as RawSegment[];
  if (typeof message === 'string') return [{ type: 'text', data: { text: unescapeCq(message.replace(/\[CQ:[^\]]*\]/g, '')) } }];
  return [];
}

function textOf(segments: RawSegment[], selfId?: string): string {
  return segments
    .map((s) => {
      if (s.type === 'text') return String(s.data?.text ?? '');
      // A mention of the bot addresses it; it is no part of what was said.
      if (s.type === 'at') return String(s.data?.qq) === selfId ? '' : `@${String(s.data?.name ?? s.data?.qq ?? '')} `;
      return '';
    })
    .join('')
    .trim();
}

function senderOf(raw: RawEvent): Sender {
  const sender = (raw.sender ?? {}) as { nickname?: string; card?: string; role?: string };
  const isAdmin = raw.message_type === 'group' ? sender.role === 'owner' || sender.role === 'admin' : undefined;
  return { id: memberId('onebot', String(raw.user_id)), name: sender.card || sender.nickname || String(raw.user_id), isAdmin };
}

/**
 * OneBot v11 events into core events (event/message.md, event/notice.md). A quoted message's
 * text and a forwarded chat record's are fetched (get_msg, get_forward_msg), so `/check` as a
 * reply and triage of a forwarded 聊天记录 work as on the other platforms.
 */
export class OneBotDecoder {
  constructor(
    private readonly call: Call,
    private readonly codes: ChatReplyCodes,
    private readonly selfId: () => string | undefined,
  ) {}

  async decode(raw: RawEvent): Promise<Decoded> {
    if (raw.post_type === 'message') return this.message(raw);
    if (raw.post_type === 'notice') return this.notice(raw);
    return undefined;
  }

  private async message(raw: RawEvent): Promise<Decoded> {
    const group = raw.message_type === 'group';
    const from = senderOf(raw);
    const chat: Chat = group ? { id: onebotGroup(raw.group_id), kind: 'group' } : { id: from.id as string as GroupId, kind: 'private' };
    const handle: OneBotHandle = { chat, from, messageId: String(raw.message_id), viaGroup: group ? Number(raw.group_id) : undefined };
    const segments = segmentsOf(raw.message);
    const quoted = segments.find((s) => s.type === 'reply')?.data?.id;
    const text = textOf(segments, this.selfId());
    const fileSegment = group ? undefined : segments.find((s) => s.type === 'file')?.data;
    if (fileSegment) return { event: { type: 'message', platform: 'onebot', chat, from, text, forwarded: false, file: this.fileOf(fileSegment) }, handle };
    const press = this.codes.press(text, from, chat, quoted === undefined ? undefined : String(quoted));
    if (press) return { event: press, handle };
    const forward = segments.find((s) => s.type === 'forward')?.data?.id;
    if (forward !== undefined) {
      const record = await this.forwardText(String(forward));
      return record ? { event: { type: 'message', platform: 'onebot', chat, from, text: record, forwarded: true }, handle } : undefined;
    }
    const replyTo = quoted === undefined ? undefined : await this.quotedText(String(quoted));
    const command = parseCommand(text);
    if (command) return { event: { type: 'command', platform: 'onebot', chat, from, ...command, replyTo }, handle };
    if (!text) return undefined;
    return { event: { type: 'message', platform: 'onebot', chat, from, text, forwarded: false, replyTo }, handle };
  }

  /**
   * A file sent privately. OneBot v11 itself names no file segment (go-cqhttp reported files as
   * an `offline_file` notice); NapCat and LLBot post a `file` segment `{file, file_id, file_size,
   * url}` (node-napcat-ts, src/Structs.ts, Receive.file), and where the url is missing it comes
   * from `get_private_file_url` with the file_id (NapCat's docs, develop/file). Fetched only when asked.
   */
  private fileOf(data: Record<string, unknown>): IncomingFile {
    return {
      name: String(data.file ?? data.name ?? 'file'),
      size: declaredSize(data.file_size),
      fetch: async (maxBytes) => {
        const url = data.url ? String(data.url) : await this.privateFileUrl(String(data.file_id ?? ''));
        return downloadCapped(url, maxBytes);
      },
    };
  }

  private async privateFileUrl(fileId: string): Promise<string> {
    const r = await this.call('get_private_file_url', { file_id: fileId }).catch(() => undefined);
    const url = (r?.data as { url?: unknown } | undefined)?.url;
    if (typeof url !== 'string' || !url) throw new FileFetchError('unavailable', 'get_private_file_url gave no url');
    return url;
  }

  private async quotedText(id: string): Promise<{ text: string } | undefined> {
    const r = await this.call('get_msg', { message_id: Number(id) }).catch(() => undefined);
    const message = (r?.data as { message?: unknown } | undefined)?.message;
    const text = message === undefined ? '' : textOf(segmentsOf(message));
    return text ? { text } : undefined;
  }

  /** A 聊天记录's messages as one text, a line each (get_forward_msg; NapCat's `messages`, the spec's `message`). */
  private async forwardText(id: string): Promise<string | undefined> {
    const r = await this.call('get_forward_msg', { id }).catch(() => undefined);
    const data = (r?.data ?? {}) as { messages?: unknown[]; message?: unknown[] };
    const nodes = (data.messages ?? data.message ?? []) as { message?: unknown; content?: unknown; data?: { content?: unknown } }[];
    const lines = nodes.map((n) => textOf(segmentsOf(n.message ?? n.content ?? n.data?.content))).filter(Boolean);
    return lines.length ? lines.join('\n') : undefined;
  }

  private notice(raw: RawEvent): Decoded {
    const chat: Chat = { id: onebotGroup(raw.group_id), kind: 'group' };
    const who: Sender = { id: memberId('onebot', String(raw.user_id)), name: String(raw.user_id) };
    const by: Sender | undefined = raw.operator_id ? { id: memberId('onebot', String(raw.operator_id)), name: String(raw.operator_id) } : undefined;
    const handle: OneBotHandle = { chat, from: who, viaGroup: Number(raw.group_id) };
    const isBot = String(raw.user_id) === this.selfId();
    switch (raw.notice_type) {
      case 'group_increase':
        return { event: isBot ? { type: 'bot-added', platform: 'onebot', chat, by } : { type: 'member-joined', platform: 'onebot', chat, member: who }, handle };
      case 'group_decrease':
        if (raw.sub_type === 'kick_me' || isBot) return { event: { type: 'bot-removed', platform: 'onebot', chat, by, reason: raw.sub_type === 'leave' ? 'left' : 'kicked' }, handle };
        return { event: { type: 'member-left', platform: 'onebot', chat, member: who }, handle };
      case 'group_msg_emoji_like': {
        // NapCat's notice of a reaction on a message (one per click, `is_add` false when taken back): on a tip, an 已阅.
        if (raw.is_add === false) return undefined;
        const press = this.codes.react(who, chat, String(raw.message_id));
        return press ? { event: press, handle } : undefined;
      }
      default:
        return undefined;
    }
  }
}
