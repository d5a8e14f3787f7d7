import type { Statement } from 'better-sqlite3';
import type { GroupId, MemberId } from '../core/ids.ts';
import type { Db } from '../db/client.ts';
import type { Span } from './periods.ts';

/** One group over one span, under a key (a period or a week) that the results come back with. */
export interface GroupSpan extends Span {
  group: GroupId;
  key: string;
}

export interface DeliveryTally {
  tips: number;
  articles: number;
  /** Acknowledgements by members still known (deliveries.ack_count). */
  acks: number;
}

export interface QuizTally {
  /** Group questions asked. */
  questions: number;
  answers: number;
  correct: number;
}

export interface ExamTally {
  taken: number;
  passed: number;
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

/** Tallies per span, under `${group}|${key}`. */
export type Tallies<T> = Map<string, T>;
export const tallyKey = (group: GroupId, key: string) => `${group}|${key}`;

/** Aggregated rows of one source: [group, …aggregates]. */
type Row = [GroupId, ...number[]] | [GroupId, string | null, number];

/**
 * Beyond this many groups a report makes one pass over the period on a time-first index
 * instead of one index seek per group: a unit of 500 groups reads its period's rows in one range.
 */
const SEEK_LIMIT = 16;

interface Source {
  /** Aggregates of one group in [from, to): group_id = ?, from, to. */
  byGroup: Statement;
  /** Aggregates of every group in [from, to), one pass on a time-first index. */
  byTime: Statement;
}

const REPORTED_KINDS = `('tip', 'article')`;

/**
 * The report's SQL. Every statement walks an index over the period's rows only and aggregates
 * in SQLite, and the counts come from counters kept by triggers (deliveries.ack_count,
 * groups.known_members), so no report scans the acknowledgements.
 */
export class ReportQueries {
  private readonly sources: Record<'deliveries' | 'quiz' | 'exams' | 'triage', Source>;
  private readonly memberStatement: Statement;

  constructor(db: Db) {
    const s = db.$client;
    const source = (q: { select: string; from: string; where: string; group: string; at: string; by?: string }): Source => {
      const groupBy = `group by ${q.group}${q.by ? `, ${q.by}` : ''}`;
      return {
        byGroup: s.prepare(`select ${q.group}, ${q.select} from ${q.from} where ${q.where} and ${q.group} = ? and ${q.at} >= ? and ${q.at} < ? ${groupBy}`).raw(),
        byTime: s.prepare(`select ${q.group}, ${q.select} from ${q.from} where ${q.where} and ${q.at} >= ? and ${q.at} < ? ${groupBy}`).raw(),
      };
    };
    this.sources = {
      deliveries: source({
        select: `sum(kind = 'tip'), sum(kind = 'article'), sum(ack_count)`,
        from: 'deliveries',
        where: `status = 'sent' and kind in ${REPORTED_KINDS}`,
        group: 'group_id',
        at: 'sent_at',
      }),
      // Group questions and their answers (quiz_sessions.answer_count, kept by triggers).
      quiz: source({ select: 'count(*), sum(answer_count), sum(correct_count)', from: 'quiz_sessions', where: `mode = 'group'`, group: 'group_id', at: 'started_at' }),
      // Entrance tests finished by members known in the group; a member passes with any attempt.
      exams: source({
        select: 'count(distinct qs.member_id), count(distinct case when qs.passed then qs.member_id end)',
        from: 'quiz_sessions qs join group_members gm on gm.member_id = qs.member_id',
        where: `qs.mode = 'exam' and gm.active = 1`,
        group: 'gm.group_id',
        at: 'qs.closed_at',
      }),
      triage: source({ select: 'type_id, count(*)', from: 'triage_reports', where: 'group_id is not null', group: 'group_id', at: 'at', by: 'type_id' }),
    };
    this.memberStatement = s.prepare(
      `select gm.group_id as "group", gm.member_id as member, m.display_name as name,
         (select count(*) from acknowledgements a join deliveries d on d.id = a.delivery_id
           where a.member_id = gm.member_id and d.group_id = gm.group_id and d.status = 'sent'
             and d.sent_at >= :from and d.sent_at < :to and d.kind in ${REPORTED_KINDS}) as acks,
         (select max(a.at) from acknowledgements a join deliveries d on d.id = a.delivery_id
           where a.member_id = gm.member_id and d.group_id = gm.group_id) as lastAckAt,
         (select count(*) from quiz_answers qa where qa.member_id = gm.member_id and qa.group_id = gm.group_id
           and qa.at >= :from and qa.at < :to) as answers,
         (select coalesce(sum(qa.correct), 0) from quiz_answers qa where qa.member_id = gm.member_id and qa.group_id = gm.group_id
           and qa.at >= :from and qa.at < :to) as correct,
         (select max(qs.passed) from quiz_sessions qs where qs.member_id = gm.member_id and qs.mode = 'exam'
           and qs.closed_at is not null) as examPassed
       from group_members gm join members m on m.id = gm.member_id
       where gm.group_id = :group and gm.active = 1
       order by m.display_name, gm.member_id`,
    );
  }

