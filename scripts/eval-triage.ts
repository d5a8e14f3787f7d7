/**
 * `npm run eval:triage`: the triage engine's precision and recall on the labelled sets.
 * USAGE below is what --help prints; scripts/cli.ts has what the tools share.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/paths.ts';
import { createTriageFromDir } from '../src/triage/index.ts';
import { evaluate, GOALS, meetsGoals, parseLabelledJsonl, splitOf, type EvalReport } from '../src/triage/eval.ts';
import { contentDirFromEnv, ENV_NOTE, loadContent, parseCommandLine, runTool } from './cli.ts';

const DEFAULT_FILES = ['triage-dev.jsonl', 'triage-blind.jsonl'].map((f) => join(PROJECT_ROOT, 'test/fixtures', f));

const USAGE = `Usage: npm run eval:triage [-- options]

Runs the triage engine over labelled sets and prints, for the tuning split, the holdout, the blind
split and all (empty splits are skipped): scam recall (caught = risk medium/high; also with low),
the false-positive rate on ordinary messages (medium/high on a null label), type accuracy, and
precision/recall per fraud type.

  --file <path>   a labelled .jsonl set; may be given more than once (default: the dev set
                  test/fixtures/triage-dev.jsonl and the blind set test/fixtures/triage-blind.jsonl)
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
    `${name.padEnd(8)} n=${String(r.n).padStart(3)} scams=${String(r.scams).padStart(3)} ordinary=${String(r.ordinary).padStart(3)}  ` +
    `recall(med+)=${pct(r.scamRecall)} recall(low+)=${pct(r.scamRecallLow)}  FP(med+)=${pct(r.fpRate)} FP(low+)=${pct(r.fpRateLow)}  ` +
    `typeAcc=${pct(r.typeAccuracy)} (caught ${pct(r.typeAccuracyCaught)})  ${meetsGoals(r) ? 'goals met' : 'GOALS MISSED'}`;
  console.log(`goals: scam recall ≥ ${GOALS.scamRecall}, FP rate ≤ ${GOALS.fpRate}, type accuracy ≥ ${GOALS.typeAccuracy}`);
  for (const [name, r] of reports) console.log(line(r, name));
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
  const all = files.flatMap((f) => parseLabelledJsonl(readFileSync(f, 'utf8')));
  const splits = (
    [
      ['tune', all.filter((m) => splitOf(m) === 'tune')],
      ['holdout', all.filter((m) => splitOf(m) === 'holdout')],
      ['blind', all.filter((m) => splitOf(m) === 'blind')],
      ['all', all],
    ] as const
  ).filter(([, msgs]) => msgs.length > 0);
  const reports = splits.map(([name, msgs]) => [name, evaluate(triage, msgs)] as const);

  if (values.json) {
    const out = Object.fromEntries(reports.map(([name, r]) => [name, { ...r, errors: values.errors ? r.errors : r.errors.length }]));
    process.stdout.write(`${JSON.stringify({ goals: GOALS, ...out }, null, 2)}\n`);
  } else printTables(reports, values.errors ?? false);
  return values.check && !reports.every(([, r]) => meetsGoals(r)) ? 1 : 0;
});
