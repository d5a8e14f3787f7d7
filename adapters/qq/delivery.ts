import type { Outcome } from '../../src/core/adapter.ts';
import type { ChatReplyCodes } from '../../src/core/chat-reply-codes.ts';
import type { Chat } from '../../src/core/events.ts';
import type { Attachment, RichMessage } from '../../src/core/message.ts';
import type { Logger } from '../../src/log.ts';
import { FloodGate } from '../shared/flood-gate.ts';
import { classify, classifyError, type Refusal } from './errors.ts';
import { codesBody, fitsKeyboard, keyboardBody, mediaBody, type ButtonMode, type MessageBody } from './encode.ts';
import { ReplyWindows, type PassiveRef } from './reply-window.ts';
import type { RestAnswer, QQRest } from './rest.ts';

/**
 * Whether the bot may post in a group unasked (README, Running on QQ: delivery modes). The docs
 * say proactive messages stopped on 2025-04-21 (send.md); 2026 reports say a group owner can
 * allow them. `auto` tries, and remembers a group whose refusal says so.
 */
export type GroupDelivery = 'auto' | 'proactive' | 'passive';

export interface DeliveryOptions {
  buttons: ButtonMode;
  groupDelivery: GroupDelivery;
  sendsPerSecond: number;
  chatSendsPerSecond: number;
  /** The bot's clock, for reply windows: a message from before the clock moved on (the console's :time) is stale. */
  now?: () => number;
}

type Sent = Outcome & { refusal?: Refusal };
type Failed = Extract<Outcome, { ok: false }> & { refusal?: Refusal };

/** Media types of the upload (rich-media.md): 1 image; 4 file, which the docs mark as not yet open. */
const FILE_TYPE = { image: 1, file: 4 } as const;

/**
 * Sends messages to groups and private chats (send.md). A message goes as a passive reply when
 * one can carry it: the triggering message or event of a reply, or else the chat's latest member
 * message inside its window. A due delivery with neither, where proactive messages are refused,
 * is `unavailable`: the ledger keeps it and tries each tick, and the first member message after
 * the slot carries it, so it is recorded as sent only once it is (docs/design.md, Delivery).
 */
export class QQDelivery {
  private readonly windows: ReplyWindows;
  private readonly gate: FloodGate;
  private readonly proactiveRefused = new Set<string>();
  private keyboardRefused = false;

  constructor(
    private readonly rest: QQRest,
    private readonly codes: ChatReplyCodes,
    private readonly opts: DeliveryOptions,
    private readonly log: Logger,
  ) {
    // The Telegram adapter's sliding-window gate: the platform's limits are per second, per bot and per chat.
    this.gate = new FloodGate({ global: { max: opts.sendsPerSecond, ms: 1000 }, group: { max: opts.chatSendsPerSecond, ms: 1000 } });
    this.windows = new ReplyWindows(opts.now);
  }

  /** A member wrote in `chat`: their message may carry what is due there. */
  seen(chat: Chat, msgId: string): void {
    this.windows.seen(chat, msgId);
  }

  /** PUT /interactions/{id} with code 0, 成功 (msg-btn.md, 其他说明). */
  async acknowledge(interactionId: string): Promise<void> {
    const answer = await this.rest.call('PUT', `/interactions/${encodeURIComponent(interactionId)}`, { code: 0 }).catch(() => undefined);
    if (!answer || answer.status >= 300) this.log.warn({ status: answer?.status }, 'qq: a button press was not acknowledged');
  }

