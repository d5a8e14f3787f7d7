import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { isDayRange, parsePeriodWord, PERIOD_KEYS, type Period } from '../src/services/periods.ts';
import { periodName } from '../src/features/report-labels.ts';
import type { WebContext } from './access.ts';
import { wt } from './i18n.ts';

export type Html = HtmlEscapedString;

/** hono's `html`, known to be synchronous here: no value in these templates is a promise. */
export const h = (strings: TemplateStringsArray, ...values: unknown[]): Html => html(strings, ...values) as Html;

/** Small, no framework: readable at 375 px (tables scroll sideways inside their box). */
const STYLE = `
*{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,"PingFang SC","Noto Sans CJK SC",sans-serif;color:#1f2933;background:#f5f7fa}
header{background:#1d4ed8;color:#fff;padding:.6rem 1rem;display:flex;flex-wrap:wrap;gap:.4rem 1rem;align-items:center}
header a{color:#fff;text-decoration:none}header .brand{font-weight:600;margin-right:auto}header form{display:inline;margin:0}
header button{background:none;border:1px solid #fff8;color:#fff;border-radius:4px;padding:.1rem .5rem;cursor:pointer}
main{max-width:1100px;margin:0 auto;padding:1rem}section{background:#fff;border-radius:8px;padding:1rem;margin:0 0 1rem;box-shadow:0 1px 2px #0001}
h1{font-size:1.3rem;margin:.2rem 0 1rem}h2{font-size:1.05rem;margin:0 0 .6rem}
.scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{padding:.35rem .5rem;border-bottom:1px solid #e4e7eb;text-align:left;white-space:nowrap}
th{background:#f0f4f8}td.num,th.num{text-align:right}.muted{color:#616e7c}.error{color:#b91c1c}
.chips a,.chips span{display:inline-block;margin:0 .3rem .3rem 0;padding:.15rem .6rem;border-radius:999px;background:#e0e7ff;color:#1e3a8a;text-decoration:none}
.chips span{background:#1d4ed8;color:#fff}.chart{width:100%;height:280px}
form.stack{display:grid;gap:.6rem}input[type=file]{width:100%}input,select,textarea,button.primary{font:inherit;padding:.45rem .6rem;border:1px solid #cbd2d9;border-radius:6px;max-width:100%}
button.primary{background:#1d4ed8;color:#fff;border:0;cursor:pointer}textarea{width:100%;min-height:8rem}
.bubble{border-left:4px solid #1d4ed8;background:#f0f4ff;padding:.6rem .8rem;border-radius:4px}.bubble p{margin:.3rem 0}
ul.plain{padding-left:1.1rem;margin:.3rem 0}`;

/** The page frame: the navigation for a signed-in viewer, the language switch, the body. */
export function layout(c: WebContext, title: string, body: Html | Html[]): Html {
  const locale = c.get('locale');
  const viewer = c.get('viewer');
  const other = locale === 'en' ? 'zh-CN' : 'en';
  const url = new URL(c.req.url);
  url.searchParams.set('lang', other);
  const nav = viewer
    ? h`<a href="/">${wt(locale, 'navOverview')}</a><a href="/calendar">${wt(locale, 'navCalendar')}</a><a href="/library">${wt(locale, 'navLibrary')}</a><a href="/alerts">${wt(locale, 'navAlerts')}</a><a href="/cases">${wt(locale, 'navCases')}</a>
        <span>${viewer.name}</span><form method="post" action="/logout"><input type="hidden" name="_csrf" value="${viewer.csrf}"><button>${wt(locale, 'signOut')}</button></form>`
    : '';
  return h`<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title} · ${wt(locale, 'appName')}</title><style>${raw(STYLE)}</style></head>
<body><header><a class="brand" href="/">${wt(locale, 'appName')}</a>${nav}<a href="${url.pathname + url.search}">${wt(locale, 'switchLang')}</a></header>
<main><h1>${title}</h1>${body}</main>
<script src="/assets/echarts.min.js" defer></script><script src="/assets/charts.js" defer></script></body></html>`;
}

export function section(title: string, body: Html | Html[] | string): Html {
  return h`<section><h2>${title}</h2>${body}</section>`;
}

/** A table whose cells are text (escaped) or markup; numbers align right. */
export function table(header: string[], rows: (string | number | Html)[][]): Html {
  const cell = (v: string | number | Html) => (typeof v === 'number' ? h`<td class="num">${v}</td>` : h`<td>${v}</td>`);
  return h`<div class="scroll"><table><thead><tr>${header.map((x) => h`<th>${x}</th>`)}</tr></thead><tbody>${rows.map((r) => h`<tr>${r.map(cell)}</tr>`)}</tbody></table></div>`;
}

/** A chart drawn in the browser by ECharts from its option (web/assets/charts.js). */
export function chart(option: unknown): Html {
  return h`<div class="chart" data-chart="${JSON.stringify(option)}"></div>`;
}

/** The words a report page offers as chips: the rolling periods, then the last week, half month and month. */
const PERIOD_WORDS = [...PERIOD_KEYS, '上周', '上半月', '上月'] as const;

/**
 * A report page's period, from `?period=` (a word of /report: 7d, 2026-11, 上半月…) or
 * `?from=&to=` (local days); the last 7 days when neither is given or understood.
 */
export function periodOf(c: WebContext, today: string): Period {
  const [from, to] = [c.req.query('from'), c.req.query('to')];
  const day = /^\d{4}-\d{2}-\d{2}$/;
  if (from && to && day.test(from) && day.test(to) && from <= to) return { from, to };
  return parsePeriodWord(c.req.query('period') ?? '', today) ?? '7d';
}

/** A period as the query string of a link to it. */
export function periodQuery(period: Period): string {
  return isDayRange(period) ? `from=${period.from}&to=${period.to}` : `period=${period}`;
}

/** The period chips of a report page, the current one marked. */
export function periodChips(c: WebContext, current: Period, today: string): Html {
  const locale = c.get('locale');
  const path = new URL(c.req.url).pathname;
  const same = (p: Period) => periodQuery(p) === periodQuery(current);
  return h`<div class="chips">${PERIOD_WORDS.map((w) => {
    const p = parsePeriodWord(w, today)!;
    return same(p) ? h`<span>${periodName(p, locale)}</span>` : h`<a href="${path}?${periodQuery(p)}">${periodName(p, locale)}</a>`;
  })}${isDayRange(current) && !PERIOD_WORDS.some((w) => same(parsePeriodWord(w, today)!)) ? h`<span>${periodName(current, locale)}</span>` : ''}</div>`;
}

/** A page that says why it cannot show what was asked, with its status. */
export function problem(c: WebContext, status: 400 | 403 | 404 | 429, message: string): Response {
  return c.html(layout(c, message, h`<p class="error">${message}</p>`), status);
}
