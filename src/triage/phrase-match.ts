/**
 * Stage 2, match: one Aho–Corasick pass over the squeezed text finds every content phrase — the
 * fraud types' phrase groups, generic red flags, ordinary-message evidence and the detector words
 * for verification codes and screen sharing.
 */
import { AhoCorasick } from './aho.ts';
import type { TriageContent } from './content.ts';
import type { Message } from './message.ts';
import { createNegationTest } from './negation.ts';
import { createVariants } from './obfuscation.ts';
import { squeeze, type Normalized } from './normalize.ts';

/** Where a phrase was found, in squeezed-text coordinates [start, end). */
export interface PhraseHit {
  start: number;
  end: number;
  /** For type groups and generic flags: every occurrence stands in a negation's scope (请勿转账). */
  negated?: boolean;
}

/** A group of ordinary-message phrases: its first hit and how many distinct phrases hit. */
export interface OrdinaryHit extends PhraseHit {
  phrases: number;
}

export interface ScreenShareHit extends PhraseHit {
  /** Screen sharing itself (strong), not merely meeting software (weak). */
  strong: boolean;
}

/**
 * The first hit of each group, widened by overlapping hits of the same group (先垫 + 垫付 → 先垫付);
 * undefined where nothing hit. A group's first hit outside a negation's scope wins over negated
 * ones. Groups are indexed as in patterns.yaml.
 */
export interface PhraseHits {
  /** [type][group]. */
  typeGroups: (PhraseHit | undefined)[][];
  generic: (PhraseHit | undefined)[];
  ordinary: (OrdinaryHit | undefined)[];
  /** Every verification-code word, in text order. */
  codeWords: PhraseHit[];
  /** Every screen-sharing or meeting-software word, in text order. */
  screenShare: ScreenShareHit[];
  /** A phrase that rules out the warning verdict (a victim asking: 让我…这是骗子吗). */
  warningVeto: boolean;
}

type Target =
  | { kind: 'group'; type: number; group: number }
  | { kind: 'generic'; index: number }
  | { kind: 'negative'; index: number }
  | { kind: 'code' }
  | { kind: 'shareStrong' }
  | { kind: 'shareWeak' }
  | { kind: 'warningVeto' };

/** Builds the automaton once; the returned function is pure. */
export function createPhraseMatcher(content: Pick<TriageContent, 'patterns' | 'obfuscation'>): (message: Message) => PhraseHits {
  const p = content.patterns;
  const { patterns, targets } = collectPatterns(content);
  const ac = new AhoCorasick(patterns);
  // Patterns of ASCII letters/digits only (usdt, vip, 648) must stand as a word in the normalised
  // text, or "mcn" would match inside "com.cn".
  const asciiWord = Uint8Array.from(patterns, (pt) => (/^[a-z0-9]+$/.test(pt) ? 1 : 0));
  const isNegated = createNegationTest(p.negation.cues, p.negation.window);

  return (message) => {
    const n = message.text;
    const hits: PhraseHits = {
      typeGroups: p.types.map((t) => new Array<PhraseHit | undefined>(t.groups.length)),
      generic: new Array<PhraseHit | undefined>(p.generic.length),
      ordinary: new Array<OrdinaryHit | undefined>(p.negative.length),
      codeWords: [],
      screenShare: [],
      warningVeto: false,
    };
    // Distinct automaton patterns seen per ordinary group.
    const ordinaryPatterns: number[][] = p.negative.map(() => []);
    ac.scan(n.squeezed, (pi, s, e) => {
      if (asciiWord[pi] === 1 && !asciiBoundary(n, s, e)) return;
      let negated: boolean | undefined;
      const neg = () => (negated ??= isNegated(n, s));
      for (const t of targets[pi]!) {
        switch (t.kind) {
          case 'group': {
            const groups = hits.typeGroups[t.type]!;
            groups[t.group] = record(groups[t.group], s, e, neg());
            break;
          }
          case 'generic':
            hits.generic[t.index] = record(hits.generic[t.index], s, e, neg());
            break;
          case 'negative': {
            const hit = hits.ordinary[t.index] ?? (hits.ordinary[t.index] = { start: s, end: e, phrases: 0 });
            widen(hit, s, e);
            const seen = ordinaryPatterns[t.index]!;
            if (!seen.includes(pi)) seen.push(pi);
            hit.phrases = seen.length;
            break;
          }
          case 'code':
            hits.codeWords.push({ start: s, end: e });
            break;
          case 'shareStrong':
          case 'shareWeak':
            hits.screenShare.push({ start: s, end: e, strong: t.kind === 'shareStrong' });
            break;
          case 'warningVeto':
            hits.warningVeto = true;
            break;
        }
      }
    });
    return hits;
  };
}

/** Every content phrase in each of its spellings, squeezed, with what a hit of it means. */
function collectPatterns(content: Pick<TriageContent, 'patterns' | 'obfuscation'>): { patterns: string[]; targets: Target[][] } {
  const p = content.patterns;
  const variants = createVariants(content.obfuscation);
  const patternIndex = new Map<string, number>();
  const patterns: string[] = [];
  const targets: Target[][] = [];
  const add = (phrase: string, target: Target) => {
    for (const spelling of variants(phrase)) {
      const sq = squeeze(spelling);
      if (sq.length === 0) continue;
      let idx = patternIndex.get(sq);
      if (idx === undefined) {
        idx = patterns.length;
        patternIndex.set(sq, idx);
        patterns.push(sq);
        targets.push([]);
      }
      // Two spellings of one phrase may coincide (帐 is normalised to 账): one target each.
      if (!targets[idx]!.some((t) => sameTarget(t, target))) targets[idx]!.push(target);
    }
  };
  p.types.forEach((t, ti) => t.groups.forEach((g, gi) => g.p.forEach((ph) => add(ph, { kind: 'group', type: ti, group: gi }))));
  p.generic.forEach((g, i) => g.p.forEach((ph) => add(ph, { kind: 'generic', index: i })));
  p.negative.forEach((g, i) => g.p.forEach((ph) => add(ph, { kind: 'negative', index: i })));
  p.detectors.code.words.forEach((ph) => add(ph, { kind: 'code' }));
  p.detectors.screenShare.strong.forEach((ph) => add(ph, { kind: 'shareStrong' }));
  p.detectors.screenShare.weak.forEach((ph) => add(ph, { kind: 'shareWeak' }));
  p.warning.vetoes.forEach((ph) => add(ph, { kind: 'warningVeto' }));
  return { patterns, targets };
}

function sameTarget(a: Target, b: Target): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A group's hit after one more occurrence: the first unnegated one wins, widened by overlaps. */
function record(hit: PhraseHit | undefined, s: number, e: number, negated: boolean): PhraseHit {
  if (!hit || (hit.negated && !negated)) return negated ? { start: s, end: e, negated } : { start: s, end: e };
  if ((hit.negated ?? false) === negated) widen(hit, s, e);
  return hit;
}

/** Widens a group's first hit by a later hit of the same group that overlaps its end. */
function widen(hit: PhraseHit, s: number, e: number): void {
  if (s < hit.end && e > hit.end && s >= hit.start) hit.end = e;
}

const isAsciiAlnum = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a);

/** Squeezed range [s, e) is not glued to other ASCII letters or digits in the normalised text. */
function asciiBoundary(n: Normalized, s: number, e: number): boolean {
  const a = n.sqToNorm[s]!;
  const b = n.sqToNorm[e - 1]!;
  return !isAsciiAlnum(n.norm.charCodeAt(a - 1)) && !isAsciiAlnum(n.norm.charCodeAt(b + 1));
}
