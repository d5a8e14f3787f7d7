import type { Server } from 'node:http';
import type { Action, Adapter, EventHandle, EventSink, Outcome } from '../../src/core/adapter.ts';
import { ChatReplyCodes } from '../../src/core/chat-reply-codes.ts';
import type { Chat } from '../../src/core/events.ts';
import type { GroupId, MemberId } from '../../src/core/ids.ts';
import { text, type RichMessage } from '../../src/core/message.ts';
import { silentLogger, type Logger } from '../../src/log.ts';
import { QQDecoder, type QQHandle } from './decode.ts';
import { QQDelivery, type GroupDelivery } from './delivery.ts';
import { type ButtonMode } from './encode.ts';
import { INTENTS, QQGateway } from './gateway.ts';
import { QQRest } from './rest.ts';
import { CallbackKeys } from './signature.ts';
import { AccessToken } from './token.ts';
import { listenCallbacks } from './webhook.ts';

export interface QQOptions {
  appId: string;
  secret: string;
  /** The OpenAPI's root: https://api.sgroup.qq.com, or the sandbox's https://sandbox.api.sgroup.qq.com. */
  apiRoot: string;
  tokenUrl: string;
  buttons: ButtonMode;
  groupDelivery: GroupDelivery;
  /** The bot's sends a second in all, and in one chat. */
  sendsPerSecond: number;
  chatSendsPerSecond: number;
  /** Webhook callbacks instead of the WebSocket link: where the platform's POSTs arrive. */
  webhook?: { host: string; port: number };
  /** Whether a member advises a group as the core has recorded it (the one who added the bot, /setup). */
  storedAdvisor?: (group: GroupId, member: MemberId) => boolean;
  /** The bot's clock (reply windows). */
  now?: () => number;
  log?: Logger;
  /** Called once each dispatched event has been handled, with its event id (for tests). */
  onHandled?: (eventId: string) => void;
}

/** How many event ids a callback redelivery is checked against. */
const SEEN_EVENTS = 5_000;

/**
 * QQ groups and private chats through the official QQ Bot open platform (README, Running on QQ).
 * Events come over the WebSocket gateway or, with a webhook port, as signed callbacks; messages
 * go out over the OpenAPI, as passive replies where a member's message allows (adapters/qq/delivery.ts).
 */
export class QQAdapter implements Adapter {
  readonly platform = 'qq' as const;
  private readonly log: Logger;
  private readonly codes = new ChatReplyCodes('qq');
  private readonly decoder = new QQDecoder(this.codes);
  private readonly token: AccessToken;
  private readonly rest: QQRest;
  private readonly delivery: QQDelivery;
  private readonly gateway: QQGateway | undefined;
  private server: Server | undefined;
  private sink: EventSink | undefined;
  private queue: Promise<void> = Promise.resolve();
  private readonly seenEvents = new Set<string>();

  constructor(private readonly opts: QQOptions) {
    this.log = opts.log ?? silentLogger;
    this.token = new AccessToken(opts.tokenUrl, opts.appId, opts.secret);
    this.rest = new QQRest(opts.apiRoot, opts.appId, this.token);
    this.delivery = new QQDelivery(this.rest, this.codes, opts, this.log);
    const receive = (type: string, d: Record<string, unknown>, id?: string) => this.receive(type, d, id);
    if (!opts.webhook) this.gateway = new QQGateway(this.rest, this.token, INTENTS.groupAndC2c | INTENTS.interaction, receive, this.log);
  }

  async start(sink: EventSink): Promise<void> {
    this.sink = sink;
    if (this.gateway) return this.gateway.start();
    // A wrong AppID or secret stops startup here rather than at the first send.
    await this.token.get();
    const { host, port } = this.opts.webhook!;
    this.server = await listenCallbacks(host, port, new CallbackKeys(this.opts.secret), this.receive.bind(this));
    this.log.info({ port }, 'qq callbacks listening');
  }

  async stop(): Promise<void> {
    this.gateway?.stop();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    await this.queue;
  }

  /** Drops the gateway connection as a network failure would (tests). */
  dropConnection(): void {
    this.gateway?.drop();
  }

  /** The platform does not say who administers a group: the core's record does (README, Running on QQ: advisors). */
  async isAdmin(group: GroupId, member: MemberId): Promise<boolean> {
    return this.opts.storedAdvisor?.(group, member) ?? false;
  }

  async perform(action: Action, handle?: EventHandle): Promise<Outcome> {
    const h = handle as QQHandle | undefined;
    switch (action.type) {
      case 'send': {
        const to = action.to;
        const chat: Chat = 'group' in to ? { id: to.group, kind: 'group' } : { id: to.member as string as GroupId, kind: 'private' };
        return this.delivery.send(chat, action.message);
      }
      case 'reply':
        if (!h) return { ok: false, reason: 'rejected', detail: 'reply without an event' };
        if (action.private && h.chat.kind === 'group') return this.delivery.send(privateChat(h.from.id), action.message);
        return this.delivery.send(h.chat, action.message, h);
      case 'edit':
        // A sent message cannot be edited: the count is shown on the next delivery (docs/design.md, Counts where messages cannot be edited).
        return { ok: true, messageId: action.messageId };
      case 'answer':
        return this.answer(action.text, h);
    }
  }

  /**
   * A press's private answer goes to the member's private chat when a message of theirs there can
   * still be answered; otherwise the button's own acknowledgement (PUT /interactions) is all they see.
   */
  private async answer(answer: string, h: QQHandle | undefined): Promise<Outcome> {
    if (!h) return { ok: false, reason: 'rejected', detail: 'answer without an event' };
    const chat = h.chat.kind === 'private' ? h.chat : privateChat(h.from.id);
    const outcome = await this.delivery.send(chat, text(answer), h.chat.kind === 'private' ? h : undefined);
    return outcome.ok || outcome.reason === 'no-private-chat' ? { ok: true } : outcome;
  }

  /** Events are handled one at a time, in the order they came; a callback sent twice is handled once. */
  private receive(type: string, d: Record<string, unknown>, eventId: string | undefined): void {
    if (eventId) {
      if (this.seenEvents.has(eventId)) return;
      this.seenEvents.add(eventId);
      if (this.seenEvents.size > SEEN_EVENTS) this.seenEvents.delete(this.seenEvents.values().next().value!);
    }
    // A press is acknowledged at once, or the member's client spins until it times out (msg-btn.md, 其他说明).
    if (type === 'INTERACTION_CREATE') void this.delivery.acknowledge(String(d.id));
    this.queue = this.queue.then(async () => {
      try {
        const decoded = this.decoder.decode(type, d, eventId);
        if (decoded?.handle.msgId) this.delivery.seen(decoded.handle.chat, decoded.handle.msgId);
        if (decoded) await this.sink!(decoded.event, decoded.handle);
      } catch (err) {
        this.log.error({ err, type }, 'qq: an event failed');
      } finally {
        if (eventId) this.opts.onHandled?.(eventId);
      }
    });
  }
}

const privateChat = (member: MemberId): Chat => ({ id: member as string as GroupId, kind: 'private' });

