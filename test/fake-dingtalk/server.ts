import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';

/**
 * A fake DingTalk open platform, as the robot of an enterprise internal app in Stream mode sees
 * it: the access token (POST /v1.0/oauth2/accessToken), the Stream gateway (POST
 * /v1.0/gateway/connections/open, then a WebSocket at the endpoint with the ticket), the group
 * send (/v1.0/robot/groupMessages/send), the 单聊 batch send (/v1.0/robot/oToMessages/batchSend)
 * and the session webhooks its callbacks carry. It checks the credentials, the token and the
 * robotCode, records every call, pushes callbacks and expects an ACK for each; callbacks pushed
 * while no connection is up wait for the next one.
 */

export interface Person {
  staffId: string;
  nick: string;
}

export interface Sent {
  via: 'group' | 'private' | 'session';
  /** The group's openConversationId (group sends, and session replies in a group). */
  conversationId?: string;
  /** The member's staff id (private sends, and session replies in a 单聊). */
  staffId?: string;
  msgKey: string;
  title: string;
  text: string;
  processQueryKey?: string;
}

export interface Call {
  path: string;
  body: Record<string, unknown>;
}

type Frame = { specVersion: string; type: string; headers: Record<string, string>; data: string };

export const person = (staffId: string, nick: string): Person => ({ staffId, nick });

export class FakeDingTalk {
  readonly clientId = 'dingfakeclientid';
  readonly calls: Call[] = [];
  readonly sent: Sent[] = [];
  /** Images and files uploaded for robot messages. */
  readonly uploads: { mediaId: string; type: string; filename: string; mime: string; bytes: Uint8Array }[] = [];
  /** Every frame the bot sent up the Stream (ACKs, ping answers). */
  readonly upstream: Record<string, unknown>[] = [];
  /** Answers a path with an error instead: `{ status, code }`. */
  readonly failures = new Map<string, { status: number; code: string }>();
  /** Files members sent the robot, by download code; `downloads` lists the codes whose link was fetched. */
  readonly files = new Map<string, Uint8Array>();
  readonly downloads: string[] = [];
  /** How long a callback's session webhook lasts. */
  sessionTtlMs = 90 * 60_000;
  connections = 0;
  tokensIssued = 0;
  /** A connection that is up but answers no WebSocket ping (a dead link TCP has not noticed). */
  deaf = false;
  private readonly sessions = new Map<string, { conversationId?: string; staffId?: string }>();
  private readonly tickets = new Set<string>();
  private readonly tokens = new Set<string>();
  private readonly backlog: Frame[] = [];
  private readonly waiters: { check: () => boolean; resolve: () => void }[] = [];
  private socket: WebSocket | undefined;
  private http!: Server;
  private wss!: WebSocketServer;
  private nextId = 1;

  constructor(readonly clientSecret: string) {}

