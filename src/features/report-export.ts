import { stringify } from 'csv-stringify/sync';
import type { Attachment } from '../core/message.ts';
import { roundShare } from '../core/percent.ts';
import { formatLocal, localParts } from '../core/time.ts';
import { localized, type Locale } from '../i18n/index.ts';
import type { ChartInput } from '../services/report-chart.ts';
import type { MemberRow } from '../services/report-queries.ts';
import type { ClassStats, GroupReport, Rate, ReportService, SectionResult, TrendSeries, UnitReport } from '../services/reports.ts';
import { periodName, rt } from './report-labels.ts';

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

const rate = (r: Rate) => (r === null ? '' : roundShare(r, 3));

type Cell = string | number | Date;

/** A local time as a spreadsheet date: Excel's dates have no zone, so the local wall time is written as such. */
function localDate(at: number, tz: string): Date {
  const l = localParts(new Date(at), tz);
  return new Date(Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute));
}

/** `dates`: text for the CSV, dates for the XLSX. */
function memberTable(data: ExportData, locale: Locale, dates: 'text' | 'date' = 'text'): Cell[][] {
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
      m.lastAckAt === null ? '' : dates === 'date' ? localDate(m.lastAckAt, c.group.timezone) : formatLocal(new Date(m.lastAckAt), c.group.timezone),
      m.answers,
      m.correct,
      m.examPassed === null ? '' : rt(locale, m.examPassed ? 'passed' : 'failed'),
    ];
  });
  return [header.map((k) => rt(locale, k, { period: periodName(data.report.period, locale) })), ...rows];
}

function classTable(data: ExportData, locale: Locale): (string | number)[][] {
  const metrics = data.sections.flatMap((s) => s.metrics);
  const header = ['colRank', 'colClass', 'colClassId', 'colKnown', 'colDelivered', 'colAcks', 'colAckRate', 'colParticipation', 'colCorrectRate', 'colExamPass', 'colTriaged'] as const;
  const period = periodName(data.report.period, locale);
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
  return [[...header.map((k) => rt(locale, k, { period })), ...metrics.map((m) => localized(m.label, locale))], ...rows];
}

/** Per member, UTF-8 with a byte-order mark so that Excel opens the Chinese correctly. */
export function toCsv(data: ExportData, locale: Locale): Uint8Array {
  return new TextEncoder().encode(`\uFEFF${stringify(memberTable(data, locale))}`);
}

/** The report's title row: what, whose, which period, when made. */
function titleRow(data: ExportData, locale: Locale): string {
  const made = formatLocal(new Date(data.report.generatedAt), data.classes[0]?.group.timezone ?? 'Asia/Shanghai');
  return rt(locale, 'sheetTitle', { name: data.name, period: periodName(data.report.period, locale), made });
}

/** The unit's totals under its classes (a group's report is its one row already). */
function totalsRow(data: ExportData, width: number, locale: Locale): Cell[] | undefined {
  if (data.report.kind !== 'unit') return undefined;
  const t = data.report.totals;
  const cells: Cell[] = [rt(locale, 'totalRow'), '', '', t.knownMembers, t.delivered, t.acknowledgements, rate(t.ackRate), rate(t.quiz.participation), rate(t.quiz.correctRate), rate(t.exam.passRate), t.triaged];
  for (const m of data.sections.flatMap((s) => s.metrics)) cells.push(m.kind === 'rate' ? rate(m.total) : (m.total ?? ''));
  return cells.slice(0, width);
}

/**
 * The classes and the members as two sheets a teacher can hand on: a title row (unit or class,
 * period, when made), the rates as percents, widths to fit, the unit's totals, dates as dates.
 * exceljs, like the chart (echarts with resvg), is imported on the first export, not at start:
 * the two add about 24 MB to a running bot, and most days nobody exports.
 */
export async function toXlsx(data: ExportData, locale: Locale): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const metrics = data.sections.flatMap((s) => s.metrics);
  const classRates = [7, 8, 9, 10, ...metrics.flatMap((m, i) => (m.kind === 'rate' ? [12 + i] : []))];
  const classes = classTable(data, locale);
  const totals = totalsRow(data, classes[0]!.length, locale);
  for (const [sheet, table, rates, dateColumn] of [
    [rt(locale, 'sheetClasses'), totals ? [...classes, totals] : classes, classRates, undefined],
    [rt(locale, 'sheetMembers'), memberTable(data, locale, 'date'), [7], 8],
  ] as const) {
    const ws = workbook.addWorksheet(sheet);
    ws.addRow([titleRow(data, locale)]);
    ws.mergeCells(1, 1, 1, table[0]!.length);
    ws.getRow(1).font = { bold: true, size: 13 };
    ws.addRows(table as Cell[][]);
    ws.getRow(2).font = { bold: true };
    if (totals && sheet === rt(locale, 'sheetClasses')) ws.lastRow!.font = { bold: true };
    ws.views = [{ state: 'frozen', ySplit: 2 }];
    for (const c of rates) ws.getColumn(c).numFmt = '0%';
    if (dateColumn) ws.getColumn(dateColumn).numFmt = 'yyyy-mm-dd hh:mm';
    // Widths to fit the header and the cells (a Chinese character is about two columns wide).
    table[0]!.forEach((_, i) => {
      const widest = Math.max(...table.map((row) => String(row[i] instanceof Date ? '2026-12-01 08:00' : (row[i] ?? '')).replace(/[^\x00-\xff]/g, 'xx').length));
      ws.getColumn(i + 1).width = Math.min(Math.max(widest + 2, 8), 40);
    });
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
    title: data.report.kind === 'group' ? rt(locale, 'groupTitle', { name: data.name, period: periodName(data.report.period, locale) }) : rt(locale, 'unitTitle', { name: data.name, period: periodName(data.report.period, locale) }),
    trend: { title: rt(locale, 'chartTrend'), weeks: trend.weeks, series: [{ name: trend.classes.length === 1 ? data.name : rt(locale, 'chartAll'), rates: weekly }, ...lines] },
    // One class has nothing to be compared with.
    classes:
      shown.length > 1
        ? {
            title: `${rt(locale, 'chartClasses')}（${periodName(data.report.period, locale)}）`,
            names: shown.map((c) => c.group.name),
            bars: [
              { name: rt(locale, 'colAckRate'), rates: shown.map((c) => c.ackRate) },
              { name: rt(locale, 'colCorrectRate'), rates: shown.map((c) => c.quiz.correctRate) },
            ],
          }
        : undefined,
  };
}

/** One report as a file: CSV or XLSX per member, or the PNG chart. */
export async function exportReport(reports: ReportService, report: GroupReport | UnitReport, format: ExportFormat, locale: Locale): Promise<Attachment> {
  const data = exportData(reports, report);
  // A name a teacher can hand on: the class or unit, the period, what it is (软件2301_2026年11月上半月_反诈报告.xlsx).
  const name = report.kind === 'group' ? report.group.name : report.unit.name;
  const base = [name, periodName(report.period, locale), rt(locale, 'fileWord')].map((part) => part.replace(/[^\p{L}\p{N}_-]+/gu, '_')).join('_');
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
