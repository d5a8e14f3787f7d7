import { dirname, join, resolve } from 'node:path';
import { ConsoleAdapter } from '../adapters/console/index.ts';
import { createApp } from './compose.ts';
import { AdjustableClock } from './core/clock.ts';
import { ConfigError, loadConfig, loadDotEnv, requirePlatform, TOKEN_VARIABLES, wantsConsole } from './config.ts';
import { CredentialsRejected } from './core/adapter.ts';
import { ContentInvalidError, loadLibraryOrThrow } from './content/library.ts';
import { closeDatabase, openDatabase } from './db/client.ts';
import { createLogger } from './log.ts';
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
  requirePlatform(config);
  const consoleMode = wantsConsole(config);
  // The console chat owns stdout, so logs go to stderr and only warnings by default.
  const log = createLogger({ level: config.LOG_LEVEL ?? (consoleMode ? 'warn' : 'info'), stderr: consoleMode });
  const library = loadLibraryOrThrow(config.CONTENT_DIR);
  const triage = loadTriageOrThrow(config.CONTENT_DIR);
  const clock = new AdjustableClock();
  const db = openDatabase(config.DATABASE_PATH);
  const { app, bot } = createApp({ config, clock, db, library, log, triage });

  let stopping = false;
  const shutdown = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ reason }, 'shutting down');
    // A supervisor waits about 10 s before SIGKILL: exit first. Rows still in flight stay pending and are resumed.
    setTimeout(() => {
      log.error({ reason }, 'shutdown took over 10 s; exiting with sends in flight');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    await app.scheduler.stop();
    // Pending live-count edits go out while the adapters can still send them.
    await app.acks.flush();
    await app.quizEdits.flush();
    await app.duties.flush();
    await bot.stop();
    closeDatabase(db);
    process.exit(0);
  };

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
  // A platform's adapter, and its library, is imported only when its token is set: discord.js
  // alone adds about 16 MB to a running bot, which a bot on Telegram or in the console never uses.
  if (config.TELEGRAM_BOT_TOKEN) {
    const { TelegramAdapter } = await import('../adapters/telegram/index.ts');
    const webhook = config.TELEGRAM_WEBHOOK_URL ? { url: config.TELEGRAM_WEBHOOK_URL, port: config.TELEGRAM_WEBHOOK_PORT } : undefined;
    bot.add(new TelegramAdapter({ token: config.TELEGRAM_BOT_TOKEN, apiRoot: config.TELEGRAM_API_ROOT, webhook, commands: app.catalogue.commands, clock, log }));
  }
  if (config.DISCORD_BOT_TOKEN) {
    const { DiscordAdapter } = await import('../adapters/discord/index.ts');
    bot.add(
      new DiscordAdapter({
        token: config.DISCORD_BOT_TOKEN,
        apiRoot: config.DISCORD_API_ROOT,
        catalogue: app.catalogue,
        advisorRole: config.DISCORD_ADVISOR_ROLE,
        globalCommands: config.DISCORD_GLOBAL_COMMANDS,
        log,
      }),
    );
  }
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

/** Stops the process with one line naming what to fix, or with the stack of a failure nobody expected. */
function stopOnStartupError(err: unknown): never {
  if (err instanceof ConfigError || err instanceof ContentInvalidError) {
    process.stderr.write(`${err.message}\n`);
  } else if (err instanceof CredentialsRejected) {
    process.stderr.write(`${TOKEN_VARIABLES[err.platform as keyof typeof TOKEN_VARIABLES] ?? err.platform} was rejected by ${err.platform} (${err.detail}): check the token\n`);
  } else {
    process.stderr.write(`ClassGuard failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  }
  process.exit(1);
}

main().catch(stopOnStartupError);
