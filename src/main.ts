import { dirname, join, resolve } from 'node:path';
import { ConsoleAdapter } from '../adapters/console/index.ts';
import { createApp } from './compose.ts';
import { AdjustableClock } from './core/clock.ts';
import type { App } from './app.ts';
import { ConfigError, loadConfig, loadDotEnv, requirePlatform, TOKEN_VARIABLES, wantsConsole, type Config } from './config.ts';
import { CredentialsRejected, type Adapter } from './core/adapter.ts';
import { ContentInvalidError, loadLibraryOrThrow } from './content/library.ts';
import { closeDatabase, DatabaseUnusable, openDatabase, type Db } from './db/client.ts';
import { DatabaseInUse, InstanceLock } from './services/instance-lock.ts';
import { createLogger, type Logger } from './log.ts';
import { passTime } from './services/time-travel.ts';
import { loadTriageOrThrow } from './triage/index.ts';

/** How long a shutdown may take before the process exits anyway. */
const SHUTDOWN_DEADLINE_MS = 10_000;
/** How long startup waits for the platforms to connect before the scheduler resumes without them. */
const CONNECT_GRACE_MS = 15_000;

/** The composition root: reads the config once, builds everything, starts the adapters. */
async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig();
  const consoleMode = wantsConsole(config);
  // The console chat owns stdout, so logs go to stderr and only warnings by default.
  const log = createLogger({ level: config.LOG_LEVEL ?? (consoleMode ? 'warn' : 'info'), stderr: consoleMode });
  const library = loadLibraryOrThrow(config.CONTENT_DIR);
  const triage = loadTriageOrThrow(config.CONTENT_DIR);
  const clock = new AdjustableClock();
  // Said before opening: a database on a storage that never answers would otherwise hang in silence.
  log.info({ path: config.DATABASE_PATH }, 'opening the database');
  const db = openDatabase(config.DATABASE_PATH);
  requireSomewhereToPost(config, db);
  const lock = acquireOrClose(db, () => {
    log.error('another ClassGuard took over this database: stopping');
    void shutdown('lock lost');
  });
  const { app, bot } = createApp({ config, clock, db, library, log, triage });
  // The web console (web/) is imported only when it is on: hono and its pages stay out of other bots.
  const webConsole = config.WEB_PORT === undefined ? undefined : await (await import('../web/server.ts')).startWebConsole(app, config.WEB_PORT, config.WEB_HOST);
  if (webConsole) log.info({ url: webConsole.url }, 'web console listening');
  const shutdown = shutdownOnce(log, async () => {
    await webConsole?.close();
    await app.scheduler.stop();
    // Pending live-count edits go out while the adapters can still send them.
    await app.acks.flush();
    await app.quizEdits.flush();
    await app.duties.flush();
    await bot.stop();
    lock.release();
    closeDatabase(db);
  });
  if (consoleMode) {
    bot.add(
      new ConsoleAdapter({
        clock,
        timezone: config.DEFAULT_TIMEZONE,
        // Beside the database: the default ./data/classguard.db keeps them in ./data/console-files.
        filesDir: join(dirname(resolve(config.DATABASE_PATH)), 'console-files'),
        onTimeChanged: async () => void (await app.scheduler.tick()),
        passTime: (to) => passTime(clock, app.scheduler, to),
        onEnd: () => void shutdown('end of input'),
      }),
    );
  }
  for (const adapter of await platformAdapters(config, app, clock, log)) bot.add(adapter);
  // Files the reports' ledger for groups new to it (all of them after its migration) before any event.
  app.reports.days.sync();
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  // A platform that cannot be reached keeps being tried in the background, and the ledger keeps
  // what is due for it meanwhile; the campaign does not wait for it beyond a short grace.
  const connected = bot.start();
  connected.catch(stopOnStartupError);
  await Promise.race([connected, new Promise((resolve) => setTimeout(resolve, CONNECT_GRACE_MS).unref())]);
  await app.scheduler.resume();
  app.scheduler.start();
  // Logged once the signals are handled: a supervisor (or test) may stop the bot from here on.
  log.info({ platforms: app.transport.platforms }, 'ClassGuard started');
}

/**
 * The adapters of the platforms whose token is set. Each adapter, and its library, is imported
 * only then: discord.js alone adds about 16 MB to a running bot, which a bot on Telegram or in
 * the console never uses.
 */
