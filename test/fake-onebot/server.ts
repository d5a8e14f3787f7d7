import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';

/**
 * A fake OneBot v11 implementation (as NapCat or LLBot would be), in either role: a WebSocket
 * server the bot connects to (forward, communication/ws.md), or a client that connects to the
 * bot (reverse, communication/ws-reverse.md). It checks the access token, answers the actions
 * the adapter calls, keeps what was sent, and pushes events; events pushed while no connection
 * is up wait and go out on the next one, as QQ's own offline messages do.
 */

export interface Segment {
  type: string;
  data: Record<string, unknown>;
}

export interface Sent {
  messageId: number;
  groupId?: number;
  userId?: number;
  segments: Segment[];
  text: string;
}

export interface Person {
  userId: number;
  nickname: string;
  role?: 'owner' | 'admin' | 'member';
}

type Event = Record<string, unknown> & { _seq: number };

export const person = (userId: number, nickname: string, role: Person['role'] = 'member'): Person => ({ userId, nickname, role });

export class FakeOneBot {
  readonly selfId = 10000;
  readonly sent: Sent[] = [];
  readonly calls: { action: string; params: Record<string, unknown> }[] = [];
  readonly uploads: { action: string; params: Record<string, unknown> }[] = [];
  /** Files members sent privately, by file_id; `downloads` lists the ids whose url the bot fetched. */
  readonly files = new Map<string, Uint8Array>();
  readonly downloads: string[] = [];
  /** Where the files' urls point (QQ's file servers), started with the first file. */
  private fileServer: Server | undefined;
  /** Answers an action with a failure instead (by action name): `{ retcode, message }`. */
  readonly failures = new Map<string, { retcode: number; message?: string }>();
  /** Actions that get no answer at all (a hung implementation). */
  readonly silent = new Set<string>();
  private readonly admins = new Set<string>();
  private readonly forwards = new Map<string, Segment[][]>();
  private readonly stored = new Map<number, Segment[]>();
  private readonly backlog: Event[] = [];
  private socket: WebSocket | undefined;
  private server: WebSocketServer | undefined;
  private readonly waiters: { check: () => boolean; resolve: () => void }[] = [];
  private nextMessage = 5000;
  private nextSeq = 1;
  connections = 0;

  constructor(readonly token: string | undefined) {}

