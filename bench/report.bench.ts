/**
 * Issue 6: `/report <unit>` for a unit of 500 groups with 200k known members and 2M
 * acknowledgements spread over a year, through the real bot (command → report → message),
 * against a full-table `SELECT COUNT(*) FROM acknowledgements` in the same run. Goal: ratio ≤ 0.1
 * — the report reads the unit's range of group_periods (one row a class, kept by triggers) and
 * never the acknowledgements.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Adapter } from '../src/core/adapter.ts';
import { createApp } from '../src/compose.ts';
import { AdjustableClock } from '../src/core/clock.ts';
import { memberId, type GroupId } from '../src/core/ids.ts';
import { loadConfig } from '../src/config.ts';
import { loadLibraryOrThrow } from '../src/content/library.ts';
import { closeDatabase, openDatabase } from '../src/db/client.ts';
import { BOARD_IN_CHAT } from '../src/features/report-view.ts';
import { silentLogger } from '../src/log.ts';
import { loadTriageOrThrow } from '../src/triage/index.ts';
import { report } from './report.ts';
import { PROJECT_ROOT } from '../src/paths.ts';

const GROUPS = 500;
const MEMBERS_PER_GROUP = 400; // 200k members
const ACKS = 2_000_000;
const DAYS = 365;
const DAY = 86_400_000;
const ROUNDS = 5;
const now = new Date('2026-12-01T04:00:00Z'); // 12:00 in Shanghai
const start = now.getTime() - DAYS * DAY;

const dir = mkdtempSync(join(tmpdir(), 'classguard-bench-report-'));
const path = join(dir, 'bench.db');
const db = openDatabase(path);
const sqlite = db.$client;

/** Raw prepared statements in one transaction, through the real migrations and their triggers. */
function generate(): void {
  sqlite.pragma('cache_size = -1000000');
  const q = {
    unit: sqlite.prepare(`insert into units (id, name, kind, parent_id, created_at) values (?, ?, ?, ?, 0)`),
    group: sqlite.prepare(
      `insert into groups (id, platform, class_name, timezone, tip_time, article_day, article_time, setup_at, unit_id, created_at, updated_at)
       values (?, 'test', ?, 'Asia/Shanghai', '08:00', 1, '20:00', 0, 'college', 0, 0)`,
    ),
    member: sqlite.prepare(`insert into members (id, platform, display_name, created_at, updated_at) values (?, 'test', ?, 0, 0)`),
    roster: sqlite.prepare(`insert into group_members (group_id, member_id, active, first_seen_at, last_seen_at) values (?, ?, ?, 0, 0)`),
    delivery: sqlite.prepare(
      `insert into deliveries (group_id, kind, slot, content_id, status, due_at, sent_at, created_at) values (?, ?, ?, 'tip-0001', 'pending', ?, ?, ?)`,
    ),
    ack: sqlite.prepare(`insert into acknowledgements (delivery_id, member_id, at) values (?, ?, ?)`),
    session: sqlite.prepare(`insert into quiz_sessions (mode, group_id, member_id, question_ids, started_at, closed_at, passed) values (?, ?, ?, '[]', ?, ?, ?)`),
    answer: sqlite.prepare(`insert into quiz_answers (session_id, member_id, group_id, question_id, choice, correct, at) values (?, ?, ?, 'quiz-0001', 0, ?, ?)`),
    triage: sqlite.prepare(`insert into triage_reports (member_id, group_id, risk, type_id, score, text_hash, at) values (?, ?, 'high', ?, 0.9, 'x', ?)`),
  };
  const member = (g: number, k: number) => `test:m${g * MEMBERS_PER_GROUP + k}`;
  const group = (g: number) => `test:g${g}`;
  const slots: { kind: string; slot: string; at: number }[] = [];
  for (let d = 0; d < DAYS; d++) {
    slots.push({ kind: 'tip', slot: `d${d}`, at: start + d * DAY });
    if (d % 7 === 6) slots.push({ kind: 'article', slot: `w${d}`, at: start + d * DAY + 12 * 3_600_000 });
  }
  const deliveries = GROUPS * slots.length;
  sqlite.transaction(() => {
    q.unit.run('school', '示范大学', 'school', null);
    q.unit.run('college', '计算机学院', 'college', 'school');
    for (let g = 0; g < GROUPS; g++) {
      q.group.run(group(g), `班级${g + 1}`);
      for (let k = 0; k < MEMBERS_PER_GROUP; k++) {
        q.member.run(member(g, k), `学生${g}-${k}`);
        q.roster.run(group(g), member(g, k), k % 50 === 49 ? 0 : 1);
      }
    }
    // Delivery-major, so each ack's trigger updates a delivery row that is already in cache; the
    // rows become 'sent' at the end, so the partial report indexes are built once, not per ack.
    let n = 0;
    for (let s = 0; s < slots.length; s++) {
      const { kind, slot, at } = slots[s]!;
      for (let g = 0; g < GROUPS; g++, n++) {
        const id = Number(q.delivery.run(group(g), kind, slot, at, at, at).lastInsertRowid);
        const acks = Math.floor(((n + 1) * ACKS) / deliveries) - Math.floor((n * ACKS) / deliveries);
        for (let j = 0; j < acks; j++) q.ack.run(id, member(g, (j * 41 + s * 7 + g) % MEMBERS_PER_GROUP), at + (j + 1) * 60_000);
      }
      if (kind !== 'article') continue;
      for (let g = 0; g < GROUPS; g++) {
        const session = Number(q.session.run('group', group(g), null, at, at + 1_800_000, null).lastInsertRowid);
        for (let j = 0; j < 10; j++) q.answer.run(session, member(g, (j * 13 + s) % MEMBERS_PER_GROUP), group(g), (j + s) % 3 === 0 ? 0 : 1, at + j * 1000);
        q.triage.run(member(g, s % MEMBERS_PER_GROUP), group(g), s % 2 ? 'type-shuadan' : 'type-kefu', at);
      }
    }
    sqlite.exec(`update deliveries set status = 'sent'`);
    // Entrance tests: a fifth of the members, through the year.
    for (let m = 0; m < (GROUPS * MEMBERS_PER_GROUP) / 5; m++) {
      const at = start + ((m * 7919) % DAYS) * DAY;
      q.session.run('exam', null, `test:m${m * 5}`, at, at + 600_000, m % 4 ? 1 : 0);
    }
  })();
  sqlite.pragma('cache_size = -32000');
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.exec('analyze');
}

