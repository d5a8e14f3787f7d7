import type { Statement } from 'better-sqlite3';
import type { GroupId, MemberId } from '../core/ids.ts';
import type { Db } from '../db/client.ts';
import { memberBase, REPORT_COUNTERS, type ReportCounter } from '../db/ledger/tables.ts';
import type { DayRange, PeriodKey, Span } from './periods.ts';
import { UNIT_TREE } from './units.ts';

/** A group, or a unit with every unit below it (`subunits` false when it has none: a plain range then). */
export type ReportScope = { group: GroupId } | UnitScope;
export type UnitScope = { unit: string; subunits: boolean };

type ScopeKind = 'tree' | 'leaf' | 'group';

/** How a statement names the classes of its scope: a CTE to put first, and a condition on `p` (a table with unit_id or group_id). */
export interface ScopeSql {
  kind: ScopeKind;
  with: string;
  classes: string;
}

const SCOPES: Record<ScopeKind, ScopeSql> = {
  tree: { kind: 'tree', with: `${UNIT_TREE} `, classes: `p.unit_id in (select id from down)` },
  leaf: { kind: 'leaf', with: '', classes: `p.unit_id = @unit` },
  group: { kind: 'group', with: '', classes: `p.group_id = @group` },
};

/**
 * A statement prepared once for each kind of scope: a plain condition per kind lets SQLite read
 * a unit's classes as ranges of group_periods' key (a scope built of a union would be walked row
 * by row), and a unit with no units below it as one range, in the order of the board's indexes.
 */
export class ScopedStatement<S extends ReportScope = ReportScope> {
  private readonly statements: Partial<Record<ScopeKind, Statement>> = {};

  /** `kinds`: the kinds of scope it serves (unitStatement: units only). */
  constructor(db: Db, build: (scope: ScopeSql) => string, mode?: 'raw' | 'pluck', kinds: readonly ScopeKind[] = ['tree', 'leaf', 'group']) {
    for (const kind of kinds) {
      const statement = db.$client.prepare(build(SCOPES[kind]));
      this.statements[kind] = mode === 'raw' ? statement.raw() : mode === 'pluck' ? statement.pluck() : statement;
    }
  }

  all(scope: S, params: Record<string, unknown> = {}): unknown[] {
    return this.pick(scope).all({ ...params, ...scopeParams(scope) });
  }

  get(scope: S, params: Record<string, unknown> = {}): unknown {
    return this.pick(scope).get({ ...params, ...scopeParams(scope) });
  }

  private pick(scope: S): Statement {
    return this.statements['unit' in scope ? (scope.subunits ? 'tree' : 'leaf') : 'group']!;
  }
}

/** A statement for the scopes of units only (a unit report's totals, board and zones). */
export const unitStatement = (db: Db, build: (scope: ScopeSql) => string, mode?: 'raw' | 'pluck') =>
  new ScopedStatement<UnitScope>(db, build, mode, ['tree', 'leaf']);

const scopeParams = (s: ReportScope) => ('unit' in s ? { unit: s.unit } : { group: s.group });

/** A group's counts over one period (group_periods). */
export type PeriodCounts = Record<ReportCounter, number>;

export interface ClassRow {
  id: GroupId;
  name: string;
  timezone: string;
  unitId: string | null;
  knownMembers: number;
  members: number;
  listed: number;
  counts: PeriodCounts;
}

/** The sums over a scope's classes, with the sums of their per-class rates weighted as the report averages them. */
export interface ScopeTotals extends PeriodCounts {
  groups: number;
  knownMembers: number;
  /** Σ each class's members as its rates count them (memberBase), and Σ its class list's entries. */
  members: number;
  listed: number;
  /** Σ class acknowledgement rate × its deliveries. */
  weightedAckRate: number;
  /** Σ class participation × its questions. */
  weightedParticipation: number;
  /** The scope's timezones, first and last in order (null for no class): one zone when they are equal. */
  firstZone: string | null;
  lastZone: string | null;
}

