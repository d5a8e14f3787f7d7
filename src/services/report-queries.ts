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
  participants: number;
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

/** Rows of one source: [group, at, …]. */
type Row = [GroupId, number, ...unknown[]];

/**
 * Beyond this many groups a report makes one pass over the period on a time-first index
 * instead of one index seek per group: a unit of 500 groups reads its period's rows in one range.
 */
const SEEK_LIMIT = 16;

interface Source {
  /** Rows of one group in [from, to): group_id = ?, from, to. */
  byGroup: Statement;
  /** Rows of every group in [from, to). */
  byTime: Statement;
}

const REPORTED_KINDS = `('tip', 'article')`;

/**
 * The report's SQL. Every statement walks an index over the period's rows only, and the counts
 * come from counters kept by triggers (deliveries.ack_count, groups.known_members), so no report
 * scans the acknowledgements. Rows are aggregated here, per span.
 */
export class ReportQueries {
  private readonly sources: Record<'deliveries' | 'quiz' | 'exams' | 'triage', Source>;
  private readonly memberStatement: Statement;

  constructor(db: Db) {
    const s = db.$client;
    const source = (select: string, from: string, where: string, groupColumn: string, atColumn: string): Source => ({
      byGroup: s.prepare(`select ${select} from ${from} where ${where} and ${groupColumn} = ? and ${atColumn} >= ? and ${atColumn} < ?`).raw(),
      byTime: s.prepare(`select ${select} from ${from} where ${where} and ${atColumn} >= ? and ${atColumn} < ?`).raw(),
    });
    this.sources = {
      deliveries: source('group_id, sent_at, kind, ack_count', 'deliveries', `status = 'sent' and kind in ${REPORTED_KINDS}`, 'group_id', 'sent_at'),
      quiz: source('group_id, at, member_id, correct', 'quiz_answers', 'group_id is not null', 'group_id', 'at'),
      // Entrance tests finished by members known in the group.
      exams: source(
        'gm.group_id, qs.closed_at, qs.member_id, qs.passed',
        'quiz_sessions qs join group_members gm on gm.member_id = qs.member_id',
        `qs.mode = 'exam' and gm.active = 1`,
        'gm.group_id',
        'qs.closed_at',
      ),
      triage: source('group_id, at, type_id', 'triage_reports', 'group_id is not null', 'group_id', 'at'),
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

  /** Calls `add` with each row of `source` that falls in a span, with that span. */
  private each(source: Source, spans: GroupSpan[], add: (span: GroupSpan, row: Row) => void): void {
    const byGroup = new Map<GroupId, GroupSpan[]>();
    for (const span of spans) byGroup.set(span.group, [...(byGroup.get(span.group) ?? []), span]);
    if (byGroup.size <= SEEK_LIMIT) {
      for (const span of spans) for (const row of source.byGroup.all(span.group, span.from, span.to) as Row[]) add(span, row);
      return;
    }
    const from = Math.min(...spans.map((s) => s.from));
    const to = Math.max(...spans.map((s) => s.to));
    for (const row of source.byTime.all(from, to) as Row[]) {
      for (const span of byGroup.get(row[0]) ?? []) if (row[1] >= span.from && row[1] < span.to) add(span, row);
    }
  }

  private tally<T>(source: Source, spans: GroupSpan[], empty: () => T, add: (t: T, row: Row) => void): Tallies<T> {
    const tallies: Tallies<T> = new Map(spans.map((s) => [tallyKey(s.group, s.key), empty()]));
    this.each(source, spans, (span, row) => add(tallies.get(tallyKey(span.group, span.key))!, row));
    return tallies;
  }

  deliveries(spans: GroupSpan[]): Tallies<DeliveryTally> {
    return this.tally(this.sources.deliveries, spans, () => ({ tips: 0, articles: 0, acks: 0 }), (t, [, , kind, acks]) => {
      if (kind === 'tip') t.tips++;
      else t.articles++;
      t.acks += acks as number;
    });
  }

  quiz(spans: GroupSpan[]): Tallies<QuizTally> {
    const who = new Map<QuizTally, Set<unknown>>();
    return this.tally(this.sources.quiz, spans, () => ({ participants: 0, answers: 0, correct: 0 }), (t, [, , member, correct]) => {
      const seen = who.get(t) ?? who.set(t, new Set()).get(t)!;
      seen.add(member);
      t.participants = seen.size;
      t.answers++;
      t.correct += correct as number;
    });
  }

  /** A member passes with any attempt in the span. */
  exams(spans: GroupSpan[]): Tallies<ExamTally> {
    const state = new Map<ExamTally, Map<unknown, boolean>>();
    return this.tally(this.sources.exams, spans, () => ({ taken: 0, passed: 0 }), (t, [, , member, passed]) => {
      const members = state.get(t) ?? state.set(t, new Map()).get(t)!;
      const before = members.get(member);
      const after = before === true || passed === 1;
      if (before === undefined) t.taken++;
      if (after && before !== true) t.passed++;
      members.set(member, after);
    });
  }

  /** Triaged messages per type (`null` for no known type). */
  triage(spans: GroupSpan[]): Tallies<Map<string | null, number>> {
    return this.tally(this.sources.triage, spans, () => new Map<string | null, number>(), (t, [, , type]) => {
      t.set(type as string | null, (t.get(type as string | null) ?? 0) + 1);
    });
  }

  /** Every known member of the spans' groups, with their numbers over their group's span. */
  members(spans: GroupSpan[]): MemberRow[] {
    return spans.flatMap((s) => this.memberStatement.all({ group: s.group, from: s.from, to: s.to }) as MemberRow[]);
  }
}
