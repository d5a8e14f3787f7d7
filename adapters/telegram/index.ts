import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { run, sequentialize, type RunnerHandle } from '@grammyjs/runner';
import { Bot as GrammyBot, InputFile, webhookCallback, type Transformer } from 'grammy';
import type { Update } from 'grammy/types';
import type { Action, Adapter, EventHandle, EventSink, Outcome } from '../../src/core/adapter.ts';
import { systemClock, type Clock } from '../../src/core/clock.ts';
import { groupId, memberId, splitId, type GroupId, type MemberId } from '../../src/core/ids.ts';
import { text as plainMessage, type RichMessage } from '../../src/core/message.ts';
import type { CommandSpec } from '../../src/core/feature.ts';
import { silentLogger, type Logger } from '../../src/log.ts';
import { FileFetchError } from '../../src/core/incoming-file.ts';
import { downloadCapped } from '../shared/download.ts';
import { botLacksAdmin, decode, type FileOf, type TelegramHandle } from './decode.ts';
import { asCredentialsRejected, isConflict, isNotModified, isUnauthorized, loggable, migratedTo, outcomeOf } from './errors.ts';
import { FloodGate, type FloodLimits } from '../shared/flood-gate.ts';
import { floodTransformer, TELEGRAM_LIMITS } from './flood.ts';
import { keyboard, renderHtml, truncate } from './html.ts';
import { commandMenus } from './menus.ts';
import { needAdminNotice, openPrivateChatNotice } from './notices.ts';
import { dropMalformed } from './update-shape.ts';

export type { TelegramHandle } from './decode.ts';

/** chat_member is not sent unless asked for; the bot must also be an admin to get it. */
const ALLOWED_UPDATES = ['message', 'callback_query', 'my_chat_member', 'chat_member'] as const;
/** Telegram shows at most 200 characters in a callback answer. */
const ANSWER_LIMIT = 200;
const ADMIN_CACHE_MS = 60_000;
const ADMIN_CACHE_SIZE = 10_000;
const HTML = { parse_mode: 'HTML', link_preview_options: { is_disabled: true } } as const;

export interface TelegramOptions {
  token: string;
  /** Bot API server root (a self-hosted server, or the tests' fake). Default: Telegram's. */
  apiRoot?: string;
  /** Webhook mode: Telegram posts updates to `url`, served on `port`. Long polling otherwise. */
  webhook?: { url: string; port: number };
  /** Every feature's commands (the app's catalogue), for the command menus. */
  commands: readonly CommandSpec[];
  clock?: Clock;
  log?: Logger;
  /** Flood limits to pace sends under (default: Telegram's 30/s overall, 20/min per group). */
  limits?: FloodLimits;
  /** Called when an update has been fully handled, or dropped as malformed (tests wait on it). */
  onHandled?: (updateId: number) => void;
  /**
   * Called when Telegram refuses the token while the bot runs (it was revoked). By default the
   * process exits with status 1: every call would fail, and deliveries not yet sent stay pending
   * for the next start instead of failing one by one.
   */
  onUnauthorized?: () => void;
}

interface Placement {
  /** The member's message to reply to. */
  replyTo?: number;
  threadId?: number;
}

const chatOf = (id: GroupId | MemberId) => Number(splitId(id).raw);
const UNAUTHORIZED = 'Telegram refused TELEGRAM_BOT_TOKEN (401 Unauthorized): it was revoked or is wrong';
const exitFailed = () => process.exit(1);

/**
 * Telegram on grammY: a decoder (update → core event) and an encoder (core action → Bot API
 * calls), with Telegram's formatting, limits, flood control and errors. No campaign rules.
 */
export class TelegramAdapter implements Adapter {
  readonly platform = 'telegram' as const;
  private readonly bot: GrammyBot;
  private readonly clock: Clock;
  private readonly log: Logger;
  private sink: EventSink | undefined;
  private runner: RunnerHandle | undefined;
  private server: Server | undefined;
  private readonly admins = new Map<string, { isAdmin: boolean; at: number }>();
  private readonly askedForAdmin = new Set<number>();

  constructor(private readonly opts: TelegramOptions) {
    this.clock = opts.clock ?? systemClock;
    this.log = opts.log ?? silentLogger;
    this.bot = new GrammyBot(opts.token, { client: { apiRoot: opts.apiRoot } });
    // The gate paces; nothing here retries. A 429 or a 5xx comes back as an outcome (errors.ts), and
    // the core decides whether and when to try again (src/core/retry-policy.ts).
    this.bot.api.config.use(floodTransformer(new FloodGate(opts.limits ?? TELEGRAM_LIMITS)));
    // One update at a time per chat, so a chat's commands are handled in the order they were sent.
    this.bot.use(dropMalformed(this.log, opts.onHandled), sequentialize((ctx) => ctx.chat?.id.toString()));
    this.bot.use((ctx) => this.handleUpdate(ctx.update));
    this.bot.catch((err) => this.log.error({ platform: 'telegram', update: err.ctx.update.update_id, ...loggable(err.error) }, 'telegram update failed'));
  }