  static async listen(clientSecret = 'fake-secret'): Promise<FakeDingTalk> {
    const fake = new FakeDingTalk(clientSecret);
    fake.http = createServer((req, res) => void fake.route(req, res));
    // Pongs by hand, so a test can make the server deaf to the bot's keep-alive pings.
    fake.wss = new WebSocketServer({ noServer: true, autoPong: false });
    fake.http.on('upgrade', (req, socket, head) => {
      const ticket = new URL(req.url ?? '/', 'http://x').searchParams.get('ticket') ?? '';
      if (!fake.tickets.delete(ticket)) return void (socket.write('HTTP/1.1 401 Unauthorized\r\n\r\n'), socket.destroy());
      fake.wss.handleUpgrade(req, socket, head, (ws) => fake.attach(ws));
    });
    await new Promise<void>((resolve) => fake.http.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get apiRoot(): string {
    return `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }

  get connected(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  /**
   * A member's message: in a group (`group`, its conversationId) it is one that @s the robot, the
   * only kind DingTalk pushes; without, a 单聊. `isAdmin` is the callback's own field. `quote` is
   * the text of a message it quotes (text.isReplyMsg, text.repliedMsg).
   */
  say(from: Person, content: string, opts: { group?: string; isAdmin?: boolean; quote?: string; richText?: boolean } = {}): { messageId: string; msgId: string } {
    const text = opts.richText ? undefined : { content: opts.group ? ` ${content}` : content, ...(opts.quote ? { isReplyMsg: true, repliedMsg: { msgId: 'msgq', msgType: 'text', content: { text: opts.quote } } } : {}) };
    return this.callback(from, opts, { msgtype: opts.richText ? 'richText' : 'text', ...(text ? { text } : { content: { richText: [{ text: content }] } }) });
  }

  /**
   * A member sends the robot a file in their 单聊 (the only chat DingTalk gives robots files in):
   * `msgtype: 'file'` with `content.downloadCode` and `fileName` (机器人接收消息, 文件); the
   * download code's link is served at /download/<code>.
   */
  sendFile(from: Person, fileName: string, data: Uint8Array): { messageId: string; msgId: string } {
    const downloadCode = `dc${this.nextId}`;
    this.files.set(downloadCode, data);
    return this.callback(from, {}, { msgtype: 'file', content: { downloadCode, fileName } });
  }

  private callback(from: Person, opts: { group?: string; isAdmin?: boolean }, message: Record<string, unknown>): { messageId: string; msgId: string } {
    const session = `s${this.nextId}`;
    this.sessions.set(session, opts.group ? { conversationId: opts.group } : { staffId: from.staffId });
    const msgId = `msg${this.nextId}`;
    const data = {
      conversationId: opts.group ?? `cidp-${from.staffId}`,
      conversationType: opts.group ? '2' : '1',
      ...(opts.group ? { conversationTitle: '软件2301班', isInAtList: true } : {}),
      chatbotCorpId: 'dingcorp',
      chatbotUserId: '$:LWCP_v1:$robot',
      msgId,
      senderNick: from.nick,
      isAdmin: opts.isAdmin ?? false,
      senderStaffId: from.staffId,
      senderId: `$:LWCP_v1:$${from.staffId}`,
      senderCorpId: 'dingcorp',
      sessionWebhook: `${this.apiRoot}/robot/sendBySession?session=${session}`,
      sessionWebhookExpiredTime: Date.now() + this.sessionTtlMs,
      createAt: Date.now(),
      robotCode: this.clientId,
      ...message,
    };
    return { messageId: this.push('CALLBACK', '/v1.0/im/bot/messages/get', JSON.stringify(data)), msgId };
  }

  /** The same callback frame again, as DingTalk pushes one it thinks was not answered. */
  repeat(messageId: string): string {
    const frame = this.frames.get(messageId)!;
    return this.push(frame.type, frame.headers.topic!, frame.data);
  }

  /** A system ping (the bot must answer it with its data), or DingTalk's notice that it will close the connection. */
  system(topic: 'ping' | 'disconnect'): string {
    return this.push('SYSTEM', topic, JSON.stringify(topic === 'ping' ? { opaque: 'p1' } : { reason: 'persistent connection is timeout' }));
  }

  acked(messageId: string): boolean {
    return this.upstream.some((u) => (u.headers as { messageId?: string } | undefined)?.messageId === messageId && u.code === 200);
  }

  drop(): void {
    this.socket?.terminate();
    this.socket = undefined;
  }

  sentTo(conversationId: string): Sent[] {
    return this.sent.filter((s) => s.conversationId === conversationId);
  }

  sentPrivately(staffId: string): Sent[] {
    return this.sent.filter((s) => s.staffId === staffId);
  }

  waitFor(check: () => boolean, timeoutMs = 15_000): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('waitFor timed out')), timeoutMs);
      this.waiters.push({ check, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  async close(): Promise<void> {
    this.socket?.terminate();
    this.wss.close();
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private readonly frames = new Map<string, Frame>();

  private push(type: string, topic: string, data: string): string {
    const messageId = String(this.nextId++);
    const frame: Frame = { specVersion: '1.0', type, headers: { appId: 'fake-app', contentType: 'application/json', messageId, time: String(Date.now()), topic }, data };
    this.frames.set(messageId, frame);
    if (this.connected) this.socket!.send(JSON.stringify(frame));
    else this.backlog.push(frame);
    return messageId;
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) {
      if (w.check()) w.resolve();
      else this.waiters.push(w);
    }
  }

  private attach(ws: WebSocket): void {
    this.socket?.terminate();
    this.socket = ws;
    this.connections++;
    ws.on('ping', (data) => !this.deaf && ws.pong(data));
    ws.on('message', (raw) => (this.upstream.push(JSON.parse(String(raw)) as Record<string, unknown>), this.wake()));
    for (const frame of this.backlog.splice(0)) ws.send(JSON.stringify(frame));
    this.wake();
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', this.apiRoot);
    if (url.pathname.startsWith('/download/')) return this.download(url.pathname.slice('/download/'.length), res);
    const raw = Buffer.concat(chunks);
    const type = req.headers['content-type'] ?? '';
    const body = type.startsWith('multipart/') ? await this.upload(url, raw, type) : (JSON.parse(raw.toString('utf8') || '{}') as Record<string, unknown>);
    this.calls.push({ path: url.pathname, body });
    const answer = this.answer(url, body, req.headers['x-acs-dingtalk-access-token'] as string | undefined);
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    this.wake();
  }

  private answer(url: URL, body: Record<string, unknown>, token: string | undefined): { status: number; body: unknown } {
    const failure = this.failures.get(url.pathname);
    if (failure) return { status: failure.status, body: { code: failure.code, message: failure.code, requestid: 'r1' } };
    switch (url.pathname) {
      case '/v1.0/oauth2/accessToken': {
        if (body.appKey !== this.clientId || body.appSecret !== this.clientSecret) return { status: 400, body: { code: 'invalidClientSecret', message: 'bad secret' } };
        const accessToken = `tok${++this.tokensIssued}`;
        this.tokens.add(accessToken);
        return { status: 200, body: { accessToken, expireIn: 7200 } };
      }
      case '/v1.0/gateway/connections/open': {
        if (body.clientId !== this.clientId || body.clientSecret !== this.clientSecret) return { status: 401, body: { code: 'InvalidAuthentication' } };
        const topics = (body.subscriptions as { type: string; topic: string }[] | undefined) ?? [];
        if (!topics.some((t) => t.type === 'CALLBACK' && t.topic === '/v1.0/im/bot/messages/get')) return { status: 400, body: { code: 'invalidParameter' } };
        const ticket = `ticket${this.nextId++}`;
        this.tickets.add(ticket);
        return { status: 200, body: { endpoint: `ws://127.0.0.1:${(this.http.address() as AddressInfo).port}/connect`, ticket } };
      }
      case '/media/upload':
        if (!this.tokens.has(url.searchParams.get('access_token') ?? '')) return { status: 200, body: { errcode: 40014, errmsg: 'invalid access_token' } };
        return { status: 200, body: { errcode: 0, errmsg: 'ok', type: body.type, media_id: body.mediaId, created_at: Date.now() } };
      case '/v1.0/robot/messageFiles/download':
        if (!token || !this.tokens.has(token)) return { status: 401, body: { code: 'InvalidAuthentication', message: 'token' } };
        if (body.robotCode !== this.clientId || !this.files.has(String(body.downloadCode))) return { status: 400, body: { code: 'invalidParameter' } };
        return { status: 200, body: { downloadUrl: `${this.apiRoot}/download/${String(body.downloadCode)}` } };
      case '/robot/sendBySession':
        return this.session(url.searchParams.get('session') ?? '', body);
      default:
        return this.robotSend(url.pathname, body, token);
    }
  }

