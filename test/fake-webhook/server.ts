/**
 * A fake of the two group robots' webhook endpoints, for the webhook adapter's tests: DingTalk's
 * custom robot (`POST /robot/send?access_token=…[&timestamp=…&sign=…]`) and WeCom's group robot
 * (`POST /cgi-bin/webhook/send?key=…`), over real HTTP on 127.0.0.1.
 *
 * It checks what the real ones check and a test can get wrong: DingTalk's signature (the
 * timestamp within an hour of the wall clock, the HMAC matching, README "Push-only webhook groups"),
 * and the limit of 20 messages a minute per robot, counted on the clock it is given (a test's); it answers as they do,
 * HTTP 200 with `{errcode, errmsg}`. A test can make it answer rate-limit errors for the next
 * calls to a robot (WeCom 45009, DingTalk 130101).
 */
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  robot: string;
  at: number;
  body: { msgtype: string; markdown: { title?: string; text?: string; content?: string } };
}

export interface Refused {
  robot: string;
  at: number;
  errcode: number;
}

const LIMIT = { max: 20, ms: 60_000 };
const HOUR = 3_600_000;
const ANSWERS: Record<number, string> = {
  0: 'ok',
  45009: 'api freq out of limit',
  130101: 'send too fast, exceed 20 times per minute',
  310000: 'sign not match',
  300001: 'token is not exist',
  93000: 'invalid webhook url',
};

export class FakeWebhookServer {
  readonly received: Received[] = [];
  readonly refused: Refused[] = [];
  /** Posts the fake accepted beyond the limit: a test fails if this is ever non-empty. */
  readonly overLimit: Received[] = [];
  private readonly server: Server;
  /** DingTalk robots by access token: their secret, or null for a robot without 加签. */
  private readonly dingtalk = new Map<string, string | null>();
  private readonly wecom = new Set<string>();
  private readonly rateLimitNext = new Map<string, number>();
  private port = 0;

  constructor(private readonly now: () => number = Date.now) {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const errcode = this.handle(new URL(req.url ?? '/', 'http://fake'), Buffer.concat(chunks).toString('utf8'));
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errcode, errmsg: ANSWERS[errcode] ?? 'error' }));
      });
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** A DingTalk robot and its webhook URL; with a secret, every post must be signed with it. */
  addDingtalk(token: string, secret: string | null): string {
    this.dingtalk.set(token, secret);
    return `http://127.0.0.1:${this.port}/robot/send?access_token=${token}`;
  }

  addWecom(key: string): string {
    this.wecom.add(key);
    return `http://127.0.0.1:${this.port}/cgi-bin/webhook/send?key=${key}`;
  }

  /** Answers the robot's next `n` posts with its rate-limit error. */
  rateLimit(robot: string, n: number): void {
    this.rateLimitNext.set(robot, n);
  }

  /** The most posts the robot had accepted in any window of a minute. */
  maxPerMinute(robot: string): number {
    const times = this.received.filter((r) => r.robot === robot).map((r) => r.at);
    return Math.max(0, ...times.map((t) => times.filter((u) => u >= t && u < t + LIMIT.ms).length));
  }

  private handle(url: URL, raw: string): number {
    const at = this.now();
    const robot = url.pathname === '/robot/send' ? url.searchParams.get('access_token') : url.pathname === '/cgi-bin/webhook/send' ? url.searchParams.get('key') : null;
    const refuse = (errcode: number) => (this.refused.push({ robot: robot ?? '', at, errcode }), errcode);
    if (robot === null) return refuse(93000);
    if (url.pathname === '/robot/send') {
      if (!this.dingtalk.has(robot)) return refuse(300001);
      const secret = this.dingtalk.get(robot);
      if (secret && !validSignature(secret, url.searchParams.get('timestamp'), url.searchParams.get('sign'), Date.now())) return refuse(310000);
    } else if (!this.wecom.has(robot)) return refuse(93000);
    const limited = this.rateLimitNext.get(robot) ?? 0;
    const rateLimitCode = url.pathname === '/robot/send' ? 130101 : 45009;
    if (limited > 0) {
      this.rateLimitNext.set(robot, limited - 1);
      return refuse(rateLimitCode);
    }
    const post: Received = { robot, at, body: JSON.parse(raw) as Received['body'] };
    const inWindow = this.received.filter((r) => r.robot === robot && r.at > at - LIMIT.ms).length;
    if (inWindow >= LIMIT.max) {
      this.overLimit.push(post);
      return refuse(rateLimitCode);
    }
    this.received.push(post);
    return 0;
  }
}

/** DingTalk's check: the timestamp within an hour of now, and sign = Base64(HmacSHA256(secret, timestamp + "\n" + secret)). */
function validSignature(secret: string, timestamp: string | null, sign: string | null, now: number): boolean {
  if (!timestamp || !sign || !/^\d+$/.test(timestamp) || Math.abs(now - Number(timestamp)) > HOUR) return false;
  // URLSearchParams has already undone the URL-encoding of the Base64 signature.
  return sign === createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64');
}
