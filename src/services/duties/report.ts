import type { Statement } from 'better-sqlite3';
import type { GroupId } from '../../core/ids.ts';
import { localDateKey } from '../../core/time.ts';
import type { Db } from '../../db/client.ts';
import { unitStatement, type ScopedStatement, type ScopeSql, type UnitScope } from '../report-queries.ts';

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
  /** Active roster members who are not advisors (is_admin = 0, granted = 0): the population of the rates. */
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
  /** Per group; empty for a report of totals only. */
  groups: Map<GroupId, DutiesFigures>;
  /** Every group together (counts summed; a member in two groups counts in both). */
  total: DutiesFigures;
  /** The classes in the report, and those of them with STUDY_TARGET study sessions this term. */
  classes: number;
  classesMetTarget: number;
}

const rate = (count: number, of: number): Rate => ({ count, of, rate: of > 0 ? count / of : null });

/** The start date (`YYYY-MM-DD`) of the term containing `day`: the latest of TERM_STARTS not after it. */
export function termStart(day: string, termStarts: readonly string[]): string {
  return [...termStarts].sort().filter((d) => d <= day).pop() ?? '0000-01-01';
}

interface People {
  members: number;
  install: number;
  register: number;
  warning: number;
  allThree: number;
  signed: number;
}

/** A scope's counters summed (`groups` columns of migration 0004_duty_counts), with its number of classes. */
export type CountedPeople = People & { classes: number };

const NOBODY: People = { members: 0, install: 0, register: 0, warning: 0, allThree: 0, signed: 0 };
const GROUPS = `select value from json_each(@ids)`;

/**
 * The alerts sent in [@fromMs, @toMs] per group, in one range of their own index, with their
 * acknowledgements: deliveries.ack_count counts every known member's, and the advisors' few
 * (found by their own index) come off it.
 */
function alertsSql(join: string, where: string, columns: string): string {
  return `select d.group_id as g, count(*) as sent${columns},
      coalesce(sum(d.ack_count), 0) - coalesce(sum((select count(*) from group_members gm indexed by group_members_advisors
        join acknowledgements a on a.delivery_id = d.id and a.member_id = gm.member_id
       where gm.group_id = d.group_id and gm.active = 1 and (gm.is_admin = 1 or gm.granted = 1))), 0) as acks
    from deliveries d indexed by deliveries_alerts ${join}
   where d.kind = 'alert' and d.status = 'sent' and d.sent_at >= @fromMs and d.sent_at <= @toMs and ${where}
   group by d.group_id`;
}

/** The rates of a population's APP steps and pledge signatures. */
function peopleFigures(pr: People): Pick<DutiesFigures, 'members' | 'app' | 'pledge'> {
  return {
    members: pr.members,
    app: { install: rate(pr.install, pr.members), register: rate(pr.register, pr.members), warning: rate(pr.warning, pr.members), allThree: rate(pr.allThree, pr.members) },
    pledge: rate(pr.signed, pr.members),
  };
}

/** The local days of a period, the start of the term it ends in, and the first day whose meetings count. */
function meetingDays(period: ReportPeriod, opts: { termStarts: readonly string[]; timezone: string }) {
  const [fromDay, toDay] = [localDateKey(period.from, opts.timezone), localDateKey(period.to, opts.timezone)];
  const term = termStart(toDay, opts.termStarts);
  return { fromDay, toDay, term, first: term < fromDay ? term : fromDay };
}

/**
 * The duties' figures for /report, per group and in total: the APP's three rates, the pledge
 * rate, meetings by month, study sessions this term (class meetings held; documented in the
 * README) and alerts. Dates of meetings are the groups' local dates; `period` bounds in ms.
 */
