import type { Outcome } from '../../src/core/adapter.ts';

type Failure = Extract<Outcome, { ok: false }>;

/** How long one OpenAPI call may take before it counts as a transient failure. */
const REQUEST_TIMEOUT_MS = 15_000;
/** A token is fetched again this long before DingTalk says it expires (stream.py, get_access_token: 5 minutes). */
const TOKEN_MARGIN_MS = 5 * 60_000;

/**
 * OpenAPI error codes (HTTP 400) that say the robot can no longer post in that conversation:
 * the robot is not in the group, it was stopped, or the group is gone (机器人发送群聊消息, error
 * codes, as the API's mirrors quote open.dingtalk.com's table).
 */
const GONE = /^(?:invalidParameter\.robotCode\.notExsit|invalidParameter\.invalid|bot\.stopped|invalid\.openConversationId)$/;
/** Throttling: HTTP 429, or the API gateway's QPS codes (Forbidden.AccessDenied.QpsLimitFor…), or a flow-control answer. */
const THROTTLED = /QpsLimit|Throttl|flowControl/i;

export interface Credentials {
  apiRoot: string;
  /** The older OpenAPI host, where media are uploaded (https://oapi.dingtalk.com). */
  oapiRoot: string;
  clientId: string;
  clientSecret: string;
  robotCode: string;
}

/**
 * A message in DingTalk's robot templates (企业机器人发送的消息类型, open.dingtalk.com/document/development/robot-message-type):
 * `sampleMarkdown` `{title, text}`, `sampleImageMsg` `{photoURL}` (a URL or an uploaded media id),
 * `sampleFile` `{mediaId, fileName, fileType}`.
 */
export interface Template {
  msgKey: 'sampleMarkdown' | 'sampleText' | 'sampleImageMsg' | 'sampleFile';
  msgParam: Record<string, string>;
}

/**
 * The robot's half of DingTalk's OpenAPI: the app's access token (POST /v1.0/oauth2/accessToken
 * with appKey and appSecret, stream.py get_access_token), the group send (POST
 * /v1.0/robot/groupMessages/send, 机器人发送群聊消息, help.dingtalk.io/open/development/the-robot-sends-a-group-message)
 * and the 单聊 batch send (POST /v1.0/robot/oToMessages/batchSend, 批量发送人与机器人会话中机器人消息),
 * both with the token in `x-acs-dingtalk-access-token`; and the session webhook a callback carries,
 * which needs no token (chatbot.py, reply_markdown). Each call's answer is an Outcome; nothing is retried here.
 */
export class OpenApi {
  private token: { value: string; until: number } | undefined;
  private fetching: Promise<string> | undefined;

  constructor(private readonly creds: Credentials) {}

  groupSend(openConversationId: string, message: Template): Promise<Outcome> {
    return this.withToken('/v1.0/robot/groupMessages/send', { ...wire(message), openConversationId, robotCode: this.creds.robotCode });
  }

  /** A private message to one member, by staff id; DingTalk lists ids it could not reach apart. */
  privateSend(staffId: string, message: Template): Promise<Outcome> {
    return this.withToken('/v1.0/robot/oToMessages/batchSend', { ...wire(message), userIds: [staffId], robotCode: this.creds.robotCode });
  }

  /** A reply through a callback's session webhook: `{errcode, errmsg}`, errcode 0 for success. */
  async sessionSend(url: string, message: Template): Promise<Outcome> {
    const body = message.msgKey === 'sampleMarkdown' ? { msgtype: 'markdown', markdown: message.msgParam } : { msgtype: 'text', text: { content: message.msgParam.content } };
    const r = await post(url, {}, body);
    if (!('status' in r)) return r;
    const { errcode, errmsg } = (r.body ?? {}) as { errcode?: unknown; errmsg?: unknown };
    if (r.status === 200 && errcode === 0) return { ok: true };
    if (r.status === 429 || errcode === 130101) return { ok: false, reason: 'rate-limited', retryAfterMs: 60_000, detail: `session webhook errcode ${String(errcode)}` };
    if (r.status >= 500) return { ok: false, reason: 'transient', detail: `session webhook HTTP ${r.status}` };
    return { ok: false, reason: 'rejected', detail: `session webhook errcode ${String(errcode)}${typeof errmsg === 'string' ? ` ${errmsg.slice(0, 60)}` : ''}` };
  }

