import type { Hono } from 'hono';
import type { App } from '../../src/app.ts';
import { formatLocal, localDateKey } from '../../src/core/time.ts';
import { exportReport, EXPORT_FORMATS, overallRates, type ExportFormat } from '../../src/features/report-export.ts';
import { pct, periodName, rt } from '../../src/features/report-labels.ts';
import { groupReportMessage, unitReportMessage } from '../../src/features/report-view.ts';
import { localized, type Locale } from '../../src/i18n/index.ts';
import { halfMonthOf, type Period } from '../../src/services/periods.ts';
import { classLabel } from '../../src/services/groups.ts';
import type { GroupInfo, GroupReport, SectionResult, TriageStats, UnitReport } from '../../src/services/reports.ts';
import { canSeeGroup, canSeeUnit, groupIdParam, topUnits, visibleGroups, type WebContext, type WebEnv } from '../access.ts';
import { wt } from '../i18n.ts';
import { richToHtml } from '../rich.ts';
import { halfMonthSection } from './half-month.ts';
import { classListSection } from './records.ts';
import { chart, h, layout, periodChips, periodOf, periodQuery, problem, section, table, type Html } from '../views.ts';

/** Today in the school's timezone: what 上周 and 上半月 count back from. */
const today = (app: App) => localDateKey(app.clock.now(), app.config.DEFAULT_TIMEZONE);

const DAY_MS = 86_400_000;
const percent = (r: number | null) => (r === null ? null : Math.round(r * 1000) / 10);

/** Few classes: a line each beside their total; many: the total alone, summed in SQL. */
const LINES_UP_TO = 8;

function trendChart(app: App, infos: GroupInfo[], name: string, locale: Locale): Html {
  const few = infos.length <= LINES_UP_TO;
  const trend = few ? app.reports.trend(infos) : undefined;
  const overall = trend ? { weeks: trend.weeks, rates: overallRates(trend) } : app.reports.overallTrend(infos.map((g) => g.id));
  const lines = [{ name, data: overall.rates.map(percent) }, ...(trend && infos.length > 1 ? trend.classes.map((c) => ({ name: c.group.name, data: c.rates.map(percent) })) : [])];
  return chart({
    tooltip: { trigger: 'axis', valueFormatter: '%' },
    legend: { type: 'scroll', bottom: 0 },
    grid: { left: 40, right: 16, top: 16, bottom: 48 },
    xAxis: { type: 'category', data: overall.weeks },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    // A week without deliveries is a gap, not a line drawn across it.
    series: lines.map((l) => ({ type: 'line', name: l.name, data: l.data, connectNulls: false })),
    aria: { enabled: true, label: { enabled: true, description: rt(locale, 'chartTrend') } },
  });
}

function triageTable(t: TriageStats, locale: Locale): Html | string {
  if (t.total === 0) return rt(locale, 'triageNone');
  return table([wt(locale, 'triage'), ''], t.byType.map((x) => [x.name ? localized(x.name, locale) : rt(locale, 'unknownType'), x.count]));
}

function sectionsTable(sections: SectionResult[], locale: Locale): Html {
  const rows = sections.flatMap((s) => s.metrics.map((m) => [localized(s.title, locale), localized(m.label, locale), m.kind === 'rate' ? pct(m.total) : (m.total ?? '—')]));
  return table(['', '', ''], rows);
}

function exportLinks(path: string, period: Period, locale: Locale): Html {
  return h`<div class="chips">${wt(locale, 'exports')}：${EXPORT_FORMATS.map((f) => h`<a href="${path}/${f}?${periodQuery(period)}" download>${f.toUpperCase()}</a>`)}</div>`;
}

function boardTable(r: UnitReport, locale: Locale): Html {
  const header = ['colRank', 'colClass', 'colKnown', 'colDelivered', 'colAckRate', 'colParticipation', 'colCorrectRate', 'colExamPass', 'colTriaged'] as const;
  return table(
    header.map((k) => rt(locale, k)),
    r.board.map((c) => [c.rank, h`<a href="/classes/${encodeURIComponent(c.group.id)}">${c.group.name}</a>`, c.group.knownMembers, c.delivered, pct(c.ackRate), pct(c.quiz.participation), pct(c.quiz.correctRate), pct(c.exam.passRate), c.triaged]),
  );
}

