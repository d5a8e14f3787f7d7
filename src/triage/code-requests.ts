/**
 * Verification-code requests. A code is requested when a code word shares a clause (or is
 * followed in the next clause) with a request verb (发给我, 告诉我, 提供, 输入…), and that clause
 * has no negation (请勿, 不要, 切勿…). A code being delivered (验证码123456) is not a request by
 * itself.
 */
import type { Span } from './entities.ts';
import { quoteSqueezed } from './evidence.ts';
import type { Normalized } from './normalize.ts';
import type { PhraseHit } from './phrase-match.ts';

/** Squeezed cue words from patterns.yaml (detectors.code). */
export interface CodeRequestCues {
  verbs: readonly string[];
  negations: readonly string[];
}

const CLAUSE_BREAK = /[。！？!?；;，,\n]/;

/** The code words of `codeWords` that are requests, quoted from the original text. */
export function findCodeRequests(n: Normalized, codeWords: readonly PhraseHit[], cues: CodeRequestCues): Span[] {
  if (codeWords.length === 0) return [];
  const { verbs, negations } = cues;
  const clauses = clauseStarts(n);
  const clauseText = (c: number) => n.squeezed.slice(clauses[c]!, clauses[c + 1]!);
  const out: Span[] = [];
  for (const { start: s, end: e } of codeWords) {
    const c = clauseOf(clauses, s);
    const here = clauseText(c);
    const delivered = /^[是为]?\d{4,8}/.test(n.squeezed.slice(e, e + 9));
    const negHere = negations.some((w) => here.includes(w));
    let hit = !negHere && !delivered && verbs.some((v) => here.includes(v));
    if (!hit && !negHere && !delivered && c + 2 < clauses.length) {
      const next = clauseText(c + 1);
      hit = !negations.some((w) => next.includes(w)) && verbs.some((v) => next.startsWith(v) || next.slice(0, 8).includes(v));
    }
    if (hit) out.push(quoteSqueezed(n, s, e));
  }
  return out;
}

/** Clause starts in squeezed coordinates, ending with the squeezed length. */
function clauseStarts(n: Normalized): number[] {
  const starts: number[] = [0];
  for (let i = 1; i < n.squeezed.length; i++) {
    const a = n.sqToNorm[i - 1]!;
    const b = n.sqToNorm[i]!;
    for (let k = a + 1; k < b; k++) {
      if (CLAUSE_BREAK.test(n.norm[k]!)) {
        starts.push(i);
        break;
      }
    }
  }
  starts.push(n.squeezed.length);
  return starts;
}

/** The clause holding squeezed position `pos` (binary search). */
function clauseOf(starts: readonly number[], pos: number): number {
  let lo = 0;
  let hi = starts.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
