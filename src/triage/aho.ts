/**
 * A small Aho–Corasick automaton: finds every occurrence of many patterns in one pass.
 *
 * Transitions live in one Map keyed by `state * 0x10000 + charCode` (UTF-16 units), which keeps
 * the automaton compact for a large alphabet like CJK. Each state has its output list merged
 * along the dictionary-suffix chain at build time, so matching is a tight loop.
 */
export interface AhoMatch {
  /** Index of the pattern, as given to the constructor. */
  pattern: number;
  /** Start (inclusive) and end (exclusive) in the searched text. */
  start: number;
  end: number;
}

export class AhoCorasick {
  private readonly edges = new Map<number, number>();
  private readonly fail: Int32Array;
  private readonly out: (readonly number[] | undefined)[];
  private readonly lengths: Int32Array;
  readonly size: number;

  constructor(patterns: readonly string[]) {
    this.size = patterns.length;
    this.lengths = new Int32Array(patterns.length);
    const outLists: number[][] = [[]];
    let states = 1;
    patterns.forEach((p, idx) => {
      this.lengths[idx] = p.length;
      if (p.length === 0) return;
      let s = 0;
      for (let i = 0; i < p.length; i++) {
        const key = s * 0x10000 + p.charCodeAt(i);
        let next = this.edges.get(key);
        if (next === undefined) {
          next = states++;
          this.edges.set(key, next);
          outLists.push([]);
        }
        s = next;
      }
      outLists[s]!.push(idx);
    });
    // Children per state, for the breadth-first pass.
    const children: [number, number][][] = Array.from({ length: states }, () => []);
    for (const [key, to] of this.edges) {
      const from = Math.floor(key / 0x10000);
      children[from]!.push([key % 0x10000, to]);
    }
    this.fail = new Int32Array(states);
    const queue: number[] = [];
    for (const [, to] of children[0]!) {
      this.fail[to] = 0;
      queue.push(to);
    }
    for (let qi = 0; qi < queue.length; qi++) {
      const s = queue[qi]!;
      for (const [ch, to] of children[s]!) {
        let f = this.fail[s]!;
        let target = this.edges.get(f * 0x10000 + ch);
        while (target === undefined && f !== 0) {
          f = this.fail[f]!;
          target = this.edges.get(f * 0x10000 + ch);
        }
        this.fail[to] = target !== undefined && target !== to ? target : 0;
        const inherited = outLists[this.fail[to]!]!;
        if (inherited.length > 0) outLists[to]!.push(...inherited);
        queue.push(to);
      }
    }
    this.out = outLists.map((l) => (l.length > 0 ? l : undefined));
  }

  /** Calls `onMatch` for every occurrence (overlapping ones included), in order of end position. */
  scan(text: string, onMatch: (pattern: number, start: number, end: number) => void): void {
    const edges = this.edges;
    const fail = this.fail;
    const out = this.out;
    const lengths = this.lengths;
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      let next = edges.get(s * 0x10000 + ch);
      while (next === undefined && s !== 0) {
        s = fail[s]!;
        next = edges.get(s * 0x10000 + ch);
      }
      s = next ?? 0;
      const hits = out[s];
      if (hits !== undefined) {
        for (let k = 0; k < hits.length; k++) {
          const p = hits[k]!;
          onMatch(p, i + 1 - lengths[p]!, i + 1);
        }
      }
    }
  }

  /** Every occurrence as an array (convenience for tests). */
  findAll(text: string): AhoMatch[] {
    const found: AhoMatch[] = [];
    this.scan(text, (pattern, start, end) => found.push({ pattern, start, end }));
    return found;
  }
}
