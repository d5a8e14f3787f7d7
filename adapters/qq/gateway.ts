import WebSocket from 'ws';
import { connectBackoffMs } from '../../src/core/retry-policy.ts';
import { silentLogger, type Logger } from '../../src/log.ts';
import type { QQRest } from './rest.ts';
import type { AccessToken } from './token.ts';

/** The gateway's opcodes (bot.q.qq.com, 事件订阅与通知 › OpCode 含义; botpy/gateway.py). */
export const OP = { dispatch: 0, heartbeat: 1, identify: 2, resume: 6, reconnect: 7, invalidSession: 9, hello: 10, heartbeatAck: 11 } as const;

/** Intents (事件订阅与通知 › 事件订阅Intents): group and C2C messages, and button presses. */
export const INTENTS = { groupAndC2c: 1 << 25, interaction: 1 << 26 } as const;

export interface Payload {
  op: number;
  d?: unknown;
  s?: number;
  t?: string;
  id?: string;
}

export type DispatchHandler = (type: string, data: Record<string, unknown>, eventId: string | undefined) => void;

/**
 * The WebSocket event link (事件订阅与通知 › WebSocket方式): Hello, then Identify with
 * `QQBot <token>` or, after a dropped connection, Resume with the session id and the last `s`,
 * which makes the gateway send again what was missed. Heartbeats carry the last `s`; one
 * unanswered by the next is a dead link, closed and made again. A dispatch whose `s` was seen
 * already (a replay after Resume) is dropped, so no event is handled twice. Invalid Session (9)
 * forgets the session and identifies anew; Reconnect (7) resumes on a new connection.
 */
export class QQGateway {
  private socket: WebSocket | undefined;
  private sessionId: string | undefined;
  private seq = 0;
  private heartbeat: NodeJS.Timeout | undefined;
  private acked = true;
  private stopped = false;
  private failures = 0;
  private ready: { resolve: () => void; reject: (err: Error) => void } | undefined;

  constructor(
    private readonly rest: QQRest,
    private readonly token: AccessToken,
    private readonly intents: number,
    private readonly onDispatch: DispatchHandler,
    private readonly log: Logger = silentLogger,
  ) {}

  /** Connects and identifies; resolves once the gateway is READY. */
  start(): Promise<void> {
    this.stopped = false;
    return new Promise((resolve, reject) => {
      this.ready = { resolve, reject };
      this.connect().catch((err: Error) => this.failStart(err));
    });
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.heartbeat);
    this.socket?.terminate();
    this.socket = undefined;
  }

  /** Closes the connection as a network failure would (for tests and a dead heartbeat). */
  drop(): void {
    this.socket?.terminate();
  }

  private async connect(): Promise<void> {
    // GET /gateway (openapi/wss/url_get.md): the address to connect to.
    const answer = await this.rest.call('GET', '/gateway');
    const url = answer.body.url;
    if (typeof url !== 'string') throw new Error(`qq gateway address unavailable (HTTP ${answer.status})`);
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.on('message', (data) => {
      let payload: Payload;
      try {
        payload = JSON.parse(String(data)) as Payload;
      } catch {
        return this.log.warn('qq gateway: a frame that is not JSON');
      }
      this.receive(socket, payload);
    });
    socket.on('close', (code) => {
      // 4004, an invalid token, as botgo's and botpy's gateways read it (the v2 docs list no close codes): the next login fetches a new one.
      if (code === 4004) this.token.invalidate();
      this.closed(socket);
    });
    socket.on('error', (err) => this.log.debug({ err: err.message }, 'qq gateway socket error'));
  }

  private receive(socket: WebSocket, payload: Payload): void {
    switch (payload.op) {
      case OP.hello:
        this.startHeartbeat(socket, Number((payload.d as { heartbeat_interval?: number } | undefined)?.heartbeat_interval ?? 45_000));
        void this.login(socket);
        return;
      case OP.heartbeatAck:
        this.acked = true;
        return;
      case OP.reconnect:
        socket.terminate();
        return;
      case OP.invalidSession:
        // The session cannot be resumed: a new one starts from its own first `s`.
        this.sessionId = undefined;
        this.seq = 0;
        socket.terminate();
        return;
      case OP.dispatch:
        this.dispatch(payload);
        return;
    }
  }

  private dispatch(payload: Payload): void {
    if (payload.s !== undefined) {
      if (payload.s <= this.seq) return;
      this.seq = payload.s;
    }
    if (payload.t === 'READY') {
      this.sessionId = String((payload.d as { session_id?: unknown }).session_id);
      this.connected('identified');
      return;
    }
    if (payload.t === 'RESUMED') return this.connected('resumed');
    this.onDispatch(String(payload.t), (payload.d ?? {}) as Record<string, unknown>, payload.id);
  }

  private connected(how: string): void {
    this.failures = 0;
    this.log.info({ how }, 'qq gateway connected');
    this.ready?.resolve();
    this.ready = undefined;
  }

  private async login(socket: WebSocket): Promise<void> {
    const token = `QQBot ${await this.token.get()}`;
    const payload = this.sessionId
      ? { op: OP.resume, d: { token, session_id: this.sessionId, seq: this.seq } }
      : { op: OP.identify, d: { token, intents: this.intents, shard: [0, 1], properties: {} } };
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(payload));
  }

  private startHeartbeat(socket: WebSocket, intervalMs: number): void {
    clearInterval(this.heartbeat);
    this.acked = true;
    this.heartbeat = setInterval(() => {
      if (!this.acked) return void socket.terminate();
      this.acked = false;
      if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ op: OP.heartbeat, d: this.seq || null }));
    }, intervalMs);
    this.heartbeat.unref();
  }

  private closed(socket: WebSocket): void {
    if (socket !== this.socket) return;
    clearInterval(this.heartbeat);
    this.socket = undefined;
    if (this.stopped) return;
    // Before the first READY the Bot's own start retries take over.
    if (this.ready) return this.failStart(new Error('qq gateway closed before READY'));
    this.reconnectLater();
  }

  /** One attempt at a time, with backoff, until connected or stopped. */
  private reconnectLater(): void {
    const wait = connectBackoffMs(++this.failures);
    if (this.failures === 1) this.log.warn('qq gateway connection lost, resuming');
    setTimeout(() => {
      if (!this.stopped) this.connect().catch(() => this.reconnectLater());
    }, wait).unref();
  }

  private failStart(err: Error): void {
    clearInterval(this.heartbeat);
    this.socket?.terminate();
    this.socket = undefined;
    this.ready?.reject(err);
    this.ready = undefined;
  }
}
