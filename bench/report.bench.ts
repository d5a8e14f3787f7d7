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
import { generateSchool } from './school.ts';
import { PROJECT_ROOT } from '../src/paths.ts';

const GROUPS = 500;
const MEMBERS_PER_GROUP = 400; // 200k members
const ACKS = 2_000_000;
const DAYS = 365;
const ROUNDS = 5;
const now = new Date('2026-12-01T04:00:00Z'); // 12:00 in Shanghai

const dir = mkdtempSync(join(tmpdir(), 'classguard-bench-report-'));
const path = join(dir, 'bench.db');
const db = openDatabase(path);
const sqlite = db.$client;

const genStart = performance.now();
generateSchool(sqlite, { groups: GROUPS, membersPerGroup: MEMBERS_PER_GROUP, acks: ACKS, days: DAYS, colleges: ['college'], now });
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
if (!lastReply.includes('学院1')) throw new Error(`unexpected reply: ${lastReply}`);
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
