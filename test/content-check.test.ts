/** `npm run content:check`: problems on stderr relative to the cwd, counts, exit code, README table. */
import { checkContacts } from '../src/content/contacts.ts';
import { ContentReader } from '../src/content/reader.ts';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const FIXTURE = join(import.meta.dirname, 'fixtures', 'content-min');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const SCRIPT = join(ROOT, 'scripts', 'content-check.ts');

const work = mkdtempSync(join(tmpdir(), 'content-check-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function copy(name: string): string {
  const dir = join(work, name);
  cpSync(FIXTURE, dir, { recursive: true });
  cpSync(join(ROOT, 'content', 'triage'), join(dir, 'triage'), { recursive: true });
  return dir;
}

function check(...args: string[]) {
  const r = spawnSync(TSX, [SCRIPT, ...args], { cwd: work, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('content:check', () => {
  it('passes a valid library, prints the counts and writes the coverage table', () => {
    const dir = copy('ok');
    writeFileSync(
      join(dir, 'README.md'),
      '# lib\n\nbefore\n\n<!-- coverage:start -->\nold table\n<!-- coverage:end -->\n\nafter\n',
    );
    const r = check('ok');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/按种类 by kind\nkind\s+count\ntips\s+3\narticles\s+1\nquizzes\s+2\ntypes\s+13\nrule items\s+28\n/);
    expect(r.stdout).toContain('按对象 by audience');
    expect(r.stdout).toMatch(/寒假\s+1\s+0/);
    expect(r.stdout).toContain('coverage table updated');

    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    expect(readme).not.toContain('old table');
    expect(readme.startsWith('# lib\n\nbefore\n\n<!-- coverage:start')).toBe(true);
    expect(readme.endsWith('<!-- coverage:end -->\n\nafter\n')).toBe(true);
    expect(readme).toContain('| 刷单返利 (type-shuadan) | 1 / 1 / 1 | 0 / 0 / 0 | 0 / 1 / 0 | 1 / 1 / 1 |');
    expect(readme).toContain('| 冒充老师 (type-laoshi) | 0 / 0 / 0 | 0 / 0 / 0 | 1 / 0 / 0 | 1 / 0 / 0 |');

    // A second run changes nothing.
    expect(check('ok').stdout).toContain('is up to date');
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toBe(readme);
  });

  it('--json prints the counts as one JSON object', () => {
    copy('json');
    const r = check('json', '--json');
    expect(r.code).toBe(0);
    const counts = JSON.parse(r.stdout);
    expect(counts).toMatchObject({
      problems: 0,
      kinds: { tips: 3, articles: 1, quizzes: 2, types: 13, ruleItems: 28 },
      audiences: { students: { tips: 2, articles: 1, quizzes: 1 } },
      types: { 'type-laoshi': { tips: 1, articles: 0, quizzes: 0 } },
      seasons: { 寒假: { tips: 1, articles: 0 }, '(none)': { tips: 2, articles: 1 } },
      coverage: { 'type-lingdao': { staff: { tips: 1, articles: 0, quizzes: 0 } } },
    });
  });

  it('prints each problem as file:line field: message relative to the cwd and exits 1', () => {
    const dir = copy('broken');
    const tips = join(dir, 'tips/01-test.yaml');
    writeFileSync(tips, readFileSync(tips, 'utf8').replace('from: "01-10"', 'from: "13-40"'));
    writeFileSync(join(dir, 'README.md'), '<!-- coverage:start -->\nold\n<!-- coverage:end -->\n');

    const r = check('broken');
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe(
      'broken/tips/01-test.yaml:8 [0].season.from: expected a valid month-day "MM-DD" (e.g. "09-01")',
    );
    expect(r.stderr).toContain('1 problem in broken');
    expect(r.stdout).toContain('按种类 by kind'); // the counts of what did load
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toContain('old'); // not rewritten

    const j = check('broken', '--json');
    expect(j.code).toBe(1);
    expect(JSON.parse(j.stdout)).toMatchObject({ problems: 1, kinds: { tips: 2 } });
    expect(j.stderr).toContain('broken/tips/01-test.yaml:8 [0].season.from');
  });

  it('reports a YAML alias with no anchor as a problem of its line, not a crash', () => {
    const dir = copy('alias');
    const tips = join(dir, 'tips/01-test.yaml');
    writeFileSync(tips, readFileSync(tips, 'utf8').replace('audiences: [parents]', 'audiences: *nowhere'));
    const r = check('alias');
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe('alias/tips/01-test.yaml:12 (file): YAML: Unresolved alias (the anchor must be set before the alias): nowhere');
  });

  it('fails on an item without its English, naming it, with a count line', () => {
    const dir = copy('english');
    const tips = join(dir, 'tips/02-test.yaml');
    writeFileSync(tips, readFileSync(tips, 'utf8').replace(/ {2}en: .*\n/, ''));
    const r = check('english', '--json');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('english/tips/02-test.yaml:2 [0].en: tip-0003 has no English (add en: beside text:)\n');
    expect(r.stderr).toContain('1 item without English');
    expect(r.stderr).toContain('1 problem in english');
    expect(JSON.parse(r.stdout)).toMatchObject({ problems: 1, missingEnglish: 1 });
  });

  it('fails on a triage red flag or brand without its English', () => {
    const dir = copy('triage-english');
    const edit = (file: string, from: string, to: string) => writeFileSync(join(dir, file), readFileSync(join(dir, file), 'utf8').replace(from, to));
    edit('triage/patterns.yaml', '{label: 要求垫付本金, en: "Asks you to pay the principal up front", ', '{label: 要求垫付本金, ');
    edit('triage/patterns.yaml', '    label: 要求保密\n    en: "Demands secrecy"\n', '    label: 要求保密\n');
    edit('triage/brands.yaml', '{name: 支付宝, en: "Alipay", ', '{name: 支付宝, ');
    const r = check('triage-english', '--json');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^triage-english\/triage\/patterns\.yaml:\d+ types\[0\]\.groups\[2\]\.label: red flag 要求垫付本金 has no English \(add en: beside label:\)$/m);
    expect(r.stderr).toMatch(/^triage-english\/triage\/patterns\.yaml:\d+ generic\[2\]\.label: red flag 要求保密 has no English/m);
    expect(r.stderr).toMatch(/^triage-english\/triage\/brands\.yaml:\d+ brands\[10\]\.name: brand 支付宝 has no English \(add en: beside name:\)$/m);
    expect(r.stderr).toContain('3 items without English');
    expect(JSON.parse(r.stdout)).toMatchObject({ problems: 3, missingEnglish: 3 });
  });

  it('checks content/triage too, with the same file:line field: message form', () => {
    const dir = copy('triage');
    const advice = join(dir, 'triage/advice.yaml');
    writeFileSync(advice, readFileSync(advice, 'utf8').replace('- key: stop-now', '- key: Stop_Now'));
    const r = check('triage');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^triage\/triage\/advice\.yaml:3 \[0\]\.key: advice keys are kebab-case$/m);
  });
});

describe('links and numbers in the library', () => {
  const found = (text: string) => {
    const reader = new ContentReader('/library');
    checkContacts(reader, 'tips/x.yaml', text, { line: 3, field: 'en' });
    return reader.problems.map((p) => p.message);
  };

  it('allows the reporting site before English punctuation, and still names another link without it', () => {
    expect(found('Report it at www.12321.cn, by phone on 010-12321, or at https://www.12321.cn.')).toEqual([]);
    expect(found('Do not open www.bank-verify.example, it is fake.')).toEqual(['link www.bank-verify.example: the library carries no links (only www.12321.cn for reporting)']);
    expect(found('登录 http://fake.example/login。')).toEqual(['link http://fake.example/login: the library carries no links (only www.12321.cn for reporting)']);
  });
});
