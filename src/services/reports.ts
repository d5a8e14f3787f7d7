import type { Clock } from '../core/clock.ts';
import type { GroupId, MemberId } from '../core/ids.ts';
import type { Transport } from '../core/transport.ts';
import type { Config } from '../config.ts';
import type { Library } from '../content/library.ts';
import type { Db } from '../db/client.ts';
import type { Localized } from '../i18n/index.ts';
import { isDayRange, PERIOD_KEYS, periodSpan, rangeSpan, weekSpans, type Period, type PeriodKey, type Span } from './periods.ts';
import { inBoardOrder, rangeTotals } from './report-ranges.ts';
import { ReportDays } from './report-days.ts';
import { ReportQueries, type ClassRow, type MemberRow, type PeriodCounts, type ReportScope, type ScopeTotals, type UnitScope } from './report-queries.ts';
import type { Unit, UnitService } from './units.ts';
import { memberBase } from '../db/ledger/tables.ts';

/** A share in [0, 1], or null when there is nothing to divide by. */
export type Rate = number | null;

export interface DeliveryStats {
  period: Period;
  tips: number;
  articles: number;
  /** Acknowledgements by members still in the group who are not advisors. */
  acknowledgements: number;
  /** Distinct acknowledging members ÷ members (GroupInfo.members), per delivery, averaged over the period. */
  ackRate: Rate;
}

export interface QuizStats {
  /** Group questions asked in the period. */
  questions: number;
  /** Members answering (advisors and leavers aside) ÷ members, per group question, averaged over the period; an unanswered one counts 0. */
  participation: Rate;
  answers: number;
  correct: number;
  correctRate: Rate;
}

export interface ExamStats {
  /** Known members who finished an entrance test in the period, and those of them who passed one. */
  taken: number;
  passed: number;
  passRate: Rate;
}

export interface TriageStats {
  total: number;
  /** By fraud type, most frequent first; `typeId` null for messages of no known type. */
  byType: { typeId: string | null; name: Localized | null; count: number }[];
}

/** A metric another feature adds to the reports (see ReportSection). */
export interface SectionMetric {
  label: Localized;
  kind: 'rate' | 'count';
  /** The value for the report's whole scope (the group, or the unit). */
  total: number | null;
  /** Per group, for the exports' class table (empty when the report asked for totals only). */
  byGroup: Map<GroupId, number | null>;
}

export interface SectionResult {
  id: string;
  title: Localized;
  metrics: SectionMetric[];
}

/**
 * What a section collects over: the classes to give per-group values for (the exports, a group's
 * own report), or a unit's totals only (a unit report in chat), with the section's `sums` when the
 * report read them with its totals.
 */
export type SectionInput = {
  db: Db;
  period: Period;
  /** The period as one span of time: from the earliest local start of the scope's timezones to now. */
  span: Span;
} & ({ scope: ReportScope; groups: GroupId[]; sums?: undefined } | { scope: UnitScope; groups?: undefined; sums?: Record<string, number> });

/**
 * An extension point: another feature (campaign duties, say) registers a section with
 * `app.reports.addSection(...)`, and its metrics appear in every group and unit report and export.
 */
export interface ReportSection {
  id: string;
  /** Columns of `p` (unit_periods: a unit's classes summed) for a unit report to read with its totals. */
  sums?: Record<string, string>;
  collect(input: SectionInput): SectionResult;
}

export interface GroupInfo {
  id: GroupId;
  name: string;
  timezone: string;
  unitId: string | null;
  /** Members the bot has seen, still in the group, advisors included. */
  knownMembers: number;
  /**
   * Whom the member rates divide by: the class list's size where there is one (never fewer than
   * the members seen who are no advisors), else the members seen who are no advisors.
   */
  members: number;
  /** Entries of the class list (花名册); 0 for none. */
  listed: number;
}

/** Whether a class's rates divide by its class list or by the members the bot has seen. */
export const memberBasis = (g: Pick<GroupInfo, 'listed'>): 'list' | 'known' => (g.listed > 0 ? 'list' : 'known');

/** The numbers of one class over a period: a row of the unit's board, and the core of a group report. */
export interface ClassStats {
  group: GroupInfo;
  delivered: number;
  acknowledgements: number;
  ackRate: Rate;
  quiz: QuizStats;
  exam: ExamStats;
  /** Suspicious messages triaged in the report's period. */
  triaged: number;
}