function typeNameOf(app: App, id: string | null, locale: Locale): string {
  const type = id ? app.library.types.get(id as never) : undefined;
  return type ? localized(type.name, locale) : rt(locale, 'unknownType');
}

function overview(app: App, c: WebContext): Html[] {
  const locale = c.get('locale');
  const scope = c.get('viewer')!.scope;
  const period = periodOf(c, today(app));
  const groups = visibleGroups(app, scope);
  if (groups.length === 0) return [h`<p>${wt(locale, 'noClasses')}</p>`];
  const infos = app.reports.groupInfo(groups.map((g) => g.id));
  const parts: Html[] = [periodChips(c, period, today(app)), section(wt(locale, 'trend'), trendChart(app, infos, rt(locale, 'chartAll'), locale))];
  const tops = topUnits(app, scope);
  for (const unit of tops) {
    const report = app.reports.unitReport(unit.id, period, { board: 10 })!;
    parts.push(section(`${wt(locale, 'board')} · ${unit.name}`, h`${richToHtml(unitReportMessage(report, locale))}<p><a href="/units/${encodeURIComponent(unit.id)}?${periodQuery(period)}">${unit.name} →</a></p>`));
  }
  const loose = groups.filter((g) => !g.unitId || !tops.some((u) => app.units.ancestors(g.unitId!).includes(u.id)));
  if (loose.length) parts.push(section(wt(locale, 'unassigned'), h`<ul class="plain">${loose.map((g) => h`<li><a href="/classes/${encodeURIComponent(g.id)}">${classLabel(g)}</a></li>`)}</ul>`));
  const half = halfMonthOf(today(app));
  const cases = app.cases.list({ from: half.from, to: half.to }).filter((x) => canSeeUnit(scope, x.unitId));
  const byType = new Map<string, number>();
  for (const x of cases) byType.set(x.typeId, (byType.get(x.typeId) ?? 0) + 1);
  parts.push(
    section(
      wt(locale, 'casesHalf', { period: periodName(half, locale) }),
      h`<p>${wt(locale, 'casesCount', { n: cases.length })} <a href="/cases">${wt(locale, 'navCases')} →</a></p>${[...byType].map(([type, n]) => h`<span class="chips"><span>${typeNameOf(app, type, locale)} ${n}</span></span>`)}`,
    ),
  );
  const schools = scope.school ? undefined : [...new Set(tops.map((u) => app.units.rootOf(u.id)!))];
  const warnings = app.duties.earlyWarning.open(app.clock.now().getTime() - 7 * DAY_MS, schools);
  parts.push(
    section(
      wt(locale, 'warnings'),
      warnings.length === 0
        ? wt(locale, 'warningNone')
        : h`<ul class="plain">${warnings.map((w) => {
            return h`<li>#${w.id} ${wt(locale, 'warningLine', { day: w.day, type: typeNameOf(app, w.typeId, locale), count: w.count })}</li>`;
          })}</ul>`,
    ),
  );
  return parts;
}

function unitPage(app: App, c: WebContext, report: UnitReport): Html[] {
  const locale = c.get('locale');
  const path = `/export/unit/${encodeURIComponent(report.unit.id)}`;
  const t = report.totals;
  return [
    periodChips(c, report.period, today(app)),
    h`<p>${rt(locale, 'unitTotals', { groups: t.groups, known: t.knownMembers, delivered: t.delivered, rate: pct(t.ackRate), correct: pct(t.quiz.correctRate), pass: pct(t.exam.passRate), triaged: t.triaged })}</p>`,
    exportLinks(path, report.period, locale),
    section(wt(locale, 'trend'), trendChart(app, report.board.map((b) => b.group), rt(locale, 'chartAll'), locale)),
    section(wt(locale, 'board'), boardTable(report, locale)),
    section(wt(locale, 'sections'), sectionsTable(report.sections, locale)),
    section(wt(locale, 'triage'), triageTable(report.triage, locale)),
    halfMonthSection(app, c, report.unit),
  ];
}

function classPage(app: App, c: WebContext, report: GroupReport): Html[] {
  const locale = c.get('locale');
  const id = encodeURIComponent(report.group.id);
  const follow = app.reports.followUps(report.group.id);
  const last = (at: number | null) => (at === null ? rt(locale, 'never') : formatLocal(new Date(at), report.group.timezone));
  return [
    periodChips(c, report.period, today(app)),
    exportLinks(`/export/class/${id}`, report.period, locale),
    h`<p><a href="/calendar?class=${id}">${wt(locale, 'navCalendar')} →</a></p>`,
    section(rt(locale, 'groupTitle', { name: report.group.name, period: periodName(report.period, locale) }), richToHtml(groupReportMessage(report, locale))),
    section(wt(locale, 'trend'), trendChart(app, [report.group], report.group.name, locale)),
    classListSection(app, c, report.group),
    section(wt(locale, 'followUps'), follow.length === 0 ? rt(locale, 'followNone') : table([rt(locale, 'colMember'), rt(locale, 'colLastAck')], follow.map((f) => [f.name, last(f.lastAckAt)]))),
  ];
}

/** The overview, a unit, a class, and their exports: every figure from the report service. */
export function reportRoutes(web: Hono<WebEnv>, app: App): void {
  web.get('/', (c) => c.html(layout(c, wt(c.get('locale'), 'navOverview'), overview(app, c))));

  web.get('/units/:id', (c) => {
    const id = decodeURIComponent(c.req.param('id'));
    const locale = c.get('locale');
    if (!app.units.get(id)) return problem(c, 404, wt(locale, 'notFound'));
    if (!canSeeUnit(c.get('viewer')!.scope, id)) return problem(c, 403, wt(locale, 'forbidden'));
    const report = app.reports.unitReport(id, periodOf(c, today(app)))!;
    return c.html(layout(c, rt(locale, 'unitTitle', { name: report.unit.name, period: periodName(report.period, locale) }), unitPage(app, c, report)));
  });

  web.get('/classes/:id', async (c) => {
    const group = app.groups.get(groupIdParam(c.req.param('id')));
    const locale = c.get('locale');
    if (group?.setupAt == null) return problem(c, 404, wt(locale, 'notFound'));
    if (!canSeeGroup(c.get('viewer')!.scope, group)) return problem(c, 403, wt(locale, 'forbidden'));
    const report = (await app.reports.groupReport(group.id, periodOf(c, today(app))))!;
    return c.html(layout(c, report.group.name, classPage(app, c, report)));
  });

  web.get('/export/:kind/:id/:format', async (c) => {
    const { kind, format } = c.req.param();
    const locale = c.get('locale');
    const scope = c.get('viewer')!.scope;
    if (!(EXPORT_FORMATS as readonly string[]).includes(format)) return problem(c, 404, wt(locale, 'notFound'));
    let report: GroupReport | UnitReport | undefined;
    if (kind === 'unit') {
      const id = decodeURIComponent(c.req.param('id'));
      if (app.units.get(id) && !canSeeUnit(scope, id)) return problem(c, 403, wt(locale, 'forbidden'));
      report = app.reports.unitReport(id, periodOf(c, today(app)));
    } else if (kind === 'class') {
      const group = app.groups.get(groupIdParam(c.req.param('id')));
      if (group && !canSeeGroup(scope, group)) return problem(c, 403, wt(locale, 'forbidden'));
      report = group?.setupAt != null ? await app.reports.groupReport(group.id, periodOf(c, today(app))) : undefined;
    }
    if (!report) return problem(c, 404, wt(locale, 'notFound'));
    const file = await exportReport(app.reports, report, format as ExportFormat, locale);
    return c.body(file.data as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': file.mime,
      // RFC 6266 with RFC 5987's filename*: the Chinese name in every current browser, report.xlsx in the rest.
      'Content-Disposition': `attachment; filename="report${/\.\w+$/.exec(file.filename)?.[0] ?? ''}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
    });
  });
}
