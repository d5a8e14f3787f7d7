import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { PROJECT_ROOT } from '../paths.ts';
import * as schema from './schema.ts';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const MIGRATIONS_DIR = join(PROJECT_ROOT, 'migrations');

/** The database file cannot be used (unwritable folder, a corrupt or truncated file, a read-only file): one line saying why. */
export class DatabaseUnusable extends Error {
  constructor(path: string, cause: unknown) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(`cannot use the database ${path} (DATABASE_PATH): ${why.split('\n')[0]}`);
    this.name = 'DatabaseUnusable';
  }
}

/**
 * Opens the SQLite file and applies the drizzle-kit migrations; throws DatabaseUnusable. WAL lets reports read while
 * the scheduler writes; the busy timeout rides out a concurrent writer instead of failing.
 */
export function openDatabase(path: string): Db {
  let sqlite: Database.Database | undefined;
  try {
    if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
    sqlite = new Database(path);
    return prepare(sqlite);
  } catch (err) {
    if (sqlite?.open) sqlite.close();
    throw new DatabaseUnusable(path, err);
  }
}

function prepare(sqlite: Database.Database): Db {
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('cache_size = -32000');
  // Statement journals (every write that fires a trigger opens one) and sorts in memory, not in temp files.
  sqlite.pragma('temp_store = MEMORY');
  const db = drizzle(sqlite, { schema }) as Db;
  migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  return db;
}

export function closeDatabase(db: Db): void {
  if (db.$client.open) db.$client.close();
}
