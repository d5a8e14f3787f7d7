/**
 * The content validator: a minimal valid library loads clean, and each kind of broken item is
 * rejected with the exact `file:line field` an editor must fix. Each test copies
 * test/fixtures/content-min/ to a temp folder and breaks one thing.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ContentInvalidError,
  loadLibrary,
  loadLibraryOrThrow,
  findNearDuplicates,
  trigramSimilarity,
} from '../src/content/library.ts';
import type { RichMessage } from '../src/core/message.ts';
import { contentRenderers } from '../src/services/delivery-message.ts';
import { formatProblem } from '../src/content/yaml.ts';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'content-min');
const made: string[] = [];

afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the minimal library with `edits` applied: file → [find, replace] pairs. */
function libraryWith(edits: Record<string, [string | RegExp, string][]> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'content-'));
  made.push(dir);
  cpSync(FIXTURE, dir, { recursive: true });
  for (const [rel, pairs] of Object.entries(edits)) {
    let text = readFileSync(join(dir, rel), 'utf8');
    for (const [find, replace] of pairs) {
      const next = text.replace(find, replace);
      if (next === text) throw new Error(`fixture edit did not apply in ${rel}: ${String(find)}`);
      text = next;
    }
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

/** Problems as an editor sees them, with files relative to the library folder. */
function problemsOf(dir: string): string[] {
  const { library, problems } = loadLibrary(dir);
  if (problems.length > 0) expect(library).toBeUndefined();
  return problems.map((p) => formatProblem({ ...p, file: relative(dir, p.file) }));
}

/** `file:line field` of each problem, without the message. */
function where(lines: string[]): string[] {
  return lines.map((l) => l.slice(0, l.indexOf(': ')));
}

describe('a valid library', () => {
  it('loads with zero problems and exposes the items by id', () => {
    const { library, problems } = loadLibrary(FIXTURE);
    expect(problems).toEqual([]);
    if (!library) throw new Error('no library');
    expect(library.types.size).toBe(13);
    expect([...library.types.keys()][0]).toBe('type-shuadan');
    expect([...library.ruleSets.keys()]).toEqual(['liugeyilv', 'shigefanshi', 'linghun8wen', 'sanbuyiduo']);
    expect(library.ruleItems.size).toBe(28);
    expect(library.ruleItems.get('rule-shigefanshi-10')).toMatchObject({ n: 10, family: 'shigefanshi' });
    expect(library.ruleSets.get('sanbuyiduo')?.items.map((i) => i.id)).toEqual([
      'rule-sanbuyiduo-1',
      'rule-sanbuyiduo-2',
      'rule-sanbuyiduo-3',
      'rule-sanbuyiduo-4',
    ]);
    expect(library.tips.map((t) => t.id)).toEqual(['tip-0001', 'tip-0002', 'tip-0003']);
    expect(library.tips[1]?.rules).toEqual([]); // `rules` may be left out
    expect(library.tipsById.get('tip-0001')?.season).toEqual({ label: '寒假', from: '01-10', to: '02-20' });
    expect(library.articles.map((a) => a.id)).toEqual(['article-001']);
    expect(library.articles[0]?.body.startsWith('**案例（综合案例')).toBe(true);
    expect([...library.quizzes.keys()]).toEqual(['quiz-0001', 'quiz-0002']);
    expect(library.quizzes.get('quiz-0001')?.scenario).toBeNull();
    expect(library.sources.get('src-test-a')?.grade).toBe('A');
    expect(library.hotlines.map((h) => h.number)).toEqual(['110', '96110', '12381', '12321']);
    expect(library.emergency.steps.map((s) => s.n)).toEqual([1, 2]);
    expect(library.app.steps.map((s) => s.key)).toEqual(['install', 'register', 'warning']);
    expect(library.law.map((l) => l.id)).toEqual(['law-test-1']);
  });

  it('loadLibraryOrThrow returns the library', () => {
    expect(loadLibraryOrThrow(FIXTURE).tips).toHaveLength(3);
  });
});

describe('the validator rejects', () => {
  it('a missing field', () => {
    const dir = libraryWith({ 'tips/01-test.yaml': [['  audiences: [parents]\n', '']] });
    expect(problemsOf(dir)).toEqual(['tips/01-test.yaml:10 [1].audiences: required field is missing']);
  });

  it('a missing field in article front matter, at the line in the .md file', () => {
    const dir = libraryWith({ 'articles/001-test.md': [['summary: 测试用的文章摘要。\n', '']] });
    expect(problemsOf(dir)).toEqual(['articles/001-test.md:3 summary: required field is missing']);
  });

  it('an over-long tip (151 characters), but not one of exactly 150', () => {
    const long = '长'.repeat(150);
    const ok = libraryWith({ 'tips/01-test.yaml': [[/text: 第二条.*\n/, `text: ${long}\n`]] });
    expect(problemsOf(ok)).toEqual([]);
    const dir = libraryWith({ 'tips/01-test.yaml': [[/text: 第二条.*\n/, `text: ${long}。\n`]] });
    expect(problemsOf(dir)).toEqual(['tips/01-test.yaml:11 [1].text: is 151 characters; at most 150']);
  });

  it('a bad season window', () => {
    const dir = libraryWith({ 'tips/01-test.yaml': [['from: "01-10"', 'from: "13-40"']] });
    const problems = problemsOf(dir);
    expect(where(problems)).toEqual(['tips/01-test.yaml:8 [0].season.from']);
    expect(problems[0]).toContain('valid month-day');
  });

  it('a season window that does not match its label', () => {
    const dir = libraryWith({ 'tips/01-test.yaml': [['to: "02-20"', 'to: "02-28"']] });
    expect(problemsOf(dir)).toEqual(['tips/01-test.yaml:8 [0].season.to: 寒假 is 01-10 → 02-20, not 01-10 → 02-28']);
  });

  it('a reference to an unknown fraud type', () => {
    const dir = libraryWith({ 'tips/01-test.yaml': [['types: [type-shuadan]', 'types: [type-shuadan, type-foo]']] });
    expect(problemsOf(dir)).toEqual(['tips/01-test.yaml:5 [0].types[1]: unknown fraud type type-foo (not in types.yaml)']);
  });

  it('a reference to an unknown fraud type in article front matter', () => {
    const dir = libraryWith({ 'articles/001-test.md': [['types: [type-shuadan]', 'types: [type-dianxin]']] });
    expect(problemsOf(dir)).toEqual(['articles/001-test.md:7 types[0]: unknown fraud type type-dianxin (not in types.yaml)']);
  });

  it('a reference to an unknown rule', () => {
    const dir = libraryWith({ 'quizzes/01-test.yaml': [['rules: [rule-shigefanshi-2]', 'rules: [rule-shigefanshi-11]']] });
    expect(problemsOf(dir)).toEqual(['quizzes/01-test.yaml:9 [0].rules[0]: unknown rule item rule-shigefanshi-11 (not in rules/)']);
  });

  it('a malformed rule id', () => {
    const dir = libraryWith({ 'quizzes/01-test.yaml': [['rules: [rule-shigefanshi-2]', 'rules: [shigefanshi-2]']] });
    expect(problemsOf(dir)).toEqual(['quizzes/01-test.yaml:9 [0].rules[0]: expected an id like rule-liugeyilv-1']);
  });

  it('a reference to an unknown source', () => {
    const dir = libraryWith({ 'rules/sanbuyiduo.yaml': [['sources: [src-test-b]', 'sources: [src-test-z]']] });
    expect(problemsOf(dir)).toEqual(['rules/sanbuyiduo.yaml:5 sources[0]: unknown source src-test-z (not in sources.yaml)']);
  });

  it('a near-duplicate tip, on the later tip, naming the earlier one and the similarity', () => {
    const earlier = '测试提示一：陌生人私信让你先垫钱做任务，这是测试句子，内容只用于检查加载器。';
    const later = '测试提示一：陌生人私信让你先垫钱做任务，这是另一个测试句子，内容只用于检查加载器。';
    const similarity = trigramSimilarity(earlier, later);
    expect(similarity).toBeGreaterThanOrEqual(0.5);
    const dir = libraryWith({ 'tips/02-test.yaml': [[/text: Placeholder.*\n/, `text: ${later}\n`]] });
    expect(problemsOf(dir)).toEqual([
      `tips/02-test.yaml:3 [0].text: near-duplicate of tip-0001 (tips/01-test.yaml:3): trigram similarity ${similarity.toFixed(2)} ≥ 0.5; vary the wording and the situation`,
    ]);
  });

  it('a YAML syntax error', () => {
    const dir = libraryWith({ 'quizzes/01-test.yaml': [['options: [测试选项丁, 测试选项戊]', 'options: [测试选项丁, 测试选项戊']] });
    // The parser notices the unclosed `[` on the next line; its follow-on errors are summed up.
    expect(problemsOf(dir)).toEqual([
      'quizzes/01-test.yaml:20 (file): YAML: Flow sequence in block collection must be sufficiently indented and end with a ] (and 4 more YAML errors after it; fix this one first)',
    ]);
  });

  it('a duplicate id across files', () => {
    const dir = libraryWith({ 'tips/02-test.yaml': [['id: tip-0003', 'id: tip-0001']] });
    expect(problemsOf(dir)).toEqual(['tips/02-test.yaml:2 [0].id: duplicate id tip-0001 (first defined at tips/01-test.yaml:2)']);
  });

  it('a malformed tip id', () => {
    const dir = libraryWith({ 'tips/02-test.yaml': [['id: tip-0003', 'id: tip-3']] });
    expect(problemsOf(dir)).toEqual(['tips/02-test.yaml:2 [0].id: expected an id like tip-0001']);
  });

  it('an unknown field', () => {
    const dir = libraryWith({ 'tips/02-test.yaml': [['  rules: []\n', '  rules: []\n  audience: [staff]\n']] });
    expect(problemsOf(dir)).toEqual(['tips/02-test.yaml:7 [0].audience: unknown field "audience"']);
  });

  it('rule items out of order', () => {
    const dir = libraryWith({ 'rules/sanbuyiduo.yaml': [['n: 3', 'n: 4']] });
    expect(problemsOf(dir)).toEqual(['rules/sanbuyiduo.yaml:20 items[2].n: expected n: 3 (items are numbered 1..N in order)']);
  });

  it('a rule family with an item missing', () => {
    const text = readFileSync(join(FIXTURE, 'rules/sanbuyiduo.yaml'), 'utf8');
    const last = text.slice(text.indexOf('  - id: rule-sanbuyiduo-4'));
    const dir = libraryWith({ 'rules/sanbuyiduo.yaml': [[last, '']] });
    expect(problemsOf(dir)).toEqual(['rules/sanbuyiduo.yaml:7 items: sanbuyiduo has 4 items, found 3']);
  });

  it('a missing fraud type', () => {
    const text = readFileSync(join(FIXTURE, 'types.yaml'), 'utf8');
    const laoshi = text.slice(text.indexOf('- id: type-laoshi'), text.indexOf('- id: type-bangxin'));
    const dir = libraryWith({ 'types.yaml': [[laoshi, '']] });
    expect(problemsOf(dir)).toEqual([
      'tips/01-test.yaml:13 [1].types[0]: unknown fraud type type-laoshi (not in types.yaml)',
      'types.yaml:1 (file): fraud type type-laoshi is missing',
    ]);
  });

  it('a composite article that does not say so', () => {
    const dir = libraryWith({ 'articles/001-test.md': [['**案例（综合案例，人物为化名）**', '**案例**']] });
    expect(where(problemsOf(dir))).toEqual(['articles/001-test.md:12 body']);
  });

  it('an article body that is too short', () => {
    const text = readFileSync(join(FIXTURE, 'articles/001-test.md'), 'utf8');
    const body = text.slice(text.indexOf('**案例'));
    const dir = libraryWith({ 'articles/001-test.md': [[body, '**案例（综合案例，人物为化名）**\n\n太短。拨打 110，或拨打 96110。\n']] });
    expect(problemsOf(dir)).toEqual(['articles/001-test.md:12 body: is 40 characters; must be 600–1500']);
  });

  it('an article whose file number and id differ', () => {
    const dir = libraryWith({ 'articles/001-test.md': [['id: article-001', 'id: article-002']] });
    expect(where(problemsOf(dir))).toEqual(['articles/001-test.md:3 id']);
  });

  it('a quiz answer out of range and a scenario quiz without its scenario', () => {
    const dir = libraryWith({
      'quizzes/01-test.yaml': [
        ['answer: 0', 'answer: 3'],
        ['scenario: 测试情景消息文字', 'scenario: null'],
      ],
    });
    expect(problemsOf(dir)).toEqual([
      'quizzes/01-test.yaml:7 [0].answer: answer 3 is out of range: options are numbered 0–2',
      'quizzes/01-test.yaml:17 [1].scenario: required when kind is scenario',
    ]);
  });

  it('an unquoted number where text is expected', () => {
    const dir = libraryWith({ 'quizzes/01-test.yaml': [['options: [测试选项丁, 测试选项戊]', 'options: [测试选项丁, 96110]']] });
    expect(problemsOf(dir)).toEqual([
      'quizzes/01-test.yaml:19 [1].options[1]: is the number 96110; put it in quotes ("96110") so that it stays text',
    ]);
  });

  it('a quiz with one option', () => {
    const dir = libraryWith({ 'quizzes/01-test.yaml': [['options: [测试选项丁, 测试选项戊]', 'options: [测试选项丁]'], ['answer: 1', 'answer: 0']] });
    expect(where(problemsOf(dir))).toEqual(['quizzes/01-test.yaml:19 [1].options', 'quizzes/01-test.yaml:26 [1].en.options']);
  });

  it('a source graded ✗', () => {
    const dir = libraryWith({ 'sources.yaml': [['grade: B', 'grade: ✗']] });
    const problems = where(problemsOf(dir));
    expect(problems).toContain('sources.yaml:11 [1].grade');
    // …and every item that cites it
    expect(problems).toContain('tips/01-test.yaml:14 [1].sources[0]');
  });

  it('a phone number that is not one of the hotlines', () => {
    const dir = libraryWith({ 'tips/02-test.yaml': [['English so that', 'English, call 95123 so that']] });
    expect(problemsOf(dir)).toEqual([
      'tips/02-test.yaml:3 [0].text: number 95123 is not one of the allowed hotlines (110, 96110, 12381, 12321)',
    ]);
  });

  it('a pledge commitment that names a number that is not a hotline, and an empty title', () => {
    const dir = libraryWith({
      'reference/pledge.yaml': [
        ['测试承诺一', '测试承诺一，拨打95123'],
        ['title: {zh: 测试承诺书', 'title: {zh: ""'],
      ],
    });
    expect(problemsOf(dir)).toEqual([
      'reference/pledge.yaml:2 title.zh: must not be empty',
    ]);
    const fixed = libraryWith({ 'reference/pledge.yaml': [['测试承诺一', '测试承诺一，拨打95123']] });
    expect(problemsOf(fixed)).toEqual(['reference/pledge.yaml:5 items[0].zh: number 95123 is not one of the allowed hotlines (110, 96110, 12381, 12321)']);
  });

  it('a missing file', () => {
    const dir = libraryWith();
    rmSync(join(dir, 'reference/app.yaml'));
    expect(problemsOf(dir)).toEqual(['reference/app.yaml:1 (file): file is missing']);
  });

  it('and loadLibraryOrThrow throws every problem, one per line', () => {
    const dir = libraryWith({
      'tips/01-test.yaml': [['from: "01-10"', 'from: "13-40"']],
      'quizzes/01-test.yaml': [['rules: [rule-shigefanshi-2]', 'rules: [rule-shigefanshi-11]']],
    });
    let error: unknown;
    try {
      loadLibraryOrThrow(dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ContentInvalidError);
    const lines = (error as Error).message.split('\n');
    expect(lines).toHaveLength(2);
    // grouped by file
    expect(lines[0]).toMatch(/quizzes\/01-test\.yaml:9 \[0\]\.rules\[0\]: unknown rule item/);
    expect(lines[1]).toMatch(/tips\/01-test\.yaml:8 \[0\]\.season\.from: /);
  });
});

describe('near-duplicate detection', () => {
  it('finds exactly the pairs a brute-force comparison finds, over 400 texts', () => {
    // Deterministic pseudo-random texts from a small alphabet, so that many pairs overlap.
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const words = ['陌生', '来电', '转账', '核实', '链接', '客服', '退款', '刷单', '返利', '垫付', '验证码', '老师'];
    const base = Array.from({ length: 40 }, () => Array.from({ length: 12 }, () => words[rand(words.length)]).join(''));
    // Each text is a base text with a few words changed, so near-duplicates are common.
    const texts = Array.from({ length: 400 }, (_, i) => {
      const parts = [...base[i % base.length]!];
      for (let k = 0; k < 1 + rand(12); k++) parts[rand(parts.length)] = words[rand(words.length)]!.slice(0, 1);
      return parts.join('');
    });
    const expected: string[] = [];
    for (let i = 0; i < texts.length; i++) {
      for (let j = 0; j < i; j++) {
        const s = trigramSimilarity(texts[i]!, texts[j]!);
        if (s >= 0.5) expected.push(`${i}>${j}:${s.toFixed(6)}`);
      }
    }
    const found = findNearDuplicates(texts, 0.5).map((p) => `${p.later}>${p.earlier}:${p.similarity.toFixed(6)}`);
    expect(expected.length).toBeGreaterThan(100);
    expect(expected.length).toBeLessThan((400 * 399) / 2);
    expect(found).toEqual(expected);
  });

  it('scores identical texts 1 and disjoint texts 0', () => {
    expect(trigramSimilarity('陌生来电不轻信', '陌生来电不轻信')).toBe(1);
    expect(trigramSimilarity('陌生来电不轻信', '未知链接不点击')).toBe(0);
  });
});

describe('English versions', () => {
  const missing = (dir: string) => loadLibrary(dir).missingEnglish.map((p) => formatProblem({ ...p, file: relative(dir, p.file) }));

  it('load beside the Chinese: a tip\'s en, an article\'s NNN-slug.en.md, a question\'s en', () => {
    const { library, missingEnglish } = loadLibrary(FIXTURE);
    expect(missingEnglish).toEqual([]);
    expect(library!.tipsById.get('tip-0001')!.en).toMatch(/^Test tip one/);
    expect(library!.articlesById.get('article-001')!.en).toMatchObject({ title: 'Test article', summary: 'A summary of the test article.' });
    expect(library!.articlesById.get('article-001')!.en!.body).toMatch(/^\*\*Case/);
    expect(library!.quizzes.get('quiz-0002')!.en).toEqual({
      scenario: 'Test scenario message',
      question: 'Test question two?',
      options: ['Test option D', 'Test option E'],
      explain: 'Test explanation two.',
    });
  });

  it('are what an English group is sent: the tip\'s en, the article\'s English title, summary and body; the Chinese elsewhere', () => {
    const render = contentRenderers(loadLibraryOrThrow(FIXTURE));
    const text = (m: RichMessage | undefined) => JSON.stringify(m);
    const tip = { id: 1, kind: 'tip', contentId: 'tip-0001' };
    const article = { id: 2, kind: 'article', contentId: 'article-001' };
    expect(text(render.tip(tip, 0, 'en'))).toContain('Test tip one: a stranger asks you');
    expect(text(render.tip(tip, 0, 'zh-CN'))).toContain('测试提示一');
    expect(text(render.tip(tip, 0, 'zh-CN'))).not.toContain('Test tip one');
    const english = text(render.article(article, 0, 'en'));
    expect(english).toContain('Test article');
    expect(english).toContain('A summary of the test article.');
    expect(english).toContain('This is placeholder text for testing the loader.');
    expect(english).not.toContain('测试文章');
    expect(text(render.article(article, 0, 'zh-CN'))).toContain('测试文章');
  });

  it('lists every item without its English at file:line field, apart from the problems', () => {
    const dir = libraryWith({
      'tips/01-test.yaml': [[/ {2}en: "Placeholder two.*\n/, '']],
      'quizzes/01-test.yaml': [[/ {2}en: \{scenario: null.*\n/, '']],
    });
    rmSync(join(dir, 'articles/001-test.en.md'));
    expect(problemsOf(dir)).toEqual([]);
    expect(missing(dir)).toEqual([
      'articles/001-test.md:1 en: article-001 has no English (add articles/001-test.en.md)',
      'quizzes/01-test.yaml:2 [0].en: quiz-0001 has no English (add en: with scenario, question, options, explain)',
      'tips/01-test.yaml:10 [1].en: tip-0002 has no English (add en: beside text:)',
    ]);
  });

  it('rejects an English article without its Chinese file or with another id, and a question whose English does not match', () => {
    const dir = libraryWith({
      'articles/001-test.en.md': [['id: article-001', 'id: article-002']],
      'quizzes/01-test.yaml': [['options: [Test option D, Test option E]', 'options: [Test option D]'], ['{scenario: Test scenario message,', '{scenario: null,']],
    });
    writeFileSync(join(dir, 'articles/002-orphan.en.md'), readFileSync(join(dir, 'articles/001-test.en.md'), 'utf8'));
    expect(problemsOf(dir)).toEqual([
      'articles/001-test.en.md:3 id: the file 001-….en.md must hold article-001, as articles/001-test.md does',
      'articles/002-orphan.en.md:1 (file): an English version needs its Chinese file articles/002-orphan.md beside it (the same name without .en)',
      'quizzes/01-test.yaml:26 [1].en.options: give the 2 options of the Chinese, in the same order',
      'quizzes/01-test.yaml:26 [1].en.scenario: required when kind is scenario',
    ]);
  });

  it('checks an English article body like the Chinese: a composite says so, and it ends with 110 or 96110', () => {
    const dir = libraryWith({ 'articles/001-test.en.md': [['a composite case; names are changed', 'names are changed'], ['call 110 at once; if you are unsure, call 96110 for advice', 'call the police']] });
    expect(where(problemsOf(dir))).toEqual(['articles/001-test.en.md:7 body', 'articles/001-test.en.md:7 body']);
  });
});