  /** Forward role: listens; the bot connects to `url`. */
  static async listen(token?: string): Promise<FakeOneBot> {
    const fake = new FakeOneBot(token);
    const server = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      verifyClient: ({ req }, done) => {
        if (!token) return done(true);
        const offered = req.headers.authorization?.replace(/^Bearer\s+/i, '');
        done(offered === token, offered === undefined ? 401 : 403);
      },
    });
    await new Promise((resolve) => server.once('listening', resolve));
    server.on('connection', (socket) => fake.attach(socket));
    fake.server = server;
    return fake;
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  /** Reverse role: connects to the bot's Universal endpoint, saying its QQ number in X-Self-ID. */
  async dial(url: string, token = this.token): Promise<void> {
    const socket = new WebSocket(url, { headers: { 'X-Self-ID': String(this.selfId), 'X-Client-Role': 'Universal', ...(token ? { Authorization: `Bearer ${token}` } : {}) } });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      socket.once('error', reject);
    });
    this.attach(socket);
  }

  get connected(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  /** Drops the connection as a network failure would. */
  drop(): void {
    this.socket?.terminate();
    this.socket = undefined;
  }

  setAdmin(groupId: number, userId: number): void {
    this.admins.add(`${groupId}|${userId}`);
  }

  /** A member's message in a group (`group`) or a private chat (no group), as segments or text. */
  say(from: Person, content: string | Segment[], group?: number, replyTo?: number): Event {
    const segments: Segment[] = typeof content === 'string' ? [{ type: 'text', data: { text: content } }] : content;
    if (replyTo !== undefined) segments.unshift({ type: 'reply', data: { id: String(replyTo) } });
    const messageId = this.nextMessage++;
    this.stored.set(messageId, segments);
    const sender = { user_id: from.userId, nickname: from.nickname, card: '', ...(group ? { role: this.admins.has(`${group}|${from.userId}`) ? 'admin' : from.role } : {}) };
    return this.push({
      post_type: 'message',
      message_type: group ? 'group' : 'private',
      sub_type: group ? 'normal' : 'friend',
      message_id: messageId,
      user_id: from.userId,
      ...(group ? { group_id: group } : {}),
      message: segments,
      raw_message: typeof content === 'string' ? content : '',
      font: 0,
      sender,
    });
  }

  /**
   * A member sends the bot a file privately: a `file` segment `{file, file_id, file_size, url}`
   * as NapCat posts it, or without the url (`withUrl: false`), which get_private_file_url then gives.
   */
  async sendFile(from: Person, name: string, data: Uint8Array, opts: { withUrl?: boolean } = {}): Promise<Event> {
    const fileId = `f${this.nextSeq}`;
    this.files.set(fileId, data);
    const url = `${await this.fileRoot()}/${fileId}`;
    return this.say(from, [{ type: 'file', data: { file: name, file_id: fileId, file_size: String(data.length), ...(opts.withUrl === false ? {} : { url }) } }]);
  }

  private async fileRoot(): Promise<string> {
    if (!this.fileServer) {
      const server = createServer((req, res) => {
        const id = (req.url ?? '').slice(1);
        const data = this.files.get(id);
        if (!data) return void res.writeHead(404).end();
        this.downloads.push(id);
        res.writeHead(200, { 'content-length': data.length }).end(data);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      this.fileServer = server;
    }
    return `http://127.0.0.1:${(this.fileServer.address() as AddressInfo).port}`;
  }

  /** A forwarded 聊天记录 sent privately: its messages are fetched with get_forward_msg. */
  forward(from: Person, lines: string[]): Event {
    const id = `fwd${this.nextSeq}`;
    this.forwards.set(id, lines.map((text) => [{ type: 'text', data: { text } }]));
    return this.say(from, [{ type: 'forward', data: { id } }]);
  }

  notice(notice: Record<string, unknown>): Event {
    return this.push({ post_type: 'notice', ...notice });
  }

  /** NapCat's reaction notice on a message (group_msg_emoji_like). */
  react(from: Person, group: number, messageId: number): Event {
    return this.notice({ notice_type: 'group_msg_emoji_like', group_id: group, user_id: from.userId, message_id: messageId, likes: [{ emoji_id: '76', count: 1 }], is_add: true });
  }

  heartbeat(intervalMs: number): void {
    this.write({ post_type: 'meta_event', meta_event_type: 'heartbeat', interval: intervalMs, status: { online: true, good: true }, time: 0, self_id: this.selfId });
  }

  /** Resolves when `check` holds, re-checked after every action and every connection. */
  waitFor(check: () => boolean, timeoutMs = 15_000): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('waitFor timed out')), timeoutMs);
      this.waiters.push({ check, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) {
      if (w.check()) w.resolve();
      else this.waiters.push(w);
    }
  }

  sentTo(group: number): Sent[] {
    return this.sent.filter((s) => s.groupId === group);
  }

  sentPrivately(userId: number): Sent[] {
    return this.sent.filter((s) => s.groupId === undefined && s.userId === userId);
  }

  async close(): Promise<void> {
    this.socket?.terminate();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.fileServer?.closeAllConnections();
    await new Promise<void>((resolve) => (this.fileServer ? this.fileServer.close(() => resolve()) : resolve()));
  }

  private push(body: Record<string, unknown>): Event {
    const event: Event = { time: Math.floor(Date.now() / 1000), self_id: this.selfId, ...body, _seq: this.nextSeq++ };
    if (this.connected) this.write(event);
    else this.backlog.push(event);
    return event;
  }

  private write(body: unknown): void {
    this.socket!.send(JSON.stringify(body));
  }

  private attach(socket: WebSocket): void {
    this.socket?.terminate();
    this.socket = socket;
    this.connections++;
    socket.on('message', (data) => this.act(JSON.parse(String(data)) as { action: string; params: Record<string, unknown>; echo: unknown }));
    this.write({ post_type: 'meta_event', meta_event_type: 'lifecycle', sub_type: 'connect', time: 0, self_id: this.selfId });
    for (const event of this.backlog.splice(0)) this.write(event);
    this.wake();
  }

  private act({ action, params, echo }: { action: string; params: Record<string, unknown>; echo: unknown }): void {
    this.calls.push({ action, params });
    if (this.silent.has(action)) return;
    const failure = this.failures.get(action);
    if (failure) return this.write({ status: 'failed', retcode: failure.retcode, message: failure.message ?? '', wording: failure.message ?? '', data: null, echo });
    const data = this.answer(action, params);
    if (data === undefined) return this.write({ status: 'failed', retcode: 1404, message: 'unsupported action', data: null, echo });
    this.write({ status: 'ok', retcode: 0, data, echo });
    this.wake();
  }

  private answer(action: string, params: Record<string, unknown>): unknown {
    switch (action) {
      case 'get_login_info':
        return { user_id: this.selfId, nickname: 'ClassGuard' };
      case 'send_group_msg':
      case 'send_private_msg':
        return { message_id: this.record(params) };
      case 'get_group_member_info':
        return { group_id: params.group_id, user_id: params.user_id, role: this.admins.has(`${String(params.group_id)}|${String(params.user_id)}`) ? 'admin' : 'member' };
      case 'get_group_info':
        return { group_id: params.group_id, group_name: 'class', member_count: 40, max_member_count: 200 };
      case 'get_msg': {
        const segments = this.stored.get(Number(params.message_id));
        return segments && { message_id: params.message_id, message: segments };
      }
      case 'get_forward_msg': {
        const nodes = this.forwards.get(String(params.id));
        return nodes && { messages: nodes.map((content) => ({ sender: { user_id: 1, nickname: '骗子' }, content })) };
      }
      case 'get_private_file_url':
        return this.files.has(String(params.file_id)) && this.fileServer ? { url: `http://127.0.0.1:${(this.fileServer.address() as AddressInfo).port}/${String(params.file_id)}` } : undefined;
      case 'upload_group_file':
      case 'upload_private_file':
        this.uploads.push({ action, params });
        return {};
      default:
        return undefined;
    }
  }

  private record(params: Record<string, unknown>): number {
    const segments = params.message as Segment[];
    const messageId = this.nextMessage++;
    this.stored.set(messageId, segments);
    const text = segments.filter((s) => s.type === 'text').map((s) => String(s.data.text)).join('');
    const groupId = params.message_type === 'private' || !('group_id' in params) || 'user_id' in params ? undefined : Number(params.group_id);
    this.sent.push({ messageId, groupId, userId: params.user_id === undefined ? undefined : Number(params.user_id), segments, text });
    return messageId;
  }
}