  async start(sink: EventSink): Promise<void> {
    this.sink = sink;
    // getMe ourselves, not bot.init(): init retries network errors forever behind grammY's
    // withRetries (grammy src/bot.ts), so an unreachable server would hang startup with no word.
    // The core's Bot retries a failed start with backoff and warns; a 401 stops startup.
    this.bot.botInfo = await this.bot.api.getMe().catch((err: unknown) => {
      throw asCredentialsRejected(err);
    });
    await this.setCommandMenus();
    if (this.opts.webhook) return this.listen(this.opts.webhook);
    await this.bot.api.deleteWebhook();
    this.bot.api.config.use(this.pollingErrors);
    // Silent: the runner would print each failed poll with its stack; pollingErrors logs them in one line.
    this.runner = run(this.bot, { runner: { fetch: { allowed_updates: ALLOWED_UPDATES }, silent: true } });
    void this.runner.task()?.catch((err: unknown) => this.pollingStopped(err));
    this.log.info({ platform: 'telegram', bot: this.bot.botInfo.id, mode: 'polling' }, 'telegram adapter started');
  }

  /** A failed poll, in one line; the runner polls again with a growing pause (it gives up only on 401 and 409). */
  private readonly pollingErrors: Transformer = async (prev, method, payload, signal) => {
    try {
      return await prev(method, payload, signal);
    } catch (err) {
      if (method === 'getUpdates' && !signal?.aborted && !isUnauthorized(err) && !isConflict(err)) {
        this.log.warn({ platform: 'telegram', ...loggable(err) }, 'polling Telegram failed; polling again shortly');
      }
      throw err;
    }
  };

  /**
   * The runner has given up polling: another process polls the same token (409), the token was
   * revoked (401), or Telegram stayed unreachable for the runner's 15 hours. Without this, its
   * task's rejection goes unhandled and ends the process mid-broadcast with a stack trace.
   */
  private pollingStopped(err: unknown): void {
    if (isUnauthorized(err)) {
      this.log.fatal({ platform: 'telegram' }, `${UNAUTHORIZED}: the bot stops`);
      return (this.opts.onUnauthorized ?? exitFailed)();
    }
    if (isConflict(err)) this.log.error({ platform: 'telegram' }, 'another instance is polling this bot token (409 Conflict): this one has stopped polling Telegram');
    else this.log.error({ platform: 'telegram', ...loggable(err) }, 'polling Telegram failed for good: stopped polling');
  }

