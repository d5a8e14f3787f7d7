/**
 * A share as a whole percent, rounded half up (57.5% → 58%) as the school's tables round. The
 * share is first cut to 12 significant digits: 23/40 × 100 is 57.49999999999999 in binary
 * floating point, which a plain Math.round would take down.
 */
export function wholePercent(share: number): number {
  return Math.floor(Number((share * 100).toPrecision(12)) + 0.5);
}

/** A share rounded half up to `digits` decimal places (an export's 0.575 stays 0.575). */
export function roundShare(share: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.floor(Number((share * scale).toPrecision(12)) + 0.5) / scale;
}
