import { setTimeout as sleep } from 'node:timers/promises';
import type { WebSocketServer } from 'ws';
import type { Action, Adapter, EventHandle, EventSink, Outcome, Target } from '../../src/core/adapter.ts';
import { ChatReplyCodes } from '../../src/core/chat-reply-codes.ts';
import type { Chat } from '../../src/core/events.ts';
import { splitId, type GroupId, type MemberId } from '../../src/core/ids.ts';
import { text, type RichMessage } from '../../src/core/message.ts';
import { Reconnector } from '../../src/core/reconnect.ts';
import { silentLogger, type Logger } from '../../src/log.ts';
import { OneBotDecoder, type OneBotHandle } from './decode.ts';
import { encodeParts, fileUploads, type Segment } from './encode.ts';
import { classifyError, classifyResponse } from './errors.ts';
import { connectForward, listenReverse, OneBotLink, type RawEvent } from './link.ts';

export interface OneBotOptions {
  /** Forward WebSocket: the implementation's address. */
  url?: string;
  /** Reverse WebSocket: where the bot listens for the implementation. */
  reverse?: { host: string; port: number };
  token?: string;
  /** The least time between two messages sent (QQ's risk control flags bursts). */
  sendIntervalMs: number;
  /** How long an action may go unanswered. */
  actionTimeoutMs?: number;
  log?: Logger;
  /** Called once each event pushed by the implementation has been handled (for tests). */
  onHandled?: (raw: RawEvent) => void;
}

/** A QQ number from a namespaced id: `onebot:123` or `onebot:group:123`. */
const qq = (id: string) => Number(splitId(id).raw.replace(/^group:/, ''));

/**
 * QQ through a OneBot v11 implementation (NapCat, LLBot), over forward or reverse WebSocket
 * (README, Running on QQ with NapCat or LLBot). QQ has no buttons: they are shown as reply
 * codes and a member's `1` or `A` is decoded into the press (src/core/chat-reply-codes.ts).
 */
export class OneBotAdapter implements Adapter {
  readonly platform = 'onebot' as const;
  private readonly log: Logger;
  private readonly codes = new ChatReplyCodes('onebot');
  private readonly link: OneBotLink;
  private readonly decoder: OneBotDecoder;
  private sink: EventSink | undefined;
  private selfId: string | undefined;
  private server: WebSocketServer | undefined;
  private readonly reconnector: Reconnector;
  private connectedOnce = false;
  private queue: Promise<void> = Promise.resolve();
  private nextSendAt = 0;

  constructor(private readonly opts: OneBotOptions) {
    this.log = opts.log ?? silentLogger;
    this.link = new OneBotLink((raw) => this.receive(raw), () => this.closed(), opts.actionTimeoutMs ?? 15_000);
    this.decoder = new OneBotDecoder((action, params) => this.link.call(action, params), this.codes, () => this.selfId);
    this.reconnector = new Reconnector({
      connect: () => this.connect(),
      connected: () => this.link.connected,
      onFirstLoss: () => this.log.warn('onebot: connection lost, reconnecting'),
      onFailure: () => this.link.close(),
    });
  }

  async start(sink: EventSink): Promise<void> {
    this.sink = sink;
    this.reconnector.stopped = false;
    if (this.opts.reverse) {
      const { host, port } = this.opts.reverse;
      this.server = await listenReverse(host, port, this.opts.token, (socket, selfId) => {
        this.selfId = selfId ?? this.selfId;
        this.link.attach(socket);
        this.log.info({ selfId }, 'onebot connected (reverse WebSocket)');
      });
      return;
    }
    await this.connect();
  }

  async stop(): Promise<void> {
    this.reconnector.stopped = true;
    this.link.close();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    await this.queue;
  }

  async isAdmin(group: GroupId, member: MemberId): Promise<boolean> {
    const r = await this.link.call('get_group_member_info', { group_id: qq(group), user_id: qq(member), no_cache: true });
    const role = (r.data as { role?: string } | undefined)?.role;
    return role === 'owner' || role === 'admin';
  }

  async memberCount(group: GroupId): Promise<number | undefined> {
    const r = await this.link.call('get_group_info', { group_id: qq(group) }).catch(() => undefined);
    return (r?.data as { member_count?: number } | undefined)?.member_count;
  }

