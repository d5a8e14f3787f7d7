import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BotCommand, Chat, InlineKeyboardMarkup, Message, Update, User, UserFromGetMe } from 'grammy/types';
import { parseTelegramHtml } from './html.ts';

/**
 * A local Bot API server for end-to-end tests: grammY talks to it over HTTP as it would to
 * Telegram (point `apiRoot` at `fake.apiRoot`). It implements the methods the adapter uses,
 * records every call, holds a queue of updates for getUpdates (or posts them to a webhook),
 * validates HTML and the length limits, and enforces the flood limits with 429 retry_after.
 * Tests can make it fail the next calls, or the next calls to a chat (429 with retry_after,
 * 403, 5xx), and kick the bot from a chat.
 */

/** Sliding windows: at most `max` message calls in any `ms` milliseconds. */
export interface FakeLimits {
  /** Over all chats (Telegram: 30 a second). */
  global: { max: number; ms: number };
  /** In one group (Telegram: 20 a minute). */
  group: { max: number; ms: number };
}

export const TELEGRAM_FLOOD_LIMITS: FakeLimits = { global: { max: 30, ms: 1000 }, group: { max: 20, ms: 60_000 } };

export interface ApiCall {
  method: string;
  params: Record<string, any>;
  /** performance.now() when the request arrived. */
  at: number;
  error?: { code: number; description: string; injected: boolean };
  result?: unknown;
}

export interface StoredMessage {
  chatId: number;
  messageId: number;
  kind: 'text' | 'photo' | 'document';
  /** The HTML as sent, and the text the member sees. */
  html?: string;
  text: string;
  tags: string[];
  markup?: InlineKeyboardMarkup;
  file?: { name: string; size: number };
  replyTo?: number;
  threadId?: number;
  edits: number;
}

interface Failure {
  code: number;
  description: string;
  retryAfter?: number;
  methods?: string[];
  /** Only calls to this chat. */
  chatId?: number;
}

class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly parameters?: Record<string, number>,
    readonly injected = false,
  ) {
    super(description);
  }
}

/** Calls that post or change a message: these count against the flood limits. */
const PACED = new Set(['sendMessage', 'sendPhoto', 'sendDocument', 'editMessageText']);
const DEFAULT_DESCRIPTIONS: Record<number, string> = {
  400: 'Bad Request: chat not found',
  403: 'Forbidden: bot was kicked from the supergroup chat',
  429: 'Too Many Requests: retry after 1',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
};

export class FakeTelegram {
  readonly token = '7000000001:AAFakeTokenForTests_0123456789abcdef';
  readonly me: UserFromGetMe = {
    id: 7000000001,
    is_bot: true,
    first_name: 'ClassGuard',
    username: 'classguard_test_bot',
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
  } as UserFromGetMe;
  readonly calls: ApiCall[] = [];
  readonly messages: StoredMessage[] = [];
  /** Command menus by `scope|language`. */
  readonly menus = new Map<string, BotCommand[]>();
  /** Group → user ids that getChatMember reports as administrators. */
  readonly admins = new Map<number, Set<number>>();
  /** Groups that have removed the bot: sends get 403. */
  readonly kickedFrom = new Set<number>();
  /** Users who blocked the bot. */
  readonly blockedBy = new Set<number>();
  /** Users who have a private chat with the bot (they sent it something privately). */
  readonly started = new Set<number>();
  /** Old group id → supergroup id. */
  readonly migrated = new Map<number, number>();
  /** Files members sent, by file_id: getFile gives their path, the file endpoint their bytes. */
  readonly files = new Map<string, { path: string; data: Uint8Array }>();
  /** The file paths the bot downloaded from the file endpoint, in order. */
  readonly downloads: string[] = [];
  /** 429s the flood limits caused (not the injected ones). */
  floodRejections = 0;
  webhook: { url: string; secret?: string } | undefined;
  private revoked = false;
  private rivalPolling = false;

