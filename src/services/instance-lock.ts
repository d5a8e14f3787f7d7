import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Statement } from 'better-sqlite3';
import { systemClock, type Clock } from '../core/clock.ts';
import type { Db } from '../db/client.ts';

/** How often the holder says it is alive. */
export const HEARTBEAT_MS = 10_000;
/** A holder silent this long is gone (killed, or its machine died): its lock may be taken. */
export const STALE_MS = 3 * HEARTBEAT_MS;

export interface LockHolder {
  host: string;
  pid: number;
  heartbeatAt: number;
}

/**
 * Whether a holder on this machine is known to be gone, so a bot restarted right after a crash
 * (kill -9, a supervisor's restart) need not wait for the heartbeat to go stale: its pid is not
 * running, or is this process's own (a restarted container runs as pid 1 again).
 */
function goneFromThisHost(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return false;
  if (holder.pid === process.pid) return true;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Another live bot holds the database: this one must not start. */
export class DatabaseInUse extends Error {
  constructor(
    readonly holder: LockHolder,
    readonly secondsAgo: number,
  ) {
    super(`in use by another ClassGuard (pid ${holder.pid} on ${holder.host}, alive ${secondsAgo} s ago)`);
    this.name = 'DatabaseInUse';
  }
}

/**
 * One bot per database (docs/design.md, Delivery). The ledger's claims already keep two bots
 * from sending the same slot, but a second bot would also resume the rows the first one has in
 * flight at startup, and send them again. So the first bot takes the lock row, and keeps it fresh
 * with a heartbeat; another process refuses to start while the heartbeat is fresh, and takes
 * the lock over once it is stale (the holder was killed). Real time, not the app's clock: the
 * console moves that one.
 */
export class InstanceLock {
  private readonly owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private readonly beat: Statement;
  private timer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {
    this.beat = db.$client.prepare('update instance_lock set heartbeat_at = ? where id = 1 and owner = ?');
  }

  /**
   * Takes the lock, or throws DatabaseInUse. `onLost` runs if another process takes it over
   * later (this one stalled past STALE_MS): this one must then stop sending.
   */
  static acquire(db: Db, onLost: () => void, clock: Clock = systemClock): InstanceLock {
    const lock = new InstanceLock(db, clock);
    lock.take();
    lock.timer = setInterval(() => {
      if (lock.beat.run(clock.now().getTime(), lock.owner).changes === 0) {
        lock.stopBeating();
        onLost();
      }
    }, HEARTBEAT_MS);
    lock.timer.unref();
    return lock;
  }

  /** The holder, if any, as the health probe and a refused second process see it. */
  static holder(db: Db): LockHolder | undefined {
    return db.$client.prepare('select host, pid, heartbeat_at as heartbeatAt from instance_lock where id = 1').get() as LockHolder | undefined;
  }

  release(): void {
    this.stopBeating();
    if (this.db.$client.open) this.db.$client.prepare('delete from instance_lock where id = 1 and owner = ?').run(this.owner);
  }

  private take(): void {
    const now = this.clock.now().getTime();
    // IMMEDIATE: two processes starting at once cannot both see the row free.
    this.db.$client.transaction(() => {
      const holder = InstanceLock.holder(this.db);
      if (holder && now - holder.heartbeatAt < STALE_MS && !goneFromThisHost(holder)) {
        throw new DatabaseInUse(holder, Math.round((now - holder.heartbeatAt) / 1000));
      }
      this.db.$client
        .prepare('insert or replace into instance_lock (id, owner, host, pid, started_at, heartbeat_at) values (1, ?, ?, ?, ?, ?)')
        .run(this.owner, hostname(), process.pid, now, now);
    }).immediate();
  }

  private stopBeating(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
