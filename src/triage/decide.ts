/**
 * Stage 7, decide: weighs the evidence of every stage into per-type scores, a total score, a risk
 * level by the content thresholds, the most likely type and the advice, most specific first.
 *
 *   total = top type + ½ second type + red flags − ordinary evidence (damped by a strong red flag)
 *   score = total, or total × actionlessFactor when nothing asks the reader to act
 *
 * Ordinary evidence (退订回T, 如非本人操作) never cancels a live request — a link to open, a code to
 * give, an account to pay into — since a scammer's text can carry it too. A message with enough
 * warning evidence (反诈提醒, 学校不代收) and no live request gets the `warning` verdict: risk none,
 * and the type it describes.
 */
import type { PatternsFile, TypeId } from './content.ts';
import { round2, type Evidence } from './evidence.ts';
import type { Mitigation, Risk, TriageFlag, TriageResult } from './result.ts';

export type Verdict = Pick<TriageResult, 'risk' | 'warning' | 'type' | 'types' | 'score' | 'flags' | 'mitigations' | 'advice'>;

/** All the evidence summed, in the order the stages found it. */
interface Weighed {
  typeScores: Float64Array;
  redFlags: number;
  ordinary: number;
  undampedOrdinary: number;
  warning: number;
  warningVeto: boolean;
  action: boolean;
  live: boolean;
  strong: boolean;
  flags: TriageFlag[];
  mitigations: Mitigation[];
  advice: string[];
}

/** Builds the decision once from validated patterns; the returned function is pure. */
export function createDecider(
  p: PatternsFile,
): (typeScores: Float64Array, described: Float64Array, evidence: readonly Evidence[]) => Verdict {
  const typeIds = p.types.map((t) => t.id);
  const typeAdvice = new Map(p.types.map((t) => [t.id, t.advice]));

  return (typeScores, described, evidence) => {
    const w = weigh(typeIds, typeScores, evidence);
    if (w.live) {
      w.ordinary = w.undampedOrdinary = 0;
      w.mitigations = [];
    }
    const isWarning = w.warning >= p.warning.overridesLive || (w.warning >= p.warning.min && !w.live && !w.warningVeto);
    if (isWarning) return warningVerdict(p, typeIds, described, w);
    const order = Array.from({ length: typeIds.length }, (_, i) => i)
      .filter((i) => w.typeScores[i]! > 0)
      .sort((a, b) => w.typeScores[b]! - w.typeScores[a]! || a - b);
    const top = order[0] !== undefined ? w.typeScores[order[0]]! : 0;
    const second = order[1] !== undefined ? w.typeScores[order[1]]! : 0;
    const damp = w.strong ? p.strongDamp : 1;
    const total = top + 0.5 * second + w.redFlags - w.ordinary * damp - w.undampedOrdinary;
    const score = Math.max(0, w.action ? total : total * p.actionlessFactor);
    const th = p.thresholds;
    const risk: Risk = score >= th.high ? 'high' : score >= th.medium ? 'medium' : score >= th.low ? 'low' : 'none';
    const type = order[0] !== undefined && top >= p.minTypeScore && risk !== 'none' ? typeIds[order[0]]! : null;

    const advice: string[] = [];
    const addAdvice = (keys: readonly string[]) => keys.forEach((k) => advice.includes(k) || advice.push(k));
    if (risk !== 'none') {
      if (type) addAdvice(typeAdvice.get(type)!);
      addAdvice(w.advice);
    }
    addAdvice(p.advice[risk]);

    return {
      risk,
      warning: false,
      type,
      types: order.map((i) => ({ id: typeIds[i]!, score: round2(w.typeScores[i]!) })),
      score: round2(score),
      flags: w.flags.sort((a, b) => b.weight - a.weight || a.start - b.start),
      mitigations: w.mitigations.sort((a, b) => b.weight - a.weight || a.start - b.start),
      advice,
    };
  };
}

function weigh(typeIds: readonly TypeId[], typeScores: Float64Array, evidence: readonly Evidence[]): Weighed {
  const w: Weighed = {
    typeScores: Float64Array.from(typeScores),
    redFlags: 0,
    ordinary: 0,
    undampedOrdinary: 0,
    warning: 0,
    warningVeto: false,
    action: false,
    live: false,
    strong: false,
    flags: [],
    mitigations: [],
    advice: [],
  };
  for (const ev of evidence) {
    for (const { type, w: boost } of ev.typeBoosts) {
      const ti = typeIds.indexOf(type);
      if (ti >= 0) w.typeScores[ti] = w.typeScores[ti]! + boost;
    }
    for (const x of ev.redFlagWeights) w.redFlags += x;
    for (const x of ev.ordinaryWeights) w.ordinary += x;
    for (const x of ev.undampedOrdinaryWeights) w.undampedOrdinary += x;
    for (const x of ev.warningWeights) w.warning += x;
    if (ev.action) w.action = true;
    if (ev.live) w.live = true;
    if (ev.warningVeto) w.warningVeto = true;
    if (ev.strong) w.strong = true;
    w.flags.push(...ev.flags);
    w.mitigations.push(...ev.mitigations);
    w.advice.push(...ev.advice);
  }
  return w;
}

/** A warning or notice without a live request: risk none, the trick it describes as its type. */
function warningVerdict(p: PatternsFile, typeIds: readonly TypeId[], described: Float64Array, w: Weighed): Verdict {
  let best = -1;
  described.forEach((x, i) => {
    if (x >= p.minTypeScore && (best < 0 || x > described[best]!)) best = i;
  });
  return {
    risk: 'none',
    warning: true,
    type: best >= 0 ? typeIds[best]! : null,
    types: best >= 0 ? [{ id: typeIds[best]!, score: round2(described[best]!) }] : [],
    score: 0,
    flags: w.flags.sort((a, b) => b.weight - a.weight || a.start - b.start),
    mitigations: w.mitigations.sort((a, b) => b.weight - a.weight || a.start - b.start),
    advice: [...p.advice.warning],
  };
}
