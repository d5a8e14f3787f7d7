/**
 * The operators' tools in scripts/ on a database file made with the real migrations, its groups
 * and units written by the real services. Each tool is run as an operator runs it, in a child
 * process, for what only a process shows (--help, exit status, what reaches stdout and stderr);
 * a child costs about a second, so the finer cases of scripts/cli.ts are checked in this process.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../src/core/clock.ts';
import { groupId, type GroupId } from '../src/core/ids.ts';
import { loadConfig } from '../src/config.ts';
import { PROJECT_ROOT } from '../src/paths.ts';
import { GroupService } from '../src/services/groups.ts';
import { UnitService } from '../src/services/units.ts';
import { CliError, loadContent, openToolDatabase, resolveGroup, resolveUnit } from '../scripts/cli.ts';
import { createTriageFromDir } from '../src/triage/index.ts';
import { realLibrary, tempDatabase } from './helpers/harness.ts';

const TSX = join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
const TOOLS = { report: 'report.ts', calendar: 'calendar.ts', triage: 'triage.ts', 'eval:triage': 'eval-triage.ts', 'content:check': 'content-check.ts' };

const SOFTWARE = groupId('telegram', -1001);
const NETSEC_DISCORD = groupId('discord', 2002);
const NETSEC_TELEGRAM = groupId('telegram', -1003);
const OLD = groupId('console', 'old');

let temp: ReturnType<typeof tempDatabase>;
/** The children's working directory: empty, so no developer's .env is read. */
let cwd: string;

beforeAll(() => {
  temp = tempDatabase();
  cwd = mkdtempSync(join(tmpdir(), 'classguard-cli-'));
  const groups = new GroupService(temp.db, systemClock, loadConfig({ DATABASE_PATH: temp.path }));
  const add = (id: GroupId, title: string, className?: string) => {
    groups.ensure({ id, kind: 'group', title });
    if (className) groups.setup(id, { className });
  };
  add(SOFTWARE, '软件2301 班级群', '软件2301');
  // 网安2302 names two groups: one by its chat title, one by its class name.
  add(NETSEC_DISCORD, '网安2302');
  add(NETSEC_TELEGRAM, '网安群', '网安2302');
  add(OLD, '旧群');
  groups.setActive(OLD, false);
  groups.update(NETSEC_DISCORD, { timezone: 'Europe/London', paused: true });
  const units = new UnitService(temp.db, systemClock);
  units.save({ id: 'cs', name: '计算机学院', kind: 'college', parentId: null });
  units.assign(SOFTWARE, 'cs');
});

