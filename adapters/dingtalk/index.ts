import { setTimeout as sleep } from 'node:timers/promises';
import { CredentialsRejected, type Action, type Adapter, type EventHandle, type EventSink, type Outcome, type Target } from '../../src/core/adapter.ts';
import { ChatReplyCodes } from '../../src/core/chat-reply-codes.ts';
import type { Chat } from '../../src/core/events.ts';
import { splitId, type GroupId, type MemberId } from '../../src/core/ids.ts';
import { text, type Attachment, type RichMessage } from '../../src/core/message.ts';
import { Reconnector } from '../../src/core/reconnect.ts';
import { silentLogger, type Logger } from '../../src/log.ts';
import { FileFetchError } from '../../src/core/incoming-file.ts';
import { downloadCapped } from '../shared/download.ts';
import { decodeCallback, type DingTalkHandle, type FileOf, type RobotCallback } from './decode.ts';
import { attachmentTemplate, encodeParts } from './encode.ts';
import { OpenApi, TokenRefused, type Credentials, type Template } from './openapi.ts';
import { openConnection, StreamLink, type DownStream } from './stream.ts';

export interface DingTalkOptions extends Credentials {
  /** The least time between two messages to one conversation (about 20 a minute per group). */
  sendIntervalMs: number;
  /** How often the Stream connection is pinged; two unanswered pings drop it. */
  keepAliveMs?: number;
  log?: Logger;
  /** Called once each callback DingTalk pushed has been handled, with its Stream messageId (for tests). */
  onHandled?: (messageId: string) => void;
}

/** A session webhook this close to its expiry is not used: the message goes through the OpenAPI. */
const SESSION_MARGIN_MS = 60_000;
/** Callbacks remembered to drop one DingTalk pushes again. */
const SEEN_CALLBACKS = 1_000;

type Via = { session: string } | { group: string } | { staffId: string };

/** A namespaced id's DingTalk part: `dingtalk:group:cid…` → `cid…`, `dingtalk:0123` → `0123`. */
const rawId = (id: string) => splitId(id).raw.replace(/^group:/, '');

/**
 * DingTalk's robot of an enterprise internal app, in Stream mode (README, Running on DingTalk):
 * callbacks over a WebSocket the bot opens, so no public address is needed; sends through the
 * OpenAPI, or a callback's session webhook while it lasts. DingTalk has no buttons a bot can read
 * back, so they are shown as reply codes (src/core/chat-reply-codes.ts).
 */
export class DingTalkAdapter implements Adapter {
  readonly platform = 'dingtalk' as const;
  private readonly log: Logger;
  private readonly codes = new ChatReplyCodes('dingtalk');
  private readonly api: OpenApi;
  private readonly link: StreamLink;
  private readonly seen = new Set<string>();
  private readonly nextSendAt = new Map<string, number>();
  private sink: EventSink | undefined;
  private queue: Promise<void> = Promise.resolve();
  private readonly reconnector: Reconnector;
  private connectedOnce = false;
  private localIds = 0;

