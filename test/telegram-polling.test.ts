import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { groupId } from '../src/core/ids.ts';
import { text } from '../src/core/message.ts';
import { AdapterRig } from './fake-telegram/harness.ts';
import { FakeTelegram } from './fake-telegram/server.ts';
import { capturingLogger, ERROR_LEVEL, type LogLine } from './helpers/capture-log.ts';
import { spawnMain } from './helpers/spawn-main.ts';

/** Waits until `ready` holds, looking every 20 ms. */
async function until(ready: () => boolean, what: () => string): Promise<void> {
  for (let waited = 0; waited < 10_000; waited += 20) {
    if (ready()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`waited in vain for ${what()}`);
}

/** Until the bot has asked for updates (the fake's waitFor hears of a poll only when it returns). */
const polling = (fake: FakeTelegram) => until(() => fake.calls.some((c) => c.method === 'getUpdates'), () => 'a poll');
const anError = (lines: LogLine[]) => until(() => lines.some((l) => l.level >= ERROR_LEVEL), () => `an error in ${JSON.stringify(lines.map((l) => l.msg))}`);

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Telegram: when getUpdates is refused', () => {
  let rig: AdapterRig | undefined;
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);
  beforeEach(() => void process.on('unhandledRejection', onRejection));
  afterEach(async () => {
    process.off('unhandledRejection', onRejection);
    await rig?.close();
    rig = undefined;
    rejections.length = 0;
  });

  it('409 (another instance polls the token): one error line, polling stops, sends still go out, nothing unhandled', async () => {
    const { log, lines } = capturingLogger();
    rig = await AdapterRig.start({ log });
    await polling(rig.fake);
    rig.fake.rivalPolls();

    await anError(lines);
    const polls = rig.fake.calls.filter((c) => c.method === 'getUpdates').length;
    await pause(300); // the runner's first retry would come after 100 ms
    expect(rig.fake.calls.filter((c) => c.method === 'getUpdates')).toHaveLength(polls);
    expect(lines.filter((l) => l.level >= ERROR_LEVEL).map((l) => l.msg)).toEqual([expect.stringContaining('another instance is polling this bot token')]);
    expect(rejections).toEqual([]);

    // Scheduled tips do not need polling: they still reach the groups.
    const sent = await rig.adapter.perform({ type: 'send', to: { group: groupId('telegram', -1001) }, message: text('今日提示') });
    expect(sent.ok).toBe(true);
  });

  it('401 (token revoked): one fatal line naming TELEGRAM_BOT_TOKEN, and the bot is stopped', async () => {
    const { log, lines } = capturingLogger();
    let stopped = 0;
    rig = await AdapterRig.start({ log, onUnauthorized: () => void stopped++ });
    await polling(rig.fake);
    rig.fake.revokeToken();

    await anError(lines);
    await pause(100);
    expect(lines.filter((l) => l.level >= ERROR_LEVEL).map((l) => l.msg)).toEqual([expect.stringContaining('TELEGRAM_BOT_TOKEN')]);
    expect(stopped).toBe(1);
    expect(rejections).toEqual([]);
    // A send the revoked token refuses is unavailable, which the ledger keeps for the next start, not rejected for good.
    const refused = await rig.adapter.perform({ type: 'send', to: { group: groupId('telegram', -1001) }, message: text('今日提示') });
    expect(refused).toMatchObject({ ok: false, reason: 'unavailable' });
  });
});

describe('Telegram: npm start with a revoked token', () => {
  let fake: FakeTelegram;
  let dir: string;
  beforeEach(async () => {
    fake = await FakeTelegram.start();
    dir = mkdtempSync(join(tmpdir(), 'classguard-polling-'));
  });
  afterEach(async () => {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs the bundled bot until it exits; `whileRunning` acts on the fake meanwhile. Returns its exit code and output lines. */
  async function runBot(whileRunning: () => Promise<void>): Promise<{ code: number | null; lines: string[] }> {
    const child = spawnMain({ DATABASE_PATH: join(dir, 'bot.db'), TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot }, ['ignore', 'pipe', 'pipe']);
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      await whileRunning();
      const code = await exited;
      return { code, lines: output.split('\n').filter(Boolean) };
    } finally {
      child.kill('SIGKILL');
    }
  }

  it('revoked while polling: exits 1 with one line naming TELEGRAM_BOT_TOKEN and no stack trace', async () => {
    const { code, lines } = await runBot(async () => {
      await polling(fake);
      fake.revokeToken();
    });
    expect(code).toBe(1);
    expect(lines.filter((l) => l.includes('TELEGRAM_BOT_TOKEN'))).toHaveLength(1);
    expect(lines.filter((l) => /^\s+at /.test(l) || l.includes('grammY runner'))).toEqual([]);
  });

  it('revoked before it starts: exits 1 with one line naming TELEGRAM_BOT_TOKEN', async () => {
    fake.revokeToken();
    const { code, lines } = await runBot(async () => undefined);
    expect(code).toBe(1);
    // Besides the log's JSON lines (opening the database), one plain line for the operator.
    expect(lines.filter((l) => !l.startsWith('{'))).toEqual([expect.stringContaining('TELEGRAM_BOT_TOKEN')]);
  });
});
