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
  /** The 8-week trend: week labels and one line per series. */
  trend: { title: string; weeks: string[]; series: { name: string; rates: Rate[] }[] };
  /** The classes side by side: one bar pair per class. */
  classes: { title: string; names: string[]; bars: { name: string; rates: Rate[] }[] };
}

export const CHART_SIZE = { width: 1200, height: 900 };

const percent = (r: Rate) => (r === null ? null : roundShare(r * 100, 1));

export function chartSvg(input: ChartInput): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, ...CHART_SIZE });
  const axisPercent = { type: 'value' as const, min: 0, max: 100, axisLabel: { formatter: '{value}%' } };
  chart.setOption({
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: CHART_FONT_FAMILY },
    title: [
      { text: input.title, left: 'center', top: 10 },
      { text: input.trend.title, left: 40, top: 50, textStyle: { fontSize: 14 } },
      { text: input.classes.title, left: 40, top: 480, textStyle: { fontSize: 14 } },
    ],
    legend: [
      { data: input.trend.series.map((s) => s.name), top: 50, right: 40 },
      { data: input.classes.bars.map((b) => b.name), top: 480, right: 40 },
    ],
    grid: [
      { left: 60, right: 40, top: 90, height: 330 },
      { left: 60, right: 40, top: 520, height: 300 },
    ],
    xAxis: [
      { type: 'category', gridIndex: 0, data: input.trend.weeks },
      { type: 'category', gridIndex: 1, data: input.classes.names, axisLabel: { interval: 0, rotate: input.classes.names.length > 8 ? 30 : 0 } },
    ],
    yAxis: [
      { ...axisPercent, gridIndex: 0 },
      { ...axisPercent, gridIndex: 1 },
    ],
    series: [
      ...input.trend.series.map((s) => ({ type: 'line', name: s.name, xAxisIndex: 0, yAxisIndex: 0, data: s.rates.map(percent), connectNulls: true })),
      ...input.classes.bars.map((b) => ({ type: 'bar', name: b.name, xAxisIndex: 1, yAxisIndex: 1, data: b.rates.map(percent) })),
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
