import type { IncomingMessage } from 'node:http';
import { WebSocket, WebSocketServer } from 'ws';
import { CredentialsRejected } from '../../src/core/adapter.ts';

/** One OneBot v11 action's answer (botuniverse/onebot-11, communication/ws.md; api/public.md). */
export interface ActionResponse {
  status: 'ok' | 'async' | 'failed';
  retcode: number;
  data?: unknown;
  message?: string;
  wording?: string;
  echo?: unknown;
}

/** Why an action got no answer: it never left (no connection), or it left and nothing came back. */
export class ActionUnanswered extends Error {
  constructor(readonly sent: boolean) {
    super(sent ? 'no answer in time' : 'not connected');
    this.name = 'ActionUnanswered';
  }
}

export type RawEvent = Record<string, unknown> & { post_type: string };

interface Pending {
  resolve: (r: ActionResponse) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * The socket to the OneBot implementation, whichever side opened it: actions out with an `echo`
 * to match their answer, events in. Knows nothing of the campaign.
 */
export class OneBotLink {
  private socket: WebSocket | undefined;
  private readonly pending = new Map<string, Pending>();
  private nextEcho = 1;
  private lastHeard = 0;
  private heartbeatMs = 0;
  private watch: NodeJS.Timeout | undefined;

  constructor(
    private readonly onEvent: (event: RawEvent) => void,
    private readonly onClose: () => void,
    private readonly actionTimeoutMs: number,
  ) {}

  get connected(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  /** Takes a new socket (a reconnection, or the implementation connecting again): the old one is let go. */
  attach(socket: WebSocket): void {
    this.release()?.terminate();
    this.socket = socket;
    this.lastHeard = Date.now();
    socket.on('message', (data) => this.receive(String(data)));
    socket.on('close', () => {
      if (this.socket !== socket) return;
      this.release();
      this.onClose();
    });
    socket.on('error', () => socket.terminate());
  }

  /** Forgets the socket: its unanswered actions fail at once, and its heartbeat is no longer watched. */
  private release(): WebSocket | undefined {
    const socket = this.socket;
    this.socket = undefined;
    clearInterval(this.watch);
    this.heartbeatMs = 0;
    for (const [echo, p] of this.pending) (clearTimeout(p.timer), p.reject(new ActionUnanswered(true)), this.pending.delete(echo));
    return socket;
  }

  call(action: string, params: Record<string, unknown>): Promise<ActionResponse> {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return Promise.reject(new ActionUnanswered(false));
    const echo = String(this.nextEcho++);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => (this.pending.delete(echo), reject(new ActionUnanswered(true))), this.actionTimeoutMs);
      this.pending.set(echo, { resolve, reject, timer });
      socket.send(JSON.stringify({ action, params, echo }));
    });
  }

  close(): void {
    this.release()?.close();
  }

  private receive(raw: string): void {
    this.lastHeard = Date.now();
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return;
    }
    if (typeof body.post_type === 'string') {
      if (body.meta_event_type === 'heartbeat' && typeof body.interval === 'number') this.watchHeartbeat(body.interval);
      this.onEvent(body as RawEvent);
      return;
    }
    const pending = this.pending.get(String(body.echo));
    if (!pending) return;
    this.pending.delete(String(body.echo));
    clearTimeout(pending.timer);
    pending.resolve(body as unknown as ActionResponse);
  }

  /** A connection silent for three heartbeats is dead even if TCP has not noticed: drop it to reconnect. */
  private watchHeartbeat(intervalMs: number): void {
    if (intervalMs === this.heartbeatMs || intervalMs <= 0) return;
    this.heartbeatMs = intervalMs;
    clearInterval(this.watch);
    this.watch = setInterval(() => {
      if (Date.now() - this.lastHeard > 3 * intervalMs) this.socket?.terminate();
    }, intervalMs).unref();
  }
}

function bearer(token: string | undefined): Record<string, string> {
  return token ? { Authorization: `Bearer ${token}` } : {};
}

/**
 * Forward WebSocket: the bot connects to the implementation (communication/ws.md). A 401 or 403
 * on the handshake is the access token refused.
 */
export function connectForward(url: string, token: string | undefined, attach: (socket: WebSocket) => void): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers: bearer(token), handshakeTimeout: 10_000 });
    // Listening before the handshake ends: events the implementation sends at once arrive with it.
    attach(socket);
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_req, res) => {
      socket.terminate();
      const refused = res.statusCode === 401 || res.statusCode === 403;
      reject(refused ? new CredentialsRejected('onebot', `HTTP ${res.statusCode}`) : new Error(`HTTP ${res.statusCode}`));
    });
    socket.once('error', reject);
  });
}

/** The token a client offered: the Authorization header, or the access_token query (communication/authorization.md). */
function offeredToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (header) return header.replace(/^(?:Bearer|Token)\s+/i, '');
  return new URL(req.url ?? '/', 'http://localhost').searchParams.get('access_token') ?? undefined;
}

/**
 * Reverse WebSocket: the implementation connects to the bot (communication/ws-reverse.md), to
 * its Universal endpoint, saying its QQ number in X-Self-ID. Without the right token: 401 when
 * none is offered, 403 when a wrong one is.
 */
export function listenReverse(
  host: string,
  port: number,
  token: string | undefined,
  onConnection: (socket: WebSocket, selfId: string | undefined) => void,
): Promise<WebSocketServer> {
  return new Promise((resolve, reject) => {
    const server = new WebSocketServer({
      host,
      port,
      verifyClient: ({ req }, done) => {
        if (!token) return done(true);
        const offered = offeredToken(req);
        if (offered === token) return done(true);
        done(false, offered === undefined ? 401 : 403);
      },
    });
    server.on('connection', (socket, req) => onConnection(socket, req.headers['x-self-id'] as string | undefined));
    server.once('listening', () => resolve(server));
    server.once('error', reject);
  });
}
