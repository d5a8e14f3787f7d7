/**
 * Evidence: what one triage stage found, for the decide stage to weigh.
 *
 * Weights are kept as lists in the order they were found rather than summed by each stage, so
 * the decide stage adds every total up in one fixed order: floating-point sums then do not change
 * with the way the work is divided into stages.
 */
import type { TypeId } from './content.ts';
import type { Span } from './entities.ts';
import { sqRangeToOriginal, type Normalized } from './normalize.ts';
import type { Mitigation, TriageFlag } from './result.ts';

/** Score added to one fraud type. */
export interface TypeBoost {
  type: TypeId;
  w: number;
}

export interface Evidence {
  /** Red flags to show, in the order found. */
  flags: TriageFlag[];
  /** Signs of an ordinary message to show, in the order found. */
  mitigations: Mitigation[];
  /** Scores for fraud types from evidence that is not one of the type's own phrases. */
  typeBoosts: TypeBoost[];
  /** Red-flag weights that count towards the risk whatever the type. */
  redFlagWeights: number[];
  /** Ordinary-message weights, damped when a strong red flag is present. */
  ordinaryWeights: number[];
  /** Ordinary-message weights no red flag damps. */
  undampedOrdinaryWeights: number[];
  /** Weights of the ordinary evidence that marks a warning or notice (反诈提醒, 学校不代收). */
  warningWeights: number[];
  /** Rules out the warning verdict (a victim asking: 让我…这是骗子吗). */
  warningVeto: boolean;
  /** Something asks the reader to act (pay, transfer, contact, click, give a code). */
  action: boolean;
  /** A live request: a link to open, a code to give, an account to pay into (content: `live`). */
  live: boolean;
  /** One red flag weighs at least `strongWeight`. */
  strong: boolean;
  /** Advice keys, most specific first (may repeat; the decide stage keeps the first). */
  advice: string[];
}

export function emptyEvidence(): Evidence {
  return {
    flags: [],
    mitigations: [],
    typeBoosts: [],
    redFlagWeights: [],
    ordinaryWeights: [],
    undampedOrdinaryWeights: [],
    warningWeights: [],
    warningVeto: false,
    action: false,
    live: false,
    strong: false,
    advice: [],
  };
}

/** Adds a content item's `types` nudges (patterns.yaml) to the evidence. */
export function boostTypes(evidence: Evidence, types: Partial<Record<TypeId, number>> | undefined): void {
  if (!types) return;
  for (const [type, w] of Object.entries(types)) evidence.typeBoosts.push({ type: type as TypeId, w: w ?? 0 });
}

/** Scores are shown with two decimals. */
export const round2 = (x: number) => Math.round(x * 100) / 100;

/** The original text of squeezed range [s, e). */
export function quoteSqueezed(n: Normalized, s: number, e: number): Span {
  const [start, end] = sqRangeToOriginal(n, s, e);
  return { text: n.original.slice(start, end), start, end };
}

/** A flag quoting squeezed range [s, e) of the message (built without object spreads: hot path). */
export function phraseFlag(
  n: Normalized,
  s: number,
  e: number,
  label: string,
  rule: string | undefined,
  kind: TriageFlag['kind'],
  type: TypeId | undefined,
  weight: number,
): TriageFlag {
  const [start, end] = sqRangeToOriginal(n, s, e);
  const flag: TriageFlag = { phrase: n.original.slice(start, end), label, kind, weight, start, end };
  if (rule) flag.rule = rule;
  if (type) flag.type = type;
  return flag;
}
