/**
 * What the operators' tools in scripts/ share: the command line (with --help, and one-line errors
 * instead of stack traces), the configuration, content library and database opened with errors an
 * operator can act on, and groups and units named by id or by name.
 *
 * Exit status: 0 done (or --help); 2 the command line is wrong whatever the database holds (an
 * unknown option, a bad value); 1 anything else (bad configuration or content, a database that
 * cannot be opened, a group or unit that is not there or whose name is ambiguous).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { asc } from 'drizzle-orm';
import { ConfigError, loadConfig, loadDotEnv, type Config } from '../src/config.ts';
import { ContentInvalidError, loadLibraryOrThrow, type Library } from '../src/content/library.ts';
import { formatProblem } from '../src/content/yaml.ts';
import { closeDatabase, openDatabase, type Db } from '../src/db/client.ts';
import { groups } from '../src/db/schema.ts';
import { PROJECT_ROOT } from '../src/paths.ts';
import type { Group } from '../src/services/groups.ts';
import type { Unit } from '../src/services/units.ts';

/** A failure the operator can act on: its message is one line, printed after the tool's name. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
  }
}

/** The command line is wrong (exit 2). */
export function usageError(message: string): CliError {
  return new CliError(`${message}; see --help`, 2);
}

/** What the environment section of every --help says about .env. */
export const ENV_NOTE = '.env in the working directory is read first; a variable set in the environment wins.';

/** The env section of --help for the tools that read the database and the content library. */
export const DATABASE_ENV = `Environment:
  DATABASE_PATH  the bot's SQLite file (default ./data/classguard.db); it must exist
  CONTENT_DIR    the content library (default ./content)
  and the rest of the bot's configuration (.env.example), e.g. TERM_STARTS, DEFAULT_TIMEZONE.
  ${ENV_NOTE}`;

/**
 * Parses the command line with node:util parseArgs, adding -h/--help (prints `usage` and exits 0).
 * A parse error becomes one line and exit 2.
 */
export function parseCommandLine<T extends Omit<ParseArgsConfig, 'args' | 'strict'>>(usage: string, config: T): ReturnType<typeof parseArgs<T>> {
  let parsed: { values: { help?: unknown } };
  try {
    parsed = parseArgs({ ...config, options: { ...config.options, help: { type: 'boolean', short: 'h' } }, strict: true, args: process.argv.slice(2) });
  } catch (err) {
    // An unknown option's message goes on to suggest `-- "--x"`, which means something else under npm run.
    const message = (err as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? messageOf(err).split('. ')[0]! : messageOf(err);
    throw usageError(message.replace(/\s*\n\s*/g, ' ').replace(/\.$/, ''));
  }
  if (parsed.values.help) {
    process.stdout.write(usage.endsWith('\n') ? usage : `${usage}\n`);
    process.exit(0);
  }
  return parsed as ReturnType<typeof parseArgs<T>>;
}

/**
 * Runs a tool's main: a thrown error is printed without a stack trace and sets the exit status.
 * A reader that stops early (`| head`) is not an error: the tool stops quietly.
 */
export function runTool(name: string, main: () => Promise<number | void> | number | void): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => process.exit(err.code === 'EPIPE' ? 0 : 1));
  Promise.resolve()
    .then(main)
    .then(
      (code) => {
        if (code) process.exitCode = code;
      },
      (err: unknown) => {
        // ConfigError names one variable a line: printed as it is.
        process.stderr.write(`${err instanceof ConfigError ? err.message : `${name}: ${messageOf(err).split('\n')[0]}`}\n`);
        process.exitCode = err instanceof CliError ? err.exitCode : 1;
      },
    );
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The bot's configuration, read as the bot reads it (.env, then the environment). */
export function loadToolConfig(): Config {
  loadDotEnv();
  return loadConfig();
}

/** CONTENT_DIR (from .env or the environment), or the project's content/: for the tools that need no other configuration. */
export function contentDirFromEnv(): string {
  loadDotEnv();
  return process.env.CONTENT_DIR?.trim() || join(PROJECT_ROOT, 'content');
}