  private server!: Server;
  private port = 0;
  private readonly queue: Update[] = [];
  private readonly pollers = new Set<() => void>();
  private readonly failures: Failure[] = [];
  private readonly globalTimes: number[] = [];
  private readonly groupTimes = new Map<number, number[]>();
  private readonly callbackQueries = new Map<string, boolean>();
  private readonly listeners = new Set<() => void>();
  private nextUpdateId = 1;
  private nextMessageId = 1;
  private nextQueryId = 1;

  constructor(readonly limits: FakeLimits = TELEGRAM_FLOOD_LIMITS) {}

  static async start(limits?: FakeLimits): Promise<FakeTelegram> {
    const fake = new FakeTelegram(limits);
    fake.server = createServer((req, res) => void fake.serve(req, res));
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.port = (fake.server.address() as AddressInfo).port;
    return fake;
  }

  get apiRoot(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async close(): Promise<void> {
    for (const release of this.pollers) release();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  // --- The test's controls ---------------------------------------------------------------

  /** Makes the next `n` calls (of `methods`, by default the message calls; to `chatId`, if given) fail with `code`. */
  failNext(n: number, code: 400 | 403 | 429 | 500 | 502, opts: { retryAfter?: number; description?: string; methods?: string[]; chatId?: number } = {}): void {
    const description = opts.description ?? (code === 429 ? `Too Many Requests: retry after ${opts.retryAfter ?? 1}` : DEFAULT_DESCRIPTIONS[code]!);
    const retryAfter = code === 429 ? (opts.retryAfter ?? 1) : undefined;
    for (let i = 0; i < n; i++) this.failures.push({ code, description, retryAfter, methods: opts.methods ?? [...PACED], chatId: opts.chatId });
  }

  /** The token is revoked (@BotFather's /revoke): every call answers 401 from now on, the poll in progress too. */
  revokeToken(): void {
    this.revoked = true;
    for (const release of this.pollers) release();
  }

  /** Another process starts polling the same token: getUpdates answers 409 from now on, the poll in progress too. */
  rivalPolls(): void {
    this.rivalPolling = true;
    for (const release of this.pollers) release();
  }

  setAdmin(chatId: number, userId: number, isAdmin = true): void {
    let set = this.admins.get(chatId);
    if (!set) this.admins.set(chatId, (set = new Set()));
    if (isAdmin) set.add(userId);
    else set.delete(userId);
  }

  /** Queues an update (or posts it to the webhook) and returns it with its update_id. */
  push(update: Omit<Update, 'update_id'>): Update {
    const full = { update_id: this.nextUpdateId++, ...update } as Update;
    const chat = full.message?.chat;
    if (chat?.type === 'private') this.started.add(chat.id);
    if (this.webhook) void this.postToWebhook(full);
    else {
      this.queue.push(full);
      for (const release of this.pollers) release();
    }
    return full;
  }

  /** A member writes in a chat (a command gets its bot_command entity). */
  say(chat: Chat, from: User, text: string, extra: Partial<Message> = {}): Update {
    const command = /^\/\S+/.exec(text);
    const message = {
      message_id: this.nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat,
      from,
      text,
      ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {}),
      ...extra,
    } as Message;
    return this.push({ message: message as never });
  }

  /**
   * A member sends a file as a document, with an optional caption; `size` is what Telegram
   * reports (the file's own length unless a test says otherwise).
   */
  memberSendsFile(chat: Chat, from: User, name: string, data: Uint8Array, opts: { caption?: string; size?: number } = {}): Update {
    const n = this.files.size + 1;
    const id = `doc${n}`;
    this.files.set(id, { path: `documents/file_${n}${/\.\w+$/.exec(name)?.[0] ?? ''}`, data });
    const document = { file_id: id, file_unique_id: `u${id}`, file_name: name, file_size: opts.size ?? data.length };
    return this.push({
      message: { message_id: this.nextMessageId++, date: Math.floor(Date.now() / 1000), chat, from, document, ...(opts.caption === undefined ? {} : { caption: opts.caption }) } as never,
    });
  }

  /** A member presses the button labelled `label` on a message the bot sent. */
  press(from: User, message: StoredMessage, label: string): Update {
    const button = message.markup?.inline_keyboard.flat().find((b) => b.text === label);
    if (!button || !('callback_data' in button)) throw new Error(`no button ${label} on message ${message.messageId}`);
    return this.pressData(from, message, button.callback_data);
  }

  /** A press with any callback data (a forged one, say). */
  pressData(from: User, message: StoredMessage, data: string): Update {
    const id = `cq${this.nextQueryId++}`;
    this.callbackQueries.set(id, false);
    const chat = this.chatObject(message.chatId);
    return this.push({
      callback_query: {
        id,
        from,
        chat_instance: String(message.chatId),
        data,
        message: { message_id: message.messageId, date: 0, chat, from: this.me, text: message.text } as Message,
      },
    });
  }

  /** The bot's own status changes in a group (added, kicked, demoted…); `rights` go on a restricted side. */
  botStatus(chat: Chat, by: User, from: string, to: string, rights: Record<string, unknown> = {}): Update {
    if (to === 'kicked' || to === 'left') this.kickedFrom.add(chat.id);
    else this.kickedFrom.delete(chat.id);
    return this.push({ my_chat_member: this.statusChange(chat, by, this.me, from, to, rights) });
  }

  /** Another member's status changes (sent only because the bot asks for chat_member updates). */
  memberStatus(chat: Chat, member: User, from: string, to: string): Update {
    return this.push({ chat_member: this.statusChange(chat, member, member, from, to) });
  }

  private statusChange(chat: Chat, by: User, subject: User, from: string, to: string, rights: Record<string, unknown> = {}): never {
    const member = (status: string) => ({ status, user: subject, ...(status === 'restricted' ? { is_member: true, can_send_messages: true, ...rights } : {}) });
    return { chat, from: by, date: 0, old_chat_member: member(from), new_chat_member: member(to) } as never;
  }

  /** A group becomes a supergroup: the service message in the old chat, and 400s for sends there. */
  migrate(chat: Chat, to: number, by: User): Update {
    this.migrated.set(chat.id, to);
    return this.push({ message: { message_id: this.nextMessageId++, date: 0, chat, from: by, migrate_to_chat_id: to } as never });
  }

  /** Resolves with the first call (from now on, or already made when `since` is given) that matches. */
  waitFor(match: (call: ApiCall) => boolean, opts: { since?: number; timeoutMs?: number } = {}): Promise<ApiCall> {
    return new Promise((resolve, reject) => {
      let checked = opts.since ?? this.calls.length;
      const check = () => {
        for (; checked < this.calls.length; checked++) {
          if (match(this.calls[checked]!)) {
            done();
            return resolve(this.calls[checked]!);
          }
        }
      };
      const timer = setTimeout(() => (done(), reject(new Error('fake Telegram: no matching call'))), opts.timeoutMs ?? 10_000);
      const done = () => (clearTimeout(timer), this.listeners.delete(check));
      this.listeners.add(check);
      check();
    });
  }

  /** The messages the bot has in a chat, oldest first. */
  messagesIn(chatId: number): StoredMessage[] {
    return this.messages.filter((m) => m.chatId === chatId);
  }

  successful(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method && !c.error);
  }

