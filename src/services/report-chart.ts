import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';
import { roundShare } from '../core/percent.ts';
import type { Rate } from './reports.ts';

/**
 * Charts without a browser: ECharts renders SVG on the server, resvg turns it into PNG. The
 * font comes from an npm package (Noto Sans, the GB2312 set, as OTF: resvg reads no woff2), so
 * the Chinese labels render on a fresh machine with no system fonts.
 */
const require = createRequire(import.meta.url);
export const CHART_FONT_FILE = join(dirname(require.resolve('@embedpdf/fonts-sc')), '../fonts/NotoSansHans-Regular.otf');
export const CHART_FONT_FAMILY = 'Noto Sans S Chinese';

export interface ChartInput {
  title: string;
  /** The 8-week trend: week labels and one line per series (a class's line is named as the class). */
  trend: { title: string; weeks: string[]; series: { name: string; rates: Rate[] }[] };
  /** The classes side by side: one bar pair per class; absent for a single class (nothing to compare). */
  classes?: { title: string; names: string[]; bars: { name: string; rates: Rate[] }[] };
}

export const CHART_SIZE = { width: 1200, height: 900 };

/** One colour per class, the same in every chart: a class's line and its bars. */
const PALETTE = ['#5470c6', '#91cc75', '#fac858', '#ee6666', '#73c0de', '#3ba272', '#fc8452', '#9a60b4', '#ea7ccc', '#2f4554'];
const colourOf = (names: string[]) => (name: string) => PALETTE[Math.max(0, names.indexOf(name)) % PALETTE.length]!;

/** A bar: its value with a label, so that 0% shows as 0% and no figure at all (no quiz) as —. */
function bar(r: Rate, colour: string, faded: boolean) {
  if (r === null) return { value: 0, label: { show: true, position: 'top', formatter: '—' }, itemStyle: { color: 'transparent' } };
  return { value: percent(r), label: { show: true, position: 'top', formatter: '{c}%' }, itemStyle: { color: colour, opacity: faded ? 0.5 : 1 } };
}

const percent = (r: Rate) => (r === null ? null : roundShare(r * 100, 1));

export function chartSvg(input: ChartInput): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, ...CHART_SIZE });
  const classes = input.classes;
  const colour = colourOf(classes?.names ?? input.trend.series.map((s) => s.name));
  const axisPercent = { type: 'value' as const, min: 0, max: 100, axisLabel: { formatter: '{value}%' } };
  const trendHeight = classes ? 330 : 740;
  chart.setOption({
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: CHART_FONT_FAMILY },
    title: [
      { text: input.title, left: 'center', top: 10 },
      { text: input.trend.title, left: 40, top: 50, textStyle: { fontSize: 14 } },
      ...(classes ? [{ text: classes.title, left: 40, top: 480, textStyle: { fontSize: 14 } }] : []),
    ],
    legend: [
      { data: input.trend.series.map((s) => s.name), top: 50, right: 40 },
      ...(classes ? [{ data: classes.bars.map((b) => b.name), top: 480, right: 40 }] : []),
    ],
    grid: [{ left: 60, right: 40, top: 90, height: trendHeight }, ...(classes ? [{ left: 60, right: 40, top: 520, height: 300 }] : [])],
    xAxis: [
      { type: 'category', gridIndex: 0, data: input.trend.weeks },
      ...(classes ? [{ type: 'category', gridIndex: 1, data: classes.names, axisLabel: { interval: 0, rotate: classes.names.length > 8 ? 30 : 0 } }] : []),
    ],
    yAxis: [{ ...axisPercent, gridIndex: 0 }, ...(classes ? [{ ...axisPercent, gridIndex: 1 }] : [])],
    series: [
      // No line is drawn across a week with no deliveries: the gap says there was nothing to acknowledge.
      ...input.trend.series.map((s, i) => ({
        type: 'line',
        name: s.name,
        xAxisIndex: 0,
        yAxisIndex: 0,
        data: s.rates.map(percent),
        connectNulls: false,
        ...(classes?.names.includes(s.name) ? { itemStyle: { color: colour(s.name) }, lineStyle: { color: colour(s.name) } } : i === 0 ? { itemStyle: { color: '#333' }, lineStyle: { color: '#333', width: 3 } } : {}),
      })),
      ...(classes?.bars ?? []).map((b, i) => ({ type: 'bar', name: b.name, xAxisIndex: 1, yAxisIndex: 1, data: b.rates.map((r, k) => bar(r, colour(classes!.names[k]!), i > 0)) })),
    ],
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

export function svgToPng(svg: string): Uint8Array {
  const resvg = new Resvg(svg, {
    font: { fontFiles: [CHART_FONT_FILE], loadSystemFonts: false, defaultFontFamily: CHART_FONT_FAMILY },
  });
  return resvg.render().asPng();
}

export function chartPng(input: ChartInput): Uint8Array {
  return svgToPng(chartSvg(input));
}
