/**
 * Counts over the content library (for `npm run content:check` and content/README.md): by kind,
 * audience, fraud type and season, and the coverage table fraud type × audience × kind.
 */
import { AUDIENCES, FRAUD_TYPE_IDS, type Audience, type FraudTypeId } from './schema.ts';
import type { LibraryDraft } from './library.ts';

export interface KindCounts {
  tips: number;
  articles: number;
  quizzes: number;
}

export interface LibraryCounts {
  kinds: KindCounts & { types: number; ruleItems: number };
  audiences: Record<Audience, KindCounts>;
  types: Record<string, KindCounts>;
  /** Season label → tips and articles; items without a season count under "(none)". */
  seasons: Record<string, { tips: number; articles: number }>;
  /** Fraud type → audience → kind. */
  coverage: Record<string, Record<Audience, KindCounts>>;
}

export const NO_SEASON = '(none)';

const zero = (): KindCounts => ({ tips: 0, articles: 0, quizzes: 0 });

export function countLibrary(lib: LibraryDraft): LibraryCounts {
  const audiences = Object.fromEntries(AUDIENCES.map((a) => [a, zero()])) as Record<Audience, KindCounts>;
  const typeIds: string[] = [...FRAUD_TYPE_IDS];
  for (const id of lib.types.keys()) if (!typeIds.includes(id)) typeIds.push(id);
  const types: Record<string, KindCounts> = Object.fromEntries(typeIds.map((t) => [t, zero()]));
  const coverage: Record<string, Record<Audience, KindCounts>> = Object.fromEntries(
    typeIds.map((t) => [t, Object.fromEntries(AUDIENCES.map((a) => [a, zero()])) as Record<Audience, KindCounts>]),
  );
  const seasons: Record<string, { tips: number; articles: number }> = {};

  const add = (
    kind: keyof KindCounts,
    item: { audiences: readonly Audience[]; types: readonly FraudTypeId[]; season?: { label: string } | undefined },
  ) => {
    for (const a of item.audiences) audiences[a][kind]++;
    for (const t of item.types) {
      types[t] ??= zero();
      types[t][kind]++;
      for (const a of item.audiences) {
        coverage[t] ??= Object.fromEntries(AUDIENCES.map((x) => [x, zero()])) as Record<Audience, KindCounts>;
        coverage[t][a][kind]++;
      }
    }
    if (kind !== 'quizzes') {
      const label = item.season?.label ?? NO_SEASON;
      seasons[label] ??= { tips: 0, articles: 0 };
      seasons[label][kind]++;
    }
  };
  for (const t of lib.tips) add('tips', t);
  for (const a of lib.articles) add('articles', a);
  for (const q of lib.quizzes.values()) add('quizzes', q);

  return {
    kinds: {
      tips: lib.tips.length,
      articles: lib.articles.length,
      quizzes: lib.quizzes.size,
      types: lib.types.size,
      ruleItems: lib.ruleItems.size,
    },
    audiences,
    types,
    seasons,
    coverage,
  };
}

const AUDIENCE_ZH: Record<Audience, string> = { students: '学生', staff: '教职工', parents: '家长' };

function typeName(lib: LibraryDraft, id: string): string {
  const t = lib.types.get(id as FraudTypeId);
  return t ? `${t.name.zh} (${id})` : id;
}

const cell = (k: KindCounts) => `${k.tips} / ${k.articles} / ${k.quizzes}`;

/** The Markdown coverage table written into content/README.md. */
export function coverageMarkdown(lib: LibraryDraft, counts: LibraryCounts): string {
  const lines = [
    `| 诈骗类型 | ${AUDIENCES.map((a) => `${AUDIENCE_ZH[a]} ${a}`).join(' | ')} | 合计 total |`,
    `|---|${AUDIENCES.map(() => '---:').join('|')}|---:|`,
  ];
  const gaps: string[] = [];
  for (const [type, byAudience] of Object.entries(counts.coverage)) {
    const total = counts.types[type] ?? zero();
    lines.push(`| ${typeName(lib, type)} | ${AUDIENCES.map((a) => cell(byAudience[a])).join(' | ')} | ${cell(total)} |`);
    for (const a of AUDIENCES) if (byAudience[a].tips === 0) gaps.push(`${type}×${a}`);
  }
  const all = counts.kinds;
  lines.push(
    `| **全部 all** | ${AUDIENCES.map((a) => cell(counts.audiences[a])).join(' | ')} | ${all.tips} / ${all.articles} / ${all.quizzes} |`,
  );
  const out = [
    '每格为 提示 / 文章 / 测验 的条数 (tips / articles / quizzes)；一条内容面向多个类型或对象时，每个都计一次。',
    '',
    ...lines,
    '',
    `类型 ${all.types} 个，口诀条目 ${all.ruleItems} 条。`,
  ];
  if (gaps.length > 0) out.push('', `还没有提示的组合 (no tips yet): ${gaps.join(', ')}`);
  return out.join('\n');
}

export const COVERAGE_START = '<!-- coverage:start (written by npm run content:check; do not edit by hand) -->';
export const COVERAGE_END = '<!-- coverage:end -->';

/** Replaces the text between the coverage markers; undefined if the markers are missing. */
export function replaceCoverage(readme: string, table: string): string | undefined {
  const start = readme.indexOf('<!-- coverage:start');
  const end = readme.indexOf(COVERAGE_END);
  if (start < 0 || end < start) return undefined;
  return `${readme.slice(0, start)}${COVERAGE_START}\n${table}\n${readme.slice(end)}`;
}

/** Width of a string in a terminal: CJK and full-width characters take two columns. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    w +=
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      c >= 0x20000
        ? 2
        : 1;
  }
  return w;
}

/** A plain-text table with aligned columns; numbers are right-aligned. */
export function textTable(head: string[], rows: (string | number)[][]): string {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const widths = head.map((_, i) => Math.max(...cells.map((r) => displayWidth(r[i] ?? ''))));
  return cells
    .map((r, ri) =>
      r
        .map((c, i) => {
          const pad = ' '.repeat(widths[i]! - displayWidth(c));
          return ri > 0 && i > 0 && /^\d+$/.test(c) ? pad + c : c + pad;
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** The tables `npm run content:check` prints. */
export function countTables(lib: LibraryDraft, counts: LibraryCounts): string {
  const k = counts.kinds;
  const parts = [
    '按种类 by kind',
    textTable(
      ['kind', 'count'],
      [
        ['tips', k.tips],
        ['articles', k.articles],
        ['quizzes', k.quizzes],
        ['types', k.types],
        ['rule items', k.ruleItems],
      ],
    ),
    '',
    '按对象 by audience',
    textTable(
      ['audience', 'tips', 'articles', 'quizzes'],
      AUDIENCES.map((a) => [`${AUDIENCE_ZH[a]} ${a}`, counts.audiences[a].tips, counts.audiences[a].articles, counts.audiences[a].quizzes]),
    ),
    '',
    '按类型 by fraud type',
    textTable(
      ['type', 'tips', 'articles', 'quizzes'],
      Object.entries(counts.types).map(([t, c]) => [typeName(lib, t), c.tips, c.articles, c.quizzes]),
    ),
    '',
    '按季节 by season',
    textTable(
      ['season', 'tips', 'articles'],
      Object.entries(counts.seasons)
        .sort(([a], [b]) => (a === NO_SEASON ? 1 : b === NO_SEASON ? -1 : a.localeCompare(b, 'zh')))
        .map(([s, c]) => [s, c.tips, c.articles]),
    ),
  ];
  return parts.join('\n');
}