  async stop(): Promise<void> {
    if (this.runner?.isRunning()) await this.runner.stop();
    const server = this.server;
    if (server) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
    }
    this.sink = undefined;
  }

  async perform(action: Action, handle?: EventHandle): Promise<Outcome> {
    const h = handle as TelegramHandle | undefined;
    try {
      switch (action.type) {
        case 'send':
          if ('group' in action.to) return await this.post(chatOf(action.to.group), action.message);
          return await this.toMember(chatOf(action.to.member), action.message, action.to.viaGroup && { chatId: chatOf(action.to.viaGroup) });
        case 'reply':
          if (!h) return { ok: false, reason: 'rejected', detail: 'reply without an event' };
          if (action.private && h.chatKind === 'group') {
            return await this.toMember(h.fromId, action.message, { chatId: h.chatId, replyTo: h.messageId, threadId: h.threadId });
          }
          return await this.post(h.chatId, action.message, { replyTo: h.chatKind === 'group' ? h.messageId : undefined, threadId: h.threadId });
        case 'edit':
          return await this.edit(chatOf(action.group), action.messageId, action.message);
        case 'answer':
          return await this.answer(action.text, action.alert ?? false, h);
      }
    } catch (err) {
      return outcomeOf(err);
    }
  }

  /**
   * A document, downloaded only when a feature asks: getFile gives its path, then the file
   * endpoint `<api root>/file/bot<token>/<file_path>` its bytes (https://core.telegram.org/bots/api#getfile:
   * up to 20 MB, the link valid for at least an hour). The URL holds the token: never logged.
   */
  private readonly fileOf: FileOf = (document) => ({
    name: document.file_name ?? 'file',
    size: document.file_size,
    fetch: async (maxBytes) => {
      const file = await this.bot.api.getFile(document.file_id).catch((err: unknown) => {
        throw new FileFetchError('unavailable', err instanceof Error ? err.message : String(err));
      });
      if (file.file_size !== undefined && file.file_size > maxBytes) throw new FileFetchError('too-large', `${file.file_size} bytes`);
      if (!file.file_path) throw new FileFetchError('unavailable', 'getFile gave no file_path');
      return downloadCapped(`${this.opts.apiRoot ?? 'https://api.telegram.org'}/file/bot${this.opts.token}/${file.file_path}`, maxBytes);
    },
  });

  async isAdmin(group: GroupId, member: MemberId): Promise<boolean> {
    const key = `${group}|${member}`;
    const now = this.clock.now().getTime();
    const cached = this.admins.get(key);
    if (cached && now - cached.at < ADMIN_CACHE_MS) return cached.isAdmin;
    const status = (await this.bot.api.getChatMember(chatOf(group), chatOf(member))).status;
    const isAdmin = status === 'creator' || status === 'administrator';
    this.admins.delete(key);
    this.admins.set(key, { isAdmin, at: now });
    if (this.admins.size > ADMIN_CACHE_SIZE) this.admins.delete(this.admins.keys().next().value!);
    return isAdmin;
  }

  async memberCount(group: GroupId): Promise<number | undefined> {
    return this.bot.api.getChatMemberCount(chatOf(group)).catch(() => undefined);
  }

  private async handleUpdate(update: Update): Promise<void> {
    const decoded = decode(update, this.bot.botInfo, this.fileOf);
    try {
      if (decoded && this.sink) await this.sink(decoded.event, decoded.handle);
      if (update.chat_member) {
        const { chat, new_chat_member: m } = update.chat_member;
        this.admins.delete(`${groupId('telegram', chat.id)}|${memberId('telegram', m.user.id)}`);
      }
      // An unanswered press keeps a spinner on the member's button.
      if (update.callback_query && !decoded?.handle.answered) await this.bot.api.answerCallbackQuery(update.callback_query.id).catch(() => undefined);
      if (update.my_chat_member) {
        const { chat, new_chat_member: now } = update.my_chat_member;
        if (botLacksAdmin(update.my_chat_member)) await this.askForAdmin(chat.id);
        // The notice has been answered: the group need not be remembered (it is asked again if demoted).
        else if (now.status === 'administrator' || now.status === 'creator') this.askedForAdmin.delete(chat.id);
      }
    } finally {
      this.opts.onHandled?.(update.update_id);
    }
  }

  /** Without admin rights the bot cannot see members join or leave: it says so, once per group until it is made an admin. */
  private async askForAdmin(chatId: number): Promise<void> {
    if (this.askedForAdmin.has(chatId)) return;
    this.askedForAdmin.add(chatId);
    // Bounded like the admins cache: past it, the group asked longest ago may be asked again.
    if (this.askedForAdmin.size > ADMIN_CACHE_SIZE) this.askedForAdmin.delete(this.askedForAdmin.values().next().value!);
    await this.post(chatId, needAdminNotice()).catch((err: unknown) => this.log.warn({ chat: chatId, ...loggable(err) }, 'admin notice failed'));
  }

  /** Posts a message; a group that became a supergroup is reported to the core and posted to anew. */
  private async post(chatId: number, message: RichMessage, at: Placement = {}): Promise<Outcome> {
    try {
      return await this.postTo(chatId, message, at);
    } catch (err) {
      const to = migratedTo(err);
      if (to === undefined) throw err;
      await this.sink?.(
        { type: 'group-migrated', platform: 'telegram', chat: { id: groupId('telegram', chatId), kind: 'group' }, to: groupId('telegram', to) },
        { chatId, chatKind: 'group', fromId: 0 } satisfies TelegramHandle,
      );
      return this.postTo(to, message, { threadId: at.threadId });
    }
  }

  /**
   * The text in parts under 4096 characters, then the attachments. The buttons go on the last
   * part (or on the last attachment when there is no text); its id is the message's id.
   */
  private async postTo(chatId: number, message: RichMessage, at: Placement): Promise<Outcome> {
    const parts = renderHtml(message);
    const files = message.attachments ?? [];
    const markup = keyboard(message);
    const count = parts.length + files.length;
    if (count === 0) return { ok: false, reason: 'rejected', detail: 'empty message' };
    const keyed = parts.length > 0 ? parts.length - 1 : count - 1;
    let messageId = 0;
    for (let i = 0; i < count; i++) {
      const extra = {
        message_thread_id: at.threadId,
        reply_parameters: i === 0 && at.replyTo !== undefined ? { message_id: at.replyTo, allow_sending_without_reply: true } : undefined,
        reply_markup: i === keyed ? markup : undefined,
      };
      const file = files[i - parts.length];
      const sent = !file
        ? await this.bot.api.sendMessage(chatId, parts[i]!, { ...HTML, ...extra })
        : file.kind === 'image'
          ? await this.bot.api.sendPhoto(chatId, new InputFile(file.data, file.filename), extra)
          : await this.bot.api.sendDocument(chatId, new InputFile(file.data, file.filename), extra);
      if (i === keyed) messageId = sent.message_id;
    }
    return { ok: true, messageId: String(messageId) };
  }

  /**
   * A message for one member, in their private chat. When they never opened one, the group
   * (`via`) gets a short notice with a link that opens it, and the outcome says so.
   */
  private async toMember(userId: number, message: RichMessage, via?: { chatId: number } & Placement): Promise<Outcome> {
    try {
      return await this.post(userId, message);
    } catch (err) {
      const outcome = outcomeOf(err, 'member');
      if (outcome.reason !== 'no-private-chat' || !via) return outcome;
      const link = `https://t.me/${this.bot.botInfo.username}?start=g${via.chatId}`;
      const mention = via.replyTo === undefined ? userId : undefined;
      await this.post(via.chatId, openPrivateChatNotice(link, mention), via).catch((e: unknown) =>
        this.log.warn({ chat: via.chatId, ...loggable(e) }, 'private-chat notice failed'),
      );
      return outcome;
    }
  }

  /** Edits the message with the buttons: the last part, when the message was split. */
  private async edit(chatId: number, messageId: string, message: RichMessage): Promise<Outcome> {
    const text = renderHtml(message).at(-1);
    if (text === undefined) return { ok: false, reason: 'rejected', detail: 'empty message' };
    try {
      await this.bot.api.editMessageText(chatId, Number(messageId), text, { ...HTML, reply_markup: keyboard(message) });
    } catch (err) {
      if (!isNotModified(err)) throw err;
    }
    return { ok: true, messageId };
  }

  /** Answers a press; a text over Telegram's 200 characters is cut, and sent whole to the member privately. */
  private async answer(textToShow: string, alert: boolean, h: TelegramHandle | undefined): Promise<Outcome> {
    if (!h?.callbackQueryId) return { ok: false, reason: 'rejected', detail: 'answer without a button press' };
    const shown = truncate(textToShow, ANSWER_LIMIT);
    h.answered = true;
    await this.bot.api.answerCallbackQuery(h.callbackQueryId, { text: shown.text, show_alert: alert });
    if (shown.cut) {
      await this.post(h.fromId, plainMessage(textToShow)).catch((err: unknown) => this.log.info({ member: h.fromId, ...loggable(err) }, 'full answer not delivered privately'));
    }
    return { ok: true };
  }

  /** Members' commands for everyone and in private chats; the advisors' too for group admins. zh and en. */
  private async setCommandMenus(): Promise<void> {
    for (const menu of commandMenus(this.opts.commands)) {
      await this.bot.api
        .setMyCommands(menu.commands, { scope: menu.scope, language_code: menu.language_code })
        .catch((err: unknown) => this.log.warn({ scope: menu.scope.type, language: menu.language_code, ...loggable(err) }, 'setMyCommands failed'));
    }
  }

  private async listen(webhook: { url: string; port: number }): Promise<void> {
    const path = new URL(webhook.url).pathname;
    // Only Telegram knows the secret, so a stranger cannot post forged updates.
    const secret = createHash('sha256').update(`classguard-webhook:${this.opts.token}`).digest('hex');
    // Answer Telegram before its timeout even when a handler waits on flood limits, so it does not resend.
    const callback = webhookCallback(this.bot, 'http', { onTimeout: 'return', timeoutMilliseconds: 9_000, secretToken: secret });
    const server = createServer((req, res) => {
      if (req.method !== 'POST' || new URL(req.url ?? '/', 'http://localhost').pathname !== path) return void res.writeHead(404).end();
      callback(req, res).catch((err: unknown) => {
        this.log.error({ platform: 'telegram', ...loggable(err) }, 'webhook request failed');
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(webhook.port, resolve));
    await this.bot.api.setWebhook(webhook.url, { allowed_updates: ALLOWED_UPDATES, secret_token: secret });
    this.log.info({ platform: 'telegram', bot: this.bot.botInfo.id, mode: 'webhook', port: webhook.port }, 'telegram adapter started');
  }
}
