/**
 * `npm run eval:triage`: the triage engine's precision and recall on the labelled sets.
 * USAGE below is what --help prints; scripts/cli.ts has what the tools share.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { loadLibraryOrThrow } from '../src/content/library.ts';
import { PROJECT_ROOT } from '../src/paths.ts';
import { createTriageFromDir } from '../src/triage/index.ts';
import { evaluate, GOALS, libraryFlagRate, meetsGoals, parseLabelledJsonl, splitOf, type EvalReport, type LabelledMessage } from '../src/triage/eval.ts';
import { contentDirFromEnv, ENV_NOTE, loadContent, parseCommandLine, runTool } from './cli.ts';

const DEFAULT_FILES = ['triage-dev.jsonl', 'triage-blind.jsonl', 'triage-tune2.jsonl', 'triage-blind2.jsonl'].map((f) => join(PROJECT_ROOT, 'test/fixtures', f));

const USAGE = `Usage: npm run eval:triage [-- options]

Runs the triage engine over labelled sets and prints, for each set's splits (file:split) and all:
scam recall (caught = risk medium/high; also with low), the false-positive rate on messages
without a fraud label (medium/high), of which anti-fraud warnings apart, type accuracy, recall and
false positives per language, and precision/recall per fraud type. Then the share of the content
library's own tips and articles flagged medium/high (each one a false positive).

  --file <path>   a labelled .jsonl set; may be given more than once (default: the dev set
                  test/fixtures/triage-dev.jsonl, the first blind set triage-blind.jsonl, the
                  tune set triage-tune2.jsonl and the blind set triage-blind2.jsonl)
  --errors        also list every message the engine got wrong
  --json          print the figures as one JSON object
  --check         exit 1 when a goal is missed on any split (recall ≥ ${GOALS.scamRecall}, FP ≤ ${GOALS.fpRate}, type accuracy ≥ ${GOALS.typeAccuracy})
  -h, --help      show this help

Examples:
  npm run eval:triage -- --check
  npm run eval:triage -- --errors --file my-set.jsonl

Environment:
  CONTENT_DIR  the content library whose triage/ folder holds the patterns (default: the project's content/)
  ${ENV_NOTE}
Exit status: 0 done, 2 a wrong command line, 1 a goal missed with --check, or anything else
(e.g. a set that cannot be read).
`;

type SplitReports = readonly (readonly [string, EvalReport])[];

function printTables(reports: SplitReports, withErrors: boolean): void {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const line = (r: EvalReport, name: string) =>
    `${name.padEnd(22)} n=${String(r.n).padStart(3)} scams=${String(r.scams).padStart(3)} ordinary=${String(r.ordinary).padStart(3)}  ` +
    `recall(med+)=${pct(r.scamRecall)} recall(low+)=${pct(r.scamRecallLow)}  FP(med+)=${pct(r.fpRate)} FP(low+)=${pct(r.fpRateLow)}  ` +
    `typeAcc=${pct(r.typeAccuracy)} (caught ${pct(r.typeAccuracyCaught)})  ${meetsGoals(r) ? 'goals met' : 'GOALS MISSED'}`;
  console.log(`goals: scam recall ≥ ${GOALS.scamRecall}, FP rate ≤ ${GOALS.fpRate}, type accuracy ≥ ${GOALS.typeAccuracy}`);
  for (const [name, r] of reports) console.log(line(r, name));
  for (const [name, r] of reports) {
    const langs = Object.entries(r.byLang).map(([l, x]) => `${l}: recall ${pct(x.scamRecall)} (${x.scams}) FP ${pct(x.fpRate)} (${x.ordinary})`);
    console.log(`${name.padEnd(22)} warnings=${r.warnings} flagged ${pct(r.warningFpRate)}  ${langs.join('  ')}`);
  }
  for (const [name, r] of reports) {
    if (name === 'all') continue;
    console.log(`\nper type (${name}): precision / recall (support, predicted)`);
    for (const [t, m] of Object.entries(r.perType)) {
      console.log(`  ${t.padEnd(16)} P=${pct(m.precision).padStart(6)} R=${pct(m.recall).padStart(6)} (${m.support}, ${m.predicted})`);
    }
  }
  if (withErrors) {
    for (const [name, r] of reports) {
      if (name === 'all') continue;
      console.log(`\nerrors (${name}):`);
      for (const e of r.errors) console.log(`  ${e.id} label=${e.label} risk=${e.risk} type=${e.type} score=${e.score} ${e.text}`);
    }
  }
}

runTool('eval:triage', () => {
  const { values } = parseCommandLine(USAGE, {
    options: { file: { type: 'string', multiple: true }, errors: { type: 'boolean' }, json: { type: 'boolean' }, check: { type: 'boolean' } },
  });
  const files = values.file ?? DEFAULT_FILES;
  const triage = loadContent(contentDirFromEnv(), createTriageFromDir);
  const sets = files.map((f) => [basename(f, '.jsonl'), parseLabelledJsonl(readFileSync(f, 'utf8'))] as const);
  const splits: (readonly [string, readonly LabelledMessage[]])[] = sets.flatMap(([set, msgs]) =>
    (['tune', 'holdout', 'blind'] as const).map((split) => [`${set}:${split}`, msgs.filter((m) => splitOf(m) === split)] as const),
  );
  splits.push(['all', sets.flatMap(([, msgs]) => msgs)]);
  const reports = splits.filter(([, msgs]) => msgs.length > 0).map(([name, msgs]) => [name, evaluate(triage, msgs)] as const);
  const library = loadLibraryOrThrow(contentDirFromEnv());
  const tips = libraryFlagRate(triage, library.tips.flatMap((t) => [{ id: t.id, text: t.text }, ...(t.en ? [{ id: `${t.id}/en`, text: t.en }] : [])]));
  const articles = libraryFlagRate(triage, library.articles.map((a) => ({ id: a.id, text: `${a.title}\n${a.summary}\n${a.body}` })));

  if (values.json) {
    const out = Object.fromEntries(reports.map(([name, r]) => [name, { ...r, errors: values.errors ? r.errors : r.errors.length }]));
    process.stdout.write(`${JSON.stringify({ goals: GOALS, ...out, library: { tips, articles } }, null, 2)}\n`);
  } else {
    printTables(reports, values.errors ?? false);
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    console.log(`\nlibrary (goal ≤ 2% medium/high): tips ${tips.flagged}/${tips.n} = ${pct(tips.rate)}, articles ${articles.flagged}/${articles.n} = ${pct(articles.rate)}`);
    if (values.errors) console.log(`  flagged: ${[...tips.ids, ...articles.ids].join(' ')}`);
  }
  return values.check && !reports.every(([, r]) => meetsGoals(r)) ? 1 : 0;
});