export interface GroupReport {
  kind: 'group';
  generatedAt: number;
  period: Period;
  group: GroupInfo;
  /** The platform's own member count, when the adapter can tell. */
  platformMembers: number | undefined;
  deliveries: DeliveryStats[];
  stats: ClassStats;
  /** Triaged in the report's period, by type (the same period as `stats.triaged`). */
  triage: TriageStats;
  sections: SectionResult[];
}

/**
 * For the advisor only: a member (no advisor) with no acknowledgement in the 7-day period, or a
 * student on the class list the bot has not seen in the group (`member` null: not bound, or bound
 * and not in the group).
 */
export interface FollowUp {
  member: MemberId | null;
  name: string;
  lastAckAt: number | null;
}

export interface UnitReport {
  kind: 'unit';
  generatedAt: number;
  period: Period;
  unit: Unit;
  /** The 无诈班级 board: ranked by acknowledgement rate, then quiz mastery (% correct), then name; the best ones when asked for. */
  board: (ClassStats & { rank: number })[];
  totals: Omit<ClassStats, 'group'> & { groups: number; knownMembers: number; members: number; listed: number };
  triage: TriageStats;
  sections: SectionResult[];
}

export interface TrendSeries {
  /** Monday of each week, `M/D`, oldest first. */
  weeks: string[];
  /** One series per class: its acknowledgement rate and its deliveries in each week. */
  classes: { group: GroupInfo; rates: Rate[]; delivered: number[] }[];
}

const ratio = (n: number, d: number): Rate => (d > 0 ? n / d : null);
/** Distinct acknowledging members ÷ members, per delivery, averaged over the deliveries. */
const ackRate = (acks: number, delivered: number, members: number): Rate => ratio(acks, delivered * members);

function classStats({ counts, ...group }: ClassRow): ClassStats {
  return statsOf(group, counts);
}

function statsOf(group: GroupInfo, c: PeriodCounts): ClassStats {
  const delivered = c.tips + c.articles;
  return {
    group,
    delivered,
    acknowledgements: c.acks,
    ackRate: ackRate(c.acks, delivered, group.members),
    quiz: {
      questions: c.questions,
      participation: ratio(c.answers, c.questions * group.members),
      answers: c.answers,
      correct: c.correct,
      correctRate: ratio(c.correct, c.answers),
    },
    exam: { taken: c.exams_taken, passed: c.exams_passed, passRate: ratio(c.exams_passed, c.exams_taken) },
    triaged: c.triaged,
  };
}

/**
 * Reports as data: the renderers (chat text, CSV, XLSX, charts) take these objects and add
 * nothing but presentation, so the CLI and the chat give the same numbers. The counts come
 * from group_periods, one row a class, which `days` keeps current.
 */
