/** One bot per database: a second process is refused while the first is alive (docs/design.md, Delivery). */
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { AdjustableClock } from '../src/core/clock.ts';
import { hostname } from 'node:os';
import { closeDatabase, type Db } from '../src/db/client.ts';
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
  const NOW = new Date('2026-12-01T00:00:00Z');
  /** The row another bot would have written: on `host`, as `pid`, last heard from `ago` ms before NOW. */
  const heldBy = (db: Db, host: string, pid: number, ago = 0) =>
    db.$client.prepare('insert or replace into instance_lock values (1, ?, ?, ?, ?, ?)').run(`${host}:${pid}:x`, host, pid, NOW.getTime() - 60_000, NOW.getTime() - ago);

  it('refuses while another live process holds it, and lets in the next bot once it is released', () => {
    const { db } = database();
    const clock = new AdjustableClock().freeze(NOW);
    heldBy(db, hostname(), process.ppid, 4_000); // the parent process: alive
    expect(() => InstanceLock.acquire(db, () => undefined, clock)).toThrow(`in use by another ClassGuard (pid ${process.ppid} on ${hostname()}, alive 4 s ago)`);
    db.$client.prepare('delete from instance_lock').run();
    const lock = InstanceLock.acquire(db, () => undefined, clock);
    expect(InstanceLock.holder(db)).toMatchObject({ host: hostname(), pid: process.pid, heartbeatAt: NOW.getTime() });
    lock.release();
    expect(InstanceLock.holder(db)).toBeUndefined();
  });

  it('takes over at once from a holder on this host whose process is gone (a bot restarted after kill -9)', () => {
    const { db } = database();
    heldBy(db, hostname(), 2 ** 22 + 12_345); // above Linux's pid_max: no such process
    InstanceLock.acquire(db, () => undefined, new AdjustableClock().freeze(NOW)).release();
  });

  it('waits out a holder on another host until its heartbeat is stale, then takes over', () => {
    const { db } = database();
    const clock = new AdjustableClock().freeze(NOW);
    heldBy(db, 'another-host', process.pid, STALE_MS - 1_000);
    expect(() => InstanceLock.acquire(db, () => undefined, clock)).toThrow(DatabaseInUse);
    clock.advance(1_000);
    InstanceLock.acquire(db, () => undefined, clock).release();
  });

  it('tells a holder that another process took the lock over, at its next heartbeat', async () => {
    const { db } = database();
    let lost = 0;
    const lock = InstanceLock.acquire(db, () => lost++);
    heldBy(db, 'another-host', 1);
    await new Promise((r) => setTimeout(r, HEARTBEAT_MS + 500));
    expect(lost).toBe(1);
    lock.release(); // a lock no longer held is not deleted from under its new holder
    expect(InstanceLock.holder(db)).toMatchObject({ host: 'another-host' });
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
