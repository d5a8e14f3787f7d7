import type { GroupId } from '../../core/ids.ts';
import { localDateKey } from '../../core/time.ts';
import type { Db } from '../../db/client.ts';

/** The study sessions a class should have had by the end of a term. */
export const STUDY_TARGET = 3;

export interface ReportPeriod {
  from: Date;
  to: Date;
}

/** A count over a population, with its rate (null when the population is empty). */
export interface Rate {
  count: number;
  of: number;
  rate: number | null;
}

export interface DutiesFigures {
  /** Active roster members who are not advisors (is_admin = 0): the population of the rates. */
  members: number;
  app: { install: Rate; register: Rate; warning: Rate; allThree: Rate };
  /** Members who signed any pledge posted in the group up to the period's end. */
  pledge: Rate;
  /** Meetings held in the period, by local month `2027-05`. */
  meetingsByMonth: Record<string, number>;
  /** Class meetings held from the start of the term that contains the period's end up to it. */
  studySessionsThisTerm: number;
  studyTargetMet: boolean;
  /** Urgent alerts delivered in the period, and the members' acknowledgements over (alerts × members). */
  alerts: { sent: number; acknowledged: Rate };
}

export interface DutiesReport {
  groups: Map<GroupId, DutiesFigures>;
  /** Every group together (counts summed; a member in two groups counts in both). */
  total: DutiesFigures;
}

const rate = (count: number, of: number): Rate => ({ count, of, rate: of > 0 ? count / of : null });

/** The start date (`YYYY-MM-DD`) of the term containing `day`: the latest of TERM_STARTS not after it. */
export function termStart(day: string, termStarts: readonly string[]): string {
  return [...termStarts].sort().filter((d) => d <= day).pop() ?? '0000-01-01';
}

/**
 * The duties' figures for /report, per group and in total: the APP's three rates, the pledge
 * rate, meetings by month, study sessions this term (class meetings held; documented in the
 * README) and alerts. Dates of meetings are the groups' local dates; `period` bounds in ms.
 */
export function dutiesReport(
  db: Db,
  groupIds: readonly GroupId[],
  period: ReportPeriod,
  opts: { termStarts: readonly string[]; timezone: string },
): DutiesReport {
  const sqlite = db.$client;
  const ids = JSON.stringify(groupIds);
  const [fromMs, toMs] = [period.from.getTime(), period.to.getTime()];
  const people = sqlite
    .prepare(
      `select gm.group_id as g, count(*) as members,
              count(ap.installed_at <= @to or null) as install, count(ap.registered_at <= @to or null) as register,
              count(ap.warning_at <= @to or null) as warning,
              count((ap.installed_at <= @to and ap.registered_at <= @to and ap.warning_at <= @to) or null) as allThree,
              count((select 1 from pledge_signatures s join pledges pl on pl.id = s.pledge_id
                      where pl.group_id = gm.group_id and s.member_id = gm.member_id and s.at <= @to limit 1)) as signed
         from group_members gm left join app_progress ap on ap.member_id = gm.member_id
        where gm.group_id in (select value from json_each(@ids)) and gm.active = 1 and gm.is_admin = 0
        group by gm.group_id`,
    )
    .all({ ids, to: toMs }) as { g: GroupId; members: number; install: number; register: number; warning: number; allThree: number; signed: number }[];
  const [fromDay, toDay] = [localDateKey(period.from, opts.timezone), localDateKey(period.to, opts.timezone)];
  const term = termStart(toDay, opts.termStarts);
  const meetings = sqlite
    .prepare(`select group_id as g, held_on as day from class_meetings where group_id in (select value from json_each(?)) and held_on >= ? and held_on <= ?`)
    .all(ids, term < fromDay ? term : fromDay, toDay) as { g: GroupId; day: string }[];
  const alertRows = sqlite
    .prepare(
      `select d.group_id as g, count(*) as sent,
              sum((select count(*) from acknowledgements a join group_members gm on gm.group_id = d.group_id and gm.member_id = a.member_id
                    where a.delivery_id = d.id and gm.active = 1 and gm.is_admin = 0)) as acks
         from deliveries d where d.kind = 'alert' and d.status = 'sent' and d.group_id in (select value from json_each(?)) and d.sent_at >= ? and d.sent_at <= ?
        group by d.group_id`,
    )
    .all(ids, fromMs, toMs) as { g: GroupId; sent: number; acks: number }[];

  const byGroup = new Map<GroupId, DutiesFigures>();
  for (const g of groupIds) {
    const pr = people.find((r) => r.g === g) ?? { members: 0, install: 0, register: 0, warning: 0, allThree: 0, signed: 0 };
    const held = meetings.filter((m) => m.g === g);
    const meetingsByMonth: Record<string, number> = {};
    for (const m of held) if (m.day >= fromDay) meetingsByMonth[m.day.slice(0, 7)] = (meetingsByMonth[m.day.slice(0, 7)] ?? 0) + 1;
    const study = held.filter((m) => m.day >= term).length;
    const al = alertRows.find((r) => r.g === g) ?? { sent: 0, acks: 0 };
    byGroup.set(g, {
      members: pr.members,
      app: { install: rate(pr.install, pr.members), register: rate(pr.register, pr.members), warning: rate(pr.warning, pr.members), allThree: rate(pr.allThree, pr.members) },
      pledge: rate(pr.signed, pr.members),
      meetingsByMonth,
      studySessionsThisTerm: study,
      studyTargetMet: study >= STUDY_TARGET,
      alerts: { sent: al.sent, acknowledged: rate(al.acks, al.sent * pr.members) },
    });
  }
  return { groups: byGroup, total: sumFigures([...byGroup.values()]) };
}

function sumFigures(all: DutiesFigures[]): DutiesFigures {
  const add = (pick: (f: DutiesFigures) => Rate) => rate(all.reduce((n, f) => n + pick(f).count, 0), all.reduce((n, f) => n + pick(f).of, 0));
  const meetingsByMonth: Record<string, number> = {};
  for (const f of all) for (const [m, n] of Object.entries(f.meetingsByMonth)) meetingsByMonth[m] = (meetingsByMonth[m] ?? 0) + n;
  const study = all.reduce((n, f) => n + f.studySessionsThisTerm, 0);
  return {
    members: all.reduce((n, f) => n + f.members, 0),
    app: { install: add((f) => f.app.install), register: add((f) => f.app.register), warning: add((f) => f.app.warning), allThree: add((f) => f.app.allThree) },
    pledge: add((f) => f.pledge),
    meetingsByMonth,
    studySessionsThisTerm: study,
    // A unit meets the target when every one of its classes does.
    studyTargetMet: all.length > 0 && all.every((f) => f.studyTargetMet),
    alerts: { sent: all.reduce((n, f) => n + f.alerts.sent, 0), acknowledged: add((f) => f.alerts.acknowledged) },
  };
}