  /**
   * The aggregated rows of `source` for each span: seeks per group for a few groups, otherwise
   * one pass per distinct span (groups in one timezone share their spans).
   */
  private rows(source: Source, spans: GroupSpan[]): Map<GroupSpan, Row[]> {
    const out = new Map<GroupSpan, Row[]>(spans.map((s) => [s, []]));
    if (new Set(spans.map((s) => s.group)).size <= SEEK_LIMIT) {
      for (const span of spans) out.set(span, source.byGroup.all(span.group, span.from, span.to) as Row[]);
      return out;
    }
    const bands = new Map<string, Map<GroupId, GroupSpan>>();
    for (const span of spans) {
      const band = `${span.from}|${span.to}`;
      bands.set(band, (bands.get(band) ?? new Map()).set(span.group, span));
    }
    for (const [band, members] of bands) {
      const [from, to] = band.split('|').map(Number);
      for (const row of source.byTime.all(from, to) as Row[]) {
        const span = members.get(row[0]);
        if (span) out.get(span)!.push(row);
      }
    }
    return out;
  }

  private tally<T>(source: Source, spans: GroupSpan[], read: (rows: Row[]) => T): Tallies<T> {
    const tallies: Tallies<T> = new Map();
    for (const [span, rows] of this.rows(source, spans)) tallies.set(tallyKey(span.group, span.key), read(rows));
    return tallies;
  }

  deliveries(spans: GroupSpan[]): Tallies<DeliveryTally> {
    return this.tally(this.sources.deliveries, spans, ([row]) => ({ tips: num(row?.[1]), articles: num(row?.[2]), acks: num(row?.[3]) }));
  }

  quiz(spans: GroupSpan[]): Tallies<QuizTally> {
    return this.tally(this.sources.quiz, spans, ([row]) => ({ questions: num(row?.[1]), answers: num(row?.[2]), correct: num(row?.[3]) }));
  }

  exams(spans: GroupSpan[]): Tallies<ExamTally> {
    return this.tally(this.sources.exams, spans, ([row]) => ({ taken: num(row?.[1]), passed: num(row?.[2]) }));
  }

  /** Triaged messages per type (`null` for no known type). */
  triage(spans: GroupSpan[]): Tallies<Map<string | null, number>> {
    return this.tally(this.sources.triage, spans, (rows) => new Map(rows.map((r) => [r[1] as string | null, r[2] as number])));
  }

  /** Every known member of the spans' groups, with their numbers over their group's span. */
  members(spans: GroupSpan[]): MemberRow[] {
    return spans.flatMap((s) => this.memberStatement.all({ group: s.group, from: s.from, to: s.to }) as MemberRow[]);
  }
}

/** SQLite's sum() of no rows is null; a missing row is no rows. */
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
