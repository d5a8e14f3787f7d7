import { OneBotAdapter, type OneBotOptions } from '../../adapters/onebot/index.ts';
import type { App } from '../../src/app.ts';
import type { Bot } from '../../src/core/bot.ts';
import type { AdjustableClock } from '../../src/core/clock.ts';
import type { Db } from '../../src/db/client.ts';
import { Handled } from '../helpers/handled.ts';
import { realApp, tempDatabase } from '../helpers/harness.ts';
import { FakeOneBot } from './server.ts';

/** The real core (temp SQLite, real migrations) with the OneBot adapter against the fake implementation. */
export class OneBotHarness {
  readonly clock: AdjustableClock;
  readonly app: App;
  readonly bot: Bot<App>;
  readonly db: Db;
  readonly adapter: OneBotAdapter;
  private readonly handled = new Handled();

  private constructor(
    readonly fake: FakeOneBot,
    private readonly dispose: () => void,
    path: string,
    db: Db,
    opts: { now?: Date; adapter?: Partial<OneBotOptions> },
  ) {
    this.db = db;
    const built = realApp(path, db, { now: opts.now, env: { ONEBOT_WS_URL: fake.url, ONEBOT_SEND_INTERVAL_MS: '0' } });
    this.clock = built.clock;
    this.app = built.app;
    this.adapter = new OneBotAdapter({ url: fake.url, token: fake.token, sendIntervalMs: 0, onHandled: (raw) => this.handled.onHandled(Number(raw._seq)), ...opts.adapter });
    this.bot = built.bot.add(this.adapter);
  }

  static async start(opts: { now?: Date; token?: string; adapter?: Partial<OneBotOptions> } = {}): Promise<OneBotHarness> {
    const fake = await FakeOneBot.listen(opts.token ?? 'secret-token');
    const temp = tempDatabase();
    const h = new OneBotHarness(fake, temp.dispose, temp.path, temp.db, opts);
    await h.bot.start();
    return h;
  }

  deliver(event: { _seq: number }): Promise<void> {
    return this.handled.waitId(event._seq);
  }

  async close(): Promise<void> {
    await this.app.acks.flush();
    await this.app.quizEdits.flush();
    await this.bot.stop();
    await this.fake.close();
    this.dispose();
  }
}
