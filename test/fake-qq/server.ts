import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { CallbackKeys } from '../../adapters/qq/signature.ts';

/**
 * A fake QQ Bot open platform: the access-token endpoint, the OpenAPI (messages, media upload,
 * interaction acks, the gateway address) and the WebSocket gateway (Hello, Identify, Heartbeat,
 * Dispatch, Resume with a replay of what was missed, Invalid Session). It records every call and
 * enforces the rules the docs give: passive replies within their window and five msg_seq per
 * message, proactive messages refused unless allowed, custom keyboards refused unless allowed,
 * and a rate limit per bot and per chat (code 22009 beyond it).
 */

export interface Person {
  openid: string;
}

export interface SentMessage {
  chat: string;
  kind: 'group' | 'private';
  body: Record<string, unknown>;
  /** The text shown: content, or the markdown's. */
  text: string;
  id: string;
  at: number;
}

export interface Limits {
  perSecond: number;
  perChatPerSecond: number;
}

interface Session {
  id: string;
  seq: number;
  log: { s: number; payload: Record<string, unknown> }[];
}

export const person = (openid: string): Person => ({ openid });

export const FAKE_QQ_LIMITS: Limits = { perSecond: 30, perChatPerSecond: 5 };

export class FakeQQ {
  readonly appId = '102030405';
  readonly sent: SentMessage[] = [];
  readonly calls: { method: string; path: string; body: unknown }[] = [];
  readonly acks: string[] = [];
  readonly uploads: { chat: string; body: Record<string, unknown> }[] = [];
  /** Whether the platform takes messages posted unasked (stopped 2025-04-21 per send.md). */
  proactive = false;
  keyboards = false;
  /** A passive reply's window (send.md: 5 minutes in a group). */
  replyWindowMs = 5 * 60_000;
  readonly kicked = new Set<string>();
  rateLimited = 0;
  refusedProactive = 0;
  connections = 0;
  identifies = 0;
  resumes = 0;
  heartbeatMs = 30_000;
  /** Files members sent, by their url's path; `downloads` lists the paths the bot fetched. */
  readonly files = new Map<string, Uint8Array>();
  readonly downloads: string[] = [];
  /** Heartbeats go unanswered (a dead link). */
  silent = false;
  private tokens = new Map<string, number>();
  private nextToken = 1;
  private nextId = 1;
  private session: Session | undefined;
  private socket: WebSocket | undefined;
  private invalidateNext = false;
  private readonly issued = new Map<string, { at: number; seqs: Set<number> }>();
  private readonly stamps: { chat: string; at: number }[] = [];
  private readonly waiters: { check: () => boolean; resolve: () => void }[] = [];
  private http!: Server;
  private wss!: WebSocketServer;

  constructor(
    readonly secret: string,
    readonly limits: Limits,
    readonly tokenTtlSeconds: number,
  ) {}

