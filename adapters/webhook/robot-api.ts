import { createHmac } from 'node:crypto';
import type { Outcome } from '../../src/core/adapter.ts';
import type { Robot } from '../../src/services/webhook-groups.ts';

/**
 * DingTalk's custom robot signing (自定义机器人 安全设置 · 加签, open.dingtalk.com/document/group/custom-robot-access,
 * read here in copies of that page):
 * the string `timestamp + "\n" + secret`, HmacSHA256 keyed with the secret, Base64, then
 * URL-encoded, sent as `&timestamp=…&sign=…`. The timestamp is in milliseconds and must be
 * within an hour of DingTalk's clock.
 */
export function dingtalkSign(secret: string, timestamp: number): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64');
}

/** The URL to post to: DingTalk's with its signature when the robot has a secret. */
export function signedUrl(robot: Robot, now: number): string {
  if (robot.kind !== 'dingtalk' || !robot.secret) return robot.url;
  const url = new URL(robot.url);
  url.searchParams.set('timestamp', String(now));
  url.searchParams.set('sign', dingtalkSign(robot.secret, now));
  return url.toString();
}

/**
 * Too many messages: WeCom answers errcode 45009 (api freq out of limit; 20 messages a minute per
 * robot, developer.work.weixin.qq.com/document/path/91770 as others quote it). DingTalk throttles a
 * robot over 20 a minute for 10 minutes (open.dingtalk.com/document/group/custom-robot-access) and
 * answers 130101 (send too fast, exceed 20 times per minute): that code is as users report it, not
 * found on an official page (README, Push-only webhook groups).
 */
const RATE_LIMITED: Record<number, number> = { 45009: 60_000, 130101: 10 * 60_000 };

/**
 * A robot's answer as a core outcome (docs/design.md, Errors and retries). Both robots answer
 * HTTP 200 with `{errcode, errmsg}`; errcode 0 is success. Any other code (a bad signature, a
 * keyword or IP check failing, a removed robot, a malformed message) is `rejected`: a retry with
 * the same request cannot mend it. The detail names the code, never the URL.
 */
export function classify(status: number, body: unknown): Outcome {
  if (status === 429) return { ok: false, reason: 'rate-limited', retryAfterMs: 60_000, detail: 'HTTP 429' };
  if (status >= 500) return { ok: false, reason: 'transient', detail: `HTTP ${status}` };
  const { errcode, errmsg } = (body ?? {}) as { errcode?: unknown; errmsg?: unknown };
  if (status === 200 && errcode === 0) return { ok: true };
  const code = typeof errcode === 'number' ? errcode : undefined;
  const detail = `HTTP ${status} errcode ${code ?? '?'}${typeof errmsg === 'string' ? ` ${errmsg.slice(0, 80)}` : ''}`;
  if (code !== undefined && RATE_LIMITED[code]) return { ok: false, reason: 'rate-limited', retryAfterMs: RATE_LIMITED[code], detail };
  return { ok: false, reason: 'rejected', detail };
}
