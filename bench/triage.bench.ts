/**
 * Triage engine benchmark: messages per second and p99 latency over the dev set, against a
 * naive baseline measured in the same run — every content phrase as its own RegExp
 * (separator-tolerant, so 刷 单 still matches) tested over the raw text, i.e. the phrase
 * matching alone, without normalisation, entities, links or scoring.
 *
 * Prints JSON lines:
 *   {"bench":"triage.throughput","unit":"msg/s","value":…,"baseline":…,"ratio":…}
 *   {"bench":"triage.p99","unit":"ms","value":…,"baseline":…,"ratio":…}
 * Goals: throughput ≥ 5× baseline, p99 ≤ 2 ms.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTriageContent, createTriage } from '../src/triage/index.ts';
import { parseLabelledJsonl } from '../src/triage/eval.ts';
import { PROJECT_ROOT } from '../src/paths.ts';

const content = loadTriageContent(join(PROJECT_ROOT, 'content/triage')).value;
if (!content) throw new Error('content/triage is invalid; run npm run content:check');
const texts = parseLabelledJsonl(readFileSync(join(PROJECT_ROOT, 'test/fixtures/triage-dev.jsonl'), 'utf8')).map((m) => m.text);
const triage = createTriage(content);

// ---- naive baseline: one RegExp per phrase over the raw text ----------------------------------
const escape = (c: string) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const phrases = new Set<string>();
const p = content.patterns;
for (const t of p.types) for (const g of t.groups) g.p.forEach((x) => phrases.add(x));
for (const g of [...p.generic, ...p.negative]) g.p.forEach((x) => phrases.add(x));
p.detectors.code.words.forEach((x) => phrases.add(x));
p.detectors.screenShare.strong.forEach((x) => phrases.add(x));
const naive = [...phrases].map((ph) => new RegExp([...ph].map(escape).join('[^\\p{L}\\p{N}]*'), 'iu'));
const baseline = (text: string): number => {
  let hits = 0;
  for (const re of naive) if (re.test(text)) hits++;
  return hits;
};

function measure(fn: (text: string) => unknown, rounds: number): { perSec: number; p99: number } {
  for (let i = 0; i < 2; i++) for (const t of texts) fn(t); // warm up
  const lat = new Float64Array(texts.length * rounds);
  let k = 0;
  const start = performance.now();
  for (let r = 0; r < rounds; r++) {
    for (const t of texts) {
      const a = performance.now();
      fn(t);
      lat[k++] = performance.now() - a;
    }
  }
  const total = performance.now() - start;
  lat.sort();
  return { perSec: (texts.length * rounds) / (total / 1000), p99: lat[Math.floor(lat.length * 0.99)]! };
}

const rounds = Number(process.env.BENCH_ROUNDS ?? 20);
const base = measure(baseline, Math.max(1, Math.floor(rounds / 4)));
const eng = measure(triage, rounds);
const r2 = (x: number) => Math.round(x * 100) / 100;
const r4 = (x: number) => Math.round(x * 10000) / 10000;
console.log(
  JSON.stringify({ bench: 'triage.throughput', unit: 'msg/s', value: Math.round(eng.perSec), baseline: Math.round(base.perSec), ratio: r2(eng.perSec / base.perSec) }),
);
console.log(JSON.stringify({ bench: 'triage.p99', unit: 'ms', value: r4(eng.p99), baseline: r4(base.p99), ratio: r2(eng.p99 / base.p99) }));
// For reference (stderr): a plainer baseline of literal RegExps, which does not even find 刷 单.
const literal = [...phrases].map((ph) => new RegExp([...ph].map(escape).join(''), 'iu'));
const lit = measure((text) => literal.reduce((h, re) => h + (re.test(text) ? 1 : 0), 0), Math.max(1, Math.floor(rounds / 4)));
console.error(
  `(${texts.length} messages, ${naive.length} baseline patterns, ${rounds} rounds; ` +
    `literal-RegExp baseline ${Math.round(lit.perSec)} msg/s, ratio ${r2(eng.perSec / lit.perSec)}, p99 ${r4(lit.p99)} ms)`,
);
const long = '兼职刷单，先垫付本金，点击 http://xx.example/a 加vx: ab12345。'.repeat(200).slice(0, content.patterns.maxChars);
const t0 = performance.now();
for (let i = 0; i < 20; i++) triage(long);
console.error(`(a ${long.length}-char message: ${r4((performance.now() - t0) / 20)} ms)`);
