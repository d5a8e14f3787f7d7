/**
 * Near-duplicate texts by character-trigram Jaccard similarity: the library check flags tips that
 * say the same thing in nearly the same words.
 */

/**
 * A trigram is one number: its characters' ids (below `base`, the number of distinct characters)
 * as the digits of a base-`base` number, exact while base³ stays within a double's integers (a
 * library uses a few thousand distinct characters; this allows some 208 000).
 */
const MAX_EXACT_BASE = Math.floor(Math.cbrt(Number.MAX_SAFE_INTEGER));

/**
 * The distinct trigrams of every text, as numbers in typed arrays: text i's are
 * `keys[start[i]..start[i + 1]]`, sorted. Trigrams are numbers, not strings in a Map, because the
 * check runs at every start over a thousand tips and the strings and maps would be some MB of
 * garbage while the library loads (bench/scheduler.bench.ts, peak RSS).
 */
function trigramKeys(texts: readonly string[]): { keys: Float64Array; start: Int32Array } {
  const charIds = new Map<number, number>();
  const lengths = texts.map((t) => {
    let n = 0;
    for (let i = 0; i < t.length; n++) {
      const cp = t.codePointAt(i)!;
      i += cp > 0xffff ? 2 : 1;
      if (!charIds.has(cp)) charIds.set(cp, charIds.size);
    }
    return n;
  });
  const base = charIds.size;
  if (base > MAX_EXACT_BASE) throw new RangeError(`near-duplicate check: ${base} distinct characters, at most ${MAX_EXACT_BASE}`);
  const keys = new Float64Array(lengths.reduce((sum, n) => sum + Math.max(n - 2, 0), 0));
  const start = new Int32Array(texts.length + 1);
  let end = 0;
  texts.forEach((t, i) => {
    const own = keys.subarray(end, end + Math.max(lengths[i]! - 2, 0));
    let key = 0;
    for (let at = 0, n = 0; at < t.length; n++) {
      const cp = t.codePointAt(at)!;
      at += cp > 0xffff ? 2 : 1;
      // The last three characters' ids, as the digits of a number: drop the oldest, add this one.
      key = (key % (base * base)) * base + charIds.get(cp)!;
      if (n >= 2) own[n - 2] = key;
    }
    own.sort();
    // Distinct trigrams only, packed to the front of the text's stretch and moved up to its start.
    let distinct = 0;
    for (let k = 0; k < own.length; k++) if (k === 0 || own[k] !== own[k - 1]) own[distinct++] = own[k]!;
    keys.copyWithin(start[i]!, end, end + distinct);
    start[i + 1] = start[i]! + distinct;
    end += own.length;
  });
  return { keys: keys.subarray(0, start[texts.length]), start };
}

/**
 * Every pair of texts whose character-trigram Jaccard similarity is at least `threshold`, found
 * through an inverted index (trigram → texts, in text order) so that only texts sharing a trigram
 * are compared. Pairs come in order of the later text, then the earlier.
 */
export function findNearDuplicates(
  texts: readonly string[],
  threshold: number,
): { later: number; earlier: number; similarity: number }[] {
  const { keys, start } = trigramKeys(texts);
  // Trigram numbers → dense ids 0..G-1, by their place among the distinct trigrams.
  const sorted = keys.slice().sort();
  let distinct = 0;
  for (let k = 0; k < sorted.length; k++) if (k === 0 || sorted[k] !== sorted[k - 1]) sorted[distinct++] = sorted[k]!;
  const grams = new Int32Array(keys.length);
  for (let k = 0; k < keys.length; k++) grams[k] = indexOf(sorted, distinct, keys[k]!);
  // The inverted index as one array: the texts holding trigram g are texts[offset[g]..offset[g + 1]].
  const offset = new Int32Array(distinct + 1);
  for (const g of grams) offset[g + 1]!++;
  for (let g = 0; g < distinct; g++) offset[g + 1]! += offset[g]!;
  const holders = new Int32Array(grams.length);
  const filled = offset.slice(0, distinct);
  for (let i = 0; i < texts.length; i++) for (let k = start[i]!; k < start[i + 1]!; k++) holders[filled[grams[k]!]!++] = i;

  const size = (i: number) => start[i + 1]! - start[i]!;
  const shared = new Int32Array(texts.length);
  const pairs: { later: number; earlier: number; similarity: number }[] = [];
  for (let i = 0; i < texts.length; i++) {
    const touched: number[] = [];
    for (let k = start[i]!; k < start[i + 1]!; k++) {
      const g = grams[k]!;
      for (let h = offset[g]!; holders[h]! < i; h++) {
        const j = holders[h]!;
        if (shared[j] === 0) touched.push(j);
        shared[j]!++;
      }
    }
    touched.sort((a, b) => a - b);
    for (const j of touched) {
      const inter = shared[j]!;
      shared[j] = 0;
      const similarity = inter / (size(i) + size(j) - inter);
      if (similarity >= threshold) pairs.push({ later: i, earlier: j, similarity });
    }
  }
  return pairs;
}

/** The index of `key` in the first `length` entries of `sorted` (where it is). */
function indexOf(sorted: Float64Array, length: number, key: number): number {
  let lo = 0;
  let hi = length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Character-trigram Jaccard similarity of two texts (for tools and tests): the plain definition, to check the index against. */
export function trigramSimilarity(a: string, b: string): number {
  const x = trigrams(a);
  const y = trigrams(b);
  let inter = 0;
  for (const g of y) if (x.has(g)) inter++;
  const union = x.size + y.size - inter;
  return union === 0 ? 0 : inter / union;
}

function trigrams(text: string): Set<string> {
  const chars = [...text];
  const set = new Set<string>();
  for (let i = 0; i + 3 <= chars.length; i++) set.add(chars[i]! + chars[i + 1]! + chars[i + 2]!);
  return set;
}
