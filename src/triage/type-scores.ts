/**
 * Stage 3, score types: each fraud type scores the weights of its phrase groups that hit (a type
 * with core groups, none of which hit, is damped by `corelessFactor`), plus its combos — bonuses
 * when several groups hit together. Each hit group and combo becomes a flag quoting the text.
 */
import { resolveGroupRef, type Combo, type PatternsFile } from './content.ts';
import { emptyEvidence, phraseFlag, type Evidence } from './evidence.ts';
import type { Message } from './message.ts';
import type { PhraseHit, PhraseHits } from './phrase-match.ts';

export interface TypeScores {
  /** The score of each fraud type, indexed as patterns.yaml lists the types. */
  scores: Float64Array;
  /**
   * The weight of each type's groups counting negated hits too: the trick a warning describes
   * ("请勿向个人账户转账" describes it without asking for it).
   */
  described: Float64Array;
  /** The flags of the groups and combos that hit, and whether one asks to act or is strong. */
  evidence: Evidence;
}

interface ResolvedCombo {
  type: number;
  combo: Combo;
  /** [type, group] of each constituent group that exists. */
  refs: [number, number][];
}

/** Builds the scorer once from validated patterns; the returned function is pure. */
export function createTypeScorer(p: PatternsFile): (message: Message, hits: PhraseHits) => TypeScores {
  const hasCore = p.types.map((t) => t.groups.some((g) => g.core));
  const combos: ResolvedCombo[] = p.types.flatMap((t, ti) =>
    (t.combos ?? []).map((c) => ({
      type: ti,
      combo: c,
      refs: c.all.map((ref) => resolveGroupRef(p, t.id, ref)).filter((r): r is [number, number] => r !== undefined),
    })),
  );

  return (message, hits) => {
    const n = message.text;
    const scores = new Float64Array(p.types.length);
    const described = new Float64Array(p.types.length);
    const evidence = emptyEvidence();
    p.types.forEach((type, ti) => {
      let coreHit = false;
      type.groups.forEach((g, gi) => {
        const hit = hits.typeGroups[ti]![gi];
        if (!hit) return;
        described[ti] = described[ti]! + g.w;
        if (hit.negated) return;
        if (g.core) coreHit = true;
        if (g.action) evidence.action = true;
        scores[ti] = scores[ti]! + g.w;
        if (g.w >= p.strongWeight) evidence.strong = true;
        evidence.flags.push(phraseFlag(n, hit.start, hit.end, g.label, g.rule, 'type', type.id, g.w));
      });
      if (hasCore[ti] && !coreHit) scores[ti] = scores[ti]! * p.corelessFactor;
    });
    for (const { type: ti, combo, refs } of combos) {
      const found = refs.map(([t, g]) => hits.typeGroups[t]![g]);
      if (found.length === 0 || !found.every((h): h is PhraseHit => h !== undefined && !h.negated)) continue;
      scores[ti] = scores[ti]! + combo.w;
      // Quote the constituent found last in the text.
      const last = found.reduce((a, b) => (b.end > a.end ? b : a));
      evidence.flags.push(phraseFlag(n, last.start, last.end, combo.label, combo.rule, 'type', p.types[ti]!.id, combo.w));
    }
    return { scores, described, evidence };
  };
}
