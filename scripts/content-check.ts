/**
 * `npm run content:check`: validates the content library and keeps its coverage table.
 * USAGE below is what --help prints; scripts/cli.ts has what the tools share.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { loadLibrary } from '../src/content/library.ts';
import { countLibrary, countTables, coverageMarkdown, replaceCoverage } from '../src/content/stats.ts';
import { formatProblem } from '../src/content/yaml.ts';
import { missingTriageEnglish } from '../src/triage/english.ts';
import { loadTriageContent } from '../src/triage/index.ts';
import { CliError, parseCommandLine, runTool, usageError } from './cli.ts';

const USAGE = `Usage: npm run content:check [-- [dir] [--json]]

Validates the content library (tips, articles, quizzes, rules, reference) and its triage/ folder.
Every problem goes to stderr as \`file:line field: message\`; the counts go to stdout (tables, or one
JSON object with --json). When there is no problem, it rewrites the coverage table between the
markers in <dir>/README.md.

An item without its English (a tip's en:, an article's NNN-slug.en.md, a question's en:, a triage
red flag's or brand's en:) is a problem too, with a count line of its own: every item has both
languages.

  dir           the library's folder (default: content)
  --json        print the counts as one JSON object
  -h, --help    show this help

Examples:
  npm run content:check
  npm run content:check -- content --json

Environment: none is read (the folder is the argument, not CONTENT_DIR).
Exit status: 0 no problem, 1 a problem in the content (an item without English is one), 2 a wrong
command line.
`;

function main(): number {
  const { values, positionals } = parseCommandLine(USAGE, { options: { json: { type: 'boolean' } }, allowPositionals: true });
  if (positionals.length > 1) throw usageError(`one folder at most (got ${positionals.join(' ')})`);
  const json = values.json ?? false;
  const dir = positionals[0] ?? 'content';
  if (!existsSync(dir)) throw new CliError(`${dir}: no such folder`, 2);

  const started = performance.now();
  const { problems: libraryProblems, draft, missingEnglish: libraryEnglish } = loadLibrary(dir);
  // content/triage (patterns, exemplars, brands, advice) is content too: the bot refuses to start without it.
  const triage = loadTriageContent(join(dir, 'triage'), join(dir, 'triage'));
  const missingEnglish = [...libraryEnglish, ...(triage.value ? missingTriageEnglish(triage.value, join(dir, 'triage'), triage.lines) : [])];
  const problems = [...libraryProblems, ...triage.problems, ...missingEnglish];
  const ms = Math.round(performance.now() - started);
  const show = (p: (typeof problems)[number]) => formatProblem({ ...p, file: relative(process.cwd(), resolve(p.file)) || p.file });
  for (const p of problems) process.stderr.write(`${show(p)}\n`);

  const counts = countLibrary(draft);
  if (json) {
    process.stdout.write(`${JSON.stringify({ dir, problems: problems.length, missingEnglish: missingEnglish.length, ...counts })}\n`);
  } else {
    process.stdout.write(`${countTables(draft, counts)}\n\n`);
  }
  if (missingEnglish.length > 0) {
    process.stderr.write(`\n${missingEnglish.length} item${missingEnglish.length === 1 ? '' : 's'} without English\n`);
  }

  if (problems.length > 0) {
    process.stderr.write(`\n${problems.length} problem${problems.length === 1 ? '' : 's'} in ${dir} (checked in ${ms} ms)\n`);
    return 1;
  }

  const readmePath = join(dir, 'README.md');
  let note = `${dir}: no problems (checked in ${ms} ms)`;
  if (existsSync(readmePath)) {
    const before = readFileSync(readmePath, 'utf8');
    const after = replaceCoverage(before, coverageMarkdown(draft, counts));
    if (after === undefined) note += `; ${readmePath} has no coverage markers, table not written`;
    else if (after !== before) {
      writeFileSync(readmePath, after);
      note += `; coverage table updated in ${readmePath}`;
    } else note += `; coverage table in ${readmePath} is up to date`;
  }
  if (!json) process.stdout.write(`${note}\n`);
  return 0;
}

runTool('content:check', main);