export class ReportService {
  readonly days: ReportDays;
  private readonly queries: ReportQueries;
  private readonly sections: ReportSection[] = [];
  private readonly infoStatement;
  private spanCache = { at: Number.NaN, spans: new Map<string, Span>() };

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly config: Config,
    private readonly library: Library,
    private readonly units: UnitService,
    private readonly transport: Transport | undefined,
  ) {
    this.queries = new ReportQueries(db);
    this.days = new ReportDays(db, clock, config.TERM_STARTS);
    this.infoStatement = db.$client.prepare(
      `select id, coalesce(class_name, title, id) as name, timezone, unit_id as unitId, known_members as knownMembers,
         ${memberBase('groups')} as members, listed_members as listed
         from groups where id in (select value from json_each(?)) order by id`,
    );
  }

  addSection(section: ReportSection): void {
    this.sections.push(section);
    if (section.sums) this.queries.sumAlso(Object.fromEntries(Object.entries(section.sums).map(([name, column]) => [`${section.id}.${name}`, column])));
  }

  groupInfo(ids: GroupId[]): GroupInfo[] {
    return this.infoStatement.all(JSON.stringify(ids)) as GroupInfo[];
  }

  /** A group's local span for a period; memoised per timezone for the current instant (Intl is slow). */
  span(timezone: string, period: Period): Span {
    if (isDayRange(period)) return rangeSpan(period, timezone);
    const now = this.clock.now();
    if (now.getTime() !== this.spanCache.at) this.spanCache = { at: now.getTime(), spans: new Map() };
    const key = `${timezone}|${period}`;
    let span = this.spanCache.spans.get(key);
    if (!span) this.spanCache.spans.set(key, (span = periodSpan(period, now, timezone, this.config.TERM_STARTS)));
    return span;
  }

  /** A group's report over a period: a rolling one shows every rolling period's deliveries, a range its own. */
  async groupReport(id: GroupId, period: Period = '7d'): Promise<GroupReport | undefined> {
    const [group] = this.groupInfo([id]);
    if (!group) return undefined;
    this.days.sync();
    const counts: Partial<Record<PeriodKey, PeriodCounts>> = isDayRange(period) ? {} : this.queries.groupPeriods(id)!;
    const own = isDayRange(period) ? this.queries.groupRange(id, period) : counts[period]!;
    const deliveries = (isDayRange(period) ? [[period, own] as const] : PERIOD_KEYS.map((key) => [key, counts[key]!] as const)).map(
      ([key, c]): DeliveryStats => ({ period: key, tips: c.tips, articles: c.articles, acknowledgements: c.acks, ackRate: ackRate(c.acks, c.tips + c.articles, group.members) }),
    );
    const scope = { group: id };
    const platformMembers = await this.transport?.adapterFor(id)?.memberCount?.(id).catch(() => undefined);
    return {
      kind: 'group',
      generatedAt: this.clock.now().getTime(),
      period,
      group,
      platformMembers,
      deliveries,
      stats: statsOf(group, own),
      triage: this.triageStats(scope, [group.timezone], period),
      sections: this.collectSections(period, [group.timezone], { scope, groups: [id] }),
    };
  }

  /** Members of the group with no acknowledgement in the 7-day period, with their last one; then the listed students not seen. */
  followUps(id: GroupId): FollowUp[] {
    const [group] = this.groupInfo([id]);
    if (!group) return [];
    const span = this.span(group.timezone, '7d');
    const seen = this.members([group], '7d')
      .filter((m) => m.lastAckAt === null || m.lastAckAt < span.from)
      .map((m): FollowUp => ({ member: m.member, name: m.name, lastAckAt: m.lastAckAt }));
    return [...seen, ...this.queries.unseenListed(id).map((name): FollowUp => ({ member: null, name, lastAckAt: null }))];
  }

  /**
   * A unit's report: its totals, and its board of classes, all of them or the `board` best
   * (the chat shows a few; the exports take all, with the sections' per-class values).
   */
  unitReport(unitId: string, period: Period = '7d', opts: { board?: number } = {}): UnitReport | undefined {
    const unit = this.units.get(unitId);
    if (!unit) return undefined;
    this.days.sync();
    const scope = { unit: unitId, subunits: this.units.hasSubunits(unitId) };
    const { t, board, classes } = this.unitFigures(scope, period, opts.board);
    const delivered = t.tips + t.articles;
    const timezones = this.queries.timezones(scope, t);
    return {
      kind: 'unit',
      generatedAt: this.clock.now().getTime(),
      period,
      unit,
      board,
      totals: {
        groups: t.groups,
        knownMembers: t.knownMembers,
        members: t.members,
        listed: t.listed,
        delivered,
        acknowledgements: t.acks,
        // The unit's rates average the per-delivery (per-question) rates of all its classes.
        ackRate: ratio(t.weightedAckRate, delivered),
        quiz: { questions: t.questions, participation: ratio(t.weightedParticipation, t.questions), answers: t.answers, correct: t.correct, correctRate: ratio(t.correct, t.answers) },
        exam: { taken: t.exams_taken, passed: t.exams_passed, passRate: ratio(t.exams_passed, t.exams_taken) },
        triaged: t.triaged,
      },
      triage: this.triageStats(scope, timezones, period),
      sections: this.collectSections(period, timezones, classes ? { scope, groups: classes } : { scope, totals: t }),
    };
  }

  /**
   * A unit's totals and its ranked classes, all or the `limit` best: for a rolling period from
   * unit_periods, with SQL ordering the board so the chat reads a few rows only; for a range of
   * days from its classes' days. `classes`, every class of the unit, is given where the sections
   * must collect over the classes themselves: a whole board, or a range (which has no unit sums).
   */
  private unitFigures(scope: UnitScope, period: Period, limit: number | undefined): { t: ScopeTotals & Record<string, number>; board: UnitReport['board']; classes?: GroupId[] } {
    const rank = (rows: ClassRow[]) => rows.map((row, i) => ({ ...classStats(row), rank: i + 1 }));
    if (!isDayRange(period)) {
      const board = rank(this.queries.board(scope, period, limit));
      return { t: this.queries.totals(scope, period), board, ...(limit === undefined ? { classes: board.map((c) => c.group.id) } : {}) };
    }
    const rows = inBoardOrder(this.queries.rangeBoard(scope, period));
    return { t: rangeTotals(rows) as ScopeTotals & Record<string, number>, board: rank(limit === undefined ? rows : rows.slice(0, limit)), classes: rows.map((r) => r.id) };
  }

  /** Per-member rows for the exports (names: advisors and the security office only). */
  members(infos: GroupInfo[], period: Period): MemberRow[] {
    return this.queries.members(infos.map((g) => ({ group: g.id, ...this.span(g.timezone, period) })));
  }

  /** The acknowledgement rate of each class in each of the last `weeks` ISO weeks (group-local). */
  trend(infos: GroupInfo[], weeks = 8): TrendSeries {
    const now = this.clock.now();
    const starts = new Map(infos.map((g) => [g.timezone, weekSpans(weeks, now, g.timezone)]));
    const first = [...starts.values()].map((w) => w[0]!.day).sort()[0] ?? '9999-12-31';
    const tallies = new Map(infos.map((g) => [g.id, Array.from({ length: weeks }, () => ({ delivered: 0, acks: 0 }))]));
    const zone = new Map(infos.map((g) => [g.id, starts.get(g.timezone)!]));
    for (const [group, day, delivered, acks] of this.queries.days(infos.map((g) => g.id), first)) {
      const week = zone.get(group)!.findLastIndex((w) => w.day <= day);
      if (week < 0) continue;
      const t = tallies.get(group)![week]!;
      t.delivered += delivered;
      t.acks += acks;
    }
    return {
      weeks: starts.values().next().value?.map((w) => w.monday) ?? [],
      classes: infos.map((g) => {
        const week = tallies.get(g.id)!;
        return { group: g, rates: week.map((t) => ackRate(t.acks, t.delivered, g.members)), delivered: week.map((t) => t.delivered) };
      }),
    };
  }

  /**
   * The acknowledgement rate of many classes together in each of the last `weeks` weeks: each
   * class's rate weighted by what it was sent, as overallRates does with a TrendSeries, but summed
   * in SQL. Weeks are those of DEFAULT_TIMEZONE; a class's days are its own local days.
   */
  overallTrend(ids: GroupId[], weeks = 8): { weeks: string[]; rates: Rate[] } {
    const spans = weekSpans(weeks, this.clock.now(), this.config.DEFAULT_TIMEZONE);
    const sums = spans.map(() => ({ delivered: 0, perMember: 0 }));
    for (const [day, delivered, perMember] of this.queries.dayTotals(ids, spans[0]!.day)) {
      const week = spans.findLastIndex((w) => w.day <= day);
      sums[week]!.delivered += delivered;
      sums[week]!.perMember += perMember;
    }
    return { weeks: spans.map((w) => w.monday), rates: sums.map((s) => ratio(s.perMember, s.delivered)) };
  }

  /** Triaged messages in the period, by type: the breakdown of the totals' `triaged`, over the same days. */
  private triageStats(scope: ReportScope, timezones: string[], period: Period): TriageStats {
    const counts = new Map<string | null, number>();
    const days = (tz: string) => (isDayRange(period) ? period : { from: this.days.firstDays(tz)[period], to: '9999-12-31' });
    for (const tz of timezones) for (const [type, n] of this.queries.triageTypes(scope, tz, days(tz))) counts.set(type, (counts.get(type) ?? 0) + n);
    const byType = [...counts]
      .map(([typeId, count]) => ({ typeId, count, name: typeId ? (this.library.types.get(typeId as never)?.name ?? null) : null }))
      .sort((a, b) => b.count - a.count || String(a.typeId).localeCompare(String(b.typeId)));
    return { total: byType.reduce((n, t) => n + t.count, 0), byType };
  }

  private collectSections(
    period: Period,
    timezones: string[],
    target: { scope: ReportScope; groups: GroupId[] } | { scope: UnitScope; totals: Record<string, unknown> },
  ): SectionResult[] {
    if (this.sections.length === 0) return [];
    const spans = (timezones.length ? timezones : [this.config.DEFAULT_TIMEZONE]).map((tz) => this.span(tz, period));
    const base = { db: this.db, period, span: { from: Math.min(...spans.map((s) => s.from)), to: Math.max(...spans.map((s) => s.to)) } };
    return this.sections.map((s) => {
      if ('groups' in target) return s.collect({ ...base, scope: target.scope, groups: target.groups });
      const sums = s.sums && Object.fromEntries(Object.keys(s.sums).map((name) => [name, target.totals[`${s.id}.${name}`] as number]));
      return s.collect({ ...base, scope: target.scope, ...(sums ? { sums } : {}) });
    });
  }

}
