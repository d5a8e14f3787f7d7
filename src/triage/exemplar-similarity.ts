/**
 * Stage 6, similarity: trigram similarity of the message to the known exemplars. Each fraud type
 * gains from its closest exemplar above `minSimilarity`; a close ordinary exemplar counts as
 * ordinary evidence.
 */
import type { TriageContent } from './content.ts';
import { emptyEvidence, round2, type Evidence } from './evidence.ts';
import type { Message } from './message.ts';
import { squeeze } from './normalize.ts';
import type { SimilarExemplar } from './result.ts';
import { TrigramIndex } from './similarity.ts';

export interface Resemblance {
  /** The closest exemplar, when similar enough to count. */
  similar: SimilarExemplar | null;
  evidence: Evidence;
}

/** Messages shorter than this (squeezed) are too short to compare by trigrams. */
const MIN_CHARS = 6;

/** Indexes the exemplars once; the returned function is pure. */
export function createExemplarComparer(content: TriageContent): (message: Message) => Resemblance {
  const { exemplars } = content;
  const settings = content.patterns.exemplars;
  const typeIds = content.patterns.types.map((t) => t.id);
  const index = new TrigramIndex(exemplars.map((e) => squeeze(e.text)));
  const min = settings.minSimilarity;
  // `weight`, scaled by how far the similarity rises from the minimum towards 1.
  const scaled = (weight: number, sim: number) => (weight * (sim - min)) / (1 - min);

  return (message) => {
    const evidence = emptyEvidence();
    const squeezed = message.text.squeezed;
    if (index.size === 0 || squeezed.length < MIN_CHARS) return { similar: null, evidence };
    const sims = index.query(squeezed);
    const bestPerType = new Float64Array(typeIds.length);
    let bestOrdinary = 0;
    let best = -1;
    for (let ex = 0; ex < sims.length; ex++) {
      const sim = sims[ex]!;
      if (sim <= 0) continue;
      const e = exemplars[ex]!;
      if (best < 0 || sim > sims[best]!) best = ex;
      if (e.type === null) bestOrdinary = Math.max(bestOrdinary, sim);
      else {
        const ti = typeIds.indexOf(e.type);
        if (ti >= 0 && sim > bestPerType[ti]!) bestPerType[ti] = sim;
      }
    }
    bestPerType.forEach((sim, ti) => {
      if (sim >= min) evidence.typeBoosts.push({ type: typeIds[ti]!, w: scaled(settings.weight, sim) });
    });
    if (bestOrdinary >= min) evidence.ordinaryWeights.push(scaled(settings.ordinaryWeight, bestOrdinary));
    if (best < 0 || sims[best]! < min) return { similar: null, evidence };
    const e = exemplars[best]!;
    return { similar: { id: e.id, type: e.type, similarity: round2(sims[best]!) }, evidence };
  };
}
