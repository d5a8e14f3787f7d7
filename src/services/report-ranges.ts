import { REPORT_COUNTERS } from '../db/ledger/tables.ts';
import type { ClassRow, ScopeTotals } from './report-queries.ts';

/**
 * A unit over a range of days: its classes' counts come from group_days (ReportQueries.rangeBoard),
 * so its totals and its board's order are made here as unit_periods and the board's index make
 * them for the rolling periods.
 */

const rate = (n: number, d: number) => (d > 0 ? n / d : -1);

/**
 * The classes in the 无诈班级 board's order: acknowledgement rate, quiz mastery, the name in
 * code-unit order (as SQLite's), the id. Each class's rates are worked out once, not at every
 * comparison: a unit of 2,000 classes takes about 22,000 comparisons.
 */
export function inBoardOrder(rows: ClassRow[]): ClassRow[] {
  const keyed = rows.map((r) => ({ r, ack: rate(r.counts.acks, (r.counts.tips + r.counts.articles) * r.members), correct: rate(r.counts.correct, r.counts.answers) }));
  const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  keyed.sort((a, b) => b.ack - a.ack || b.correct - a.correct || text(a.r.name, b.r.name) || text(a.r.id, b.r.id));
  return keyed.map((k) => k.r);
}

/** The sums over the classes, with their rates weighted as unit_periods weighs them (src/db/ledger/declarations.ts). */
export function rangeTotals(rows: ClassRow[]): ScopeTotals {
  const zones = rows.map((r) => r.timezone).sort();
  const totals: ScopeTotals = {
    ...(Object.fromEntries(REPORT_COUNTERS.map((c) => [c, 0])) as Record<(typeof REPORT_COUNTERS)[number], number>),
    groups: rows.length,
    knownMembers: 0,
    members: 0,
    listed: 0,
    weightedAckRate: 0,
    weightedParticipation: 0,
    firstZone: zones[0] ?? null,
    lastZone: zones.at(-1) ?? null,
  };
  for (const r of rows) {
    for (const c of REPORT_COUNTERS) totals[c] += r.counts[c];
    totals.knownMembers += r.knownMembers;
    totals.members += r.members;
    totals.listed += r.listed;
    if (r.members > 0 && r.counts.tips + r.counts.articles > 0) totals.weightedAckRate += r.counts.acks / r.members;
    if (r.members > 0 && r.counts.questions > 0) totals.weightedParticipation += r.counts.answers / r.members;
  }
  return totals;
}
