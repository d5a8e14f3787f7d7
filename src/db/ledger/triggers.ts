import type { Database } from 'better-sqlite3';
import { DAY_TALLIES, ROW_TALLIES, UNIT_TALLIES } from './declarations.ts';
import { ROLLUP_TRIGGERS } from './rollups.ts';
import { refileStatement, tallyTriggers, type AnyTally, type Trigger } from './tally.ts';

export const TALLIES: readonly AnyTally[] = [...ROW_TALLIES, ...DAY_TALLIES, ...UNIT_TALLIES] as AnyTally[];

/** Every trigger of the database, derived from the declarations: a migration must leave exactly these. */
export const LEDGER_TRIGGERS: readonly Trigger[] = [...TALLIES.flatMap(tallyTriggers), ...ROLLUP_TRIGGERS];

/**
 * Files one group's history (:group) again from the sources under :offset: each table filed by day
 * emptied of the group's rows, then each day tally's share summed again; then the offset and zone
 * it was filed in (ReportDays).
 */
export const REFILE: readonly string[] = [
  ...[...new Set(DAY_TALLIES.map((t) => t.into.table))].flatMap((table) => [
    `DELETE FROM ${table} WHERE group_id = :group`,
    ...(DAY_TALLIES as AnyTally[]).filter((t) => t.into.table === table).map(refileStatement),
  ]),
  `UPDATE groups SET utc_offset = :offset, days_zone = timezone WHERE id = :group`,
];

/** A trigger's SQL with its whitespace collapsed, as compared with the one SQLite holds. */
export const normaliseSql = (sql: string) => sql.replace(/\s+/g, ' ').replace(/;\s*$/, '').trim();

/** The triggers a database holds, by name, their SQL normalised. */
export function storedTriggers(db: Database): Map<string, string> {
  const rows = db.prepare(`select name, sql from sqlite_master where type = 'trigger' order by name`).all() as Trigger[];
  return new Map(rows.map((t) => [t.name, normaliseSql(t.sql)]));
}