export interface MemberRow {
  group: GroupId;
  member: MemberId;
  name: string;
  acks: number;
  lastAckAt: number | null;
  answers: number;
  correct: number;
  examPassed: number | null;
}

const INFO = `p.group_id as id, p.name, p.timezone, nullif(p.unit_id, '') as unitId, p.known_members as knownMembers,
  ${memberBase('p')} as members, p.listed_members as listed`;
const COUNTS = REPORT_COUNTERS.map((c) => `p.${c}`).join(', ');
/** As in the index group_periods_board (migration 0011_member_rates_ledger), so that SQLite reads the board off it. */
const ACK_RATE = `coalesce((p.acks * 1.0 / nullif((p.tips + p.articles) * ${memberBase('p')}, 0)), -1)`;
const CORRECT_RATE = `coalesce((p.correct * 1.0 / nullif(p.answers, 0)), -1)`;

/** A unit's totals over @period from unit_periods (a row per unit below it and timezone): its counts, the weighted rates, and whatever sections add. */
function totalsSql(scope: ScopeSql, extra: [string, string][]): string {
  return `${scope.with}select coalesce(sum(p.classes), 0) as groups, coalesce(sum(p.known_members), 0) as knownMembers,
      coalesce(sum(p.members), 0) as members, coalesce(sum(p.listed_members), 0) as listed,
      ${REPORT_COUNTERS.map((c) => `coalesce(sum(p.${c}), 0) as ${c}`).join(', ')},
      coalesce(sum(p.weighted_acks), 0) as weightedAckRate, coalesce(sum(p.weighted_answers), 0) as weightedParticipation,
      min(p.timezone) filter (where p.classes > 0) as firstZone, max(p.timezone) filter (where p.classes > 0) as lastZone
      ${extra.map(([name, column]) => `, coalesce(sum(${column}), 0) as "${name}"`).join('')}
    from unit_periods p where ${scope.classes} and p.period = @period`;
}

/**
 * The ids of the scope's classes in the 无诈班级 board's order over @period, at most @limit (-1:
 * all): acknowledgement rate, then quiz mastery, then the class name in character order (SQL
 * picks the best few, so it breaks the ties too), then the id. The order is that of the index
 * group_periods_board, so for a unit with no units below it the best classes are the first
 * entries of one index range, with no sort.
 */
const BOARD = (scope: ScopeSql) =>
  `${scope.with}select p.group_id from group_periods p where ${scope.classes} and p.period = @period
    order by ${ACK_RATE} desc, ${CORRECT_RATE} desc, p.name, p.group_id limit @limit`;

/**
 * The report's SQL. Every count comes from tables kept by triggers (declared in src/db/ledger/)
 * and moved on each local day by ReportDays: a unit's totals from unit_periods, its board from
 * group_periods' board index, its triaged messages from unit_triage_days. No report reads the
 * deliveries, acknowledgements or answers themselves.
 */
export class ReportQueries {
  private readonly boardIds: ScopedStatement<UnitScope>;
  /** The classes' rows over @period, in the order of the JSON array of ids. */
  private readonly rows: Statement;
  /** Prepared at first use, so that the sections' sums are in. */
  private totalsStatement: ScopedStatement<UnitScope> | undefined;
  private readonly extraSums: [string, string][] = [];
  private readonly allPeriods: Statement;
  private readonly types: ScopedStatement;
  private readonly zones: ScopedStatement<UnitScope>;
  private readonly weeks: Statement;
  private readonly dayTotalsStatement: Statement;
  private readonly memberStatement: Statement;
  private readonly rangeCounts: Statement;
  private readonly unseen: Statement;
  private readonly rangeRows: ScopedStatement<UnitScope>;