afterAll(() => {
  temp.dispose();
  rmSync(cwd, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(tool: keyof typeof TOOLS, args: string[], env: Record<string, string> = {}): Promise<Run> {
  const fullEnv = { ...process.env, DATABASE_PATH: temp.path, CONTENT_DIR: join(PROJECT_ROOT, 'content'), ...env };
  return new Promise((done) => {
    execFile(TSX, [join(PROJECT_ROOT, 'scripts', TOOLS[tool]), ...args], { cwd, env: fullEnv, encoding: 'utf8' }, (err, stdout, stderr) =>
      done({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr }),
    );
  });
}

/** One line on stderr, nothing on stdout, and no stack trace. */
function oneLineError(r: Run, code: number): string {
  expect(r.stdout).toBe('');
  expect(r.stderr.endsWith('\n')).toBe(true);
  expect(r.stderr.trimEnd().split('\n'), r.stderr).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.code).toBe(code);
  return r.stderr.trimEnd();
}

describe.concurrent('the command-line tools', () => {
  it('--help and -h print the usage on stdout, with its options and environment, and exit 0', async () => {
    const runs = await Promise.all((Object.keys(TOOLS) as (keyof typeof TOOLS)[]).map(async (tool) => [tool, await run(tool, [tool === 'calendar' ? '-h' : '--help'])] as const));
    for (const [tool, r] of runs) {
      expect(r.stderr, tool).toBe('');
      expect(r.code, tool).toBe(0);
      expect(r.stdout, tool).toMatch(new RegExp(`^Usage: npm run (-s )?${tool}`));
      expect(r.stdout, tool).toContain('Examples:');
      expect(r.stdout, tool).toContain('Environment');
      expect(r.stdout, tool).toContain('-h, --help');
    }
    expect(runs.find(([t]) => t === 'report')![1].stdout).toMatch(/--period <p> +today, 7d, 30d, term \(default 7d\)/);
  });

  it('an unknown option is one line and exit 2', async () => {
    expect(oneLineError(await run('report', ['--group', '软件2301', '--bogus']), 2)).toBe("report: Unknown option '--bogus'; see --help");
  });

  it('names a group by its class name (calendar) or its chat title (report)', async () => {
    const [calendar, report] = await Promise.all([
      run('calendar', ['--group', '软件2301', '--days', '3']),
      run('report', ['--group', '软件2301 班级群', '--format', 'json']),
    ]);
    expect(calendar.stderr).toBe('');
    expect(calendar.code).toBe(0);
    const [head, ...entries] = calendar.stdout.trimEnd().split('\n');
    expect(head).toBe(`软件2301 · ${SOFTWARE} · Asia/Shanghai`);
    expect(entries.filter((l) => / {2}tip {4} {2}/.test(l)).length).toBeGreaterThanOrEqual(2);

    expect(report.stderr).toBe('');
    expect(report.code).toBe(0);
    expect(JSON.parse(report.stdout)).toMatchObject({ kind: 'group', period: '7d', group: { id: SOFTWARE, name: '软件2301', unitId: 'cs' } });
  });

  it('calendar --audience measures a new group\'s year from the content alone, without a database', async () => {
    const pool = realLibrary().tips.filter((t) => t.audiences.includes('staff')).length;
    const r = await run('calendar', ['--audience', 'staff', '--locale', 'en', '--days', '365', '--from', '2027-09-01'], { DATABASE_PATH: join(cwd, 'no-such.db') });
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('a new staff group (en) · Asia/Shanghai · 2027-09-01 + 365 days');
    expect(lines.filter((l) => / {2}tip {4} {2}tip-\d{4} {2}/.test(l))).toHaveLength(365);
    const items = Math.min(pool, 365);
    expect(lines.find((l) => l.startsWith('tips: '))).toMatch(new RegExp(`^tips: 365 sent, ${items} items, ${365 - items} repeats \\(${365 - items} within 365 days.*, \\d+ without English$`));
    expect(lines.at(-1)).toMatch(/^seasons covered: \d+\/11 .*开学季 \d+\/30, /);
  });

  it('an ambiguous name lists the matching ids, an unknown group is named: one line each, exit 1', async () => {
    const [ambiguous, unknown] = await Promise.all([run('calendar', ['--group', '网安2302']), run('report', ['--group', 'telegram:-999'])]);
    expect(oneLineError(ambiguous, 1)).toBe(`calendar: "网安2302" names 2 groups: ${NETSEC_DISCORD}, ${NETSEC_TELEGRAM}; give one of these ids`);
    expect(oneLineError(unknown, 1)).toBe('report: no group "telegram:-999" (by id or name); see --list-groups');
  });

  it('--list-groups lists every group with its id, timezone, state and name', async () => {
    const r = await run('calendar', ['--list-groups']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n').map((l) => l.split(/ {2,}/))).toEqual([
      ['id', 'timezone', 'state', 'name'],
      [OLD, 'Asia/Shanghai', 'inactive (refused)', '旧群'],
      [NETSEC_DISCORD, 'Europe/London', 'paused', '网安2302'],
      [SOFTWARE, 'Asia/Shanghai', 'active', '软件2301 (软件2301 班级群)'],
      [NETSEC_TELEGRAM, 'Asia/Shanghai', 'active', '网安2302 (网安群)'],
    ]);
  });

  it('a bad configuration is a line per variable, as loadConfig words them, and exit 1', async () => {
    const r = await run('report', ['--list-groups'], { DEFAULT_TIMEZONE: 'EST', TERM_STARTS: '2026-02-30' });
    expect(r.stdout).toBe('');
    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      'Invalid DEFAULT_TIMEZONE (got "EST"): expected an IANA timezone such as Asia/Shanghai',
      'Invalid TERM_STARTS (got "2026-02-30"): expected comma-separated real dates as YYYY-MM-DD, e.g. 2026-09-01',
    ]);
  });
});

