import type { Clock } from '../core/clock.ts';
import type { GroupId, MemberId } from '../core/ids.ts';
import type { Transport } from '../core/transport.ts';
import type { Config } from '../config.ts';
import type { Library } from '../content/library.ts';
import type { Db } from '../db/client.ts';
import type { Localized } from '../i18n/index.ts';
import { PERIOD_KEYS, periodSpan, weekSpans, type PeriodKey, type Span } from './periods.ts';
import { ReportQueries, tallyKey, type GroupSpan, type MemberRow, type Tallies } from './report-queries.ts';
import type { Unit, UnitService } from './units.ts';

/** A share in [0, 1], or null when there is nothing to divide by. */
export type Rate = number | null;

export interface DeliveryStats {
  period: PeriodKey;
  tips: number;
  articles: number;
  /** Acknowledgements by known members. */
  acknowledgements: number;
  /** Distinct acknowledging members ÷ known members, per delivery, averaged over the period. */
  ackRate: Rate;
}

export interface QuizStats {
  /** Group questions asked in the period. */
  questions: number;
  /** Members answering ÷ known members, per group question, averaged over the period. */
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
  /** Per group, for the unit's class table and the exports. */
  byGroup: Map<GroupId, number | null>;
}

export interface SectionResult {
  id: string;
  title: Localized;
  metrics: SectionMetric[];
}

export interface SectionInput {
  db: Db;
  period: PeriodKey;
  /** The groups in scope, each with its known members and its own local span for the period. */
  groups: (GroupInfo & { span: Span })[];
}

/**
 * An extension point: another feature (campaign duties, say) registers a section with
 * `app.reports.addSection(...)`, and its metrics appear in every group and unit report and export.
 */
export interface ReportSection {
  id: string;
  collect(input: SectionInput): SectionResult;
}

export interface GroupInfo {
  id: GroupId;
  name: string;
  timezone: string;
  unitId: string | null;
  knownMembers: number;
}

/** The numbers of one class over a period: a row of the unit's board, and the core of a group report. */
export interface ClassStats {
  group: GroupInfo;
  delivered: number;
  acknowledgements: number;
  ackRate: Rate;
  quiz: QuizStats;
  exam: ExamStats;
  /** Suspicious messages triaged in the 7-day period. */
  triaged: number;
}

export interface GroupReport {
  kind: 'group';
  generatedAt: number;
  period: PeriodKey;
  group: GroupInfo;
  /** The platform's own member count, when the adapter can tell. */
  platformMembers: number | undefined;
  deliveries: DeliveryStats[];
  stats: ClassStats;
  /** Triaged in the 7-day period, by type. */
  triage: TriageStats;
  sections: SectionResult[];
}

/** For the advisor only: a known member with no acknowledgement in the 7-day period. */
export interface FollowUp {
  member: MemberId;
  name: string;
  lastAckAt: number | null;
}

export interface UnitReport {
  kind: 'unit';
  generatedAt: number;
  period: PeriodKey;
  unit: Unit;
  /** The 无诈班级 board: ranked by acknowledgement rate, then quiz mastery (% correct). */
  board: (ClassStats & { rank: number })[];
  totals: Omit<ClassStats, 'group'> & { groups: number; knownMembers: number };
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
/** One collator for the board's ties (localeCompare builds one per call: slow over 500 classes). */
const byName = new Intl.Collator('zh-CN');

/**
 * Reports as data: the renderers (chat text, CSV, XLSX, charts) take these objects and add
 * nothing but presentation, so the CLI and the chat give the same numbers.
 */
export class ReportService {
  private readonly queries: ReportQueries;
  private readonly sections: ReportSection[] = [];
  private readonly infoStatement;
  private readonly unitGroupsStatement;
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
    const info = `select id, coalesce(class_name, title, id) as name, timezone, unit_id as unitId, known_members as knownMembers from groups`;
    this.infoStatement = db.$client.prepare(`${info} where id in (select value from json_each(?)) order by id`);
    // The groups of a unit and of every unit below it.
    this.unitGroupsStatement = db.$client.prepare(
      `with recursive down(id, depth) as (select id, 0 from units where id = ?
         union all select u.id, down.depth + 1 from units u join down on u.parent_id = down.id where down.depth < 32)
       ${info} where unit_id in (select id from down) order by id`,
    );
  }

