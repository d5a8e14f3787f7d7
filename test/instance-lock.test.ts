/** One bot per database: a second process is refused while the first is alive (docs/design.md, Delivery). */
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { AdjustableClock } from '../src/core/clock.ts';
import { closeDatabase, openDatabase } from '../src/db/client.ts';
import { DatabaseInUse, HEARTBEAT_MS, InstanceLock, STALE_MS } from '../src/services/instance-lock.ts';
import { runConsole } from './helpers/run-console.ts';
import { BUNDLED_MAIN, BUNDLED_MAIN_ARGS } from './helpers/bundled-main.ts';
import { tempDatabase } from './helpers/harness.ts';
import { PROJECT_ROOT } from '../src/paths.ts';

/** The container's HEALTHCHECK probe, as the bundle ships it. */
function health(path: string): { status: number | null; stdout: string } {
  const run = spawnSync(process.execPath, [join(dirname(BUNDLED_MAIN), 'health.js')], { encoding: 'utf8', env: { PATH: process.env.PATH, DATABASE_PATH: path } });
  return { status: run.status, stdout: run.stdout };
}

const disposals: (() => void)[] = [];
afterEach(() => disposals.splice(0).forEach((d) => d()));

function database() {
  const temp = tempDatabase();
  disposals.push(temp.dispose);
  return temp;
}

describe('the instance lock', () => {
  it('refuses a second holder while the first is alive, and lets it in once the first releases', () => {
    const { path, db } = database();
    const other = openDatabase(path);
    disposals.push(() => closeDatabase(other));
    const first = InstanceLock.acquire(db, () => undefined);
    expect(() => InstanceLock.acquire(other, () => undefined)).toThrow(DatabaseInUse);
    expect(InstanceLock.holder(other)).toMatchObject({ pid: process.pid });
    first.release();
    expect(InstanceLock.holder(other)).toBeUndefined();
    InstanceLock.acquire(other, () => undefined).release();
  });

  it('takes over a lock whose holder went silent (killed), and the old holder learns it lost the lock', async () => {
    const { path, db } = database();
    const other = openDatabase(path);
    disposals.push(() => closeDatabase(other));
    const clock = new AdjustableClock().freeze(new Date('2026-12-01T00:00:00Z'));
    let lost = 0;
    const first = InstanceLock.acquire(db, () => lost++, clock);
    clock.advance(STALE_MS - 1);
    expect(() => InstanceLock.acquire(other, () => undefined, clock)).toThrow(/alive 30 s ago|alive 29 s ago/);
    clock.advance(2);
    const second = InstanceLock.acquire(other, () => undefined, clock);
    // The first holder's next heartbeat finds the row taken.
    await new Promise((r) => setTimeout(r, HEARTBEAT_MS + 500));
    expect(lost).toBe(1);
    first.release(); // releasing a lock it no longer holds leaves the new holder's row alone
    expect(InstanceLock.holder(other)).toMatchObject({ pid: process.pid });
    second.release();
  }, 20_000);
});

describe('npm start on a database in use or unusable', () => {
  it('refuses a second bot on the same DATABASE_PATH with one line, while the first runs on', async () => {
    const { path, db } = database();
    closeDatabase(db);
    // The first bot: a console chat that waits for input, so it keeps running.
    const first = spawn(process.execPath, BUNDLED_MAIN_ARGS, { cwd: PROJECT_ROOT, stdio: ['pipe', 'pipe', 'ignore'], env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_PATH: path } });
    try {
      await new Promise<void>((resolve) => {
        first.stdout!.on('data', () => resolve());
        first.stdin!.write('/help\n');
      });
      expect(health(path)).toEqual({ status: 0, stdout: 'healthy\n' });
      const second = runConsole('/help\n', { DATABASE_PATH: path });
      expect(second.status).toBe(1);
      expect(second.stdout).toBe('');
      expect(second.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^DATABASE_PATH is in use by another ClassGuard \(pid \d+ on .+, alive \d+ s ago\): stop that bot first/)]);
      first.stdin!.end();
      expect(await new Promise((resolve) => first.once('exit', resolve))).toBe(0);
      expect(health(path)).toEqual({ status: 1, stdout: 'unhealthy: no bot holds the database\n' });
      // Released at shutdown: the next bot starts.
      expect(runConsole('/help\n', { DATABASE_PATH: path }).status).toBe(0);
    } finally {
      first.kill('SIGKILL');
    }
  });

  it('stops with one line naming DATABASE_PATH when the file is not a database', () => {
    const { path, db } = database();
    closeDatabase(db);
    writeFileSync(path, 'not a database, just some notes\n'.repeat(200));
    const run = runConsole('/help\n', { DATABASE_PATH: path });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([`cannot use the database ${path} (DATABASE_PATH): file is not a database`]);
  });
});
