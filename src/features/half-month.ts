import type { App } from '../app.ts';
import { UserError } from '../core/errors.ts';
import { b, list, p, type RichMessage } from '../core/message.ts';
import { defineMessages, type Locale } from '../i18n/index.ts';
import { describeDaysProblem, HALF_MONTH_DAYS, parseHalfMonthDays } from '../services/half-month.ts';
import { previousHalfMonth, type DayRange } from '../services/periods.ts';
import type { Rate, UnitReport } from '../services/reports.ts';
import { exportReport } from './report-export.ts';
import { periodName, pct, rt } from './report-labels.ts';
import { BOARD_IN_CHAT, unitReportMessage } from './report-view.ts';
import type { Feature } from './feature.ts';

const t = defineMessages({
  'zh-CN': {
    usage: '用法：/halfmonth <单位ID> — 查看半月通报的发送日\n/halfmonth <单位ID> <日> [日] — 设置（1–15 日和 16–28 日各至多一天，如 /halfmonth jsj 2 17）\n/halfmonth <单位ID> 默认 — 恢复每月 1 日和 16 日',
    unknownUnit: '没有 ID 为“{unit}”的单位。发送 /unit 查看单位列表。',
    refused: '只有学校管理员和“{unit}”的辅导员可以查看或设置它的半月通报。',
    days: '{unit} 的半月通报在每月 {days} 日 8:00 后私信发给该单位的辅导员（学院和学校也发给学校管理员），内容是刚结束的半个月。',
    defaultDays: '（默认）',
  },
  en: {
    usage: 'Usage: /halfmonth <unit id> — the days its half-month report is sent\n/halfmonth <unit id> <day> [day] — set them (at most one in 1–15 and one in 16–28, e.g. /halfmonth jsj 2 17)\n/halfmonth <unit id> default — back to the 1st and the 16th',
    unknownUnit: 'There is no unit "{unit}". Send /unit to list the units.',
    refused: 'Only school admins and the advisors of "{unit}" can see or set its half-month report.',
    days: 'The half-month report of {unit} is sent privately to its advisors (and, for a college or the school, to the school admins) after 8:00 on day {days} of each month, covering the half month just ended.',
    defaultDays: ' (the default)',
  },
});

const RESET_WORDS = new Set(['默认', 'default']);

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

/** 半月通报: on the 1st and 16th (per unit: /halfmonth), each unit's report of the half month just ended, privately. */
export const halfMonth: Feature = {
  name: 'half-month',
  commands: [
    {
      name: 'halfmonth',
      scope: 'advisor',
      chats: 'any',
      description: { zh: '查看或设置单位半月通报的发送日', en: 'See or set the days a unit gets its half-month report' },
      usage: { zh: '<单位ID> [日 日 | 默认]', en: '<unit id> [day day | default]' },
    },
  ],
  install(composer, app) {
    app.scheduler.onTick(async () => void (await sendHalfMonthReports(app)));
    composer.command('halfmonth', async (ctx) => {
      const locale = ctx.locale;
      const [unitId, ...words] = ctx.event.args.split(/\s+/).filter(Boolean);
      if (!unitId) throw new UserError(t(locale, 'usage'));
      const unit = app.units.get(unitId);
      if (!unit) throw new UserError(t(locale, 'unknownUnit', { unit: unitId.slice(0, 32) }));
      if (!app.roles.advisesUnit(ctx.from!.id, unit.id)) throw new UserError(t(locale, 'refused', { unit: unit.name }));
      if (words.length === 1 && RESET_WORDS.has(words[0]!.toLowerCase())) app.halfMonth.setDays(unit.id, []);
      else if (words.length) {
        const days = parseHalfMonthDays(words);
        if (typeof days === 'string') throw new UserError(describeDaysProblem(locale, days));
        app.halfMonth.setDays(unit.id, days);
      }
      const days = app.halfMonth.days(unit.id);
      const isDefault = days.join() === HALF_MONTH_DAYS.join();
      await ctx.reply(t(locale, 'days', { unit: `${unit.name}（${unit.id}）`, days: days.join(locale === 'en' ? ' and ' : ' 日和 ') }) + (isDefault ? t(locale, 'defaultDays') : ''));
    });
  },
};
