import { afterEach, describe, expect, it } from 'vitest';
import type { Update } from 'grammy/types';
import { randomUpdate, seededRng } from './fake-telegram/fuzz.ts';
import { TelegramHarness } from './fake-telegram/harness.ts';
import { privateChat, user } from './fake-telegram/server.ts';
import { capturingLogger, ERROR_LEVEL } from './helpers/capture-log.ts';

/** FUZZ_SEED=… replays a run; the seed is in every failure message. */
const SEED = Number(process.env.FUZZ_SEED ?? 20261203);
const UPDATES = 10_000;
/** The runner fetches 100 updates a call; a batch is handled before the next is queued, so waits stay short. */
const BATCH = 500;
/** Far above what the fuzz sends: pacing replies to Telegram's 30/s would make the run minutes long. */
const UNPACED = { global: { max: 100_000, ms: 1000 }, group: { max: 100_000, ms: 1000 } };

describe('Telegram: fuzzed updates', () => {
  let h: TelegramHarness | undefined;
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);
  afterEach(async () => {
    process.off('unhandledRejection', onRejection);
    await h?.close();
  });

  it(`handles ${UPDATES} random and malformed updates without a crash, an unhandled rejection or a handler failure, and still answers /help (seed ${SEED})`, async () => {
    process.on('unhandledRejection', onRejection);
    const { log, lines } = capturingLogger();
    h = await TelegramHarness.start({ log, limits: UNPACED, adapter: { limits: UNPACED } });
    const rng = seededRng(SEED);

    let unhandled = 0;
    for (let sent = 0; sent < UPDATES && unhandled === 0; sent += BATCH) {
      const batch: Update[] = [];
      for (let i = 0; i < BATCH; i++) batch.push(h.fake.push(randomUpdate(rng) as never));
      // An update that failed is never reported handled: the run stops after its batch, with the failures logged.
      const results = await Promise.allSettled(batch.map((u) => h!.deliver(u)));
      unhandled = results.filter((r) => r.status === 'rejected').length;
    }

    const failures = lines.filter((l) => l.level >= ERROR_LEVEL);
    expect(failures, `seed ${SEED}: ${JSON.stringify(failures.slice(0, 5))}`).toEqual([]);
    expect(rejections, `seed ${SEED}`).toEqual([]);
    expect(unhandled, `seed ${SEED}`).toBe(0);
    // The malformed ones were dropped, each with one debug line and no text.
    const dropped = lines.filter((l) => l.msg === 'malformed telegram update dropped');
    expect(dropped.length).toBeGreaterThan(UPDATES / 4);
    expect(Object.keys(dropped[0]!).sort()).toEqual(['level', 'msg', 'platform', 'time', 'update']);

    const zhang = user(42, '张三');
    await h.deliver(h.fake.say(privateChat(zhang), zhang, '/help'));
    expect(h.fake.messagesIn(zhang.id).at(-1)?.text, `seed ${SEED}`).toContain('可用命令');
    // A guard against a hang, not a speed check: about 20 s of CPU, longer when the cores are shared.
  }, 300_000);
});