  // --- The Bot API ----------------------------------------------------------------------

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    if (pathname.startsWith('/file/')) return this.serveFile(pathname, res);
    const m = /^\/bot([^/]+)\/(\w+)$/.exec(pathname);
    const body = await readBody(req);
    if (!m || m[1] !== this.token || this.revoked) return send(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const call: ApiCall = { method: m[2]!, params: parseParams(req.headers['content-type'] ?? '', body), at: performance.now() };
    this.calls.push(call);
    try {
      const result = await this.call(call, res);
      // Not a poll's updates: kept, they would hold every update a long test (or the fuzz bench) ever sent.
      if (call.method !== 'getUpdates') call.result = result;
      send(res, 200, { ok: true, result });
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(500, `Internal Server Error: ${String(err)}`);
      call.error = { code: e.code, description: e.description, injected: e.injected };
      send(res, e.code, { ok: false, error_code: e.code, description: e.description, ...(e.parameters ? { parameters: e.parameters } : {}) });
    }
    for (const listener of [...this.listeners]) listener();
  }

  /** The file endpoint, `/file/bot<token>/<file_path>`, as getFile's documentation gives it. */
  private serveFile(pathname: string, res: ServerResponse): void {
    const m = /^\/file\/bot([^/]+)\/(.+)$/.exec(pathname);
    const file = m && m[1] === this.token ? [...this.files.values()].find((f) => f.path === m[2]) : undefined;
    if (!file) return void res.writeHead(404).end();
    this.downloads.push(file.path);
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': file.data.length }).end(file.data);
  }

