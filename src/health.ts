/**
 * The container's health probe (`node dist/health.js`, Docker's HEALTHCHECK): healthy while a bot
 * holds the database's instance lock and its heartbeat is fresh (src/services/instance-lock.ts).
 * It opens the database read-only and writes nothing. Exit 0 healthy, 1 not, with one line.
 */
import Database from 'better-sqlite3';
import { STALE_MS, type LockHolder } from './services/instance-lock.ts';

const path = process.env.DATABASE_PATH || './data/classguard.db';

function probe(): string | undefined {
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const holder = db.prepare('select host, pid, heartbeat_at as heartbeatAt from instance_lock where id = 1').get() as LockHolder | undefined;
    if (!holder) return 'no bot holds the database';
    const age = Date.now() - holder.heartbeatAt;
    return age < STALE_MS ? undefined : `the bot's heartbeat is ${Math.round(age / 1000)} s old`;
  } catch (err) {
    return `cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`;
  } finally {
    db?.close();
  }
}

const problem = probe();
process.stdout.write(problem ? `unhealthy: ${problem}\n` : 'healthy\n');
process.exit(problem ? 1 : 0);
