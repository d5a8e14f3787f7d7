/**
 * npm run eval:triage [-- --errors] [-- --json] [-- --check] [-- --file path.jsonl ...]
 *
 * Runs the triage engine over the labelled sets (default: test/fixtures/triage-dev.jsonl and the
 * blind set test/fixtures/triage-blind.jsonl, written apart from the dev set and never tuned on
 * line by line) and prints precision/recall per type, scam recall (caught = risk medium/high;
 * also with low), false-positive rate on ordinary messages (medium/high on a null label) and type
 * accuracy — for the tuning split, the holdout, the blind split and all. Empty splits are skipped.
 * --check exits 1 when a goal is missed on any split (recall ≥ 0.9, FP ≤ 0.05, type acc ≥ 0.8).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTriageFromDir } from '../src/triage/index.ts';
import { evaluate, GOALS, meetsGoals, parseLabelledJsonl, splitOf, type EvalReport } from '../src/triage/eval.ts';

// A reader that stops early (`| head`) is not an error: stop quietly.
process.stdout.on('error', (err: NodeJS.ErrnoException) => process.exit(err.code === 'EPIPE' ? 0 : 1));

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const root = join(import.meta.dirname, '..');
const fileArgs = args.flatMap((a, i) => (args[i - 1] === '--file' ? [a] : []));
const files = fileArgs.length > 0 ? fileArgs : ['triage-dev.jsonl', 'triage-blind.jsonl'].map((f) => join(root, 'test/fixtures', f));
const contentDir = process.env.CONTENT_DIR ?? join(root, 'content');

const triage = createTriageFromDir(contentDir);
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

if (flag('--json')) {
  const out = Object.fromEntries(reports.map(([name, r]) => [name, { ...r, errors: flag('--errors') ? r.errors : r.errors.length }]));
  process.stdout.write(`${JSON.stringify({ goals: GOALS, ...out }, null, 2)}\n`);
} else {
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
  if (flag('--errors')) {
    for (const [name, r] of reports) {
      if (name === 'all') continue;
      console.log(`\nerrors (${name}):`);
      for (const e of r.errors) console.log(`  ${e.id} label=${e.label} risk=${e.risk} type=${e.type} score=${e.score} ${e.text}`);
    }
  }
}
if (flag('--check') && !reports.every(([, r]) => meetsGoals(r))) process.exitCode = 1;
