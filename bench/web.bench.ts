/**
 * Issue 21: each web console page for a school of 500 classes and 20k members, over HTTP from
 * the real server, against the same report from the CLI's code path (scripts/report.ts: the
 * report service and its text) in the same run. Goal: every page ≤ 300 ms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/compose.ts';
import { AdjustableClock } from '../src/core/clock.ts';
import { memberId, type GroupId } from '../src/core/ids.ts';
import { toPlainText } from '../src/core/message.ts';
import { loadConfig } from '../src/config.ts';
import { loadLibraryOrThrow } from '../src/content/library.ts';
import { closeDatabase, openDatabase } from '../src/db/client.ts';
import { groupReportMessage, unitReportMessage } from '../src/features/report-view.ts';
import { silentLogger } from '../src/log.ts';
import { PROJECT_ROOT } from '../src/paths.ts';
import { previewCalendar } from '../src/services/calendar.ts';
import { loadTriageOrThrow } from '../src/triage/index.ts';
import { startWebConsole } from '../web/server.ts';
import { report } from './report.ts';
import { benchGroupId, generateSchool } from './school.ts';

const GROUPS = 500;
const MEMBERS_PER_GROUP = 40; // 20k members
const DAYS = 120; // a term
const ACKS = 800_000;
const ROUNDS = 7;
const now = new Date('2026-12-01T04:00:00Z');
const colleges = Array.from({ length: 10 }, (_, i) => `college-${i + 1}`);

const dir = mkdtempSync(join(tmpdir(), 'classguard-bench-web-'));
const path = join(dir, 'bench.db');
const db = openDatabase(path);
const genStart = performance.now();
generateSchool(db.$client, { groups: GROUPS, membersPerGroup: MEMBERS_PER_GROUP, acks: ACKS, days: DAYS, colleges, now });
process.stderr.write(`(generated ${GROUPS} classes, ${GROUPS * MEMBERS_PER_GROUP} members, ${ACKS} acknowledgements in ${Math.round(performance.now() - genStart)} ms)\n`);

const config = loadConfig({ DATABASE_PATH: path, CONSOLE: 'off', ADMIN_IDS: 'test:office', WEB_PORT: '1' });
const library = loadLibraryOrThrow(join(PROJECT_ROOT, 'content'));
const triage = loadTriageOrThrow(join(PROJECT_ROOT, 'content'));
const { app } = createApp({ config, clock: new AdjustableClock().freeze(now), db, library, log: silentLogger, triage });
const web = await startWebConsole(app, 0, '127.0.0.1');
const { token } = app.webAccess.issueLink(memberId('test', 'office'));
const signIn = await fetch(`${web.url}/login/${token}`, { method: 'POST', redirect: 'manual' });
const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
const group = benchGroupId(7) as GroupId;

async function page(path: string): Promise<number> {
  const t = performance.now();
  const res = await fetch(web.url + path, { headers: { cookie } });
  const body = await res.text();
  if (res.status !== 200 || body.length < 1000) throw new Error(`${path}: ${res.status}`);
  return performance.now() - t;
}
function timed(run: () => unknown): number {
  const t = performance.now();
  run();
  return performance.now() - t;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The CLI's unit and group reports: `npm run -s report -- --unit … ` and `--group …`, as text. */
const cliUnit = (unit: string) => timed(() => toPlainText(unitReportMessage(app.reports.unitReport(unit, '7d')!, 'zh-CN')));
const cliGroup = async () => {
  const t = performance.now();
  toPlainText(groupReportMessage((await app.reports.groupReport(group, '7d'))!, 'zh-CN'));
  return performance.now() - t;
};
const cliCalendar = () => timed(() => previewCalendar(db, library, app.picker, app.groups.get(group)!, now, 30));

const pages: { bench: string; path: string; baseline: () => number | Promise<number> }[] = [
  { bench: 'web.overview', path: '/', baseline: () => cliUnit('school') },
  { bench: 'web.unit', path: '/units/college-3', baseline: () => cliUnit('college-3') },
  { bench: 'web.class', path: `/classes/${encodeURIComponent(group)}`, baseline: cliGroup },
  { bench: 'web.calendar', path: `/calendar?class=${encodeURIComponent(group)}`, baseline: cliCalendar },
  // Not reports: measured against the school's unit report in the CLI, the heaviest CLI call.
  { bench: 'web.library', path: '/library?q=%E9%93%B6%E8%A1%8C', baseline: () => cliUnit('school') },
  { bench: 'web.alerts', path: '/alerts', baseline: () => cliUnit('school') },
];
for (const p of pages) {
  await page(p.path);
  await p.baseline();
  const ours: number[] = [];
  const base: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    ours.push(await page(p.path));
    base.push(await p.baseline());
  }
  report({ bench: p.bench, unit: 'ms', value: median(ours), baseline: median(base) });
}

await web.close();
closeDatabase(db);
rmSync(dir, { recursive: true, force: true });
