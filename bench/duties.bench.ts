/**
 * Issue 10: the duties' share of the once-a-minute tick when nothing is due (the common case):
 * 10,000 groups with 20 members each, every member reminded this week and every group's kit for
 * the month sent. Baseline: the scheduler's own idle tick over the same groups, in the same run.
 * The roster scan for APP reminders runs at most hourly; its pass is reported on its own.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdjustableClock } from '../src/core/clock.ts';
import { Transport } from '../src/core/transport.ts';
import { loadConfig } from '../src/config.ts';
import { loadLibraryOrThrow } from '../src/content/library.ts';
import { closeDatabase, openDatabase } from '../src/db/client.ts';
import { silentLogger } from '../src/log.ts';
import { RoleService } from '../src/services/roles.ts';
import { UnitService } from '../src/services/units.ts';
import { REMINDER_PASS_MS } from '../src/services/duties/app-progress.ts';
import { Duties } from '../src/services/duties/index.ts';
import { ContentPicker } from '../src/services/picker.ts';
import { Scheduler } from '../src/services/scheduler.ts';
import { report } from './report.ts';
import { PROJECT_ROOT } from '../src/paths.ts';

const GROUPS = 10_000;
const MEMBERS = 20;
const ROUNDS = 5;
const library = loadLibraryOrThrow(join(PROJECT_ROOT, 'content'));
// Thursday 2026-12-03 12:00 in Shanghai: December's kit (Tue 1st) and the day's tip are past.
const now = new Date('2026-12-03T04:00:00Z');
const setupAt = new Date('2026-11-01T00:00:00Z').getTime();

const dir = mkdtempSync(join(tmpdir(), 'classguard-bench-'));
const db = openDatabase(join(dir, 'bench.db'));
const sqlite = db.$client;
sqlite.transaction(() => {
  const group = sqlite.prepare(
    `insert into groups (id, platform, timezone, tip_time, article_day, article_time, setup_at, created_at, updated_at) values (?, 'test', 'Asia/Shanghai', '08:00', 1, '20:00', ?, 0, 0)`,
  );
  const member = sqlite.prepare(`insert into members (id, platform, display_name, created_at, updated_at) values (?, 'test', 'm', 0, 0)`);
  const roster = sqlite.prepare(`insert into group_members (group_id, member_id, first_seen_at, last_seen_at) values (?, ?, 0, 0)`);
  const progress = sqlite.prepare(`insert into app_progress (member_id, reminded_at) values (?, ?)`);
  const kit = sqlite.prepare(`insert into meeting_kits (group_id, month, article_id, quiz_ids, at) values (?, '2026-12', 'article-001', '[]', 0)`);
  for (let g = 0; g < GROUPS; g++) {
    group.run(`test:g${g}`, setupAt);
    kit.run(`test:g${g}`);
    for (let m = 0; m < MEMBERS; m++) {
      const id = `test:m${g}-${m}`;
      member.run(id);
      roster.run(`test:g${g}`, id);
      progress.run(id, now.getTime() - 3_600_000);
    }
  }
})();

const clock = new AdjustableClock().freeze(now);
const transport = new Transport();
const picker = new ContentPicker(library);
const scheduler = new Scheduler(db, clock, picker, transport, silentLogger, { catchupMs: 3 * 3_600_000 });
// Let the scheduler record today's slots once (all missed: no renderers), so its later ticks are idle.
await scheduler.tick();
const config = loadConfig({ CONSOLE: 'off' });
const units = new UnitService(db, clock);
const roles = new RoleService(db, clock, config, units);
const duties = new Duties({ config, clock, db, library, log: silentLogger, transport, picker, scheduler, units, advisorsOf: (group) => roles.advisorsOf(group) });

function expectIdle(result: { kits: number; reminders: number }): void {
  if (result.kits !== 0 || result.reminders !== 0) throw new Error(`not idle: ${JSON.stringify(result)}`);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const time = async (run: () => Promise<unknown>) => {
  const start = performance.now();
  await run();
  return performance.now() - start;
};
// A scheduler without the duties as its tick listener: the baseline.
const bare = new Scheduler(db, clock, picker, transport, silentLogger, { catchupMs: 3 * 3_600_000 });
await bare.tick();
const ticks: number[] = [];
const passes: number[] = [];
const base: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  clock.advance(REMINDER_PASS_MS); // the hourly roster pass is due again
  passes.push(await time(() => duties.tick().then(expectIdle)));
  ticks.push(await time(() => duties.tick().then(expectIdle)));
  base.push(await time(() => bare.tick()));
}
report({ bench: 'duties.idle-tick-10k-groups-200k-members', unit: 'ms', value: median(ticks), baseline: median(base) });
report({ bench: 'duties.hourly-reminder-pass-200k-members', unit: 'ms', value: median(passes), baseline: median(base) });
closeDatabase(db);
rmSync(dir, { recursive: true, force: true });
