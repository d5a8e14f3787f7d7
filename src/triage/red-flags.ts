/**
 * Stage 4, red flags and ordinary evidence from the text itself: generic red-flag phrases (any
 * scam's, 转账 / 解冻 / 保密), regex features for shapes a phrase list cannot hold (交…费, 才能
 * 提现), and phrases of ordinary messages (official payment channel, 请勿泄露验证码, 取件码).
 * A generic phrase in a negation's scope (请勿转账) is no red flag.
 */
import type { PatternsFile } from './content.ts';
import { boostTypes, emptyEvidence, phraseFlag, round2, type Evidence } from './evidence.ts';
import type { Message } from './message.ts';
import { sqRangeToOriginal } from './normalize.ts';
import type { PhraseHits } from './phrase-match.ts';

/** Builds the stage once from validated patterns; the returned function is pure. */
export function createRedFlagScorer(p: PatternsFile): (message: Message, hits: PhraseHits) => Evidence {
  const regexes = p.regex.map((f) => ({ f, re: new RegExp(f.re, 'u') }));
  const marks = p.warning.marks.map((m) => ({ w: m.w, re: new RegExp(m.re, 'u') }));

  return (message, hits) => {
    const n = message.text;
    const evidence = emptyEvidence();
    p.generic.forEach((g, i) => {
      const hit = hits.generic[i];
      if (!hit || hit.negated) return;
      evidence.redFlagWeights.push(g.w);
      if (g.action) evidence.action = true;
      if (g.w === 0) return; // context only (e.g. a request to act), not a red flag
      if (g.w >= p.strongWeight) evidence.strong = true;
      boostTypes(evidence, g.types);
      if (g.advice) evidence.advice.push(...g.advice);
      evidence.flags.push(phraseFlag(n, hit.start, hit.end, g.label, g.rule, 'generic', undefined, g.w));
    });
    for (const { f, re } of regexes) {
      const m = re.exec(n.squeezed);
      if (!m) continue;
      evidence.redFlagWeights.push(f.w);
      if (f.action) evidence.action = true;
      boostTypes(evidence, f.types);
      if (f.w === 0) continue; // context only: boosts a type, not a red flag
      if (f.w >= p.strongWeight) evidence.strong = true;
      evidence.flags.push(phraseFlag(n, m.index, m.index + m[0].length, f.label, f.rule, 'generic', undefined, f.w));
    }
    evidence.warningVeto = hits.warningVeto;
    for (const m of marks) if (m.re.test(n.norm)) evidence.warningWeights.push(m.w);
    p.negative.forEach((g, i) => {
      const hit = hits.ordinary[i];
      if (!hit) return;
      const extra = (hit.phrases - 1) * (g.each ?? 0);
      const w = Math.min(g.w + extra, Math.max(g.max ?? g.w, g.w));
      if (g.warning) evidence.warningWeights.push(w);
      if (g.warningOnly) return;
      (g.undamped ? evidence.undampedOrdinaryWeights : evidence.ordinaryWeights).push(w);
      const [start, end] = sqRangeToOriginal(n, hit.start, hit.end);
      evidence.mitigations.push({ phrase: n.original.slice(start, end), label: g.label, weight: round2(w), start, end });
    });
    return evidence;
  };
}
