import { DiscordAdapter, type DiscordOptions } from '../../adapters/discord/index.ts';
import type { App } from '../../src/app.ts';
import type { Action, Outcome } from '../../src/core/adapter.ts';
import type { Bot } from '../../src/core/bot.ts';
import { AdjustableClock } from '../../src/core/clock.ts';
import type { Composer, Middleware } from '../../src/core/composer.ts';
import { closeDatabase, openDatabase, type Db } from '../../src/db/client.ts';
import { FEATURES } from '../../src/features/index.ts';
import { realApp, tempDatabase } from '../helpers/harness.ts';
import { FakeDiscord } from './server.ts';

export interface DiscordHarnessOptions {
  now?: Date;
  env?: Record<string, string>;
  adapter?: Partial<DiscordOptions>;
  /** Runs before the core's chain: to record the events the core gets, or to answer one as a feature would. */
  before?: Middleware<App>;
}

/**
 * The real core (temp SQLite, real migrations, createApp) with the Discord adapter, talking
 * through discord.js to the fake Discord. `deliver` runs a dispatch and waits until the
 * adapter has handled the gateway event it caused.
 */
export class DiscordHarness {
  clock!: AdjustableClock;
  app!: App;
  bot!: Bot<App>;
  adapter!: DiscordAdapter;
  /** What came of every action the core performed, to catch a failure no assertion looks at. */
  readonly outcomes: { action: Action['type']; outcome: Outcome }[] = [];
  private readonly waiting = new Map<string, () => void>();

  private constructor(
    readonly fake: FakeDiscord,
    public db: Db,
    private readonly path: string,
    private readonly dispose: () => void,
    private readonly opts: DiscordHarnessOptions,
  ) {
    this.build(opts.now);
  }

  /** The app, the adapter and the bot on `db`, as a process builds them at start. */
  private build(now: Date | undefined): void {
    const { fake, opts } = this;
    const features = opts.before ? [{ name: 'before', commands: [], install: (c: Composer<App>) => void c.use(opts.before!) }, ...FEATURES] : FEATURES;
    const built = realApp(this.path, this.db, { ...opts, now, features, env: { DISCORD_BOT_TOKEN: fake.token, DISCORD_API_ROOT: fake.apiRoot, ...opts.env } });
    const { config } = built;
    this.clock = built.clock;
    this.app = built.app;
    this.adapter = new DiscordAdapter({
      token: fake.token,
      apiRoot: fake.apiRoot,
      catalogue: this.app.catalogue,
      advisorRole: config.DISCORD_ADVISOR_ROLE,
      globalCommands: config.DISCORD_GLOBAL_COMMANDS,
      onHandled: (key) => this.waiting.get(key)?.(),
      ...opts.adapter,
    });
    this.app.transport.observe((action, outcome) => this.outcomes.push({ action: action.type, outcome }));
    this.bot = built.bot.add(this.adapter);
  }

  /**
   * A restart: the bot stops and the database file is closed; a new app and adapter open it
   * again and log in, at the clock's time. Nothing of the old process's memory is kept.
   */
  async restart(): Promise<void> {
    const now = this.clock.now();
    await this.stopBot();
    closeDatabase(this.db);
    this.db = openDatabase(this.path);
    this.build(now);
    // Resolves once discord.js is ready, with the guilds that followed READY in its cache.
    await this.bot.start();
  }

  static async start(opts: DiscordHarnessOptions = {}): Promise<DiscordHarness> {
    const fake = await FakeDiscord.start();
    const temp = tempDatabase();
    const h = new DiscordHarness(fake, temp.db, temp.path, temp.dispose, opts);
    await h.bot.start();
    return h;
  }

  /**
   * Runs `dispatch` (one of the fake's gateway helpers, which returns the event's id when it
   * has one) and waits until the adapter has handled `kind:id`.
   */
  deliver(kind: string, dispatch: () => string | void, id?: string): Promise<string> {
    const dispatched = dispatch();
    const key = `${kind}:${id ?? dispatched}`;
    // The gateway frame is read on a later tick, so registering now cannot miss it.
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => (this.waiting.delete(key), reject(new Error(`${key} not handled`))), 20_000);
      this.waiting.set(key, () => (clearTimeout(timer), this.waiting.delete(key), resolve(String(id ?? dispatched))));
    });
  }

  failures(): { action: Action['type']; outcome: Outcome }[] {
    return this.outcomes.filter((o) => !o.outcome.ok);
  }

  async close(): Promise<void> {
    await this.stopBot();
    await this.fake.close();
    closeDatabase(this.db);
    this.dispose();
  }

  private async stopBot(): Promise<void> {
    await this.app.acks.flush();
    await this.app.quizEdits.flush();
    await this.bot.stop();
  }
}
