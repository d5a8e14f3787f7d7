import type { Statement } from 'better-sqlite3';
import type { Clock } from '../core/clock.ts';
import { localParts } from '../core/time.ts';
import type { Db } from '../db/client.ts';
import { REPORT_COUNTERS } from '../db/ledger/tables.ts';
import { REFILE } from '../db/ledger/triggers.ts';
import { PERIOD_KEYS, periodFirstDays, type PeriodKey } from './periods.ts';

/** Minutes east of UTC of `tz` at `at`. */
export function utcOffsetMinutes(at: Date, tz: string): number {
  const l = localParts(at, tz);
  const local = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute);
  return Math.round((local - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
}

/** Moves every period of a timezone's groups to its first day (:today, :d7, :d30, :term), summing their group_days again. */
function rollStatement(): string {
  const first = `case period when 'today' then :today when '7d' then :d7 when '30d' then :d30 else :term end`;
  return `update group_periods set from_day = ${first},
      (${REPORT_COUNTERS.join(', ')}) = (select ${REPORT_COUNTERS.map((c) => `coalesce(sum(${c}), 0)`).join(', ')} from group_days d
        where d.group_id = group_periods.group_id and d.day >= ${first})
    where timezone = :tz and from_day <> ${first}`;
}

/**
 * Keeps the reports' ledger filed by local day (src/db/ledger/): each group's
 * UTC offset for the triggers, its history filed again when its timezone is new or changed, and
 * its periods moved on at each new local day. `sync()` is cheap when there is nothing to do, so
 * every report calls it first and a minute job calls it too.
 */
export class ReportDays {
  private readonly stale: Statement;
  private readonly refile: Statement[];
  private readonly zones: Statement;
  private readonly setOffset: Statement;
  private readonly roll: Statement;
  /** Per timezone in use: its offset and the period days its groups were last moved to. */
  private known: Map<string, { offset: number; days: string }> | undefined;
  /** The minute of the last sync: offsets and days change on the minute at most. */
  private syncedMinute = Number.NaN;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly termStarts: readonly string[],
  ) {
    const s = db.$client;
    this.stale = s.prepare(`select id, timezone from groups indexed by groups_days_stale where days_zone is not timezone`);
    this.refile = REFILE.map((sql) => s.prepare(sql));
    this.zones = s.prepare(`select distinct timezone from groups`).pluck();
    this.setOffset = s.prepare(`update groups set utc_offset = ? where timezone = ? and utc_offset <> ?`);
    this.roll = s.prepare(rollStatement());
  }

  /** The first local day of each period in a timezone, now. */
  firstDays(tz: string): Record<PeriodKey, string> {
    return periodFirstDays(this.clock.now(), tz, this.termStarts);
  }

  sync(): void {
    const now = this.clock.now();
    const minute = Math.floor(now.getTime() / 60_000);
    const stale = this.stale.all() as { id: string; timezone: string }[];
    if (stale.length === 0 && minute === this.syncedMinute) return;
    this.db.$client.transaction(() => {
      const known = (this.known ??= new Map(this.zones.all().map((tz) => [tz as string, { offset: Number.NaN, days: '' }])));
      for (const { id, timezone } of stale) {
        const offset = utcOffsetMinutes(now, timezone);
        for (const statement of this.refile) statement.run({ group: id, offset });
        // A new group's periods start from '' (every day), and a moved one's from its old zone's
        // first days: have its zone's periods moved again.
        known.set(timezone, { offset, days: '' });
      }
      for (const [tz, zone] of known) {
        const offset = utcOffsetMinutes(now, tz);
        if (offset !== zone.offset) this.setOffset.run(offset, tz, offset);
        const first = this.firstDays(tz);
        const days = PERIOD_KEYS.map((k) => first[k]).join('|');
        if (days !== zone.days) this.roll.run({ tz, today: first.today, d7: first['7d'], d30: first['30d'], term: first.term });
        known.set(tz, { offset, days });
      }
    })();
    this.syncedMinute = minute;
  }
}