  private async call({ method, params }: ApiCall, res: ServerResponse): Promise<unknown> {
    this.injectedFailure(method, params.chat_id === undefined ? undefined : Number(params.chat_id));
    switch (method) {
      case 'getMe':
        return this.me;
      case 'getUpdates':
        return this.getUpdates(params, res);
      case 'deleteWebhook':
        this.webhook = undefined;
        return true;
      case 'setWebhook':
        this.webhook = { url: params.url, secret: params.secret_token };
        for (const update of this.queue.splice(0)) void this.postToWebhook(update);
        return true;
      case 'setMyCommands':
        for (const c of params.commands as BotCommand[]) {
          if (!/^[a-z0-9_]{1,32}$/.test(c.command) || !c.description || c.description.length > 256) throw new ApiError(400, 'Bad Request: BOT_COMMAND_INVALID');
        }
        this.menus.set(`${params.scope?.type ?? 'default'}|${params.language_code ?? ''}`, params.commands);
        return true;
      case 'getChatMember': {
        const user = { id: Number(params.user_id), is_bot: false, first_name: 'User' };
        return { status: this.admins.get(Number(params.chat_id))?.has(user.id) ? 'administrator' : 'member', user };
      }
      case 'getChatMemberCount':
        return 30;
      case 'answerCallbackQuery': {
        if (this.callbackQueries.get(params.callback_query_id) !== false) throw new ApiError(400, 'Bad Request: query is too old and response timeout expired or query ID is invalid');
        if ((params.text ?? '').length > 200) throw new ApiError(400, 'Bad Request: MESSAGE_TOO_LONG');
        this.callbackQueries.set(params.callback_query_id, true);
        return true;
      }
      case 'sendMessage':
      case 'sendPhoto':
      case 'sendDocument':
        return this.sendMessage(method, params);
      case 'editMessageText':
        return this.editMessageText(params);
      case 'getFile': {
        const file = this.files.get(String(params.file_id));
        if (!file) throw new ApiError(400, 'Bad Request: invalid file_id');
        return { file_id: params.file_id, file_unique_id: `u${params.file_id}`, file_size: file.data.length, file_path: file.path };
      }
      default:
        throw new ApiError(404, 'Not Found: method not found');
    }
  }

  private injectedFailure(method: string, chatId: number | undefined): void {
    const i = this.failures.findIndex((f) => (!f.methods || f.methods.includes(method)) && (f.chatId === undefined || f.chatId === chatId));
    if (i < 0) return;
    const [f] = this.failures.splice(i, 1);
    throw new ApiError(f!.code, f!.description, f!.retryAfter === undefined ? undefined : { retry_after: f!.retryAfter }, true);
  }

  private async getUpdates(params: Record<string, any>, res: ServerResponse): Promise<Update[]> {
    if (this.webhook) throw new ApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    this.refusePolling();
    const offset = Number(params.offset ?? 0);
    const ready = () => {
      while (this.queue.length > 0 && this.queue[0]!.update_id < offset) this.queue.shift();
      return this.queue.slice(0, Number(params.limit ?? 100));
    };
    if (ready().length > 0 || !params.timeout) return ready();
    await new Promise<void>((resolve) => {
      const release = () => (clearTimeout(timer), this.pollers.delete(release), resolve());
      const timer = setTimeout(release, Math.min(Number(params.timeout) * 1000, 5_000));
      this.pollers.add(release);
      res.once('close', release);
    });
    this.refusePolling();
    return ready();
  }