  static async listen(opts: { secret?: string; limits?: Limits; tokenTtlSeconds?: number } = {}): Promise<FakeQQ> {
    const fake = new FakeQQ(opts.secret ?? 'fake-secret-0123456789', opts.limits ?? FAKE_QQ_LIMITS, opts.tokenTtlSeconds ?? 7200);
    fake.http = createServer((req, res) => void fake.route(req, res));
    // A front end's keep-alive (nginx: 75 s), not Node's 5 s: on a loaded machine the client's own
    // 4 s close can fire late and a reused socket be reset, which no platform would do.
    fake.http.keepAliveTimeout = 75_000;
    fake.wss = new WebSocketServer({ server: fake.http, path: '/websocket' });
    fake.wss.on('connection', (socket) => fake.attach(socket));
    await new Promise<void>((resolve) => fake.http.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get root(): string {
    return `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }

  get tokenUrl(): string {
    return `${this.root}/app/getAppAccessToken`;
  }

  get tokensIssued(): number {
    return this.nextToken - 1;
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  // ── Events ─────────────────────────────────────────────

  /** A member's message: @-ing the bot in a group (GROUP_AT_MESSAGE_CREATE), or privately (C2C_MESSAGE_CREATE). */
  say(from: Person, content: string, group?: string): { id: string } {
    const id = `m-${this.nextId++}`;
    if (group) return this.push('GROUP_AT_MESSAGE_CREATE', { id, content: ` ${content}`, group_openid: group, author: { member_openid: from.openid }, timestamp: new Date().toISOString() });
    return this.push('C2C_MESSAGE_CREATE', { id, content, author: { user_openid: from.openid }, timestamp: new Date().toISOString() });
  }

  /**
   * A member sends the bot a file privately: C2C_MESSAGE_CREATE with `attachments`
   * `[{content_type: 'file', filename, size, url}]`, the url on this server's /files path.
   * `size` is what the platform reports (the file's length unless a test says otherwise).
   */
  sendFile(from: Person, filename: string, data: Uint8Array, opts: { content?: string; size?: number } = {}): { id: string } {
    const id = `m-${this.nextId++}`;
    const path = `/files/${id}/${encodeURIComponent(filename)}`;
    this.files.set(path, data);
    const attachment = { content_type: 'file', filename, size: opts.size ?? data.length, url: `${this.root}${path}` };
    return this.push('C2C_MESSAGE_CREATE', { id, content: opts.content ?? '', author: { user_openid: from.openid }, attachments: [attachment], timestamp: new Date().toISOString() });
  }

  /** A press of a callback button (INTERACTION_CREATE, msg-btn.md). */
  press(from: Person, group: string, data: string): { id: string } {
    const id = `i-${this.nextId++}`;
    return this.push('INTERACTION_CREATE', { id, type: 11, scene: 'group', chat_type: 1, group_openid: group, group_member_openid: from.openid, data: { type: 11, resolved: { button_data: data, button_id: '1' } } });
  }

  addBot(group: string, by: Person): { id: string } {
    this.kicked.delete(group);
    return this.push('GROUP_ADD_ROBOT', { group_openid: group, op_member_openid: by.openid, timestamp: Math.floor(Date.now() / 1000) });
  }

  kick(group: string, by: Person): { id: string } {
    this.kicked.add(group);
    return this.push('GROUP_DEL_ROBOT', { group_openid: group, op_member_openid: by.openid, timestamp: Math.floor(Date.now() / 1000) });
  }

  /** Dispatches an event on the session; while no connection is up it waits in the session's log for a Resume. */
  push(t: string, d: Record<string, unknown>): { id: string } {
    const id = `${t}:${this.nextId++}`;
    const session = this.session;
    if (!session) throw new Error('no session to dispatch on');
    const s = ++session.seq;
    const payload = { op: 0, s, t, id, d };
    // A message's id, and an event's (send.md: event_id for INTERACTION_CREATE, GROUP_ADD_ROBOT), can carry passive replies.
    for (const ref of [id, d.id]) if (typeof ref === 'string') this.issued.set(ref, { at: Date.now(), seqs: new Set() });
    session.log.push({ s, payload });
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(payload));
    return { id };
  }

  /** Drops the connection as a network failure would; the session stays resumable. */
  drop(): void {
    this.socket?.terminate();
  }

  /** The next Resume is answered Invalid Session (op 9): the bot must identify anew. */
  invalidateSession(): void {
    this.invalidateNext = true;
  }

  /** The same dispatch again on the live connection, as a gateway may after a resume. */
  repeatLast(): void {
    const last = this.session?.log.at(-1);
    if (last) this.socket?.send(JSON.stringify(last.payload));
  }

  /** A signed callback POSTed to the bot's webhook (sign.md); `forged` signs with another secret. */
  async callback(url: string, payload: Record<string, unknown>, forged = false): Promise<Response> {
    const body = JSON.stringify(payload);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const keys = new CallbackKeys(forged ? 'another-secret-entirely' : this.secret);
    return fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-signature-ed25519': keys.sign(timestamp + body), 'x-signature-timestamp': timestamp, 'x-bot-appid': this.appId } });
  }

  // ── What the bot did ─────────────────────────────────────

  sentTo(group: string): SentMessage[] {
    return this.sent.filter((m) => m.kind === 'group' && m.chat === group);
  }

  sentPrivately(openid: string): SentMessage[] {
    return this.sent.filter((m) => m.kind === 'private' && m.chat === openid);
  }

  async waitFor(check: () => boolean, timeoutMs = 10_000): Promise<void> {
    if (check()) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting on the fake QQ platform')), timeoutMs);
      this.waiters.push({ check, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  private settle(): void {
    for (const w of [...this.waiters]) if (w.check()) (this.waiters.splice(this.waiters.indexOf(w), 1), w.resolve());
  }

  // ── The gateway ─────────────────────────────────────────

  private attach(socket: WebSocket): void {
    this.connections++;
    this.socket?.terminate();
    this.socket = socket;
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: this.heartbeatMs } }));
    socket.on('message', (data) => this.onFrame(socket, JSON.parse(String(data)) as { op: number; d: Record<string, unknown> | number | null }));
    socket.on('close', () => this.settle());
    this.settle();
  }

  private onFrame(socket: WebSocket, frame: { op: number; d: unknown }): void {
    const d = (frame.d ?? {}) as Record<string, unknown>;
    if (frame.op === 1 && !this.silent) return void socket.send(JSON.stringify({ op: 11 }));
    if (frame.op === 2) {
      if (!this.validToken(String(d.token).replace(/^QQBot /, ''))) return void socket.close(4004, 'invalid token');
      this.identifies++;
      this.session = { id: `session-${this.identifies}`, seq: 0, log: [] };
      const s = ++this.session.seq;
      socket.send(JSON.stringify({ op: 0, s, t: 'READY', d: { version: 1, session_id: this.session.id, user: { id: 'bot', username: '反诈助手', bot: true }, shard: [0, 1] } }));
    }
    if (frame.op === 6) {
      if (this.invalidateNext || !this.session || d.session_id !== this.session.id) {
        this.invalidateNext = false;
        return void socket.send(JSON.stringify({ op: 9, d: false }));
      }
      this.resumes++;
      for (const { s, payload } of this.session.log) if (s > Number(d.seq)) socket.send(JSON.stringify(payload));
      socket.send(JSON.stringify({ op: 0, s: ++this.session.seq, t: 'RESUMED', d: '' }));
    }
    this.settle();
  }

  // ── The OpenAPI ─────────────────────────────────────────

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = req.url ?? '';
    const file = this.files.get(path);
    if (file) {
      this.downloads.push(path);
      return void res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': file.length }).end(file);
    }
    const raw = Buffer.concat(chunks).toString();
    const body = (raw ? JSON.parse(raw) : {}) as Record<string, unknown>;
    this.calls.push({ method: req.method ?? '', path, body });
    const answer = (status: number, json?: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(json === undefined ? '' : JSON.stringify(json));
      this.settle();
    };
    if (path === '/app/getAppAccessToken') {
      if (body.appId !== this.appId || body.clientSecret !== this.secret) return answer(401, { code: 100016, message: 'invalid appid or secret' });
      const token = `token-${this.nextToken++}`;
      this.tokens.set(token, Date.now() + this.tokenTtlSeconds * 1000);
      return answer(200, { access_token: token, expires_in: String(this.tokenTtlSeconds) });
    }
    const token = String(req.headers.authorization ?? '').replace(/^QQBot /, '');
    if (!this.validToken(token) || req.headers['x-union-appid'] !== this.appId) return answer(401, { code: 11244, message: 'token not exist or expire' });
    if (path === '/gateway') return answer(200, { url: `${this.root.replace(/^http/, 'ws')}/websocket` });
    const press = /^\/interactions\/([^/]+)$/.exec(path);
    if (press && req.method === 'PUT') return (this.acks.push(decodeURIComponent(press[1]!)), answer(204));
    const m = /^\/v2\/(groups|users)\/([^/]+)\/(messages|files)$/.exec(path);
    if (!m || req.method !== 'POST') return answer(404, { code: 404, message: 'not found' });
    const kind = m[1] === 'groups' ? 'group' : 'private';
    const chat = decodeURIComponent(m[2]!);
    if (kind === 'group' && this.kicked.has(chat)) return answer(403, { code: 11293, message: '机器人不在群中' });
    if (m[3] === 'files') {
      this.uploads.push({ chat, body });
      return answer(200, { file_uuid: `file-${this.nextId}`, file_info: `info-${this.nextId++}`, ttl: 0 });
    }
    const refusal = this.refusal(chat, body);
    if (refusal) return answer(400, refusal);
    const id = `sent-${this.nextId++}`;
    const text = String((body.markdown as { content?: string } | undefined)?.content ?? body.content ?? '');
    this.sent.push({ chat, kind, body, text, id, at: Date.now() });
    answer(200, { id, timestamp: new Date().toISOString() });
  }

  /** Why the platform would refuse this message, if it would (send.md, msg-btn.md). */
  private refusal(chat: string, body: Record<string, unknown>): { code: number; message: string } | undefined {
    const now = Date.now();
    while (this.stamps.length && now - this.stamps[0]!.at >= 1000) this.stamps.shift();
    if (this.stamps.length >= this.limits.perSecond || this.stamps.filter((s) => s.chat === chat).length >= this.limits.perChatPerSecond) {
      this.rateLimited++;
      return { code: 22009, message: 'msg limit exceed' };
    }
    const ref = (body.msg_id ?? body.event_id) as string | undefined;
    if (ref === undefined) {
      if (!this.proactive) return (this.refusedProactive++, { code: 40034028, message: '主动消息已停止提供' });
    } else {
      const issued = this.issued.get(ref);
      const seq = Number(body.msg_seq ?? 1);
      if (!issued || now - issued.at > this.replyWindowMs) return { code: 40034024, message: '被动回复 msg_id 已过期' };
      if (issued.seqs.has(seq)) return { code: 40054005, message: '消息被去重，请检查请求msgseq' };
      if (issued.seqs.size >= 5) return { code: 40034025, message: '被动回复次数已达上限' };
      issued.seqs.add(seq);
    }
    if (body.keyboard && !this.keyboards) return { code: 304050, message: '不允许发送自定义keyboard' };
    this.stamps.push({ chat, at: now });
    return undefined;
  }

  private validToken(token: string): boolean {
    const until = this.tokens.get(token);
    return until !== undefined && until > Date.now();
  }
}