  constructor(private readonly db: Db) {
    const s = db.$client;
    const sums = REPORT_COUNTERS.map((c) => `coalesce(sum(d.${c}), 0) as ${c}`).join(', ');
    this.unseen = s
      .prepare(
        // An entry not bound yet whose name a member of the group has is taken as that member
        // (already in the list above): only the students nobody in the group answers to are added.
        `select e.name from class_list_entries e where e.group_id = ? and not exists
          (select 1 from group_members gm join members m on m.id = gm.member_id
            where gm.group_id = e.group_id and gm.active = 1 and (gm.member_id = e.member_id or (e.member_id is null and m.display_name = e.name)))
          order by e.name, e.id`,
      )
      .pluck();
    this.rangeCounts = s.prepare(`select ${sums} from group_days d where d.group_id = @group and d.day between @from and @to`);
    // A range of days reads group_days, a row per class and day: the classes (with their gauges) from
    // the rows of one period of group_periods, their days summed.
    this.rangeRows = unitStatement(
      db,
      (scope) => `${scope.with}select ${INFO}, ${sums} from group_periods p left join group_days d on d.group_id = p.group_id and d.day between @from and @to
        where ${scope.classes} and p.period = 'today' group by p.group_id`,
    );
    this.boardIds = unitStatement(db, BOARD, 'pluck');
    this.rows = s.prepare(
      `select ${INFO}, ${COUNTS} from json_each(@ids) j join group_periods p on p.group_id = j.value and p.period = @period order by j.key`,
    );
    this.allPeriods = s.prepare(`select period, ${COUNTS} from group_periods p where group_id = ?`);
    // A period's triaged messages of the scope's groups in one timezone, by type: a few rows
    // of unit_triage_days for a unit (keyed by unit, zone and day), or the group's own triage_days.
    this.types = new ScopedStatement(
      db,
      (scope) =>
        `${scope.with}select nullif(p.type_id, ''), sum(p.count) from ${scope.kind === 'group' ? 'triage_days' : 'unit_triage_days'} p
          where ${scope.classes} and p.timezone = @tz and p.day between @from and @to group by p.type_id`,
      'raw',
    );
    this.zones = unitStatement(db, (scope) => `${scope.with}select distinct p.timezone from group_periods p where ${scope.classes} and p.period = 'today'`, 'pluck');
    this.weeks = s.prepare(`select group_id, day, tips + articles, acks from group_days where group_id in (select value from json_each(?)) and day >= ?`).raw();
    // Each class's acknowledgements over its members as its rates count them (memberBase), summed per day: the overall rate of many
    // classes in a few rows, not one row per class and day (the web console's school trend).
    this.dayTotalsStatement = s.prepare(
      `select d.day, sum(d.tips + d.articles), sum(case when ${memberBase('g')} > 0 then d.acks * 1.0 / ${memberBase('g')} else 0 end)
         from group_days d join groups g on g.id = d.group_id
        where d.group_id in (select value from json_each(?)) and d.day >= ? group by d.day`,
    ).raw();
    this.memberStatement = s.prepare(
      `select gm.group_id as "group", gm.member_id as member, m.display_name as name,
         (select count(*) from acknowledgements a join deliveries d on d.id = a.delivery_id
           where a.member_id = gm.member_id and d.group_id = gm.group_id and d.status = 'sent'
             and d.sent_at >= :from and d.sent_at < :to and d.kind in ('tip', 'article')) as acks,
         (select max(a.at) from acknowledgements a join deliveries d on d.id = a.delivery_id
           where a.member_id = gm.member_id and d.group_id = gm.group_id) as lastAckAt,
         (select count(*) from quiz_answers qa where qa.member_id = gm.member_id and qa.group_id = gm.group_id
           and qa.at >= :from and qa.at < :to) as answers,
         (select coalesce(sum(qa.correct), 0) from quiz_answers qa where qa.member_id = gm.member_id and qa.group_id = gm.group_id
           and qa.at >= :from and qa.at < :to) as correct,
         (select max(qs.passed) from quiz_sessions qs where qs.member_id = gm.member_id and qs.mode = 'exam'
           and qs.closed_at >= :from and qs.closed_at < :to) as examPassed
       from group_members gm join members m on m.id = gm.member_id
       where gm.group_id = :group and gm.active = 1 and gm.is_admin = 0 and gm.granted = 0
       order by m.display_name, gm.member_id`,
    );
  }

