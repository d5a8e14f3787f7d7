import { WebSocket } from 'ws';
import { CredentialsRejected } from '../../src/core/adapter.ts';

/**
 * DingTalk's Stream mode, read from the official SDKs (open-dingtalk/dingtalk-stream-sdk-python,
 * dingtalk_stream/stream.py and frames.py; open-dingtalk/dingtalk-stream-sdk-nodejs, src/client.ts
 * and src/constants.ts): the bot asks the gateway for an endpoint and a one-time ticket, opens a
 * WebSocket to `endpoint?ticket=…`, and DingTalk pushes frames down it. Knows nothing of the campaign.
 */

/** The robot's message callback topic (constants.ts, TOPIC_ROBOT; chatbot.py, ChatbotMessage.TOPIC). */
export const ROBOT_TOPIC = '/v1.0/im/bot/messages/get';

/** A frame DingTalk pushes (frames.py; client.ts, DWClientDownStream): `data` is a JSON string. */
export interface DownStream {
  specVersion?: string;
  type: 'SYSTEM' | 'EVENT' | 'CALLBACK' | string;
  headers: { messageId: string; topic: string; contentType?: string; time?: string } & Record<string, unknown>;
  data: string;
}

/** How long the gateway's open call may take. */
const OPEN_TIMEOUT_MS = 15_000;

/**
 * POST /v1.0/gateway/connections/open with the app's Client ID and Secret and the topics wanted
 * (stream.py, open_connection): `{endpoint, ticket}`. A 4xx other than 429 is the credentials
 * refused (or a request the gateway will never take): retrying cannot mend it.
 */
export async function openConnection(apiRoot: string, clientId: string, clientSecret: string): Promise<string> {
  const response = await fetch(`${apiRoot}/v1.0/gateway/connections/open`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ clientId, clientSecret, subscriptions: [{ type: 'CALLBACK', topic: ROBOT_TOPIC }], ua: 'classguard' }),
    signal: AbortSignal.timeout(OPEN_TIMEOUT_MS),
  });
  const body = (await response.json().catch(() => ({}))) as { endpoint?: string; ticket?: string; code?: string };
  if (response.status >= 400 && response.status < 500 && response.status !== 429) throw new CredentialsRejected('dingtalk', `HTTP ${response.status}${body.code ? ` ${body.code}` : ''}`);
  if (!response.ok || !body.endpoint || !body.ticket) throw new Error(`gateway: HTTP ${response.status}`);
  // The ticket is a credential for this one connection: it goes in the URL and nowhere else.
  return `${body.endpoint}?ticket=${encodeURIComponent(body.ticket)}`;
}

/** The answer to one frame (frames.py, AckMessage.to_dict): the same messageId, code 200. */
function ack(headers: DownStream['headers'], data: string): string {
  return JSON.stringify({ code: 200, headers: { contentType: 'application/json', messageId: headers.messageId }, message: 'OK', data });
}

/**
 * One Stream connection. Every frame is answered: a `ping` with its own data (client.ts, onSystem),
 * a callback at once with `{"response": null}` (handlers.py, CallbackHandler.raw_process answers
 * after handling; here the answer goes first, since DingTalk pushes an unanswered callback again
 * and the core's handling may take longer than it waits). A `disconnect` says DingTalk is about
 * to close this connection (stream.py breaks out and opens a new one): it is closed here at once,
 * and the owner reconnects. A socket that answers no WebSocket ping for two keep-alive periods is
 * dead even if TCP has not noticed (client.ts keeps the same watch when keepAlive is set).
 */
export class StreamLink {
  private socket: WebSocket | undefined;
  private watch: NodeJS.Timeout | undefined;

  constructor(
    private readonly onCallback: (frame: DownStream) => void,
    private readonly onClose: () => void,
    private readonly keepAliveMs: number,
  ) {}

  get connected(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  /** Opens the WebSocket to the endpoint the gateway gave; resolves once it is open. */
  connect(url: string): Promise<void> {
    this.close();
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { handshakeTimeout: 10_000 });
      this.socket = socket;
      socket.on('message', (data) => this.receive(socket, String(data)));
      socket.once('open', () => (this.keepAlive(socket), resolve()));
      socket.once('unexpected-response', (_req, res) => (socket.terminate(), reject(new Error(`stream: HTTP ${res.statusCode}`))));
      socket.on('error', (err) => (socket.terminate(), reject(err)));
      socket.on('close', () => {
        if (this.socket !== socket) return;
        this.socket = undefined;
        clearInterval(this.watch);
        this.onClose();
      });
    });
  }

  close(): void {
    const socket = this.socket;
    this.socket = undefined;
    clearInterval(this.watch);
    socket?.terminate();
  }

  private keepAlive(socket: WebSocket): void {
    let alive = true;
    socket.on('pong', () => (alive = true));
    clearInterval(this.watch);
    this.watch = setInterval(() => {
      if (!alive) return void socket.terminate();
      alive = false;
      socket.ping();
    }, this.keepAliveMs).unref();
  }

  private receive(socket: WebSocket, raw: string): void {
    let frame: DownStream;
    try {
      frame = JSON.parse(raw) as DownStream;
    } catch {
      return;
    }
    if (!frame.headers?.messageId) return;
    if (frame.type === 'SYSTEM') {
      if (frame.headers.topic === 'ping') socket.send(ack(frame.headers, frame.data));
      if (frame.headers.topic === 'disconnect') socket.terminate();
      return;
    }
    socket.send(ack(frame.headers, JSON.stringify({ response: null })));
    if (frame.type === 'CALLBACK' && frame.headers.topic === ROBOT_TOPIC) this.onCallback(frame);
  }
}