async function platformAdapters(config: Config, app: App, clock: AdjustableClock, log: Logger): Promise<Adapter[]> {
  const adapters: Adapter[] = [];
  if (config.TELEGRAM_BOT_TOKEN) {
    const { TelegramAdapter } = await import('../adapters/telegram/index.ts');
    const webhook = config.TELEGRAM_WEBHOOK_URL ? { url: config.TELEGRAM_WEBHOOK_URL, port: config.TELEGRAM_WEBHOOK_PORT } : undefined;
    adapters.push(new TelegramAdapter({ token: config.TELEGRAM_BOT_TOKEN, apiRoot: config.TELEGRAM_API_ROOT, webhook, commands: app.catalogue.commands, clock, log }));
  }
  // Always: it needs no token nor connection, and a group registered with /webhook while the bot
  // runs is served from its next tick (README, Push-only webhook groups).
  const { WebhookAdapter } = await import('../adapters/webhook/index.ts');
  adapters.push(new WebhookAdapter({ robotOf: (group) => app.webhooks.robot(group), clock }));
  if (config.DISCORD_BOT_TOKEN) {
    const { DiscordAdapter } = await import('../adapters/discord/index.ts');
    const { DISCORD_BOT_TOKEN: token, DISCORD_API_ROOT: apiRoot, DISCORD_ADVISOR_ROLE: advisorRole, DISCORD_GLOBAL_COMMANDS: globalCommands } = config;
    adapters.push(new DiscordAdapter({ token, apiRoot, catalogue: app.catalogue, advisorRole, globalCommands, log }));
  }
  if (config.ONEBOT_WS_URL || config.ONEBOT_REVERSE_PORT) {
    const { OneBotAdapter } = await import('../adapters/onebot/index.ts');
    const reverse = config.ONEBOT_WS_URL ? undefined : { host: config.ONEBOT_REVERSE_HOST, port: config.ONEBOT_REVERSE_PORT! };
    adapters.push(new OneBotAdapter({ url: config.ONEBOT_WS_URL, reverse, token: config.ONEBOT_ACCESS_TOKEN, sendIntervalMs: config.ONEBOT_SEND_INTERVAL_MS, log }));
  }
  if (config.QQ_APP_ID) adapters.push(await qqAdapter(config, app, clock, log));
  if (config.DINGTALK_CLIENT_ID && config.DINGTALK_CLIENT_SECRET) {
    const { DingTalkAdapter } = await import('../adapters/dingtalk/index.ts');
    const { DINGTALK_CLIENT_ID: clientId, DINGTALK_CLIENT_SECRET: clientSecret, DINGTALK_API_ROOT: apiRoot, DINGTALK_OAPI_ROOT: oapiRoot } = config;
    // The official SDK sends with the Client ID as robotCode (dingtalk-stream-sdk-python, chatbot.py): an internal app's robot has it.
    const robotCode = config.DINGTALK_ROBOT_CODE ?? clientId;
    adapters.push(new DingTalkAdapter({ clientId, clientSecret, apiRoot: apiRoot.replace(/\/$/, ''), oapiRoot: oapiRoot.replace(/\/$/, ''), robotCode, sendIntervalMs: config.DINGTALK_SEND_INTERVAL_MS, log }));
  }
  return adapters;
}

/** The official QQ Bot platform's adapter (README, Running on QQ). */
async function qqAdapter(config: Config, app: App, clock: AdjustableClock, log: Logger): Promise<Adapter> {
  const { QQAdapter } = await import('../adapters/qq/index.ts');
  const apiRoot = config.QQ_API_ROOT ?? (config.QQ_SANDBOX ? 'https://sandbox.api.sgroup.qq.com' : 'https://api.sgroup.qq.com');
  return new QQAdapter({
    appId: config.QQ_APP_ID!,
    secret: config.QQ_APP_SECRET!,
    apiRoot,
    tokenUrl: config.QQ_TOKEN_URL ?? 'https://bots.qq.com/app/getAppAccessToken',
    buttons: config.QQ_BUTTONS,
    groupDelivery: config.QQ_GROUP_DELIVERY,
    sendsPerSecond: config.QQ_SENDS_PER_SECOND,
    chatSendsPerSecond: config.QQ_CHAT_SENDS_PER_SECOND,
    webhook: config.QQ_WEBHOOK_PORT ? { host: config.QQ_WEBHOOK_HOST, port: config.QQ_WEBHOOK_PORT } : undefined,
    storedAdvisor: (group, member) => app.roles.advisorsOf(group).includes(member),
    now: () => clock.now().getTime(),
    log,
  });
}

/**
 * A shutdown that runs once, whatever asks for it (a signal, the end of the console's input, a
 * lost lock), and exits. A supervisor waits about 10 s before SIGKILL: past that it exits anyway,
 * and the rows still in flight stay pending for the next start.
 */
function shutdownOnce(log: Logger, stop: () => Promise<void>): (reason: string) => Promise<void> {
  let stopping = false;
  return async (reason) => {
    if (stopping) return;
    stopping = true;
    log.info({ reason }, 'shutting down');
    setTimeout(() => {
      log.error({ reason }, 'shutdown took over 10 s; exiting with sends in flight');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    await stop();
    process.exit(0);
  };
}

/** requirePlatform, counting the push-only webhook groups in the database; a refusal closes it first. */
function requireSomewhereToPost(config: Config, db: Db): void {
  try {
    const { n } = db.$client.prepare('select count(*) as n from webhook_groups').get() as { n: number };
    requirePlatform(config, n);
  } catch (err) {
    closeDatabase(db);
    throw err;
  }
}

/** Takes the database's instance lock; a refused lock closes the database before the error goes up. */
function acquireOrClose(db: Db, onLost: () => void): InstanceLock {
  try {
    return InstanceLock.acquire(db, onLost);
  } catch (err) {
    closeDatabase(db);
    throw err;
  }
}

/** Stops the process with one line naming what to fix, or with the stack of a failure nobody expected. */
function stopOnStartupError(err: unknown): never {
  if (err instanceof ConfigError || err instanceof ContentInvalidError || err instanceof DatabaseUnusable) {
    process.stderr.write(`${err.message}\n`);
  } else if (err instanceof DatabaseInUse) {
    process.stderr.write(`DATABASE_PATH is ${err.message}: stop that bot first, or give this one its own DATABASE_PATH\n`);
  } else if (err instanceof CredentialsRejected) {
    process.stderr.write(`${TOKEN_VARIABLES[err.platform as keyof typeof TOKEN_VARIABLES] ?? err.platform} was rejected by ${err.platform} (${err.detail}): check the token\n`);
  } else {
    process.stderr.write(`ClassGuard failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  }
  process.exit(1);
}

main().catch(stopOnStartupError);