  /**
   * Uploads an image or a file for a robot message (stream.py, upload_to_dingtalk: POST
   * oapi.dingtalk.com/media/upload?access_token=… as multipart `media` and `type`): its `media_id`.
   */
  async upload(kind: 'image' | 'file', filename: string, mime: string, data: Uint8Array): Promise<string | Failure> {
    const token = await this.tokenOr();
    if (typeof token !== 'string') return token;
    const form = new FormData();
    form.set('type', kind);
    form.set('media', new Blob([data], { type: mime }), filename);
    try {
      const response = await fetch(`${this.creds.oapiRoot}/media/upload?access_token=${encodeURIComponent(token)}`, { method: 'POST', body: form, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      const body = (await response.json().catch(() => ({}))) as { errcode?: number; media_id?: string };
      if (response.ok && body.errcode === 0 && body.media_id) return body.media_id;
      return { ok: false, reason: response.status >= 500 ? 'transient' : 'rejected', detail: `upload HTTP ${response.status} errcode ${String(body.errcode)}` };
    } catch (err) {
      return { ok: false, reason: 'transient', detail: err instanceof Error ? err.name : 'network error' };
    }
  }

  /** Checks the credentials by fetching a token: a refusal is thrown as CredentialsRejected's cause. */
  async accessToken(): Promise<string> {
    if (this.token && Date.now() < this.token.until) return this.token.value;
    this.fetching ??= this.fetchToken().finally(() => (this.fetching = undefined));
    return this.fetching;
  }

  private async fetchToken(): Promise<string> {
    const r = await post(`${this.creds.apiRoot}/v1.0/oauth2/accessToken`, {}, { appKey: this.creds.clientId, appSecret: this.creds.clientSecret });
    if (!('status' in r)) throw new Error(`access token: ${r.detail}`);
    const { accessToken, expireIn } = (r.body ?? {}) as { accessToken?: string; expireIn?: number };
    if (r.status !== 200 || !accessToken) throw new TokenRefused(r.status, (r.body as { code?: string } | undefined)?.code);
    this.token = { value: accessToken, until: Date.now() + (expireIn ?? 7200) * 1000 - TOKEN_MARGIN_MS };
    return accessToken;
  }

  /** The access token, or the failure to get one as an outcome. */
  private async tokenOr(): Promise<string | Failure> {
    try {
      return await this.accessToken();
    } catch (err) {
      return { ok: false, reason: err instanceof TokenRefused ? 'rejected' : 'transient', detail: err instanceof Error ? err.message : 'access token' };
    }
  }

  /**
   * The temporary link to a file a member sent the robot (下载机器人接收消息的文件内容, POST
   * /v1.0/robot/messageFiles/download with the callback's `downloadCode` and the robotCode:
   * `{downloadUrl}`, help.dingtalk.io/open/development/download-the-file-content-of-the-robot-receiving-message).
   */
  async fileUrl(downloadCode: string): Promise<string | Failure> {
    const token = await this.tokenOr();
    if (typeof token !== 'string') return token;
    const r = await post(`${this.creds.apiRoot}/v1.0/robot/messageFiles/download`, { 'x-acs-dingtalk-access-token': token }, { downloadCode, robotCode: this.creds.robotCode });
    if (!('status' in r)) return r;
    const url = (r.body as { downloadUrl?: unknown } | undefined)?.downloadUrl;
    return r.status === 200 && typeof url === 'string' ? url : { ok: false, reason: 'rejected', detail: `messageFiles/download: HTTP ${r.status}` };
  }

  private async withToken(path: string, body: unknown): Promise<Outcome> {
    const token = await this.tokenOr();
    if (typeof token !== 'string') return token;
    const r = await post(`${this.creds.apiRoot}${path}`, { 'x-acs-dingtalk-access-token': token }, body);
    if (!('status' in r)) return r;
    // A token DingTalk no longer takes (revoked, or the clock off) is fetched anew for the ledger's retry.
    if (r.status === 401) this.token = undefined;
    return classify(r.status, r.body);
  }
}

/** The access token endpoint refused the app's credentials. */
export class TokenRefused extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
  ) {
    super(`access token: HTTP ${status}${code ? ` ${code}` : ''}`);
    this.name = 'TokenRefused';
  }
}

/** A template as the send APIs take it: `msgParam` is a JSON string (at most 15 000 bytes). */
function wire(message: Template): { msgKey: string; msgParam: string } {
  return { msgKey: message.msgKey, msgParam: JSON.stringify(message.msgParam) };
}

/**
 * An OpenAPI answer as an Outcome (docs/design.md, Errors and retries). Success is HTTP 200 with
 * a `processQueryKey` (the id of the send, kept as the message's id); a batch send that names the
 * member in `flowControlledStaffIdList` was throttled, in `invalidStaffIdList` cannot be reached.
 * Errors are `{code, message}` with an HTTP status.
 */
export function classify(status: number, body: unknown): Outcome {
  const b = (body ?? {}) as { processQueryKey?: string; code?: string; invalidStaffIdList?: string[]; flowControlledStaffIdList?: string[] };
  if (status === 200) {
    if (b.flowControlledStaffIdList?.length) return { ok: false, reason: 'rate-limited', retryAfterMs: 60_000, detail: 'flowControlledStaffIdList' };
    if (b.invalidStaffIdList?.length) return { ok: false, reason: 'no-private-chat', detail: 'invalidStaffIdList' };
    return { ok: true, messageId: b.processQueryKey };
  }
  const detail = `HTTP ${status}${b.code ? ` ${b.code}` : ''}`;
  if (status === 429 || THROTTLED.test(b.code ?? '')) return { ok: false, reason: 'rate-limited', retryAfterMs: 60_000, detail };
  if (status >= 500 || status === 401) return { ok: false, reason: 'transient', detail };
  if (GONE.test(b.code ?? '')) return { ok: false, reason: 'kicked', detail };
  return { ok: false, reason: 'rejected', detail };
}

/** One JSON POST; a network failure is `transient`, and its message (which may carry a URL) is not kept. */
async function post(url: string, headers: Record<string, string>, body: unknown): Promise<{ status: number; body: unknown } | Failure> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', accept: 'application/json', ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    return { status: response.status, body: await response.json().catch(() => undefined) };
  } catch (err) {
    return { ok: false, reason: 'transient', detail: err instanceof Error ? err.name : 'network error' };
  }
}
