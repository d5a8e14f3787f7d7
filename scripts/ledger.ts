/**
 * npm run -s db:ledger [-- --write FILE] [--recount]
 *
 * The SQL that brings the database's triggers to those the report ledger's declarations derive
 * (src/db/ledger/): the migrations applied to a scratch database, then a DROP for each trigger it
 * holds that is not derived as it stands, and a CREATE for each derived one it lacks. With
 * --recount, each tally whose triggers change is also counted afresh from the sources (for a new
 * or changed counter). Prints the SQL, or appends it to FILE (a migration made by
 * `npx drizzle-kit generate --custom --name <name>`).
 */
import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { MIGRATIONS_DIR } from '../src/db/client.ts';
import { recountStatements, tallyTriggers } from '../src/db/ledger/tally.ts';
import { LEDGER_TRIGGERS, normaliseSql, storedTriggers, TALLIES } from '../src/db/ledger/triggers.ts';

const { values } = parseArgs({ options: { write: { type: 'string' }, recount: { type: 'boolean', default: false } } });

/** The triggers after every migration, on a scratch copy where a custom migration not yet written (comments only) does nothing. */
function migratedTriggers(): Map<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-'));
  try {
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.sql'))) {
      const text = readFileSync(join(dir, file), 'utf8');
      if (commentsOnly(text)) writeFileSync(join(dir, file), 'SELECT 1;');
    }
    const sqlite = new Database(':memory:');
    migrate(drizzle(sqlite), { migrationsFolder: dir });
    const stored = storedTriggers(sqlite);
    sqlite.close();
    return stored;
  } finally {
    rmSync(dir, { recursive: true });
  }
}

const commentsOnly = (text: string) => text.split('\n').every((line) => line.trim() === '' || line.trim().startsWith('--'));

/** What goes between a migration's SQL and ours: a line of its own, and a breakpoint after statements (drizzle-kit's ALTERs). */
const separator = (text: string) => (commentsOnly(text) ? (text.endsWith('\n') ? '' : '\n') : '\n--> statement-breakpoint\n');

const stored = migratedTriggers();

const derived = new Map(LEDGER_TRIGGERS.map((t) => [t.name, t.sql]));
const changed = new Set([...derived].filter(([name, sql]) => stored.get(name) !== normaliseSql(sql)).map(([name]) => name));
const statements = [
  ...[...stored.keys()].filter((name) => !derived.has(name) || changed.has(name)).map((name) => `DROP TRIGGER ${name}`),
  ...[...changed].map((name) => derived.get(name)!),
  ...(values.recount ? TALLIES.filter((t) => tallyTriggers(t).some((tr) => changed.has(tr.name))).flatMap(recountStatements) : []),
];
if (statements.length === 0) {
  process.stderr.write('The triggers are those the declarations derive: nothing to migrate.\n');
} else {
  const sql = `${statements.join(';\n--> statement-breakpoint\n')};\n`;
  if (values.write) appendFileSync(values.write, `${separator(readFileSync(values.write, 'utf8'))}${sql}`);
  else process.stdout.write(sql);
  process.stderr.write(`${statements.length} statements${values.write ? ` appended to ${values.write}` : ''}.\n`);
}
