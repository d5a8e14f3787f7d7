import { OneBotAdapter, type OneBotOptions } from '../../adapters/onebot/index.ts';
import type { App } from '../../src/app.ts';
import type { Bot } from '../../src/core/bot.ts';
import type { AdjustableClock } from '../../src/core/clock.ts';
import type { Db } from '../../src/db/client.ts';
import { Handled } from '../helpers/handled.ts';
import { realApp, tempDatabase } from '../helpers/harness.ts';
import { FakeOneBot } from './server.ts';

/** The real core (temp SQLite, real migrations) with the OneBot adapter against the fake implementation. */
export interface OneBotHarness {
  fake: FakeOneBot;
  app: App;
  bot: Bot<App>;
  clock: AdjustableClock;
  db: Db;
  /** Waits until the adapter has handled an event the fake pushed. */
  deliver(event: { _seq: number }): Promise<void>;
  close(): Promise<void>;
}

export async function startOneBot(opts: { now?: Date; adapter?: Partial<OneBotOptions> } = {}): Promise<OneBotHarness> {
  const fake = await FakeOneBot.listen('secret-token');
  const temp = tempDatabase();
  const handled = new Handled();
  const { app, bot, clock } = realApp(temp.path, temp.db, { now: opts.now, env: { ONEBOT_WS_URL: fake.url, ONEBOT_SEND_INTERVAL_MS: '0' } });
  const onHandled = (raw: Record<string, unknown>) => handled.onHandled(Number(raw._seq));
  bot.add(new OneBotAdapter({ url: fake.url, token: fake.token, sendIntervalMs: 0, onHandled, ...opts.adapter }));
  await bot.start();
  return {
    fake,
    app,
    bot,
    clock,
    db: temp.db,
    deliver: (event) => handled.waitId(event._seq),
    close: async () => {
      // Pending live-count edits first, as a shutdown does.
      await app.acks.flush();
      await app.quizEdits.flush();
      await bot.stop();
      await fake.close();
      temp.dispose();
    },
  };
}