  addSection(section: ReportSection): void {
    this.sections.push(section);
  }

  groupInfo(ids: GroupId[]): GroupInfo[] {
    return this.infoStatement.all(JSON.stringify(ids)) as GroupInfo[];
  }

  /** A group's local span for a period; memoised per timezone for the current instant (Intl is slow). */
  span(group: GroupInfo, period: PeriodKey): Span {
    const now = this.clock.now();
    if (now.getTime() !== this.spanCache.at) this.spanCache = { at: now.getTime(), spans: new Map() };
    const key = `${group.timezone}|${period}`;
    let span = this.spanCache.spans.get(key);
    if (!span) this.spanCache.spans.set(key, (span = periodSpan(period, now, group.timezone, this.config.TERM_STARTS)));
    return span;
  }

  async groupReport(id: GroupId, period: PeriodKey = '7d'): Promise<GroupReport | undefined> {
    const [group] = this.groupInfo([id]);
    if (!group) return undefined;
    const tallies = this.queries.deliveries(PERIOD_KEYS.map((key) => ({ group: id, key, ...this.span(group, key) })));
    const deliveries = PERIOD_KEYS.map((key): DeliveryStats => {
      const t = tallies.get(tallyKey(id, key))!;
      return { period: key, tips: t.tips, articles: t.articles, acknowledgements: t.acks, ackRate: ratio(t.acks, (t.tips + t.articles) * group.knownMembers) };
    });
    const triage = this.triageTallies([group]);
    const [stats] = this.classStats([group], period, triage);
    const platformMembers = await this.transport?.adapterFor(id)?.memberCount?.(id).catch(() => undefined);
    return {
      kind: 'group',
      generatedAt: this.clock.now().getTime(),
      period,
      group,
      platformMembers,
      deliveries,
      stats: stats!,
      triage: this.triageStats(triage),
      sections: this.collectSections([group], period),
    };
  }

  /** Known members of the group with no acknowledgement in the 7-day period, with their last one. */
  followUps(id: GroupId): FollowUp[] {
    const [group] = this.groupInfo([id]);
    if (!group) return [];
    const span = this.span(group, '7d');
    return this.members([group], '7d')
      .filter((m) => m.lastAckAt === null || m.lastAckAt < span.from)
      .map((m) => ({ member: m.member, name: m.name, lastAckAt: m.lastAckAt }));
  }

  unitReport(unitId: string, period: PeriodKey = '7d'): UnitReport | undefined {
    const unit = this.units.get(unitId);
    if (!unit) return undefined;
    const infos = this.unitGroupsStatement.all(unitId) as GroupInfo[];
    const triage = this.triageTallies(infos);
    const stats = this.classStats(infos, period, triage);
    const board = [...stats]
      .sort((a, b) => (b.ackRate ?? -1) - (a.ackRate ?? -1) || (b.quiz.correctRate ?? -1) - (a.quiz.correctRate ?? -1) || byName.compare(a.group.name, b.group.name))
      .map((s, i) => ({ ...s, rank: i + 1 }));
    const sum = (f: (s: ClassStats) => number) => stats.reduce((n, s) => n + f(s), 0);
    const knownMembers = sum((s) => s.group.knownMembers);
    const delivered = sum((s) => s.delivered);
    // The unit's rate averages the per-delivery rates of all its classes' deliveries.
    const rateSum = sum((s) => (s.ackRate ?? 0) * s.delivered);
    const questions = sum((s) => s.quiz.questions);
    const participationSum = sum((s) => (s.quiz.participation ?? 0) * s.quiz.questions);
    const answers = sum((s) => s.quiz.answers);
    const correct = sum((s) => s.quiz.correct);
    const taken = sum((s) => s.exam.taken);
    const passed = sum((s) => s.exam.passed);
    return {
      kind: 'unit',
      generatedAt: this.clock.now().getTime(),
      period,
      unit,
      board,
      totals: {
        groups: infos.length,
        knownMembers,
        delivered,
        acknowledgements: sum((s) => s.acknowledgements),
        ackRate: ratio(rateSum, delivered),
        quiz: { questions, participation: ratio(participationSum, questions), answers, correct, correctRate: ratio(correct, answers) },
        exam: { taken, passed, passRate: ratio(passed, taken) },
        triaged: sum((s) => s.triaged),
      },
      triage: this.triageStats(triage),
      sections: this.collectSections(infos, period),
    };
  }