  /** The scope's classes over the period in board order, at most `limit`. */
  board(scope: UnitScope, period: PeriodKey, limit = -1): ClassRow[] {
    const ids = this.boardIds.all(scope, { period, limit });
    return (this.rows.all({ ids: JSON.stringify(ids), period }) as FlatRow[]).map(classRow);
  }

  /** Has the totals also sum these columns of `p` (unit_periods), returned under their names. */
  sumAlso(columns: Record<string, string>): void {
    this.extraSums.push(...Object.entries(columns));
    this.totalsStatement = undefined;
  }

  totals(scope: UnitScope, period: PeriodKey): ScopeTotals & Record<string, number> {
    this.totalsStatement ??= unitStatement(this.db, (sql) => totalsSql(sql, this.extraSums));
    return this.totalsStatement.get(scope, { period }) as ScopeTotals & Record<string, number>;
  }

  /** The names on the group's class list of students not in the group: bound elsewhere, or unbound with no member of their name. */
  unseenListed(group: GroupId): string[] {
    return this.unseen.all(group) as string[];
  }

  /** One group's counts over a range of its local days. */
  groupRange(id: GroupId, range: DayRange): PeriodCounts {
    return this.rangeCounts.get({ group: id, ...range }) as PeriodCounts;
  }

  /** The scope's classes with their counts over a range of days, in no order. */
  rangeBoard(scope: UnitScope, range: DayRange): ClassRow[] {
    return (this.rangeRows.all(scope, { ...range }) as FlatRow[]).map(classRow);
  }

  /** One group's counts in every period. */
  groupPeriods(id: GroupId): Record<PeriodKey, PeriodCounts> | undefined {
    const rows = this.allPeriods.all(id) as (PeriodCounts & { period: PeriodKey })[];
    if (rows.length === 0) return undefined;
    return Object.fromEntries(rows.map(({ period, ...counts }) => [period, counts])) as Record<PeriodKey, PeriodCounts>;
  }

  /** The timezones of the scope's classes (from its totals: asked again only when there are several). */
  timezones(scope: UnitScope, totals: ScopeTotals): string[] {
    if (totals.firstZone === null || totals.lastZone === null) return [];
    return totals.firstZone === totals.lastZone ? [totals.firstZone] : (this.zones.all(scope) as string[]);
  }

  /** Triaged messages of the scope's groups in `tz` over local days, per type (`null` for no known type). */
  triageTypes(scope: ReportScope, tz: string, days: DayRange): [string | null, number][] {
    return this.types.all(scope, { tz, ...days }) as [string | null, number][];
  }

  /** Deliveries and acknowledgements per group and local day from `firstDay`. */
  days(groups: GroupId[], firstDay: string): [GroupId, string, number, number][] {
    return this.weeks.all(JSON.stringify(groups), firstDay) as [GroupId, string, number, number][];
  }

  /** Per local day: the classes' deliveries, and their acknowledgements each over its class's members (memberBase). */
  dayTotals(groups: GroupId[], firstDay: string): [string, number, number][] {
    return this.dayTotalsStatement.all(JSON.stringify(groups), firstDay) as [string, number, number][];
  }

  /** Every known member of the groups who is no advisor, with their numbers over their group's span. */
  members(spans: (Span & { group: GroupId })[]): MemberRow[] {
    return spans.flatMap((s) => this.memberStatement.all({ group: s.group, from: s.from, to: s.to }) as MemberRow[]);
  }
}

type FlatRow = Omit<ClassRow, 'counts'> & PeriodCounts;

function classRow({ id, name, timezone, unitId, knownMembers, members, listed, ...counts }: FlatRow): ClassRow {
  return { id, name, timezone, unitId, knownMembers, members, listed, counts };
}
