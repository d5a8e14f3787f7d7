/**
 * `npm run train:triage`: trains the learned triage score (src/triage/model.ts) from the data files
 * in the repository and writes content/triage/model.json. Deterministic: a fixed seed for the
 * shuffle, fixed epochs and rates, weights rounded to 4 decimals. The sources are listed in
 * content/triage/DATA.md; holdout and blind splits are never trained on.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadLibraryOrThrow } from '../src/content/library.ts';
import { PROJECT_ROOT } from '../src/paths.ts';
import { parseLabelledJsonl, splitOf } from '../src/triage/eval.ts';
import { features, MODEL_CLASSES, scoreFeatures, type ModelClass, type ModelFile } from '../src/triage/model.ts';
import { normalize } from '../src/triage/normalize.ts';

const BUCKETS = 1 << 15;
const MAX_N = 3;
const EPOCHS = 12;
const RATE = 0.5;
const L2 = 1e-6;
const SEED = 18;

type Example = { text: string; cls: ModelClass; source: string };

function examples(): Example[] {
  const out: Example[] = [];
  for (const f of ['triage-dev.jsonl', 'triage-tune2.jsonl']) {
    for (const m of parseLabelledJsonl(readFileSync(join(PROJECT_ROOT, 'test/fixtures', f), 'utf8'))) {
      if (splitOf(m) !== 'tune') continue;
      out.push({ text: m.text, cls: m.label ? 'scam' : m.class === 'warning' ? 'warning' : 'ordinary', source: f });
    }
  }
  const library = loadLibraryOrThrow(join(PROJECT_ROOT, 'content'));
  for (const t of library.tips) for (const text of [t.text, t.en ?? '']) if (text) out.push({ text, cls: 'warning', source: 'content/tips' });
  for (const a of library.articles) {
    for (const para of a.body.split(/\n\s*\n/)) if (para.trim().length >= 20) out.push({ text: para, cls: 'warning', source: 'content/articles' });
  }
  // Quiz scenarios are the scam messages themselves; only the explanations are warnings.
  for (const q of library.quizzes.values()) out.push({ text: q.explain, cls: 'warning', source: 'content/quizzes (explain)' });
  return out;
}

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const data = examples().map((e) => ({ ...e, feats: features(normalize(e.text).squeezed, BUCKETS, MAX_N), y: MODEL_CLASSES.indexOf(e.cls) }));
const weights = new Array<number>(BUCKETS * 3).fill(0);
const bias = [0, 0, 0];
const rand = mulberry32(SEED);
const order = data.map((_, i) => i);
for (let epoch = 0; epoch < EPOCHS; epoch++) {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const rate = RATE / (1 + epoch);
  for (const k of order) {
    const ex = data[k]!;
    const p = scoreFeatures({ bias, weights }, ex.feats);
    const scale = ex.feats.length > 0 ? 1 / Math.sqrt(ex.feats.length) : 0;
    for (let c = 0; c < 3; c++) {
      const g = p[c]! - (c === ex.y ? 1 : 0);
      bias[c]! -= rate * g;
      for (const f of ex.feats) weights[f * 3 + c] = weights[f * 3 + c]! * (1 - rate * L2) - rate * g * scale;
    }
  }
}
const round = (x: number) => Math.round(x * 1e4) / 1e4;
const trainedOn: Record<string, number> = {};
for (const e of data) trainedOn[`${e.source}:${e.cls}`] = (trainedOn[`${e.source}:${e.cls}`] ?? 0) + 1;
const model: ModelFile = { version: 1, buckets: BUCKETS, maxN: MAX_N, classes: ['scam', 'warning', 'ordinary'], bias: bias.map(round), weights: weights.map(round), trainedOn };
const path = join(PROJECT_ROOT, 'content/triage/model.json');
writeFileSync(path, `${JSON.stringify(model)}\n`);
const correct = data.filter((e) => {
  const p = scoreFeatures(model, e.feats);
  return p.indexOf(Math.max(...p)) === e.y;
}).length;
console.log(`train:triage: ${data.length} examples, training accuracy ${(correct / data.length).toFixed(3)}; wrote ${path}`);
console.log(JSON.stringify(trainedOn));