  /** Per-member rows for the exports (names: advisors and the security office only). */
  members(infos: GroupInfo[], period: PeriodKey): MemberRow[] {
    return this.queries.members(infos.map((g) => ({ group: g.id, key: period, ...this.span(g, period) })));
  }

  /** The acknowledgement rate of each class in each of the last `weeks` ISO weeks. */
  trend(infos: GroupInfo[], weeks = 8): TrendSeries {
    const spans: GroupSpan[] = [];
    let labels: string[] = [];
    for (const g of infos) {
      const w = weekSpans(weeks, this.clock.now(), g.timezone);
      labels = w.map((s) => s.monday);
      w.forEach((s, i) => spans.push({ group: g.id, key: String(i), from: s.from, to: s.to }));
    }
    const tallies = this.queries.deliveries(spans);
    return {
      weeks: labels,
      classes: infos.map((g) => {
        const week = labels.map((_, i) => tallies.get(tallyKey(g.id, String(i)))!);
        return {
          group: g,
          rates: week.map((t) => ratio(t.acks, (t.tips + t.articles) * g.knownMembers)),
          delivered: week.map((t) => t.tips + t.articles),
        };
      }),
    };
  }

  private classStats(infos: GroupInfo[], period: PeriodKey, triage: Tallies<Map<string | null, number>>): ClassStats[] {
    const spans = infos.map((g) => ({ group: g.id, key: period, ...this.span(g, period) }));
    const deliveries = this.queries.deliveries(spans);
    const quiz = this.queries.quiz(spans);
    const exams = this.queries.exams(spans);
    return infos.map((g) => {
      const key = tallyKey(g.id, period);
      const d = deliveries.get(key)!;
      const q = quiz.get(key)!;
      const e = exams.get(key)!;
      const delivered = d.tips + d.articles;
      return {
        group: g,
        delivered,
        acknowledgements: d.acks,
        ackRate: ratio(d.acks, delivered * g.knownMembers),
        quiz: { ...q, participation: ratio(q.answers, q.questions * g.knownMembers), correctRate: ratio(q.correct, q.answers) },
        exam: { ...e, passRate: ratio(e.passed, e.taken) },
        triaged: [...triage.get(tallyKey(g.id, '7d'))!.values()].reduce((n, c) => n + c, 0),
      };
    });
  }

  /** Triaged messages in the 7-day period, per group and type. */
  private triageTallies(infos: GroupInfo[]) {
    return this.queries.triage(infos.map((g) => ({ group: g.id, key: '7d', ...this.span(g, '7d') })));
  }

  private triageStats(tallies: Tallies<Map<string | null, number>>): TriageStats {
    const counts = new Map<string | null, number>();
    for (const byType of tallies.values()) for (const [type, n] of byType) counts.set(type, (counts.get(type) ?? 0) + n);
    const byType = [...counts]
      .map(([typeId, count]) => ({ typeId, count, name: typeId ? (this.library.types.get(typeId as never)?.name ?? null) : null }))
      .sort((a, b) => b.count - a.count || String(a.typeId).localeCompare(String(b.typeId)));
    return { total: byType.reduce((n, t) => n + t.count, 0), byType };
  }

  private collectSections(infos: GroupInfo[], period: PeriodKey): SectionResult[] {
    if (this.sections.length === 0) return [];
    const input: SectionInput = { db: this.db, period, groups: infos.map((g) => ({ ...g, span: this.span(g, period) })) };
    return this.sections.map((s) => s.collect(input));
  }
}