  private refusePolling(): void {
    if (this.revoked) throw new ApiError(401, 'Unauthorized');
    if (this.rivalPolling) throw new ApiError(409, 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running');
  }

  /** The chat checks every message call makes: migrated, kicked, blocked, never started. */
  private checkChat(chatId: number): void {
    if (this.migrated.has(chatId)) {
      throw new ApiError(400, 'Bad Request: group chat was upgraded to a supergroup chat', { migrate_to_chat_id: this.migrated.get(chatId)! });
    }
    if (chatId < 0 && this.kickedFrom.has(chatId)) throw new ApiError(403, 'Forbidden: bot was kicked from the supergroup chat');
    if (chatId > 0 && this.blockedBy.has(chatId)) throw new ApiError(403, 'Forbidden: bot was blocked by the user');
    if (chatId > 0 && !this.started.has(chatId)) throw new ApiError(403, "Forbidden: bot can't initiate conversation with a user");
  }

  /** Sliding windows: 429 with the seconds until a slot frees, and the call is not delivered. */
  private checkFlood(chatId: number, now: number): void {
    const { global, group: perGroup } = this.limits;
    const prune = (times: number[], window: number) => {
      while (times.length > 0 && times[0]! <= now - window) times.shift();
    };
    prune(this.globalTimes, global.ms);
    let group = this.groupTimes.get(chatId);
    if (chatId < 0 && !group) this.groupTimes.set(chatId, (group = []));
    if (group) prune(group, perGroup.ms);
    const wait = this.globalTimes.length >= global.max
      ? this.globalTimes[0]! + global.ms - now
      : group && group.length >= perGroup.max
        ? group[0]! + perGroup.ms - now
        : 0;
    if (wait > 0) {
      this.floodRejections++;
      const retryAfter = Math.max(1, Math.ceil(wait / 1000));
      throw new ApiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
    }
    this.globalTimes.push(now);
    group?.push(now);
  }

  private checkMarkup(markup: InlineKeyboardMarkup | undefined): void {
    for (const button of markup?.inline_keyboard.flat() ?? []) {
      const data = 'callback_data' in button ? button.callback_data : '';
      if (Buffer.byteLength(data) < 1 || Buffer.byteLength(data) > 64) throw new ApiError(400, 'Bad Request: BUTTON_DATA_INVALID');
    }
  }

  private render(params: Record<string, any>, field: 'text' | 'caption'): { html?: string; text: string; tags: string[] } {
    const raw = params[field];
    if (raw === undefined) return { text: '', tags: [] };
    if (params.parse_mode !== 'HTML') return { text: String(raw), tags: [] };
    try {
      return { html: raw, ...parseTelegramHtml(String(raw)) };
    } catch (err) {
      throw new ApiError(400, (err as Error).message);
    }
  }

  private sendMessage(method: string, params: Record<string, any>): Message {
    const chatId = Number(params.chat_id);
    this.checkChat(chatId);
    const kind = method === 'sendPhoto' ? 'photo' : method === 'sendDocument' ? 'document' : 'text';
    const rendered = this.render(params, kind === 'text' ? 'text' : 'caption');
    if (kind === 'text' && rendered.text.trim() === '') throw new ApiError(400, 'Bad Request: message text is empty');
    if (rendered.text.length > (kind === 'text' ? 4096 : 1024)) throw new ApiError(400, `Bad Request: message ${kind === 'text' ? '' : 'caption '}is too long`);
    this.checkMarkup(params.reply_markup);
    const file = kind === 'text' ? undefined : params[kind];
    if (kind !== 'text' && !(file && typeof file === 'object')) throw new ApiError(400, 'Bad Request: there is no file in the request');
    this.checkFlood(chatId, performance.now());
    const stored: StoredMessage = {
      chatId,
      messageId: this.nextMessageId++,
      kind,
      ...rendered,
      markup: params.reply_markup,
      file: file && { name: file.name, size: file.size },
      replyTo: params.reply_parameters?.message_id,
      threadId: params.message_thread_id,
      edits: 0,
    };
    this.messages.push(stored);
    return { message_id: stored.messageId, date: Math.floor(Date.now() / 1000), chat: this.chatObject(chatId), from: this.me, text: stored.text } as Message;
  }

  private editMessageText(params: Record<string, any>): Message {
    const chatId = Number(params.chat_id);
    this.checkChat(chatId);
    const stored = this.messages.find((m) => m.chatId === chatId && m.messageId === Number(params.message_id));
    if (!stored) throw new ApiError(400, 'Bad Request: message to edit not found');
    const rendered = this.render(params, 'text');
    if (rendered.text.length > 4096) throw new ApiError(400, 'Bad Request: MESSAGE_TOO_LONG');
    this.checkMarkup(params.reply_markup);
    if (rendered.html === stored.html && JSON.stringify(params.reply_markup) === JSON.stringify(stored.markup)) {
      throw new ApiError(400, 'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message');
    }
    this.checkFlood(chatId, performance.now());
    Object.assign(stored, rendered, { markup: params.reply_markup, edits: stored.edits + 1 });
    return { message_id: stored.messageId, date: 0, chat: this.chatObject(chatId), text: stored.text } as Message;
  }

  private chatObject(chatId: number): Chat {
    return (chatId > 0 ? { id: chatId, type: 'private', first_name: 'User' } : { id: chatId, type: 'supergroup', title: `Group ${chatId}` }) as Chat;
  }

  private async postToWebhook(update: Update): Promise<void> {
    const { url, secret } = this.webhook!;
    await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}) },
      body: JSON.stringify(update),
    }).catch(() => undefined);
  }
}

