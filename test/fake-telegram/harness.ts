import type { Update } from 'grammy/types';
import { TelegramAdapter, type TelegramHandle, type TelegramOptions } from '../../adapters/telegram/index.ts';
import type { App } from '../../src/app.ts';
import type { Bot } from '../../src/core/bot.ts';
import { AdjustableClock } from '../../src/core/clock.ts';
import type { CoreEvent } from '../../src/core/events.ts';
import type { Db } from '../../src/db/client.ts';
import type { Logger } from '../../src/log.ts';
import { Handled } from '../helpers/handled.ts';
import { realApp, tempDatabase } from '../helpers/harness.ts';
import { FakeTelegram, type FakeLimits } from './server.ts';

export interface TelegramHarnessOptions {
  now?: Date;
  env?: Record<string, string>;
  /** The fake server's flood limits (Telegram's by default). */
  limits?: FakeLimits;
  adapter?: Partial<TelegramOptions>;
  /** The core's and the adapter's logger (quiet by default). */
  log?: Logger;
}

/** Tracks which updates the adapter has fully handled (its `onHandled` hook), for tests to wait on. */
export class HandledUpdates extends Handled {
  /** Waits until the adapter has handled an update the fake queued, and returns it. */
  async wait(update: Update, timeoutMs?: number): Promise<Update> {
    await this.waitId(update.update_id, timeoutMs);
    return update;
  }
}

/**
 * The real core (temp SQLite, real migrations, createApp) with the Telegram adapter, talking
 * through grammY to the fake Bot API server. `deliver` pushes an update and waits until the
 * adapter has handled it.
 */
export class TelegramHarness {
  readonly clock: AdjustableClock;
  readonly app: App;
  readonly bot: Bot<App>;
  readonly db: Db;
  readonly adapter: TelegramAdapter;
  private readonly handled = new HandledUpdates();

  private constructor(
    readonly fake: FakeTelegram,
    private readonly dispose: () => void,
    path: string,
    db: Db,
    opts: TelegramHarnessOptions,
  ) {
    this.db = db;
    const built = realApp(path, db, { ...opts, env: { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, ...opts.env } });
    this.clock = built.clock;
    this.app = built.app;
    this.adapter = new TelegramAdapter({
      token: fake.token,
      apiRoot: fake.apiRoot,
      commands: this.app.catalogue.commands,
      clock: this.clock,
      onHandled: this.handled.onHandled,
      log: opts.log,
      ...opts.adapter,
    });
    this.bot = built.bot.add(this.adapter);
  }

  static async start(opts: TelegramHarnessOptions = {}): Promise<TelegramHarness> {
    const fake = await FakeTelegram.start(opts.limits);
    const temp = tempDatabase();
    const h = new TelegramHarness(fake, temp.dispose, temp.path, temp.db, opts);
    await h.bot.start();
    return h;
  }

  /** Waits until the adapter has handled an update (pushed by one of the fake's helpers). */
  deliver(update: Update): Promise<Update> {
    return this.handled.wait(update);
  }

  async close(): Promise<void> {
    await this.app.acks.flush();
    await this.app.quizEdits.flush();
    await this.bot.stop();
    await this.fake.close();
    this.dispose();
  }
}

/**
 * The adapter alone against the fake server, with a sink that records the core events it
 * decodes (and may act on them through `onEvent`): for decoding and encoding tests.
 */
export class AdapterRig {
  readonly events: { event: CoreEvent; handle: TelegramHandle }[] = [];
  onEvent: ((event: CoreEvent, handle: TelegramHandle) => Promise<void>) | undefined;
  private readonly handled = new HandledUpdates();
  readonly adapter: TelegramAdapter;

  private constructor(
    readonly fake: FakeTelegram,
    opts: Partial<TelegramOptions>,
  ) {
    this.adapter = new TelegramAdapter({ token: fake.token, apiRoot: fake.apiRoot, commands: [], onHandled: this.handled.onHandled, ...opts });
  }

  static async start(opts: Partial<TelegramOptions> = {}): Promise<AdapterRig> {
    const rig = new AdapterRig(await FakeTelegram.start(), opts);
    await rig.adapter.start(async (event, handle) => {
      rig.events.push({ event, handle: handle as TelegramHandle });
      await rig.onEvent?.(event, handle as TelegramHandle);
    });
    return rig;
  }

  /** Waits until the update has been handled; returns the events it produced. */
  async deliver(update: Update): Promise<CoreEvent[]> {
    const before = this.events.length;
    await this.handled.wait(update);
    return this.events.slice(before).map((e) => e.event);
  }

  async close(): Promise<void> {
    await this.adapter.stop();
    await this.fake.close();
  }
}
