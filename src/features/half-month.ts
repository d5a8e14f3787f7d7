import type { App } from '../app.ts';
import { b, list, p, type RichMessage } from '../core/message.ts';
import type { Locale } from '../i18n/index.ts';
import { previousHalfMonth, type DayRange } from '../services/periods.ts';
import type { Rate, UnitReport } from '../services/reports.ts';
import { exportReport } from './report-export.ts';
import { periodName, pct, rt } from './report-labels.ts';
import { BOARD_IN_CHAT, unitReportMessage } from './report-view.ts';
import type { Feature } from './feature.ts';

/** A rate's change in whole percentage points, signed: +5, -3, ±0, or — when either side has none. */
function points(now: Rate, before: Rate): string {
  if (now === null || before === null) return '—';
  const d = Number(pct(now).slice(0, -1)) - Number(pct(before).slice(0, -1));
  return d > 0 ? `+${d}` : d < 0 ? `${d}` : '±0';
}

const count = (r: UnitReport, section: string) => r.sections.find((s) => s.id === section)?.metrics[0]?.total ?? 0;

/** The report of the half month, with its change against the half month before. */
function halfMonthMessage(report: UnitReport, before: UnitReport, locale: Locale): RichMessage {
  const base = unitReportMessage(report, locale);
  const [t, u] = [report.totals, before.totals];
  const change = rt(locale, 'halfChange', {
    before: periodName(before.period, locale),
    ack: points(t.ackRate, u.ackRate),
    participation: points(t.quiz.participation, u.quiz.participation),
    pass: points(t.exam.passRate, u.exam.passRate),
    triaged: `${t.triaged - u.triaged >= 0 ? '+' : ''}${t.triaged - u.triaged}`,
    cases: `${count(report, 'cases') - count(before, 'cases') >= 0 ? '+' : ''}${count(report, 'cases') - count(before, 'cases')}`,
  });
  return { ...base, title: rt(locale, 'halfTitle', { name: report.unit.name, period: periodName(report.period, locale) }), blocks: [p(b(change)), ...base.blocks] };
}

/** Sends what is owed: each recipient claimed first, so a report goes once (src/services/half-month.ts). */
export async function sendHalfMonthReports(app: App): Promise<number> {
  let sent = 0;
  const locale = app.config.DEFAULT_LOCALE;
  for (const due of app.halfMonth.due()) {
    let files: { message: RichMessage } | undefined;
    const build = async (half: DayRange) => {
      const report = app.reports.unitReport(due.unitId, half)!;
      const before = app.reports.unitReport(due.unitId, previousHalfMonth(half.from), { board: BOARD_IN_CHAT })!;
      const attachments = [await exportReport(app.reports, report, 'png', locale), await exportReport(app.reports, report, 'xlsx', locale)];
      return { message: { ...halfMonthMessage(report, before, locale), attachments } };
    };
    for (const member of due.recipients) {
      if (!app.halfMonth.claim(due.unitId, due.half, member)) continue;
      files ??= await build(due.half);
      const outcome = await app.transport.send({ member }, files.message);
      app.halfMonth.settle(due.unitId, due.half, member, outcome.ok);
      if (outcome.ok) sent++;
      else app.log.warn({ unit: due.unitId, reason: outcome.reason }, 'half-month report not delivered');
    }
  }
  return sent;
}

/** 半月通报: on the 1st and 16th (per unit), each unit's report of the half month just ended, privately. */
export const halfMonth: Feature = {
  name: 'half-month',
  commands: [],
  install(_composer, app) {
    app.scheduler.onTick(async () => void (await sendHalfMonthReports(app)));
  },
};
