/**
 * Near-duplicate texts by character-trigram Jaccard similarity: the library check flags tips that
 * say the same thing in nearly the same words.
 */

/** The distinct character trigrams of a text as sorted ints (ids interned in `ids`). */
function trigramIds(text: string, ids: Map<string, number>): number[] {
  const chars = [...text];
  const set = new Set<number>();
  for (let i = 0; i + 3 <= chars.length; i++) {
    const gram = chars[i]! + chars[i + 1]! + chars[i + 2]!;
    let id = ids.get(gram);
    if (id === undefined) {
      id = ids.size;
      ids.set(gram, id);
    }
    set.add(id);
  }
  return [...set].sort((a, b) => a - b);
}

/**
 * Every pair of texts whose character-trigram Jaccard similarity is at least `threshold`, found
 * through an inverted index (trigram → texts) so that only texts sharing a trigram are compared.
 * Pairs come in order of the later text, then the earlier.
 */
export function findNearDuplicates(
  texts: readonly string[],
  threshold: number,
): { later: number; earlier: number; similarity: number }[] {
  const ids = new Map<string, number>();
  const grams = texts.map((t) => trigramIds(t, ids));
  const postings = new Map<number, number[]>();
  const shared = new Int32Array(texts.length);
  const pairs: { later: number; earlier: number; similarity: number }[] = [];
  for (let i = 0; i < texts.length; i++) {
    const touched: number[] = [];
    for (const g of grams[i]!) {
      const list = postings.get(g);
      if (!list) {
        postings.set(g, [i]);
        continue;
      }
      for (const j of list) {
        if (shared[j] === 0) touched.push(j);
        shared[j]!++;
      }
      list.push(i);
    }
    touched.sort((a, b) => a - b);
    for (const j of touched) {
      const inter = shared[j]!;
      shared[j] = 0;
      const similarity = inter / (grams[i]!.length + grams[j]!.length - inter);
      if (similarity >= threshold) pairs.push({ later: i, earlier: j, similarity });
    }
  }
  return pairs;
}

/** Character-trigram Jaccard similarity of two texts (for tools and tests). */
export function trigramSimilarity(a: string, b: string): number {
  const ids = new Map<string, number>();
  const x = new Set(trigramIds(a, ids));
  const y = trigramIds(b, ids);
  const inter = y.filter((g) => x.has(g)).length;
  const union = x.size + y.length - inter;
  return union === 0 ? 0 : inter / union;
}
