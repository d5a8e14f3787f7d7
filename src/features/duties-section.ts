import type { GroupId } from '../core/ids.ts';
import type { Localized } from '../i18n/index.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { DutiesReporter, STUDY_TARGET, type CountedPeople, type DutiesFigures, type DutiesReport } from '../services/duties/report.ts';
import type { Duties } from '../services/duties/index.ts';
import type { ReportSection, SectionMetric } from '../services/reports.ts';

/** What the section reads of the duties: their figures over groups, or a unit's totals. */
export type DutiesFiguresSource = Pick<Duties, 'report' | 'totals'>;

/**
 * The duties' figures straight from the database, for the report CLI: it has no chat and no
 * scheduler, yet its reports must hold the same section as /report's.
 */
export function dutiesFromDatabase(db: Db, config: Pick<Config, 'TERM_STARTS' | 'DEFAULT_TIMEZONE'>): DutiesFiguresSource {
  const reporter = new DutiesReporter(db);
  const options = { termStarts: config.TERM_STARTS, timezone: config.DEFAULT_TIMEZONE };
  return { report: (groups, period) => reporter.report(groups, period, options), totals: (scope, period, counted) => reporter.totals(scope, period, options, counted) };
}

interface Metric {
  label: Localized;
  kind: SectionMetric['kind'];
  value: (f: DutiesFigures) => number | null;
  /** The value over several classes, when it is not the value of their summed figures. */
  overall?: (report: DutiesReport) => number | null;
}

const FIXED: Metric[] = [
  { label: { zh: 'APP 已下载安装', en: 'App installed' }, kind: 'rate', value: (f) => f.app.install.rate },
  { label: { zh: 'APP 已实名注册', en: 'App registered with real name' }, kind: 'rate', value: (f) => f.app.register.rate },
  { label: { zh: 'APP 已开启预警', en: 'App warnings on' }, kind: 'rate', value: (f) => f.app.warning.rate },
  { label: { zh: '三个100%：三项全部完成', en: 'All three app steps done' }, kind: 'rate', value: (f) => f.app.allThree.rate },
  { label: { zh: '反诈承诺书签署率', en: 'Pledge signed' }, kind: 'rate', value: (f) => f.pledge.rate },
  { label: { zh: '本学期学习次数（主题班会）', en: 'Study sessions this term (class meetings)' }, kind: 'count', value: (f) => f.studySessionsThisTerm },
  {
    label: { zh: `本学期学习次数达到 ${STUDY_TARGET} 次的班级`, en: `Classes with at least ${STUDY_TARGET} study sessions this term` },
    kind: 'rate',
    value: (f) => (f.studyTargetMet ? 1 : 0),
    overall: (report) => (report.classes ? report.classesMetTarget / report.classes : null),
  },
  { label: { zh: '紧急预警条数', en: 'Urgent alerts sent' }, kind: 'count', value: (f) => f.alerts.sent },
  { label: { zh: '紧急预警已阅率', en: 'Urgent alerts acknowledged' }, kind: 'rate', value: (f) => f.alerts.acknowledged.rate },
];

/** One count per month in which any class held a meeting: "meetings held by month". */
function monthMetrics(report: DutiesReport): Metric[] {
  const months = Object.keys(report.total.meetingsByMonth).sort();
  return months.map((month) => ({
    label: { zh: `主题班会 ${month}`, en: `Class meetings ${month}` },
    kind: 'count',
    value: (f) => f.meetingsByMonth[month] ?? 0,
  }));
}

/** The duties' counters (migration 0004_duty_counts, copied into group_periods and summed in unit_periods), read with the unit report's totals. */
const COUNTED: Record<keyof CountedPeople, string> = {
  classes: 'p.classes',
  members: 'p.duty_members',
  install: 'p.app_installed',
  register: 'p.app_registered',
  warning: 'p.app_warning',
  allThree: 'p.app_all_three',
  signed: 'p.pledge_signed',
};

/** The campaign duties as a /report section: the 三个100% rates, pledges, meetings and alerts. */
export function dutiesSection(duties: DutiesFiguresSource): ReportSection {
  return {
    id: 'duties',
    sums: COUNTED,
    collect: ({ scope, span, groups, sums }) => {
      const period = { from: new Date(span.from), to: new Date(span.to) };
      const report = groups ? duties.report(groups, period) : duties.totals(scope, period, sums as CountedPeople | undefined);
      const title = { zh: '反诈任务完成情况', en: 'Campaign duties' };
      if (report.classes === 0) return { id: 'duties', title, metrics: [] };
      return {
        id: 'duties',
        title,
        metrics: [...FIXED, ...monthMetrics(report)].map((m) => ({
          label: m.label,
          kind: m.kind,
          total: m.overall ? m.overall(report) : m.value(report.total),
          byGroup: new Map<GroupId, number | null>([...report.groups].map(([id, f]) => [id, m.value(f)])),
        })),
      };
    },
  };
}
