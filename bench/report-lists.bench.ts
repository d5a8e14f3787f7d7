/**
 * Issue 20: a unit report of 2,000 classes with 100k students on class lists (50 a class, 40 of
 * them seen, an advisor each), 60 days of tips and 1.2M acknowledgements, against a full-table
 * `SELECT COUNT(*) FROM acknowledgements` in the same run. Goal: ratio ≤ 0.1 for the rolling
 * period (group_periods and unit_periods); the half month (a range of days, summed from
 * group_days) is measured beside it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdjustableClock } from '../src/core/clock.ts';
import { loadConfig } from '../src/config.ts';
import { loadLibraryOrThrow } from '../src/content/library.ts';
import { closeDatabase, openDatabase } from '../src/db/client.ts';
import { BOARD_IN_CHAT } from '../src/features/report-view.ts';
import { ReportService } from '../src/services/reports.ts';
import { UnitService } from '../src/services/units.ts';
import { PROJECT_ROOT } from '../src/paths.ts';
import { report } from './report.ts';

const CLASSES = 2_000;
const LISTED = 50;
const SEEN = 40;
const DAYS = 60;
const ACKS_PER_TIP = 10;
const DAY = 86_400_000;
const ROUNDS = 5;
const now = new Date('2026-12-03T04:00:00Z');
const start = now.getTime() - DAYS * DAY;

const dir = mkdtempSync(join(tmpdir(), 'classguard-bench-lists-'));
const db = openDatabase(join(dir, 'bench.db'));
const sqlite = db.$client;

function generate(): void {
  sqlite.pragma('cache_size = -1000000');
  const q = {
    group: sqlite.prepare(
      `insert into groups (id, platform, class_name, timezone, tip_time, article_day, article_time, setup_at, unit_id, created_at, updated_at)
       values (?, 'test', ?, 'Asia/Shanghai', '08:00', 1, '20:00', 0, 'college', 0, 0)`,
    ),
    member: sqlite.prepare(`insert into members (id, platform, display_name, created_at, updated_at) values (?, 'test', ?, 0, 0)`),
    roster: sqlite.prepare(`insert into group_members (group_id, member_id, is_admin, active, first_seen_at, last_seen_at) values (?, ?, ?, 1, 0, 0)`),
    entry: sqlite.prepare(`insert into class_list_entries (group_id, ref_hash, name, member_id, imported_at) values (?, ?, ?, ?, 0)`),
    delivery: sqlite.prepare(`insert into deliveries (group_id, kind, slot, content_id, status, due_at, sent_at, created_at) values (?, 'tip', ?, 'tip-0001', 'pending', ?, ?, ?)`),
    ack: sqlite.prepare(`insert into acknowledgements (delivery_id, member_id, at) values (?, ?, ?)`),
  };
  sqlite.transaction(() => {
    sqlite.prepare(`insert into units (id, name, kind, parent_id, created_at) values ('college', '计算机学院', 'college', null, 0)`).run();
    for (let g = 0; g < CLASSES; g++) {
      const group = `test:g${g}`;
      q.group.run(group, `班级${g + 1}`);
      q.member.run(`test:a${g}`, `老师${g}`);
      q.roster.run(group, `test:a${g}`, 1);
      for (let k = 0; k < LISTED; k++) {
        const member = `test:m${g}-${k}`;
        if (k < SEEN) {
          q.member.run(member, `学生${g}-${k}`);
          q.roster.run(group, member, 0);
        }
        q.entry.run(group, `r${k}`, `学生${g}-${k}`, k < SEEN ? member : null);
      }
    }
    for (let d = 0; d < DAYS; d++) {
      const at = start + d * DAY;
      for (let g = 0; g < CLASSES; g++) {
        const id = Number(q.delivery.run(`test:g${g}`, `d${d}`, at, at, at).lastInsertRowid);
        for (let j = 0; j < ACKS_PER_TIP; j++) q.ack.run(id, `test:m${g}-${(j * 3 + d + g) % SEEN}`, at + (j + 1) * 60_000);
      }
    }
    sqlite.exec(`update deliveries set status = 'sent'`);
  })();
  sqlite.pragma('cache_size = -32000');
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.exec('analyze');
}

const genStart = performance.now();
generate();
const counted = (sqlite.prepare('select count(*) as n from acknowledgements').get() as { n: number }).n;
process.stderr.write(`(generated ${CLASSES} classes, ${CLASSES * LISTED} listed, ${counted} acknowledgements in ${Math.round(performance.now() - genStart)} ms)\n`);

const config = loadConfig({ DATABASE_PATH: join(dir, 'bench.db'), CONSOLE: 'off' });
const clock = new AdjustableClock().freeze(now);
const units = new UnitService(db, clock);
const reports = new ReportService(db, clock, config, loadLibraryOrThrow(join(PROJECT_ROOT, 'content')), units, undefined);
const first = reports.unitReport('college', '7d', { board: BOARD_IN_CHAT })!;
if (first.totals.listed !== CLASSES * LISTED || first.totals.members !== CLASSES * LISTED) throw new Error(`unexpected totals ${JSON.stringify(first.totals)}`);

const countAll = sqlite.prepare('select count(*) from acknowledgements');
const time = (f: () => unknown) => {
  const t = performance.now();
  f();
  return performance.now() - t;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const half = { from: '2026-11-16', to: '2026-11-30' };
reports.unitReport('college', half, { board: BOARD_IN_CHAT });
const rolling: number[] = [];
const ranged: number[] = [];
const baseline: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  baseline.push(time(() => countAll.get()));
  rolling.push(time(() => reports.unitReport('college', '7d', { board: BOARD_IN_CHAT })));
  baseline.push(time(() => countAll.get()));
  ranged.push(time(() => reports.unitReport('college', half, { board: BOARD_IN_CHAT })));
}
report({ bench: 'report.unit-2000-classes-100k-listed', unit: 'ms', value: median(rolling), baseline: median(baseline) });
report({ bench: 'report.unit-2000-classes-100k-listed.half-month', unit: 'ms', value: median(ranged), baseline: median(baseline) });

closeDatabase(db);
rmSync(dir, { recursive: true, force: true });
