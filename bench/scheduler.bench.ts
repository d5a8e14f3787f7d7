/**
 * Issue 3: schedule and dispatch one slot to 10,000 groups through a null adapter, against
 * inserting the same ledger rows (sent, as the tick leaves them) with raw better-sqlite3 in the
 * same run: both fire the reports' triggers (migration 0005_report_periods). Goals: ratio ≤ 3,
 * peak RSS ≤ 150 MB.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Adapter } from '../src/core/adapter.ts';
import { AdjustableClock } from '../src/core/clock.ts';
import { Transport } from '../src/core/transport.ts';
import { loadLibraryOrThrow } from '../src/content/library.ts';
import { closeDatabase, openDatabase, type Db } from '../src/db/client.ts';
import { silentLogger } from '../src/log.ts';
import { contentRenderers } from '../src/services/delivery-message.ts';
import { ContentPicker } from '../src/services/picker.ts';
import { Scheduler } from '../src/services/scheduler.ts';
import { report } from './report.ts';
import { PROJECT_ROOT } from '../src/paths.ts';

const GROUPS = 10_000;
const ROUNDS = 3;
const library = loadLibraryOrThrow(join(PROJECT_ROOT, 'content'));
// 2026-12-01 08:01 in Shanghai: every group's 08:00 tip is due.
const now = new Date('2026-12-01T00:01:00Z');
const dueAt = new Date('2026-12-01T00:00:00Z').getTime();

function freshDb(): { db: Db; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'classguard-bench-'));
  const db = openDatabase(join(dir, 'bench.db'));
  const insert = db.$client.prepare(
    `insert into groups (id, platform, timezone, tip_time, article_day, article_time, setup_at, created_at, updated_at)
     values (?, 'test', 'Asia/Shanghai', '08:00', 1, '20:00', ${dueAt - 3_600_000}, 0, 0)`,
  );
  db.$client.transaction(() => {
    for (let i = 0; i < GROUPS; i++) insert.run(`test:${i}`);
  })();
  return { db, dispose: () => (closeDatabase(db), rmSync(dir, { recursive: true, force: true })) };
}

const nullAdapter: Adapter = {
  platform: 'test',
  start: async () => undefined,
  stop: async () => undefined,
  isAdmin: async () => false,
  perform: async () => ({ ok: true, messageId: '1' }),
};

async function scheduleOnce(): Promise<number> {
  const { db, dispose } = freshDb();
  const transport = new Transport();
  transport.register(nullAdapter);
  const scheduler = new Scheduler(db, new AdjustableClock().freeze(now), new ContentPicker(library), transport, silentLogger, { catchupMs: 3 * 3_600_000 });
  const renderers = contentRenderers(library);
  scheduler.render('tip', renderers.tip);
  scheduler.render('article', renderers.article);
  const start = performance.now();
  const result = await scheduler.tick();
  const elapsed = performance.now() - start;
  if (result.sent !== GROUPS) throw new Error(`sent ${result.sent} of ${GROUPS}`);
  dispose();
  return elapsed;
}

/** The rows the tick leaves, as they end: sent, with their message id, send time and one attempt. */
function rawInsertOnce(): number {
  const { db, dispose } = freshDb();
  const insert = db.$client.prepare(
    `insert into deliveries (group_id, kind, slot, content_id, status, message_id, attempts, due_at, sent_at, created_at)
     values (?, 'tip', '2026-12-01', 'tip-0001', 'sent', '1', 1, ?, ?, ?)`,
  );
  const sentAt = now.getTime();
  const start = performance.now();
  db.$client.transaction(() => {
    for (let i = 0; i < GROUPS; i++) insert.run(`test:${i}`, dueAt, sentAt, dueAt);
  })();
  const elapsed = performance.now() - start;
  dispose();
  return elapsed;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rssBefore = process.memoryUsage().rss;
const ours: number[] = [];
const raw: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  raw.push(rawInsertOnce());
  ours.push(await scheduleOnce());
}
report({ bench: 'scheduler.dispatch-10k-groups', unit: 'ms', value: median(ours), baseline: median(raw) });
report({ bench: 'scheduler.peak-rss', unit: 'MB', value: process.resourceUsage().maxRSS / 1024, baseline: rssBefore / 1024 / 1024 });