  /** A file's temporary link: its bytes, with no token (the link itself is the credential). */
  private download(code: string, res: ServerResponse): void {
    const data = this.files.get(code);
    if (!data) return void res.writeHead(404).end();
    this.downloads.push(code);
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': data.length }).end(data);
  }

  /** A media upload (multipart `media` and `type`, as oapi.dingtalk.com/media/upload takes it): kept in `uploads`. */
  private async upload(url: URL, raw: Buffer, contentType: string): Promise<Record<string, unknown>> {
    if (url.pathname !== '/media/upload') return {};
    const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
    const media = form.get('media') as File;
    const upload = { mediaId: `@media${this.nextId++}`, type: String(form.get('type')), filename: media.name, mime: media.type, bytes: new Uint8Array(await media.arrayBuffer()) };
    this.uploads.push(upload);
    return { type: upload.type, mediaId: upload.mediaId, filename: upload.filename };
  }

  private session(id: string, body: Record<string, unknown>): { status: number; body: unknown } {
    const where = this.sessions.get(id);
    if (!where) return { status: 200, body: { errcode: 300001, errmsg: 'session is not exist' } };
    const markdown = body.markdown as { title?: string; text?: string } | undefined;
    this.sent.push({ via: 'session', ...where, msgKey: String(body.msgtype), title: markdown?.title ?? '', text: markdown?.text ?? '' });
    return { status: 200, body: { errcode: 0, errmsg: 'ok' } };
  }

  private robotSend(path: string, body: Record<string, unknown>, token: string | undefined): { status: number; body: unknown } {
    if (!token || !this.tokens.has(token)) return { status: 401, body: { code: 'InvalidAuthentication', message: 'token' } };
    if (body.robotCode !== this.clientId) return { status: 400, body: { code: 'invalidParameter.robotCode.invalid' } };
    const param = JSON.parse(String(body.msgParam)) as { title?: string; text?: string; content?: string; photoURL?: string; mediaId?: string };
    const processQueryKey = `pqk${this.nextId++}`;
    // An image or a file is recorded by its media id, as its text.
    const message = { msgKey: String(body.msgKey), title: param.title ?? '', text: param.text ?? param.content ?? param.photoURL ?? param.mediaId ?? '', processQueryKey };
    if (path === '/v1.0/robot/groupMessages/send') {
      this.sent.push({ via: 'group', conversationId: String(body.openConversationId), ...message });
      return { status: 200, body: { processQueryKey } };
    }
    if (path === '/v1.0/robot/oToMessages/batchSend') {
      const ids = body.userIds as string[];
      for (const staffId of ids) this.sent.push({ via: 'private', staffId, ...message });
      return { status: 200, body: { processQueryKey, invalidStaffIdList: [], flowControlledStaffIdList: [] } };
    }
    return { status: 404, body: { code: 'notFound' } };
  }
}
