/**
 * Similarity to known messages: character trigrams of the squeezed text, idf-weighted cosine,
 * computed through an inverted index so a message costs one pass over its own trigrams.
 */
export interface SimilarityHit {
  /** Index of the exemplar. */
  index: number;
  similarity: number;
}

/**
 * A trigram of UTF-16 units hashed to a small integer (kept in V8's fast integer range so maps stay
 * fast). Distinct trigrams may rarely collide; that only nudges a similarity, deterministically.
 */
function gramKey(s: string, i: number): number {
  const h = Math.imul(s.charCodeAt(i), 0x9e3779b1) ^ Math.imul(s.charCodeAt(i + 1), 0x85ebca77) ^ Math.imul(s.charCodeAt(i + 2), 0xc2b2ae3d);
  return (h ^ (h >>> 15)) & 0x3fffffff;
}

export function trigramSet(s: string): Set<number> {
  const set = new Set<number>();
  for (let i = 0; i + 2 < s.length; i++) set.add(gramKey(s, i));
  return set;
}

export class TrigramIndex {
  private readonly postings = new Map<number, { ex: number; w: number }[]>();
  private readonly idf = new Map<number, number>();
  private readonly norms: Float64Array;
  private readonly unknownIdf: number;
  readonly size: number;

  /** `texts` must already be squeezed. */
  constructor(texts: readonly string[]) {
    this.size = texts.length;
    const sets = texts.map(trigramSet);
    const df = new Map<number, number>();
    for (const set of sets) for (const g of set) df.set(g, (df.get(g) ?? 0) + 1);
    const n = texts.length;
    for (const [g, d] of df) this.idf.set(g, Math.log(1 + n / d));
    this.unknownIdf = Math.log(1 + n);
    this.norms = new Float64Array(n);
    sets.forEach((set, ex) => {
      let sum = 0;
      for (const g of set) {
        const w = this.idf.get(g)!;
        sum += w * w;
        let list = this.postings.get(g);
        if (!list) this.postings.set(g, (list = []));
        list.push({ ex, w: w * w });
      }
      this.norms[ex] = Math.sqrt(sum);
    });
  }

  /** Cosine similarity of `squeezed` to every exemplar that shares a trigram with it. */
  query(squeezed: string, scratch?: Float64Array): Float64Array {
    const acc = scratch && scratch.length === this.size ? scratch.fill(0) : new Float64Array(this.size);
    if (squeezed.length < 3 || this.size === 0) return acc;
    const seen = new Set<number>();
    let sum = 0;
    for (let i = 0; i + 2 < squeezed.length; i++) {
      const g = gramKey(squeezed, i);
      if (seen.has(g)) continue;
      seen.add(g);
      const w = this.idf.get(g);
      if (w === undefined) {
        sum += this.unknownIdf * this.unknownIdf;
        continue;
      }
      sum += w * w;
      const list = this.postings.get(g)!;
      for (let k = 0; k < list.length; k++) {
        const p = list[k]!;
        acc[p.ex]! += p.w;
      }
    }
    const qn = Math.sqrt(sum);
    for (let ex = 0; ex < this.size; ex++) {
      const v = acc[ex]!;
      if (v > 0) acc[ex] = v / (qn * this.norms[ex]!);
    }
    return acc;
  }
}