export class DutiesReporter {
  /** The groups' counters (migration 0004_duty_counts): the figures as of now. */
  private readonly counted: Statement;
  /** The same figures as of any instant, from the roster: for a period that ends before the latest step or signature. */
  private readonly walked: Statement;
  private readonly latest: Statement;
  private readonly meetings: Statement;
  private readonly alerts: Statement;
  /** The same figures summed over a unit, for its totals without a row per class. */
  private readonly scoped: Record<'ids' | 'counted' | 'meetings' | 'alerts', ScopedStatement<UnitScope>>;

  constructor(db: Db) {
    const s = db.$client;
    const scoped = (build: (scope: ScopeSql) => string, mode?: 'pluck') => unitStatement(db, build, mode);
    this.scoped = {
      ids: scoped((scope) => `${scope.with}select p.group_id from group_periods p where ${scope.classes} and p.period = 'today'`, 'pluck'),
      counted: scoped(
        (scope) => `${scope.with}select count(*) as classes, coalesce(sum(duty_members), 0) as members, coalesce(sum(app_installed), 0) as install,
           coalesce(sum(app_registered), 0) as register, coalesce(sum(app_warning), 0) as warning,
           coalesce(sum(app_all_three), 0) as allThree, coalesce(sum(pledge_signed), 0) as signed
           from group_periods p where ${scope.classes} and p.period = 'today'`,
      ),
      // The few rows of a period, each joined to its group (meetings and alerts are driven by their dates).
      meetings: scoped(
        (scope) => `${scope.with}select m.group_id as g, m.held_on as day from class_meetings m indexed by class_meetings_held
           join group_periods p on p.group_id = m.group_id and p.period = 'today' where m.held_on >= @from and m.held_on <= @to and ${scope.classes}`,
      ),
      alerts: scoped((scope) => scope.with + alertsSql(`join group_periods p on p.group_id = d.group_id and p.period = 'today'`, scope.classes, ', p.duty_members as members')),
    };
    this.counted = s.prepare(
      `select id as g, duty_members as members, app_installed as install, app_registered as register, app_warning as warning,
              app_all_three as allThree, pledge_signed as signed
         from groups where id in (${GROUPS})`,
    );
    this.walked = s.prepare(
      `select gm.group_id as g, count(*) as members,
              count(ap.installed_at <= @to or null) as install, count(ap.registered_at <= @to or null) as register,
              count(ap.warning_at <= @to or null) as warning,
              count((ap.installed_at <= @to and ap.registered_at <= @to and ap.warning_at <= @to) or null) as allThree,
              count(signed.member_id) as signed
         from group_members gm left join app_progress ap on ap.member_id = gm.member_id
         left join (select distinct pl.group_id, s.member_id from pledges pl join pledge_signatures s on s.pledge_id = pl.id
                     where pl.group_id in (${GROUPS}) and s.at <= @to) signed
           on signed.group_id = gm.group_id and signed.member_id = gm.member_id
        where gm.group_id in (${GROUPS}) and gm.active = 1 and gm.is_admin = 0 and gm.granted = 0
        group by gm.group_id`,
    );
    // One seek each on their indexes (0 for none: a max() of several values is null if one is).
    this.latest = s
      .prepare(
        `select max(coalesce((select max(installed_at) from app_progress), 0), coalesce((select max(registered_at) from app_progress), 0),
                    coalesce((select max(warning_at) from app_progress), 0), coalesce((select max(at) from pledge_signatures), 0))`,
      )
      .pluck();
    this.meetings = s.prepare(`select group_id as g, held_on as day from class_meetings where group_id in (${GROUPS}) and held_on >= @from and held_on <= @to`);
    this.alerts = s.prepare(alertsSql('', `d.group_id in (${GROUPS})`, ''));
  }