  async send(chat: Chat, message: RichMessage, trigger?: { msgId?: string; eventId?: string }): Promise<Outcome> {
    const passive = (trigger && this.windows.reply(trigger)) || this.windows.fresh(chat);
    if (!passive && !this.mayPostUnasked(chat)) return waiting(chat);
    let first = await this.post(chat, this.body(message), passive);
    if (!first.ok && first.reason === 'rejected' && this.usesKeyboard(message)) {
      // The keyboard is refused (custom keyboards are by invitation, msg-btn.md): reply codes from now on.
      this.keyboardRefused = true;
      this.log.warn({ detail: first.detail }, 'qq: keyboard refused, buttons are shown as reply codes');
      first = await this.post(chat, codesBody(message), passive && this.windows.reply(idOf(passive)));
    }
    if (!first.ok) return this.refused(chat, first);
    if (!this.usesKeyboard(message) && first.messageId) this.codes.shown(message, chat, first.messageId);
    for (const attachment of message.attachments ?? []) await this.sendMedia(chat, attachment, passive);
    return { ok: true, messageId: first.messageId };
  }

  private mayPostUnasked(chat: Chat): boolean {
    if (this.opts.groupDelivery === 'proactive') return true;
    if (this.opts.groupDelivery === 'passive') return false;
    return !this.proactiveRefused.has(chat.id);
  }

  private refused(chat: Chat, outcome: Failed): Outcome {
    if (outcome.refusal === 'proactive-refused' && !this.proactiveRefused.has(chat.id)) {
      this.proactiveRefused.add(chat.id);
      this.log.info({ chat: chat.kind }, 'qq: proactive messages refused here; due deliveries wait for a member’s message');
    }
    if (outcome.refusal && chat.kind === 'private') return { ok: false, reason: 'no-private-chat', detail: outcome.detail };
    const { refusal: _, ...rest } = outcome;
    return rest;
  }

  private usesKeyboard(message: RichMessage): boolean {
    return this.opts.buttons === 'keyboard' && !this.keyboardRefused && (message.buttons?.length ?? 0) > 0 && fitsKeyboard(message);
  }

  private body(message: RichMessage): MessageBody {
    return this.usesKeyboard(message) ? keyboardBody(message) : codesBody(message);
  }

  /** An image or file: uploaded with srv_send_msg false, then sent by its file_info (rich-media.md); a failure is logged, the text went. */
  private async sendMedia(chat: Chat, attachment: Attachment, passive: PassiveRef | undefined): Promise<void> {
    const upload = await this.call(chat, 'files', { file_type: FILE_TYPE[attachment.kind], file_data: Buffer.from(attachment.data).toString('base64'), srv_send_msg: false });
    const fileInfo = upload?.body.file_info;
    const sent = typeof fileInfo === 'string' ? await this.post(chat, mediaBody(fileInfo), passive && this.windows.reply(idOf(passive))) : undefined;
    if (!sent?.ok) this.log.warn({ kind: attachment.kind, status: upload?.status }, 'qq: an attachment was not sent');
  }

  /** One message, paced: its slot is held until a second after the platform answered, so no burst reaches it. */
  private async post(chat: Chat, body: MessageBody, passive: PassiveRef | undefined): Promise<Sent> {
    const release = await this.gate.acquire(chat.id);
    try {
      const answer = await this.call(chat, 'messages', { ...body, ...passive });
      return answer ? classify(answer) : classifyError(new Error('network'));
    } finally {
      release();
    }
  }

  /** POST /v2/groups/{group_openid}/… or /v2/users/{openid}/… (send.md, rich-media.md). */
  private call(chat: Chat, what: 'messages' | 'files', body: unknown): Promise<RestAnswer | undefined> {
    const openid = encodeURIComponent(chat.id.replace(/^qq:(?:group:)?/, ''));
    const path = chat.kind === 'group' ? `/v2/groups/${openid}/${what}` : `/v2/users/${openid}/${what}`;
    return this.rest.call('POST', path, body).catch(() => undefined);
  }
}

const idOf = (ref: PassiveRef) => ('msg_id' in ref ? { msgId: ref.msg_id } : { eventId: ref.event_id });

/** Nothing to reply to, and the bot may not post unasked: the ledger tries again next tick. */
function waiting(chat: Chat): Outcome {
  if (chat.kind === 'private') return { ok: false, reason: 'no-private-chat', detail: 'no message to reply to' };
  return { ok: false, reason: 'unavailable', detail: 'waiting for a member’s message to reply to' };
}
