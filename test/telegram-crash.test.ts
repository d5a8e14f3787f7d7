import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { groupId } from '../src/core/ids.ts';
import { addDays, localParts, zonedInstant } from '../src/core/time.ts';
import { closeDatabase, openDatabase } from '../src/db/client.ts';
import { FakeTelegram } from './fake-telegram/server.ts';
import { realApp } from './helpers/harness.ts';
import { spawnMain } from './helpers/spawn-main.ts';

const GROUPS = 300;
/** Killed after this many tips went out: a third of the way through Telegram's 30 messages a second. */
const KILL_AFTER = 100;
const TZ = 'Asia/Shanghai';
const chats = Array.from({ length: GROUPS }, (_, i) => -1004000000000 - i);

/** Waits until `ready` holds, looking every 20 ms. */
async function until(ready: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  for (let waited = 0; waited < timeoutMs; waited += 20) {
    if (ready()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`waited in vain for ${what}`);
}

/**
 * The day of the broadcast: three days from now, so that the bot's own clock, before the console
 * sets it, finds no slot of groups set up that day. The groups register at 07:00; the console's
 * `:time` moves the bot to 08:01, a minute after the default tip time, and runs a tick.
 */
function broadcastDay() {
  const today = localParts(new Date(), TZ);
  const { year, month, day } = addDays(today.year, today.month, today.day, 3);
  const pad = (n: number) => String(n).padStart(2, '0');
  return { setupAt: zonedInstant(year, month, day, 7, 0, TZ), dueCommand: `:time ${year}-${pad(month)}-${pad(day)} 08:01\n` };
}

describe('Telegram: kill -9 in the middle of a broadcast', () => {
  let fake: FakeTelegram;
  let dir: string;
  let child: ChildProcess | undefined;
  beforeEach(async () => {
    fake = await FakeTelegram.start();
    dir = mkdtempSync(join(tmpdir(), 'classguard-crash-'));
  });
  afterEach(async () => {
    child?.kill('SIGKILL');
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const path = () => join(dir, 'bot.db');
  /** Tips the fake delivered, per group (a tip is the message with the 已阅 button). */
  const tipsPerGroup = () => {
    const counts = new Map<number, number>();
    for (const m of fake.messages) if (m.chatId < 0 && m.markup) counts.set(m.chatId, (counts.get(m.chatId) ?? 0) + 1);
    return counts;
  };

  /**
   * `npm start`'s bundle with Telegram and the console (the console's `:time` is how a running
   * bot is told the tip is due); resolves once it has started and been sent to 08:01.
   */
  async function startBot(dueCommand: string): Promise<ChildProcess> {
    const env = { DATABASE_PATH: path(), TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, CONSOLE: 'on', LOG_LEVEL: 'info' };
    const started = spawnMain(env, ['pipe', 'ignore', 'pipe']);
    let log = '';
    started.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
    await until(() => log.includes('ClassGuard started'), 'the bot to start');
    // Stdin stays open: at its end the console would shut the bot down.
    started.stdin!.write(dueCommand);
    return started;
  }

  it(`loses no group and repeats at most the sends in flight at the kill (${GROUPS} groups)`, async () => {
    const { setupAt, dueCommand } = broadcastDay();
    const db = openDatabase(path());
    const { app } = realApp(path(), db, { now: setupAt, env: { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot } });
    chats.forEach((id, n) => {
      const chat = { id: groupId('telegram', id), kind: 'group' as const, title: `班级${n + 1}` };
      app.groups.ensure(chat);
      app.groups.setup(chat.id, { className: chat.title });
    });
    closeDatabase(db);

    child = await startBot(dueCommand);
    await until(() => tipsPerGroup().size >= KILL_AFTER, `${KILL_AFTER} tips`);
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;

    // In flight at the kill: tips Telegram delivered whose ledger rows the bot had not yet marked sent.
    const deliveredBeforeKill = new Set(tipsPerGroup().keys());
    const after = openDatabase(path());
    const pending = after.$client.prepare(`select group_id from deliveries where kind = 'tip' and status = 'pending'`).pluck().all() as string[];
    closeDatabase(after);
    const inFlight = pending.filter((id) => deliveredBeforeKill.has(Number(id.split(':')[1]))).length;
    expect(deliveredBeforeKill.size).toBeLessThan(GROUPS); // the kill came mid-broadcast

    child = await startBot(dueCommand);
    await until(() => tipsPerGroup().size === GROUPS, `a tip in every group (${tipsPerGroup().size} of ${GROUPS})`);
    const stopped = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await stopped).toBe(0);

    const counts = tipsPerGroup();
    const lost = chats.filter((id) => !counts.has(id));
    const duplicates = [...counts.values()].reduce((n, c) => n + c - 1, 0);
    expect(lost).toEqual([]);
    expect(duplicates, `in flight at the kill: ${inFlight}`).toBeLessThanOrEqual(inFlight);
  }, 180_000);
});
