/**
 * A small Aho–Corasick automaton: finds every occurrence of many patterns in one pass.
 *
 * The root's transitions are a direct table over UTF-16 units (it has the most distinct edges and
 * is visited most); every other state keeps a small Map from unit to state, which keeps the
 * automaton compact for a large alphabet like CJK. Each state has its output list merged along
 * the dictionary-suffix chain at build time, so matching is a tight loop.
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
  /** Root transitions by UTF-16 unit (0 = stay at the root). */
  private readonly root: Int32Array;
  /** Transitions of every other state. */
  private readonly next: Map<number, number>[];
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
    this.root = new Int32Array(0x10000);
    this.next = Array.from({ length: states }, () => new Map<number, number>());
    for (const [key, to] of this.edges) {
      const from = Math.floor(key / 0x10000);
      const ch = key % 0x10000;
      if (from === 0) this.root[ch] = to;
      else this.next[from]!.set(ch, to);
    }
    this.edges.clear();
  }

  /** Calls `onMatch` for every occurrence (overlapping ones included), in order of end position. */
  scan(text: string, onMatch: (pattern: number, start: number, end: number) => void): void {
    const root = this.root;
    const next = this.next;
    const fail = this.fail;
    const out = this.out;
    const lengths = this.lengths;
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      let to: number | undefined;
      while (s !== 0) {
        to = next[s]!.get(ch);
        if (to !== undefined) break;
        s = fail[s]!;
      }
      s = s === 0 ? root[ch]! : to!;
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