  async perform(action: Action, handle?: EventHandle): Promise<Outcome> {
    const h = handle as OneBotHandle | undefined;
    switch (action.type) {
      case 'send':
        return this.send(action.to, action.message);
      case 'reply':
        if (!h) return { ok: false, reason: 'rejected', detail: 'reply without an event' };
        if (action.private || h.chat.kind === 'private') return this.send({ member: h.from.id, viaGroup: h.chat.kind === 'group' ? h.chat.id : undefined }, action.message);
        return this.send({ group: h.chat.id }, action.message, h.messageId);
      case 'edit':
        // OneBot cannot edit a message: a live count stays as sent (docs/design.md, Buttons on platforms without buttons).
        return { ok: true, messageId: action.messageId };
      case 'answer':
        // A button press's private answer: QQ has no alerts, so a private message (a temporary session from the group).
        if (!h) return { ok: false, reason: 'rejected', detail: 'answer without an event' };
        return this.send({ member: h.from.id, viaGroup: h.chat.kind === 'group' ? h.chat.id : undefined }, text(action.text));
    }
  }

  /**
   * Sends each part of the message, paced. A part after the first that fails is logged, not
   * reported: the core would resend the whole message, and the first parts would show twice.
   */
  private async send(to: Target, message: RichMessage, replyTo?: string): Promise<Outcome> {
    const group = 'group' in to ? to.group : undefined;
    const chat: Chat = group ? { id: group, kind: 'group' } : { id: (to as { member: MemberId }).member as string as GroupId, kind: 'private' };
    const params = group ? { group_id: qq(group) } : this.privateParams(to as { member: MemberId; viaGroup?: GroupId });
    let first: Outcome | undefined;
    let last: string | undefined;
    for (const segments of encodeParts(message, replyTo)) {
      const outcome = await this.call(group ? 'send_group_msg' : 'send_private_msg', { ...params, message: segments });
      if (!first) first = outcome;
      if (!outcome.ok && first === outcome) return outcome;
      if (!outcome.ok) this.log.warn({ reason: outcome.reason }, 'onebot: a later part of a message was not sent');
      if (outcome.ok) last = outcome.messageId ?? last;
    }
    for (const file of fileUploads(message)) {
      const outcome = await this.call(group ? 'upload_group_file' : 'upload_private_file', { ...params, ...file });
      if (!outcome.ok) this.log.warn({ reason: outcome.reason }, 'onebot: a file was not uploaded');
    }
    if (last) this.codes.shown(message, chat, last);
    return { ok: true, messageId: last };
  }

  /** A private message to a member who is no friend of the bot goes as a temporary session through their group. */
  private privateParams(to: { member: MemberId; viaGroup?: GroupId }): Record<string, number> {
    return { user_id: qq(to.member), ...(to.viaGroup ? { group_id: qq(to.viaGroup) } : {}) };
  }

  /** One paced action, classified. */
  private async call(action: string, params: Record<string, unknown> & { message?: Segment[] }): Promise<Outcome> {
    await this.pace();
    return this.link.call(action, params).then(classifyResponse, classifyError);
  }

  /** Spaces sends at least sendIntervalMs apart, in the order they were asked for. */
  private async pace(): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, this.nextSendAt);
    this.nextSendAt = at + this.opts.sendIntervalMs;
    if (at > now) await sleep(at - now);
  }

  /** Events are handled one at a time, in the order they came, as on the other platforms. */
  private receive(raw: RawEvent): void {
    this.queue = this.queue.then(async () => {
      try {
        const decoded = await this.decoder.decode(raw);
        if (decoded) await this.sink!(decoded.event, decoded.handle);
      } catch (err) {
        this.log.error({ err, post_type: raw.post_type }, 'onebot: an event failed');
      } finally {
        this.opts.onHandled?.(raw);
      }
    });
  }

  /** Connects (forward WebSocket) and learns the bot's own QQ number; throws when it cannot. */
  private async connect(): Promise<void> {
    await connectForward(this.opts.url!, this.opts.token, (socket) => this.link.attach(socket));
    const login = await this.link.call('get_login_info', {});
    this.selfId = String((login.data as { user_id?: unknown } | undefined)?.user_id ?? this.selfId);
    this.connectedOnce = true;
    this.reconnector.succeeded();
    this.log.info({ selfId: this.selfId }, 'onebot connected');
  }

  /**
   * A dropped forward connection is reconnected with backoff, one attempt at a time; a reverse
   * one waits for the implementation. Before the first connection the Bot's own retries start over.
   */
  private closed(): void {
    if (this.opts.reverse || !this.connectedOnce) return;
    this.reconnector.lost();
  }
}
