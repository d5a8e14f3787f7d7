import { stringify } from 'csv-stringify/sync';
import type { Attachment } from '../core/message.ts';
import { formatLocal } from '../core/time.ts';
import { localized, type Locale } from '../i18n/index.ts';
import type { ChartInput } from '../services/report-chart.ts';
import type { MemberRow } from '../services/report-queries.ts';
import type { ClassStats, GroupReport, Rate, ReportService, SectionResult, TrendSeries, UnitReport } from '../services/reports.ts';
import { rt } from './report-labels.ts';

export const EXPORT_FORMATS = ['csv', 'xlsx', 'png'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** What the exports of one report show: its classes, their known members, sections and trend. */
interface ExportData {
  name: string;
  report: GroupReport | UnitReport;
  classes: ClassStats[];
  members: MemberRow[];
  sections: SectionResult[];
}

function exportData(reports: ReportService, report: GroupReport | UnitReport): ExportData {
  const classes = report.kind === 'group' ? [report.stats] : report.board;
  return {
    name: report.kind === 'group' ? report.group.name : report.unit.name,
    report,
    classes,
    members: reports.members(classes.map((c) => c.group), report.period),
    sections: report.sections,
  };
}

const rate = (r: Rate) => (r === null ? '' : Math.round(r * 1000) / 1000);

function memberTable(data: ExportData, locale: Locale): (string | number)[][] {
  const byGroup = new Map(data.classes.map((c) => [c.group.id, c]));
  const header = ['colClass', 'colClassId', 'colMember', 'colMemberId', 'colDelivered', 'colAcks', 'colAckRate', 'colLastAck', 'colAnswers', 'colCorrect', 'colExam'] as const;
  const rows = data.members.map((m) => {
    const c = byGroup.get(m.group)!;
    return [
      c.group.name,
      m.group,
      m.name,
      m.member,
      c.delivered,
      m.acks,
      rate(c.delivered > 0 ? m.acks / c.delivered : null),
      m.lastAckAt === null ? '' : formatLocal(new Date(m.lastAckAt), c.group.timezone),
      m.answers,
      m.correct,
      m.examPassed === null ? '' : rt(locale, m.examPassed ? 'passed' : 'failed'),
    ];
  });
  return [header.map((k) => rt(locale, k)), ...rows];
}

function classTable(data: ExportData, locale: Locale): (string | number)[][] {
  const metrics = data.sections.flatMap((s) => s.metrics);
  const header = ['colRank', 'colClass', 'colClassId', 'colKnown', 'colDelivered', 'colAcks', 'colAckRate', 'colParticipation', 'colCorrectRate', 'colExamPass', 'colTriaged'] as const;
  const rows = data.classes.map((c, i) => [
    i + 1,
    c.group.name,
    c.group.id,
    c.group.knownMembers,
    c.delivered,
    c.acknowledgements,
    rate(c.ackRate),
    rate(c.quiz.participation),
    rate(c.quiz.correctRate),
    rate(c.exam.passRate),
    c.triaged,
    ...metrics.map((m) => m.byGroup.get(c.group.id) ?? ''),
  ]);
  return [[...header.map((k) => rt(locale, k)), ...metrics.map((m) => localized(m.label, locale))], ...rows];
}

/** Per member, UTF-8 with a byte-order mark so that Excel opens the Chinese correctly. */
export function toCsv(data: ExportData, locale: Locale): Uint8Array {
  return new TextEncoder().encode(`\uFEFF${stringify(memberTable(data, locale))}`);
}

/**
 * The classes and the members as two sheets. exceljs, like the chart (echarts with resvg), is
 * imported on the first export, not at start: the two add about 24 MB to a running bot, and most
 * days nobody exports.
 */
export async function toXlsx(data: ExportData, locale: Locale): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  for (const [sheet, table] of [
    [rt(locale, 'sheetClasses'), classTable(data, locale)],
    [rt(locale, 'sheetMembers'), memberTable(data, locale)],
  ] as const) {
    const ws = workbook.addWorksheet(sheet);
    ws.addRows(table);
    ws.getRow(1).font = { bold: true };
    ws.views = [{ state: 'frozen', ySplit: 1 }];
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** Each week's rate over all the classes: their rates weighted by what each was sent that week. */
export function overallRates(trend: TrendSeries): Rate[] {
  return trend.weeks.map((_, i) => {
    const [sum, n] = trend.classes.reduce(([s, k], c) => [s + (c.rates[i] ?? 0) * c.delivered[i]!, k + c.delivered[i]!], [0, 0]);
    return n > 0 ? sum / n : null;
  });
}

/** The classes shown side by side, and the trend lines: the whole scope, plus each class when there are few. */
export function chartInput(data: ExportData, trend: TrendSeries, locale: Locale): ChartInput {
  const shown = data.classes.slice(0, 30);
  const weekly = overallRates(trend);
  const lines = trend.classes.length > 1 && trend.classes.length <= 8 ? trend.classes.map((c) => ({ name: c.group.name, rates: c.rates })) : [];
  return {
    title: data.report.kind === 'group' ? rt(locale, 'groupTitle', { name: data.name }) : rt(locale, 'unitTitle', { name: data.name, period: rt(locale, data.report.period) }),
    trend: { title: rt(locale, 'chartTrend'), weeks: trend.weeks, series: [{ name: trend.classes.length === 1 ? data.name : rt(locale, 'chartAll'), rates: weekly }, ...lines] },
    classes: {
      title: `${rt(locale, 'chartClasses')}（${rt(locale, data.report.period)}）`,
      names: shown.map((c) => c.group.name),
      bars: [
        { name: rt(locale, 'colAckRate'), rates: shown.map((c) => c.ackRate) },
        { name: rt(locale, 'colCorrectRate'), rates: shown.map((c) => c.quiz.correctRate) },
      ],
    },
  };
}

/** One report as a file: CSV or XLSX per member, or the PNG chart. */
export async function exportReport(reports: ReportService, report: GroupReport | UnitReport, format: ExportFormat, locale: Locale): Promise<Attachment> {
  const data = exportData(reports, report);
  const base = `report-${(report.kind === 'group' ? report.group.id : report.unit.id).replace(/[^\p{L}\p{N}_-]+/gu, '_')}-${report.period}`;
  switch (format) {
    case 'csv':
      return { kind: 'file', filename: `${base}.csv`, mime: 'text/csv; charset=utf-8', data: toCsv(data, locale) };
    case 'xlsx':
      return { kind: 'file', filename: `${base}.xlsx`, mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', data: await toXlsx(data, locale) };
    case 'png': {
      // On first use, as exceljs in toXlsx.
      const { chartPng } = await import('../services/report-chart.ts');
      return { kind: 'image', filename: `${base}.png`, mime: 'image/png', data: chartPng(chartInput(data, reports.trend(data.classes.map((c) => c.group)), locale)) };
    }
  }
}
