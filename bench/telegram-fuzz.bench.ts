/**
 * Memory under junk: 10,000 random and malformed updates (test/fake-telegram/fuzz.ts) through the
 * fake Bot API to the real adapter and the real core. RSS and heap after them, against a baseline
 * measured in the same run after 1,000 warm-up updates (modules loaded, caches and JIT warm);
 * both after a full GC, and with the fake's own record of calls and messages emptied, since the
 * fake shares the process and keeps everything the bot sent. A ratio near 1 means the bot keeps
 * nothing per update; a bounded cache may still grow toward its size.
 */
import type { Update } from 'grammy/types';
import { TelegramAdapter } from '../adapters/telegram/index.ts';
import { randomUpdate, seededRng } from '../test/fake-telegram/fuzz.ts';
import { HandledUpdates } from '../test/fake-telegram/harness.ts';
import { FakeTelegram } from '../test/fake-telegram/server.ts';
import { realApp, tempDatabase } from '../test/helpers/harness.ts';
import { report } from './report.ts';

const WARM_UP = 1_000;
const UPDATES = 10_000;
const BATCH = 500;
/** Replies unpaced: the bench is about what stays in memory, not about Telegram's 30/s. */
const UNPACED = { global: { max: 100_000, ms: 1000 }, group: { max: 100_000, ms: 1000 } };

const fake = await FakeTelegram.start(UNPACED);
const temp = tempDatabase();
const { app, bot, clock } = realApp(temp.path, temp.db, { env: { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot } });
const handled = new HandledUpdates();
bot.add(new TelegramAdapter({ token: fake.token, apiRoot: fake.apiRoot, commands: app.catalogue.commands, clock, limits: UNPACED, onHandled: handled.onHandled }));
await bot.start();
const rng = seededRng(20261203);

async function send(count: number): Promise<void> {
  for (let sent = 0; sent < count; sent += BATCH) {
    const batch: Update[] = [];
    for (let i = 0; i < BATCH; i++) batch.push(fake.push(randomUpdate(rng) as never));
    await Promise.allSettled(batch.map((u) => handled.wait(u)));
  }
}

function measure(): { rss: number; heap: number } {
  fake.calls.length = 0;
  fake.messages.length = 0;
  globalThis.gc?.();
  globalThis.gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss: rss / 2 ** 20, heap: heapUsed / 2 ** 20 };
}

await send(WARM_UP);
const before = measure();
await send(UPDATES);
const after = measure();

report({ bench: 'telegram.fuzz-rss', unit: 'MB', value: after.rss, baseline: before.rss });
report({ bench: 'telegram.fuzz-heap', unit: 'MB', value: after.heap, baseline: before.heap });

await bot.stop();
await fake.close();
temp.dispose();
