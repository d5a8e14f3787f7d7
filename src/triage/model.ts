/**
 * The learned score beside the rules: multinomial logistic regression over hashed character
 * 1–3-grams of the normaliser's squeezed text, classes scam / warning / ordinary. Trained offline
 * by `npm run train:triage` (scripts/train-triage.ts) into content/triage/model.json; the rules
 * still give every explanation, the model only a probability (content/triage/DATA.md).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

export const MODEL_CLASSES = ['scam', 'warning', 'ordinary'] as const;
export type ModelClass = (typeof MODEL_CLASSES)[number];
export type ModelProbabilities = Record<ModelClass, number>;

export const ModelFile = z.strictObject({
  version: z.literal(1),
  buckets: z.number().int().min(256).max(1 << 20),
  maxN: z.number().int().min(1).max(5),
  classes: z.tuple([z.literal('scam'), z.literal('warning'), z.literal('ordinary')]),
  bias: z.array(z.number()).length(3),
  /** weights[bucket * 3 + class]. */
  weights: z.array(z.number()),
  trainedOn: z.record(z.string(), z.number()),
});
export type ModelFile = z.infer<typeof ModelFile>;

/** FNV-1a over the UTF-16 units of `s`, from `from` to `to`. */
function hash(s: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The distinct buckets of the 1…maxN-grams of `squeezed` (BMP units; good enough for CJK and ASCII). */
export function features(squeezed: string, buckets: number, maxN: number): Int32Array {
  const seen = new Set<number>();
  for (let i = 0; i < squeezed.length; i++) {
    for (let n = 1; n <= maxN && i + n <= squeezed.length; n++) seen.add((hash(squeezed, i, i + n) + n * 7919) % buckets);
  }
  return Int32Array.from(seen);
}

/** Softmax of the linear scores of `feats`, each feature weighted 1/√count. */
export function scoreFeatures(m: Pick<ModelFile, 'bias' | 'weights'>, feats: Int32Array): [number, number, number] {
  const scale = feats.length > 0 ? 1 / Math.sqrt(feats.length) : 0;
  const z = [m.bias[0]!, m.bias[1]!, m.bias[2]!];
  for (const f of feats) for (let c = 0; c < 3; c++) z[c]! += m.weights[f * 3 + c]! * scale;
  const max = Math.max(z[0]!, z[1]!, z[2]!);
  const e = z.map((v) => Math.exp(v - max));
  const sum = e[0]! + e[1]! + e[2]!;
  return [e[0]! / sum, e[1]! / sum, e[2]! / sum];
}

export type Classifier = (squeezed: string) => ModelProbabilities;

export function loadModel(path: string): ModelFile {
  return ModelFile.parse(JSON.parse(readFileSync(path, 'utf8')));
}

/** The classifier of a model file; pure. */
export function createClassifier(m: ModelFile): Classifier {
  const weights = Float32Array.from(m.weights);
  const model = { bias: m.bias, weights: weights as unknown as number[] };
  return (squeezed) => {
    const [scam, warning, ordinary] = scoreFeatures(model, features(squeezed, m.buckets, m.maxN));
    return { scam, warning, ordinary };
  };
}
