/**
 * Negation scope: a red-flag phrase is negated when a negation cue (请勿, 无需, 不会, 不要, never,
 * don't…) stands before it in the same clause, within `window` characters — "请勿向个人账户转账"
 * tells the reader not to transfer, it does not ask for a transfer. Clauses end at punctuation.
 * Cues are content (patterns.yaml `negation`); ASCII cues must stand as words ("not" ≠ "note").
 */
import type { Normalized } from './normalize.ts';

export type NegationTest = (n: Normalized, sqStart: number) => boolean;

const CLAUSE_END = /[，。！？；;!?\n,:：…]/u;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Builds the test once from the cues; the returned function is pure. */
export function createNegationTest(cues: readonly string[], window: number): NegationTest {
  const cjk = cues.filter((c) => !/^[a-z' ]+$/.test(c));
  const ascii = cues.filter((c) => /^[a-z' ]+$/.test(c));
  const parts = [...cjk.map(escape), ...(ascii.length ? [`\\b(?:${ascii.map(escape).join('|')})\\b`] : [])];
  const re = new RegExp(parts.join('|'), 'u');
  return (n, sqStart) => {
    const end = n.sqToNorm[sqStart] ?? 0;
    let start = end;
    while (start > 0 && end - start < window && !CLAUSE_END.test(n.norm[start - 1]!)) start--;
    return start < end && re.test(n.norm.slice(start, end));
  };
}