/** Runs `load` on the content library at `dir`, turning a missing or broken library into one line. */
export function loadContent<T>(dir: string, load: (dir: string) => T): T {
  if (!existsSync(dir)) throw new CliError(`no content library at ${dir} (CONTENT_DIR)`);
  try {
    return load(dir);
  } catch (err) {
    if (!(err instanceof ContentInvalidError)) throw err;
    const n = err.problems.length;
    const first = err.problems[0] ? `, the first: ${formatProblem(err.problems[0])}` : '';
    throw new CliError(`the content library at ${dir} has ${n} problem${n === 1 ? '' : 's'}${first}; npm run content:check ${dir} lists them all`);
  }
}

export function loadToolLibrary(config: Config): Library {
  return loadContent(config.CONTENT_DIR, loadLibraryOrThrow);
}

/**
 * Opens the bot's database the normal way (pending migrations run first). A missing file is an
 * error rather than a new empty database: a mistyped DATABASE_PATH would otherwise report nothing.
 */
export function openToolDatabase(path: string): Db {
  if (path !== ':memory:' && !existsSync(path)) throw new CliError(`no database at ${path} (DATABASE_PATH)`);
  try {
    return openDatabase(path);
  } catch (err) {
    throw new CliError(messageOf(err));
  }
}

/** Runs `use` on the open database, and closes it however `use` ends. */
export async function withDatabase<T>(path: string, use: (db: Db) => T | Promise<T>): Promise<T> {
  const db = openToolDatabase(path);
  try {
    return await use(db);
  } finally {
    closeDatabase(db);
  }
}

function allGroups(db: Db): Group[] {
  return db.select().from(groups).orderBy(asc(groups.id)).all();
}

/** How a group is shown: its class name, and its chat title when that says something else. */
function groupName(g: Group): string {
  if (g.className && g.title && g.title !== g.className) return `${g.className} (${g.title})`;
  return g.className ?? g.title ?? '';
}

/** Whether the scheduler sends to the group: `active`, `paused` (by an advisor) or `inactive (kicked)` and the like. */
export function groupState(g: Group): string {
  if (!g.active) return g.inactiveReason ? `inactive (${g.inactiveReason})` : 'inactive';
  return g.paused ? 'paused' : 'active';
}

/** `--list-groups`: one line a group (id, timezone, state, name), the name last since its width varies. */
export function listGroups(db: Db): string {
  const rows = allGroups(db).map((g) => [g.id, g.timezone, groupState(g), groupName(g)]);
  return table(['id', 'timezone', 'state', 'name'], rows);
}

/** `--list-units`: one line a unit (id, kind, parent, name). */
export function listUnits(units: Unit[]): string {
  return table(['id', 'kind', 'parent', 'name'], units.map((u) => [u.id, u.kind, u.parentId ?? '-', u.name]));
}

function table(header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  return all.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')).join('\n') + '\n';
}

/** A group by its namespaced id (`telegram:-100123`), or by its class name or chat title where only one group has it. */
export function resolveGroup(db: Db, ref: string): Group {
  return resolveByName('group', ref, allGroups(db), (g) => [g.className, g.title], '--list-groups');
}

/** A unit by its id, or by its name where only one unit has it. */
export function resolveUnit(units: Unit[], ref: string): Unit {
  return resolveByName('unit', ref, units, (u) => [u.name], '--list-units');
}

function resolveByName<T extends { id: string }>(kind: string, ref: string, rows: T[], names: (row: T) => (string | null)[], list: string): T {
  const byId = rows.find((r) => r.id === ref);
  if (byId) return byId;
  const wanted = normalName(ref);
  const named = rows.filter((r) => names(r).some((n) => n !== null && normalName(n) === wanted));
  if (named.length === 1) return named[0]!;
  if (named.length > 1) throw new CliError(`${JSON.stringify(ref)} names ${named.length} ${kind}s: ${named.map((r) => r.id).join(', ')}; give one of these ids`);
  throw new CliError(`no ${kind} ${JSON.stringify(ref)} (by id or name); see ${list}`);
}

/** Names are matched as a person would: blanks around them and letter case do not count. */
function normalName(name: string): string {
  return name.trim().toLowerCase();
}
