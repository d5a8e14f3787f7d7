import { CredentialsRejected } from '../../src/core/adapter.ts';

/**
 * Fetched again this long before it expires. The platform hands out a new token only in the old
 * one's last 60 seconds, the old one still valid meanwhile (api-use.md, 其他说明): asked earlier, it
 * would answer the same token again.
 */
const REFRESH_BEFORE_MS = 50_000;

/**
 * The app access token (bot.q.qq.com, 接口调用与鉴权: POST https://bots.qq.com/app/getAppAccessToken
 * with `{ appId, clientSecret }`, answered `{ access_token, expires_in }`, expires_in in seconds and
 * sent as a string; tencent-connect/bot-node-sdk and botpy read it the same way). One fetch at a time:
 * concurrent sends wait for the same one.
 */
export class AccessToken {
  private value: string | undefined;
  private expiresAt = 0;
  private pending: Promise<string> | undefined;

  constructor(
    private readonly url: string,
    private readonly appId: string,
    private readonly secret: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** A token valid for at least another 50 seconds. */
  async get(): Promise<string> {
    if (this.value && this.now() < this.expiresAt - REFRESH_BEFORE_MS) return this.value;
    this.pending ??= this.fetch().finally(() => (this.pending = undefined));
    return this.pending;
  }

  /** Forgets the token the platform refused (11241/11244-style answers), so the next call fetches one. */
  invalidate(): void {
    this.value = undefined;
  }

  private async fetch(): Promise<string> {
    const res = await fetch(this.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ appId: this.appId, clientSecret: this.secret }) });
    const body = (await res.json().catch(() => ({}))) as { access_token?: string; expires_in?: string | number; code?: number; message?: string };
    // A wrong appId or secret is answered with a code and no token: no retry can mend it.
    if (!body.access_token) {
      const detail = `HTTP ${res.status}${body.code === undefined ? '' : `, code ${body.code}`}`;
      if (res.status >= 500) throw new Error(`qq token endpoint unavailable (${detail})`);
      throw new CredentialsRejected('qq', detail);
    }
    this.value = body.access_token;
    this.expiresAt = this.now() + Number(body.expires_in ?? 7200) * 1000;
    return this.value;
  }
}
