import { QQAdapter, type QQOptions } from '../../adapters/qq/index.ts';
import { realApp, stopCore, tempDatabase, type CoreHarness } from '../helpers/harness.ts';
import { FakeQQ, type Limits } from './server.ts';

/** The real core (temp SQLite, real migrations) with the QQ adapter against the fake open platform. */
export interface QQHarness extends CoreHarness {
  fake: FakeQQ;
  adapter: QQAdapter;
  /** Waits until the adapter has handled the event the fake dispatched. */
  deliver(event: { id: string }): Promise<void>;
}

/** What the adapter is given in tests: the fake's addresses, its limits, reply codes unless asked otherwise. */
export function qqOptions(fake: FakeQQ, more: Partial<QQOptions> = {}): QQOptions {
  return {
    appId: fake.appId,
    secret: fake.secret,
    apiRoot: fake.root,
    tokenUrl: fake.tokenUrl,
    buttons: 'codes',
    groupDelivery: 'auto',
    sendsPerSecond: fake.limits.perSecond,
    chatSendsPerSecond: fake.limits.perChatPerSecond,
    ...more,
  };
}

export async function startQQ(opts: { now?: Date; adapter?: Partial<QQOptions>; limits?: Limits; proactive?: boolean } = {}): Promise<QQHarness> {
  const fake = await FakeQQ.listen({ limits: opts.limits });
  fake.proactive = opts.proactive ?? false;
  const temp = tempDatabase();
  const { app, bot, clock } = realApp(temp.path, temp.db, { now: opts.now, env: { QQ_APP_ID: fake.appId, QQ_APP_SECRET: fake.secret } });
  const handled = new Set<string>();
  const waiting = new Map<string, () => void>();
  const onHandled = (id: string) => (handled.add(id), waiting.get(id)?.());
  const adapter = new QQAdapter(qqOptions(fake, { storedAdvisor: (g, m) => app.roles.advisorsOf(g).includes(m), now: () => clock.now().getTime(), onHandled, ...opts.adapter }));
  bot.add(adapter);
  await bot.start();
  return {
    fake,
    adapter,
    app,
    bot,
    clock,
    db: temp.db,
    deliver: ({ id }) =>
      handled.has(id)
        ? Promise.resolve()
        : new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`event ${id} not handled`)), 20_000);
            waiting.set(id, () => (clearTimeout(timer), resolve()));
          }),
    close: async () => {
      await stopCore(app, bot);
      await fake.close();
      temp.dispose();
    },
  };
}
