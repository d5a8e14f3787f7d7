import type { AccessToken } from './token.ts';

/** What the OpenAPI answered: the HTTP status and the JSON body (`{ code, message }` on an error). */
export interface RestAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** How long a call may take (send.md advises at least 5 s, or a sent message may be reported as failed). */
const TIMEOUT_MS = 10_000;

/**
 * The QQ Bot OpenAPI over fetch (bot.q.qq.com, 接口调用与鉴权 / api-use.md): every call carries
 * `Authorization: QQBot <access token>`, and `X-Union-Appid` as tencent-connect/bot-node-sdk sends it. A token the platform refuses
 * (HTTP 401) is forgotten, so the ledger's or transport's next try fetches a fresh one.
 */
export class QQRest {
  constructor(
    private readonly apiRoot: string,
    private readonly appId: string,
    private readonly token: AccessToken,
  ) {}

  async call(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<RestAnswer> {
    const token = await this.token.get();
    const res = await fetch(`${this.apiRoot}${path}`, {
      method,
      headers: { authorization: `QQBot ${token}`, 'x-union-appid': this.appId, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const text = await res.text();
    let parsed: Record<string, unknown> = {};
    try {
      parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      parsed = {};
    }
    if (res.status === 401) this.token.invalidate();
    return { status: res.status, body: parsed };
  }
}