const genStart = performance.now();
generate();
const counted = (sqlite.prepare('select count(*) as n from acknowledgements').get() as { n: number }).n;
if (counted !== ACKS) throw new Error(`generated ${counted} acknowledgements`);
process.stderr.write(`(generated ${GROUPS} groups, ${GROUPS * MEMBERS_PER_GROUP} members, ${counted} acknowledgements in ${Math.round(performance.now() - genStart)} ms)\n`);

// The real bot, with an adapter that only keeps the last reply.
let lastReply = '';
const adapter: Adapter = {
  platform: 'test',
  start: async () => undefined,
  stop: async () => undefined,
  isAdmin: async () => false,
  perform: async (action) => {
    if (action.type === 'reply') lastReply = action.message.title ?? '';
    return { ok: true, messageId: '1' };
  },
};
const config = loadConfig({ DATABASE_PATH: path, CONSOLE: 'off', ADMIN_IDS: 'test:principal' });
const library = loadLibraryOrThrow(join(PROJECT_ROOT, 'content'));
const triage = loadTriageOrThrow(join(PROJECT_ROOT, 'content'));
const { app, bot } = createApp({ config, clock: new AdjustableClock().freeze(now), db, library, log: silentLogger, triage });
bot.add(adapter);
await bot.start();
const principal = { id: memberId('test', 'principal'), name: '校长' };
const chat = { id: principal.id as string as GroupId, kind: 'private' as const };

async function unitReport(): Promise<number> {
  const t = performance.now();
  await bot.handle({ type: 'command', platform: 'test', chat, from: principal, name: 'report', args: 'college' }, { chat, from: principal });
  return performance.now() - t;
}
/** The report as the chat asks for it (the best classes of the board), without the bot around it. */
function serviceOnly(): number {
  const t = performance.now();
  app.reports.unitReport('college', '7d', { board: BOARD_IN_CHAT });
  return performance.now() - t;
}
const countAll = sqlite.prepare('select count(*) from acknowledgements');
function fullCount(): number {
  const t = performance.now();
  countAll.get();
  return performance.now() - t;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
await unitReport();
fullCount();
if (!lastReply.includes('计算机学院')) throw new Error(`unexpected reply: ${lastReply}`);
const ours: number[] = [];
const service: number[] = [];
const baseline: number[] = [];
// Interleaved, each right after a full count (which evicts the report's pages from SQLite's cache).
for (let i = 0; i < ROUNDS; i++) {
  baseline.push(fullCount());
  ours.push(await unitReport());
  baseline.push(fullCount());
  service.push(serviceOnly());
}
report({ bench: 'report.unit-500-groups', unit: 'ms', value: median(ours), baseline: median(baseline) });
report({ bench: 'report.unit-500-groups.service', unit: 'ms', value: median(service), baseline: median(baseline) });

await bot.stop();
closeDatabase(db);
rmSync(dir, { recursive: true, force: true });