// --- People and chats for tests ------------------------------------------------------------

export function user(id: number, firstName: string, opts: { lastName?: string; languageCode?: string } = {}): User {
  return { id, is_bot: false, first_name: firstName, last_name: opts.lastName, language_code: opts.languageCode ?? 'zh-hans' };
}

export function group(id: number, title: string, type: 'group' | 'supergroup' = 'supergroup'): Chat {
  return { id, type, title } as Chat;
}

export function privateChat(u: User): Chat {
  return { id: u.id, type: 'private', first_name: u.first_name } as Chat;
}

// --- HTTP plumbing ------------------------------------------------------------------------

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c)).once('end', () => resolve(Buffer.concat(chunks))).once('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

const JSON_FIELDS = new Set(['reply_markup', 'reply_parameters', 'link_preview_options', 'commands', 'scope', 'allowed_updates', 'entities']);

/** JSON bodies as they are; multipart bodies (file uploads) with their files resolved from attach://. */
function parseParams(contentType: string, body: Buffer): Record<string, any> {
  if (body.length === 0) return {};
  if (!contentType.startsWith('multipart/form-data')) return JSON.parse(body.toString('utf8'));
  const boundary = /boundary=(.+)$/.exec(contentType)?.[1];
  if (!boundary) return {};
  const fields: Record<string, any> = {};
  const files: Record<string, { name: string; size: number }> = {};
  const delimiter = Buffer.from(`--${boundary}`);
  let start = body.indexOf(delimiter) + delimiter.length;
  for (;;) {
    const end = body.indexOf(delimiter, start);
    if (end < 0) break;
    const part = body.subarray(start + 2, end - 2); // strip the CRLF after the delimiter and before the next
    const split = part.indexOf('\r\n\r\n');
    const headers = part.subarray(0, split).toString('utf8');
    const value = part.subarray(split + 4);
    const name = /name="([^"]+)"/i.exec(headers)?.[1];
    const filename = /filename="?([^"\r\n]+)"?/i.exec(headers)?.[1];
    if (name && filename) files[name] = { name: filename, size: value.length };
    else if (name) fields[name] = JSON_FIELDS.has(name) ? JSON.parse(value.toString('utf8')) : value.toString('utf8');
    start = end + delimiter.length;
  }
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === 'string' && value.startsWith('attach://')) fields[key] = files[value.slice('attach://'.length)];
  }
  return fields;
}