  report(groupIds: readonly GroupId[], period: ReportPeriod, opts: { termStarts: readonly string[]; timezone: string }): DutiesReport {
    const ids = JSON.stringify(groupIds);
    const [fromMs, toMs] = [period.from.getTime(), period.to.getTime()];
    const latest = this.latest.get() as number;
    const people = byGroup((latest <= toMs ? this.counted : this.walked).all({ ids, to: toMs }) as (People & { g: GroupId })[]);
    const { fromDay, toDay, term, first } = meetingDays(period, opts);
    const held = new Map<GroupId, string[]>();
    for (const m of this.meetings.all({ ids, from: first, to: toDay }) as { g: GroupId; day: string }[]) {
      const days = held.get(m.g);
      if (days) days.push(m.day);
      else held.set(m.g, [m.day]);
    }
    const alerts = byGroup(this.alerts.all({ ids, fromMs, toMs }) as { g: GroupId; sent: number; acks: number }[]);

    const figures = new Map<GroupId, DutiesFigures>();
    for (const g of groupIds) {
      const pr = people.get(g) ?? NOBODY;
      const days = held.get(g) ?? [];
      const meetingsByMonth: Record<string, number> = {};
      for (const day of days) if (day >= fromDay) meetingsByMonth[day.slice(0, 7)] = (meetingsByMonth[day.slice(0, 7)] ?? 0) + 1;
      const study = days.filter((day) => day >= term).length;
      const al = alerts.get(g);
      figures.set(g, {
        ...peopleFigures(pr),
        meetingsByMonth,
        studySessionsThisTerm: study,
        studyTargetMet: study >= STUDY_TARGET,
        alerts: { sent: al?.sent ?? 0, acknowledged: rate(al?.acks ?? 0, (al?.sent ?? 0) * pr.members) },
      });
    }
    const all = [...figures.values()];
    return { groups: figures, total: sumFigures(all), classes: all.length, classesMetTarget: all.filter((f) => f.studyTargetMet).length };
  }

  /**
   * The figures of a scope summed in SQL, with no figures per group; `counted`, when a report whose
   * period ends now already summed the counters.
   */
  totals(scope: UnitScope, period: ReportPeriod, opts: { termStarts: readonly string[]; timezone: string }, counted?: CountedPeople): DutiesReport {
    const [fromMs, toMs] = [period.from.getTime(), period.to.getTime()];
    // A period that ends before the latest step or signature needs the roster walk, per group. The
    // counters the report summed are as of now, and no step or signature is later than now.
    if (!counted && (this.latest.get() as number) > toMs) return { ...this.report(this.scoped.ids.all(scope) as GroupId[], period, opts), groups: new Map() };
    const pr = counted ?? (this.scoped.counted.get(scope) as CountedPeople);
    const { fromDay, toDay, term, first } = meetingDays(period, opts);
    const meetingsByMonth: Record<string, number> = {};
    const study = new Map<GroupId, number>();
    for (const m of this.scoped.meetings.all(scope, { from: first, to: toDay }) as { g: GroupId; day: string }[]) {
      if (m.day >= fromDay) meetingsByMonth[m.day.slice(0, 7)] = (meetingsByMonth[m.day.slice(0, 7)] ?? 0) + 1;
      if (m.day >= term) study.set(m.g, (study.get(m.g) ?? 0) + 1);
    }
    const alerts = this.scoped.alerts.all(scope, { fromMs, toMs }) as { sent: number; acks: number; members: number }[];
    const sent = alerts.reduce((n, a) => n + a.sent, 0);
    const acks = alerts.reduce((n, a) => n + a.acks, 0);
    const studySessions = [...study.values()].reduce((n, c) => n + c, 0);
    const classesMetTarget = [...study.values()].filter((c) => c >= STUDY_TARGET).length;
    return {
      groups: new Map(),
      total: {
        ...peopleFigures(pr),
        meetingsByMonth,
        studySessionsThisTerm: studySessions,
        studyTargetMet: pr.classes > 0 && classesMetTarget === pr.classes,
        alerts: { sent, acknowledged: rate(acks, alerts.reduce((n, a) => n + a.sent * a.members, 0)) },
      },
      classes: pr.classes,
      classesMetTarget,
    };
  }
}

const byGroup = <T extends { g: GroupId }>(rows: T[]): Map<GroupId, T> => new Map(rows.map((r) => [r.g, r]));

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