describe('scripts/cli.ts', () => {
  /** The CliError `f` throws: its message (as the tool prints it after its name) and exit status. */
  function failure(f: () => unknown): { message: string; exitCode: number } {
    try {
      f();
    } catch (err) {
      if (err instanceof CliError) return { message: err.message, exitCode: err.exitCode };
      throw err;
    }
    throw new Error('did not fail');
  }

  it('finds a group by id, by class name or chat title (blanks and letter case aside), and refuses an ambiguous or unknown one', () => {
    expect(resolveGroup(temp.db, SOFTWARE).id).toBe(SOFTWARE);
    expect(resolveGroup(temp.db, ' 软件2301 ').id).toBe(SOFTWARE);
    expect(resolveGroup(temp.db, '网安群').id).toBe(NETSEC_TELEGRAM);
    expect(resolveGroup(temp.db, '旧群').id).toBe(OLD);
    expect(failure(() => resolveGroup(temp.db, '网安2302'))).toEqual({ message: `"网安2302" names 2 groups: ${NETSEC_DISCORD}, ${NETSEC_TELEGRAM}; give one of these ids`, exitCode: 1 });
    expect(failure(() => resolveGroup(temp.db, '软件'))).toEqual({ message: 'no group "软件" (by id or name); see --list-groups', exitCode: 1 });
  });

  it('finds a unit by id or name', () => {
    const units = new UnitService(temp.db, systemClock);
    units.save({ id: 'cs-2', name: 'Computing', kind: 'class', parentId: 'cs' });
    units.save({ id: 'cs-3', name: 'computing', kind: 'class', parentId: 'cs' });
    expect(resolveUnit(units.list(), '计算机学院').id).toBe('cs');
    expect(resolveUnit(units.list(), 'cs-2').id).toBe('cs-2');
    expect(failure(() => resolveUnit(units.list(), 'COMPUTING')).message).toBe('"COMPUTING" names 2 units: cs-2, cs-3; give one of these ids');
    expect(failure(() => resolveUnit(units.list(), 'cs-9')).message).toBe('no unit "cs-9" (by id or name); see --list-units');
  });

  it('refuses a database file that is not there (rather than making an empty one) or is not a database', () => {
    const missing = join(cwd, 'missing.db');
    expect(failure(() => openToolDatabase(missing))).toEqual({ message: `no database at ${missing} (DATABASE_PATH)`, exitCode: 1 });
    const notes = join(cwd, 'notes.db');
    writeFileSync(notes, 'not a database\n'.repeat(100));
    expect(failure(() => openToolDatabase(notes)).message).toBe(`cannot use the database ${notes} (DATABASE_PATH): file is not a database`);
  });

  it('says in one line that a content library is missing or broken, and where to see why', () => {
    expect(failure(() => loadContent(join(cwd, 'nowhere'), createTriageFromDir)).message).toBe(`no content library at ${join(cwd, 'nowhere')} (CONTENT_DIR)`);
    expect(failure(() => loadContent(cwd, createTriageFromDir)).message).toMatch(
      new RegExp(`^the content library at ${cwd} has \\d+ problems, the first: ${cwd}/triage/\\S+:1 \\(file\\): file is missing; npm run content:check ${cwd} lists them all$`),
    );
  });
});