  constructor(private readonly opts: DingTalkOptions) {
    this.log = opts.log ?? silentLogger;
    this.api = new OpenApi(opts);
    // A dropped connection, or one DingTalk said it would close (`disconnect`), is made again with a new ticket.
    this.link = new StreamLink((frame) => this.receive(frame), () => this.connectedOnce && this.reconnector.lost(), opts.keepAliveMs ?? 10_000);
    this.reconnector = new Reconnector({
      connect: () => this.connect(),
      connected: () => this.link.connected,
      onFirstLoss: () => this.log.warn('dingtalk: Stream connection closed, reconnecting'),
      onFailure: (err) => this.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'dingtalk: reconnecting failed'),
    });
  }

  async start(sink: EventSink): Promise<void> {
    this.sink = sink;
    this.reconnector.stopped = false;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.reconnector.stopped = true;
    this.link.close();
    await this.queue;
  }

  /** DingTalk has no API a robot can ask; the callback's isAdmin says it for each message. */
  async isAdmin(_group: GroupId, _member: MemberId): Promise<boolean> {
    return false;
  }

  async perform(action: Action, handle?: EventHandle): Promise<Outcome> {
    const h = handle as DingTalkHandle | undefined;
    switch (action.type) {
      case 'send':
        return this.send(action.to, action.message);
      case 'reply':
        if (!h) return { ok: false, reason: 'rejected', detail: 'reply without an event' };
        if (action.private && h.chat.kind === 'group') return this.send({ member: h.from.id }, action.message);
        return this.deliver(h.chat, this.viaSession(h) ?? this.viaOf(h.chat), action.message);
      case 'edit':
        // A robot's message cannot be edited: a live count stays as sent (docs/design.md, Counts where messages cannot be edited).
        return { ok: true, messageId: action.messageId };
      case 'answer':
        // A press's answer goes privately, as on QQ, so a busy group is not filled with 已确认.
        if (!h) return { ok: false, reason: 'rejected', detail: 'answer without an event' };
        return h.chat.kind === 'private' ? this.deliver(h.chat, this.viaSession(h) ?? this.viaOf(h.chat), text(action.text)) : this.send({ member: h.from.id }, text(action.text));
    }
  }

  private send(to: Target, message: RichMessage): Promise<Outcome> {
    const chat: Chat = 'group' in to ? { id: to.group, kind: 'group' } : { id: to.member as string as GroupId, kind: 'private' };
    return this.deliver(chat, this.viaOf(chat), message);
  }

  /** The session webhook of the event's conversation, while it is still good for a while. */
  private viaSession(h: DingTalkHandle): Via | undefined {
    return h.session && h.session.expiresAt - Date.now() > SESSION_MARGIN_MS ? { session: h.session.url } : undefined;
  }

  /** A group by its conversation; a member by staff id (a DingTalk id, `$:…`, cannot be sent to unasked). */
  private viaOf(chat: Chat): Via | undefined {
    const id = rawId(chat.id);
    if (chat.kind === 'group') return { group: id };
    return id.startsWith('$:') ? undefined : { staffId: id };
  }

  /**
   * Sends each part, paced per conversation. A part after the first that fails is logged, not
   * reported: the core would resend the whole message, and the first parts would show twice.
   */
  private async deliver(chat: Chat, via: Via | undefined, message: RichMessage): Promise<Outcome> {
    if (!via) return { ok: false, reason: 'no-private-chat', detail: 'no staff id to send to' };
    let first: Outcome | undefined;
    let last: string | undefined;
    for (const part of encodeParts(message, chat.kind === 'group')) {
      await this.pace(chat.id);
      const outcome = await this.post(via, part);
      first ??= outcome;
      if (!outcome.ok && first === outcome) return outcome;
      if (!outcome.ok) this.log.warn({ reason: outcome.reason }, 'dingtalk: a later part of a message was not sent');
      if (outcome.ok) last = outcome.messageId ?? `local:${++this.localIds}`;
    }
    await this.attach(chat, message);
    if (last) this.codes.shown(message, chat, last);
    return { ok: true, messageId: last };
  }

  /** Images and files, uploaded and sent by the OpenAPI (a session webhook takes neither); one that fails is logged. */
  private async attach(chat: Chat, message: RichMessage): Promise<void> {
    const via = this.viaOf(chat);
    for (const attachment of message.attachments ?? []) {
      const outcome: Outcome = via ? await this.sendAttachment(chat, via, attachment) : { ok: false, reason: 'no-private-chat' };
      if (!outcome.ok) this.log.warn({ reason: outcome.reason, kind: attachment.kind }, 'dingtalk: an attachment was not sent');
    }
  }

  private async sendAttachment(chat: Chat, via: Via, attachment: Attachment): Promise<Outcome> {
    const mediaId = await this.api.upload(attachment.kind, attachment.filename, attachment.mime, attachment.data);
    if (typeof mediaId !== 'string') return mediaId;
    await this.pace(chat.id);
    return this.post(via, attachmentTemplate(attachment, mediaId));
  }

  private post(via: Via, part: Template): Promise<Outcome> {
    if ('session' in via) return this.api.sessionSend(via.session, part);
    if ('group' in via) return this.api.groupSend(via.group, part);
    return this.api.privateSend(via.staffId, part);
  }

  /** Spaces messages to one conversation sendIntervalMs apart, in the order they were asked for. */
  private async pace(conversation: string): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, this.nextSendAt.get(conversation) ?? 0);
    this.nextSendAt.set(conversation, at + this.opts.sendIntervalMs);
    if (at > now) await sleep(at - now);
  }

  /** A file's temporary link is asked for only when a feature reads the file; DingTalk gives no size, so the cap holds during the download. */
  private readonly fileOf: FileOf = (downloadCode, name) => ({
    name,
    fetch: async (maxBytes) => {
      const url = await this.api.fileUrl(downloadCode);
      if (typeof url !== 'string') throw new FileFetchError('unavailable', url.detail ?? url.reason);
      return downloadCapped(url, maxBytes);
    },
  });

  /** Callbacks are handled one at a time, in the order they came; one DingTalk pushes again is dropped. */
  private receive(frame: DownStream): void {
    this.queue = this.queue.then(async () => {
      try {
        const raw = JSON.parse(frame.data) as RobotCallback;
        if (this.seen.has(raw.msgId)) return;
        this.remember(raw.msgId);
        const decoded = decodeCallback(raw, this.codes, this.fileOf);
        if (decoded) await this.sink!(decoded.event, decoded.handle);
      } catch (err) {
        this.log.error({ err }, 'dingtalk: a callback failed');
      } finally {
        this.opts.onHandled?.(frame.headers.messageId);
      }
    });
  }

  private remember(msgId: string): void {
    this.seen.add(msgId);
    if (this.seen.size > SEEN_CALLBACKS) this.seen.delete(this.seen.values().next().value!);
  }

  /** Checks the credentials (an access token), then opens a Stream connection; throws when it cannot. */
  private async connect(): Promise<void> {
    try {
      await this.api.accessToken();
    } catch (err) {
      if (err instanceof TokenRefused && err.status >= 400 && err.status < 500) throw new CredentialsRejected('dingtalk', err.message);
      throw err;
    }
    await this.link.connect(await openConnection(this.opts.apiRoot, this.opts.clientId, this.opts.clientSecret));
    this.connectedOnce = true;
    this.reconnector.succeeded();
    this.log.info('dingtalk connected (Stream mode)');
  }
}
