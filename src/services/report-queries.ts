import type { GroupId, MemberId } from '../core/ids.ts';
import type { Db } from '../db/client.ts';
import type { Span } from './periods.ts';

/** One group over one span, under a key (a period or a week) that the results come back with. */
export interface GroupSpan extends Span {
  group: GroupId;
  key: string;
}

export interface DeliveryTallyRow {
  group: GroupId;
  key: string;
  tips: number;
  articles: number;
  /** Acknowledgements by members still known (those of members who left are taken out). */
  acks: number;
}

export interface QuizTallyRow {
  group: GroupId;
  key: string;
  participants: number;
  answers: number;
  correct: number;
}

export interface ExamTallyRow {
  group: GroupId;
  key: string;
  taken: number;
  passed: number;
}

export interface TriageTallyRow {
  group: GroupId;
  key: string;
  typeId: string | null;
  count: number;
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

/** The spans as one JSON parameter, so that one statement covers every group of a unit. */
const SPANS = `spans(group_id, key, since, until) as (
  select value ->> '$[0]', value ->> '$[1]', value ->> '$[2]', value ->> '$[3]' from json_each(?))`;
const REPORTED_KINDS = `('tip', 'article')`;

/**
 * The report's SQL, set-based over many groups at once. Every statement walks an index over the
 * spans' rows only (deliveries_report, quiz_answers_group, triage_reports_group,
 * quiz_sessions_closed), and the counts come from counters kept by triggers
 * (deliveries.ack_count, groups.known_members), so a unit report never scans all acknowledgements.
 */
export class ReportQueries {
  private readonly statements: ReturnType<ReportQueries['prepare']>;

  constructor(private readonly db: Db) {
    this.statements = this.prepare();
  }

  private prepare() {
    const s = this.db.$client;
    return {
      deliveries: s.prepare(
        `with ${SPANS}
         select spans.group_id as "group", spans.key as key,
                sum(d.kind = 'tip') as tips, sum(d.kind = 'article') as articles, coalesce(sum(d.ack_count), 0) as acks
         from spans cross join deliveries d
         where d.group_id = spans.group_id and d.status = 'sent' and d.sent_at >= spans.since and d.sent_at < spans.until
           and d.kind in ${REPORTED_KINDS}
         group by spans.group_id, spans.key`,
      ),
      // Acknowledgements of members who have since left, to take out of the counters (few rows).
      leftAcks: s.prepare(
        `with ${SPANS}
         select spans.group_id as "group", spans.key as key, count(*) as n
         from spans cross join group_members gm cross join acknowledgements a cross join deliveries d
         where gm.group_id = spans.group_id and gm.active = 0
           and a.member_id = gm.member_id and a.at >= spans.since
           and d.id = a.delivery_id and d.group_id = spans.group_id and d.status = 'sent'
           and d.sent_at >= spans.since and d.sent_at < spans.until and d.kind in ${REPORTED_KINDS}
         group by spans.group_id, spans.key`,
      ),
      quiz: s.prepare(
        `with ${SPANS}
         select spans.group_id as "group", spans.key as key, count(distinct qa.member_id) as participants,
                count(*) as answers, coalesce(sum(qa.correct), 0) as correct
         from spans cross join quiz_answers qa
         where qa.group_id = spans.group_id and qa.at >= spans.since and qa.at < spans.until
         group by spans.group_id, spans.key`,
      ),
      // Entrance tests closed in the span by members known in the group; a member passes with any attempt.
      exams: s.prepare(
        `with ${SPANS}
         select spans.group_id as "group", spans.key as key, count(distinct qs.member_id) as taken,
                count(distinct case when qs.passed then qs.member_id end) as passed
         from quiz_sessions qs
         join group_members gm on gm.member_id = qs.member_id and gm.active = 1
         join spans on spans.group_id = gm.group_id
         where qs.mode = 'exam' and qs.closed_at >= ? and qs.closed_at < ?
           and qs.closed_at >= spans.since and qs.closed_at < spans.until
         group by spans.group_id, spans.key`,
      ),
      triage: s.prepare(
        `with ${SPANS}
         select spans.group_id as "group", spans.key as key, tr.type_id as typeId, count(*) as count
         from spans cross join triage_reports tr
         where tr.group_id = spans.group_id and tr.at >= spans.since and tr.at < spans.until
         group by spans.group_id, spans.key, tr.type_id`,
      ),
      members: s.prepare(
        `with ${SPANS}
         select gm.group_id as "group", gm.member_id as member, m.display_name as name,
           (select count(*) from acknowledgements a join deliveries d on d.id = a.delivery_id
             where a.member_id = gm.member_id and d.group_id = gm.group_id and d.status = 'sent'
               and d.sent_at >= spans.since and d.sent_at < spans.until and d.kind in ${REPORTED_KINDS}) as acks,
           (select max(a.at) from acknowledgements a join deliveries d on d.id = a.delivery_id
             where a.member_id = gm.member_id and d.group_id = gm.group_id) as lastAckAt,
           (select count(*) from quiz_answers qa where qa.member_id = gm.member_id and qa.group_id = gm.group_id
             and qa.at >= spans.since and qa.at < spans.until) as answers,
           (select coalesce(sum(qa.correct), 0) from quiz_answers qa where qa.member_id = gm.member_id and qa.group_id = gm.group_id
             and qa.at >= spans.since and qa.at < spans.until) as correct,
           (select max(qs.passed) from quiz_sessions qs where qs.member_id = gm.member_id and qs.mode = 'exam'
             and qs.closed_at is not null) as examPassed
         from spans join group_members gm on gm.group_id = spans.group_id and gm.active = 1
         join members m on m.id = gm.member_id
         order by gm.group_id, m.display_name, gm.member_id`,
      ),
    };
  }

  deliveries(spans: GroupSpan[]): DeliveryTallyRow[] {
    const json = encode(spans);
    const left = new Map<string, number>();
    for (const r of this.statements.leftAcks.all(json) as { group: string; key: string; n: number }[]) left.set(`${r.group}|${r.key}`, r.n);
    return (this.statements.deliveries.all(json) as DeliveryTallyRow[]).map((r) => ({ ...r, acks: r.acks - (left.get(`${r.group}|${r.key}`) ?? 0) }));
  }

  quiz(spans: GroupSpan[]): QuizTallyRow[] {
    return this.statements.quiz.all(encode(spans)) as QuizTallyRow[];
  }

  exams(spans: GroupSpan[]): ExamTallyRow[] {
    if (spans.length === 0) return [];
    const from = Math.min(...spans.map((s) => s.from));
    const to = Math.max(...spans.map((s) => s.to));
    return this.statements.exams.all(encode(spans), from, to) as ExamTallyRow[];
  }

  triage(spans: GroupSpan[]): TriageTallyRow[] {
    return this.statements.triage.all(encode(spans)) as TriageTallyRow[];
  }

  /** Every known member of the spans' groups, with their numbers over the span. */
  members(spans: GroupSpan[]): MemberRow[] {
    return this.statements.members.all(encode(spans)) as MemberRow[];
  }
}

function encode(spans: GroupSpan[]): string {
  return JSON.stringify(spans.map((s) => [s.group, s.key, s.from, s.to]));
}
