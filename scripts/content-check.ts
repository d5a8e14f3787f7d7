/**
 * npm run content:check [dir] [--json]
 *
 * Validates the content library (default: content/) and its triage/ folder, prints every problem as
 * `file:line field: message` on stderr, then the counts (tables, or one JSON object with --json)
 * on stdout. Exits 1 on any problem. On success it rewrites the coverage table between the
 * markers in <dir>/README.md.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { loadLibrary } from '../src/content/library.ts';
import { countLibrary, countTables, coverageMarkdown, replaceCoverage } from '../src/content/stats.ts';
import { formatProblem } from '../src/content/yaml.ts';
import { loadTriageContent } from '../src/triage/index.ts';

function main(argv: string[]): number {
  const json = argv.includes('--json');
  const unknown = argv.filter((a) => a.startsWith('-') && a !== '--json');
  if (unknown.length > 0) {
    process.stderr.write(`unknown option ${unknown.join(' ')}\nusage: npm run content:check [dir] [--json]\n`);
    return 2;
  }
  const dir = argv.find((a) => !a.startsWith('-')) ?? 'content';
  if (!existsSync(dir)) {
    process.stderr.write(`${dir}: no such folder\n`);
    return 2;
  }

  const started = performance.now();
  const { problems: libraryProblems, draft } = loadLibrary(dir);
  // content/triage (patterns, exemplars, brands, advice) is content too: the bot refuses to start without it.
  const problems = [...libraryProblems, ...loadTriageContent(join(dir, 'triage'), join(dir, 'triage')).problems];
  const ms = Math.round(performance.now() - started);
  for (const p of problems) {
    process.stderr.write(`${formatProblem({ ...p, file: relative(process.cwd(), resolve(p.file)) || p.file })}\n`);
  }

  const counts = countLibrary(draft);
  if (json) {
    process.stdout.write(`${JSON.stringify({ dir, problems: problems.length, ...counts })}\n`);
  } else {
    process.stdout.write(`${countTables(draft, counts)}\n\n`);
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

process.exitCode = main(process.argv.slice(2));
