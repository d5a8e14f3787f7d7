import { DingTalkAdapter, type DingTalkOptions } from '../../adapters/dingtalk/index.ts';
import type { App } from '../../src/app.ts';
import type { Bot } from '../../src/core/bot.ts';
import type { AdjustableClock } from '../../src/core/clock.ts';
import type { Db } from '../../src/db/client.ts';
import { Handled } from '../helpers/handled.ts';
import { realApp, tempDatabase } from '../helpers/harness.ts';
import { FakeDingTalk } from './server.ts';

/** The real core (temp SQLite, real migrations) with the DingTalk adapter against the fake open platform. */
export interface DingTalkHarness {
  fake: FakeDingTalk;
  app: App;
  bot: Bot<App>;
  clock: AdjustableClock;
  db: Db;
  adapter: DingTalkAdapter;
  /** Waits until the adapter has handled a callback the fake pushed (by its Stream messageId). */
  deliver(pushed: { messageId: string } | string): Promise<void>;
  close(): Promise<void>;
}

export function dingtalkOptions(fake: FakeDingTalk): DingTalkOptions {
  return { apiRoot: fake.apiRoot, oapiRoot: fake.apiRoot, clientId: fake.clientId, clientSecret: fake.clientSecret, robotCode: fake.clientId, sendIntervalMs: 0 };
}

export async function startDingTalk(opts: { now?: Date; env?: Record<string, string>; adapter?: Partial<DingTalkOptions> } = {}): Promise<DingTalkHarness> {
  const fake = await FakeDingTalk.listen();
  const temp = tempDatabase();
  const handled = new Handled();
  const env = { DINGTALK_CLIENT_ID: fake.clientId, DINGTALK_CLIENT_SECRET: fake.clientSecret, DINGTALK_API_ROOT: fake.apiRoot, DINGTALK_OAPI_ROOT: fake.apiRoot, ...opts.env };
  const { app, bot, clock } = realApp(temp.path, temp.db, { now: opts.now, env });
  const adapter = new DingTalkAdapter({ ...dingtalkOptions(fake), onHandled: (id) => handled.onHandled(Number(id)), ...opts.adapter });
  bot.add(adapter);
  await bot.start();
  return {
    fake,
    app,
    bot,
    clock,
    db: temp.db,
    adapter,
    deliver: (pushed) => handled.waitId(Number(typeof pushed === 'string' ? pushed : pushed.messageId)),
    close: async () => {
      await app.acks.flush();
      await app.quizEdits.flush();
      await bot.stop();
      await fake.close();
      temp.dispose();
    },
  };
}
