/**
 * The triage engine: an offline, deterministic, explainable score for a forwarded message.
 *
 *   text ─▶ cap ─▶ normalise (NFKC, 繁→简, homoglyphs, zero-width, lower case; squeezed form)
 *        ─▶ one Aho–Corasick pass over the squeezed text (type phrases, generic red flags,
 *           ordinary-message evidence, detector words)
 *        ─▶ entity detectors (links + tldts, phones, QQ/WeChat, bank cards, amounts,
 *           verification-code requests, screen sharing)
 *        ─▶ regex features (交…费, 才能提现) and trigram similarity to exemplars
 *        ─▶ per-type scores, total score, risk level, flags quoting the original text, advice.
 *
 * Weights, thresholds and the meaning of each knob are documented in content/triage/patterns.yaml.
 * Risk `none` means no known red flag reached the low threshold; it never says a message is safe.
 */
import { AhoCorasick } from './aho.ts';
import { resolveGroupRef, type EntityFeature, type EntityFeatureId, type TriageContent, type TypeId } from './content.ts';
import {
  EntityDetector,
  type AmountEntity,
  type BankCardEntity,
  type ContactIdEntity,
  type PhoneEntity,
  type Span,
} from './entities.ts';
import { LinkAnalyser, type LinkEntity } from './links.ts';
import { capText, normalize, normRangeToOriginal, sqRangeToOriginal, squeeze, type Normalized } from './normalize.ts';
import { TrigramIndex } from './similarity.ts';

export type Risk = 'high' | 'medium' | 'low' | 'none';

export interface TriageFlag {
  /** The exact substring of the original message that triggered the flag. */
  phrase: string;
  /** What it means, for people (Simplified Chinese). */
  label: string;
  /** The rule item it breaks, when there is one (rule-shigefanshi-6 for 安全账户). */
  rule?: string;
  /** type: a phrase typical of one fraud type; generic: a red flag of any scam; entity: a detector. */
  kind: 'type' | 'generic' | 'entity';
  /** For kind `type`: the fraud type the phrase belongs to. */
  type?: TypeId;
  weight: number;
  /** Position of `phrase` in the original text (UTF-16 units). */
  start: number;
  end: number;
}

/** Evidence that the message is ordinary (official payment channel, 请勿泄露验证码, 取件码). */
export interface Mitigation {
  phrase: string;
  label: string;
  weight: number;
  start: number;
  end: number;
}

export interface TriageEntities {
  links: LinkEntity[];
  phones: PhoneEntity[];
  qq: ContactIdEntity[];
  wechat: ContactIdEntity[];
  bankCards: BankCardEntity[];
  amounts: AmountEntity[];
  /** Places where the message asks for a verification code. */
  codeRequests: Span[];
  /** Mentions of screen sharing (strong) or meeting software (weak). */
  screenShare: (Span & { strong: boolean })[];
}

export interface TriageResult {
  /**
   * high / medium / low by the content thresholds; `none` = no known red flag reached the low
   * threshold once ordinary-message evidence was weighed (weak signals may still be listed in
   * `flags`). It never means "safe" — the advice for none says so.
   */
  risk: Risk;
  /** Most likely fraud type, or null when no type has enough evidence. */
  type: TypeId | null;
  /** Every type with evidence, most likely first. */
  types: { id: TypeId; score: number }[];
  /** Total risk score (the risk level comes from content thresholds). */
  score: number;
  flags: TriageFlag[];
  mitigations: Mitigation[];
  entities: TriageEntities;
  /** Keys into content/triage/advice.yaml, most specific first. */
  advice: string[];
  /** The closest known exemplar, when similar enough to count. */
  similar: { id: string; type: TypeId | null; similarity: number } | null;
  analysed: {
    /** UTF-16 units analysed. */
    chars: number;
    /** UTF-16 units received. */
    totalChars: number;
    /** True when only the first `chars` units were analysed. */
    truncated: boolean;
  };
  /** Set only if the engine hit an unexpected internal error (it then reports risk low). */
  error?: string;
}

export type Triage = (text: string) => TriageResult;

type Target =
  | { kind: 'group'; type: number; group: number }
  | { kind: 'generic'; index: number }
  | { kind: 'negative'; index: number }
  | { kind: 'code' }
  | { kind: 'shareStrong' }
  | { kind: 'shareWeak' };

const CLAUSE_BREAK = /[。！？!?；;，,\n]/;

const round = (x: number) => Math.round(x * 100) / 100;

/** Builds the engine once from validated content; the returned function is pure. */
export function createTriage(content: TriageContent): Triage {
  const p = content.patterns;
  const typeIds = p.types.map((t) => t.id);

  // ---- one automaton for every phrase ----------------------------------------------------------
  const patternIndex = new Map<string, number>();
  const patterns: string[] = [];
  const targets: Target[][] = [];
  const add = (phrase: string, target: Target) => {
    const sq = squeeze(phrase);
    if (sq.length === 0) return;
    let idx = patternIndex.get(sq);
    if (idx === undefined) {
      idx = patterns.length;
      patternIndex.set(sq, idx);
      patterns.push(sq);
      targets.push([]);
    }
    targets[idx]!.push(target);
  };
  p.types.forEach((t, ti) => t.groups.forEach((g, gi) => g.p.forEach((ph) => add(ph, { kind: 'group', type: ti, group: gi }))));
  p.generic.forEach((g, i) => g.p.forEach((ph) => add(ph, { kind: 'generic', index: i })));
  p.negative.forEach((g, i) => g.p.forEach((ph) => add(ph, { kind: 'negative', index: i })));
  p.detectors.code.words.forEach((ph) => add(ph, { kind: 'code' }));
  p.detectors.screenShare.strong.forEach((ph) => add(ph, { kind: 'shareStrong' }));
  p.detectors.screenShare.weak.forEach((ph) => add(ph, { kind: 'shareWeak' }));
  const ac = new AhoCorasick(patterns);
  // Patterns of ASCII letters/digits only (usdt, vip, 648) must stand as a word in the normalised
  // text, or "mcn" would match inside "com.cn".
  const asciiWord = Uint8Array.from(patterns, (pt) => (/^[a-z0-9]+$/.test(pt) ? 1 : 0));

  const codeVerbs = p.detectors.code.verbs.map(squeeze).filter((s) => s.length > 0);
  const codeNegations = p.detectors.code.negations.map(squeeze).filter((s) => s.length > 0);
  const normCue = (s: string) => normalize(s).norm.replace(/\s+/g, '');
  const entityDetector = new EntityDetector({
    qq: p.detectors.qqCues.map(normCue),
    wechat: p.detectors.wechatCues.map(normCue),
    card: p.detectors.cardCues.map(normCue),
  });
  const links = new LinkAnalyser(content.brands);

  const regexes = p.regex.map((f) => ({ f, re: new RegExp(f.re, 'u') }));
  const exemplarTexts = content.exemplars.map((e) => squeeze(e.text));
  const exemplarIndex = new TrigramIndex(exemplarTexts);

  const nTypes = p.types.length;
  const nGroupsMax = Math.max(...p.types.map((t) => t.groups.length));
  const hasCore = p.types.map((t) => t.groups.some((g) => g.core));
  const combos = p.types.flatMap((t, ti) =>
    (t.combos ?? []).map((c) => ({
      type: ti,
      combo: c,
      refs: c.all.map((ref) => resolveGroupRef(p, t.id, ref)).filter((r): r is [number, number] => r !== undefined),
    })),
  );

  const run = (input: string): TriageResult => {
    const raw = typeof input === 'string' ? input : String(input ?? '');
    const { text, truncated } = capText(raw, p.maxChars);
    const n = normalize(text);

    // ---- phrase hits: first occurrence of each target ---------------------------------------
    const groupHit = new Int32Array(nTypes * nGroupsMax).fill(-1); // end (squeezed) of the first hit, or -1
    const groupStart = new Int32Array(nTypes * nGroupsMax);
    const genericStart = new Int32Array(p.generic.length).fill(-1);
    const genericEnd = new Int32Array(p.generic.length);
    const negativeStart = new Int32Array(p.negative.length).fill(-1);
    const negativeEnd = new Int32Array(p.negative.length);
    const negativePatterns: number[][] = p.negative.map(() => []);
    const codeHits: [number, number][] = [];
    const shareHits: [number, number, boolean][] = [];
    ac.scan(n.squeezed, (pi, s, e) => {
      if (asciiWord[pi] === 1 && !asciiBoundary(n, s, e)) return;
      for (const t of targets[pi]!) {
        switch (t.kind) {
          case 'group': {
            // First occurrence, widened by overlapping matches of the same group (先垫 + 垫付 → 先垫付).
            const k = t.type * nGroupsMax + t.group;
            if (groupHit[k] === -1) {
              groupHit[k] = e;
              groupStart[k] = s;
            } else if (s < groupHit[k]! && e > groupHit[k]! && s >= groupStart[k]!) groupHit[k] = e;
            break;
          }
          case 'generic':
            if (genericStart[t.index] === -1) {
              genericStart[t.index] = s;
              genericEnd[t.index] = e;
            } else if (s < genericEnd[t.index]! && e > genericEnd[t.index]! && s >= genericStart[t.index]!) genericEnd[t.index] = e;
            break;
          case 'negative':
            if (negativeStart[t.index] === -1) {
              negativeStart[t.index] = s;
              negativeEnd[t.index] = e;
            } else if (s < negativeEnd[t.index]! && e > negativeEnd[t.index]! && s >= negativeStart[t.index]!) negativeEnd[t.index] = e;
            if (!negativePatterns[t.index]!.includes(pi)) negativePatterns[t.index]!.push(pi);
            break;
          case 'code':
            codeHits.push([s, e]);
            break;
          case 'shareStrong':
            shareHits.push([s, e, true]);
            break;
          case 'shareWeak':
            shareHits.push([s, e, false]);
            break;
        }
      }
    });

    const quote = (s: number, e: number) => {
      const [os, oe] = sqRangeToOriginal(n, s, e);
      return { phrase: n.original.slice(os, oe), start: os, end: oe };
    };

    const typeScore = new Float64Array(nTypes);
    const flags: TriageFlag[] = [];
    const mitigations: Mitigation[] = [];
    let generic = 0;
    let negative = 0;
    let negativeUndamped = 0;
    let action = false;
    let strong = false;
    const advice: string[] = [];
    const pushAdvice = (keys: readonly string[] | undefined) => keys?.forEach((k) => advice.includes(k) || advice.push(k));

    for (let ti = 0; ti < nTypes; ti++) {
      const type = p.types[ti]!;
      let coreHit = false;
      for (let gi = 0; gi < type.groups.length; gi++) {
        const k = ti * nGroupsMax + gi;
        if (groupHit[k] === -1) continue;
        const g = type.groups[gi]!;
        if (g.core) coreHit = true;
        if (g.action) action = true;
        typeScore[ti] = typeScore[ti]! + g.w;
        if (g.w >= p.strongWeight) strong = true;
        flags.push(makeFlag(n, groupStart[k]!, groupHit[k]!, g.label, g.rule, 'type', type.id, g.w));
      }
      if (hasCore[ti] && !coreHit) typeScore[ti] = typeScore[ti]! * p.corelessFactor;
    }
    for (const { type: ti, combo, refs } of combos) {
      if (refs.length === 0 || !refs.every(([t, g]) => groupHit[t * nGroupsMax + g] !== -1)) continue;
      typeScore[ti] = typeScore[ti]! + combo.w;
      // Quote the constituent found last in the text.
      const [lt, lg] = refs.reduce((a, b) => (groupHit[b[0] * nGroupsMax + b[1]]! > groupHit[a[0] * nGroupsMax + a[1]]! ? b : a));
      const k = lt * nGroupsMax + lg;
      flags.push(makeFlag(n, groupStart[k]!, groupHit[k]!, combo.label, combo.rule, 'type', p.types[ti]!.id, combo.w));
    }
    const boost = (types: Partial<Record<TypeId, number>> | undefined) => {
      if (!types) return;
      for (const [id, w] of Object.entries(types)) {
        const ti = typeIds.indexOf(id as TypeId);
        if (ti >= 0) typeScore[ti] = typeScore[ti]! + (w ?? 0);
      }
    };
    p.generic.forEach((g, i) => {
      if (genericStart[i] === -1) return;
      generic += g.w;
      if (g.action) action = true;
      if (g.w === 0) return; // context only (e.g. a request to act), not a red flag
      if (g.w >= p.strongWeight) strong = true;
      boost(g.types);
      pushAdvice(g.advice);
      flags.push(makeFlag(n, genericStart[i]!, genericEnd[i]!, g.label, g.rule, 'generic', undefined, g.w));
    });
    for (const { f, re } of regexes) {
      const m = re.exec(n.squeezed);
      if (!m) continue;
      generic += f.w;
      if (f.action) action = true;
      boost(f.types);
      if (f.w === 0) continue; // context only: boosts a type, not a red flag
      if (f.w >= p.strongWeight) strong = true;
      flags.push(makeFlag(n, m.index, m.index + m[0].length, f.label, f.rule, 'generic', undefined, f.w));
    }
    p.negative.forEach((g, i) => {
      if (negativeStart[i] === -1) return;
      const extra = (negativePatterns[i]!.length - 1) * (g.each ?? 0);
      const w = Math.min(g.w + extra, Math.max(g.max ?? g.w, g.w));
      if (g.undamped) negativeUndamped += w;
      else negative += w;
      const [ms, me] = sqRangeToOriginal(n, negativeStart[i]!, negativeEnd[i]!);
      mitigations.push({ phrase: n.original.slice(ms, me), label: g.label, weight: round(w), start: ms, end: me });
    });

    // ---- entities ------------------------------------------------------------------------------
    const found = entityDetector.detect(n);
    const ascii = n.norm.replace(/[^\x00-\x7f]/g, ' ');
    const linkList = links.find(ascii, n.original, (a, b) => normRangeToOriginal(n, a, b));
    const codeRequests = findCodeRequests(n, codeHits, codeVerbs, codeNegations);
    const screenShare = shareHits.map(([s, e, strongHit]) => ({ ...spanOf(quote(s, e)), strong: strongHit }));
    const entities: TriageEntities = { links: linkList, ...found, codeRequests, screenShare };

    const fire = (id: EntityFeatureId, at: Span | undefined) => {
      if (!at) return;
      const f: EntityFeature = p.entities[id];
      if (f.w < 0) {
        negative += -f.w;
        mitigations.push({ phrase: at.text, label: f.label, weight: -f.w, start: at.start, end: at.end });
        return;
      }
      generic += f.w;
      if (f.action) action = true;
      if (f.w >= p.strongWeight) strong = true;
      boost(f.types);
      pushAdvice(f.advice);
      const flag: TriageFlag = { phrase: at.text, label: f.label, kind: 'entity', weight: f.w, start: at.start, end: at.end };
      if (f.rule) flag.rule = f.rule;
      flags.push(flag);
    };
    const linkWith = (flag: string) => linkList.find((l) => (l.flags as string[]).includes(flag));
    fire('codeRequest', codeRequests[0]);
    fire('screenShare', screenShare.find((s) => s.strong));
    if (!screenShare.some((s) => s.strong)) fire('meetingApp', screenShare[0]);
    const suspiciousLink = linkList.find((l) => !l.flags.includes('official'));
    fire('link', suspiciousLink);
    fire('linkIp', linkWith('ip'));
    fire('linkPunycode', linkWith('punycode'));
    fire('linkLookalike', linkWith('lookalike'));
    fire('linkHomoglyph', linkWith('homoglyph'));
    fire('linkShortener', linkWith('shortener'));
    if (!suspiciousLink) fire('linkOfficial', linkWith('official'));
    fire('overseasPhone', found.phones.find((ph) => ph.kind === 'overseas'));
    fire('contactId', found.wechat[0] ?? found.qq[0]);
    fire('bankCard', found.bankCards[0]);

    // ---- similarity to exemplars ------------------------------------------------------------
    let similar: TriageResult['similar'] = null;
    if (exemplarIndex.size > 0 && n.squeezed.length >= 6) {
      const sims = exemplarIndex.query(n.squeezed);
      const bestPerType = new Float64Array(nTypes);
      let bestOrdinary = 0;
      let best = -1;
      for (let ex = 0; ex < sims.length; ex++) {
        const sim = sims[ex]!;
        if (sim <= 0) continue;
        const e = content.exemplars[ex]!;
        if (best < 0 || sim > sims[best]!) best = ex;
        if (e.type === null) bestOrdinary = Math.max(bestOrdinary, sim);
        else {
          const ti = typeIds.indexOf(e.type);
          if (ti >= 0 && sim > bestPerType[ti]!) bestPerType[ti] = sim;
        }
      }
      const min = p.exemplars.minSimilarity;
      for (let ti = 0; ti < nTypes; ti++) {
        const sim = bestPerType[ti]!;
        if (sim >= min) typeScore[ti] = typeScore[ti]! + (p.exemplars.weight * (sim - min)) / (1 - min);
      }
      if (bestOrdinary >= min) negative += p.exemplars.ordinaryWeight * (bestOrdinary - min) / (1 - min);
      if (best >= 0 && sims[best]! >= min) {
        const e = content.exemplars[best]!;
        similar = { id: e.id, type: e.type, similarity: round(sims[best]!) };
      }
    }

    // ---- totals ------------------------------------------------------------------------------
    const order = Array.from({ length: nTypes }, (_, i) => i)
      .filter((i) => typeScore[i]! > 0)
      .sort((a, b) => typeScore[b]! - typeScore[a]! || a - b);
    const top = order[0] !== undefined ? typeScore[order[0]]! : 0;
    const second = order[1] !== undefined ? typeScore[order[1]]! : 0;
    const damp = strong ? p.strongDamp : 1;
    const total = top + 0.5 * second + generic - negative * damp - negativeUndamped;
    const score = Math.max(0, action ? total : total * p.actionlessFactor);
    const th = p.thresholds;
    const risk: Risk = score >= th.high ? 'high' : score >= th.medium ? 'medium' : score >= th.low ? 'low' : 'none';
    const type = order[0] !== undefined && top >= p.minTypeScore && risk !== 'none' ? typeIds[order[0]]! : null;

    const finalAdvice: string[] = [];
    if (risk !== 'none') {
      if (type) p.types.find((t) => t.id === type)!.advice.forEach((k) => finalAdvice.includes(k) || finalAdvice.push(k));
      advice.forEach((k) => finalAdvice.includes(k) || finalAdvice.push(k));
    }
    p.advice[risk].forEach((k) => finalAdvice.includes(k) || finalAdvice.push(k));

    flags.sort((a, b) => b.weight - a.weight || a.start - b.start);
    mitigations.sort((a, b) => b.weight - a.weight || a.start - b.start);
    return {
      risk,
      type,
      types: order.map((i) => ({ id: typeIds[i]!, score: round(typeScore[i]!) })),
      score: round(score),
      flags,
      mitigations,
      entities,
      advice: finalAdvice,
      similar,
      analysed: { chars: text.length, totalChars: raw.length, truncated },
    };
  };

  return (input: string): TriageResult => {
    try {
      return run(input);
    } catch (err) {
      // Never throw at a caller; an unexpected failure must not read as "no red flag".
      const raw = typeof input === 'string' ? input : '';
      return {
        risk: 'low',
        type: null,
        types: [],
        score: 0,
        flags: [],
        mitigations: [],
        entities: { links: [], phones: [], qq: [], wechat: [], bankCards: [], amounts: [], codeRequests: [], screenShare: [] },
        advice: [...p.advice.low],
        similar: null,
        analysed: { chars: 0, totalChars: raw.length, truncated: false },
        error: err instanceof Error ? err.message : String(err),
      };
    }
  };
}

const isAsciiAlnum = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a);

/** Squeezed range [s, e) is not glued to other ASCII letters or digits in the normalised text. */
function asciiBoundary(n: Normalized, s: number, e: number): boolean {
  const a = n.sqToNorm[s]!;
  const b = n.sqToNorm[e - 1]!;
  return !isAsciiAlnum(n.norm.charCodeAt(a - 1)) && !isAsciiAlnum(n.norm.charCodeAt(b + 1));
}

/** A flag quoting squeezed range [s, e) of the message (built without object spreads: hot path). */
function makeFlag(
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

function spanOf(q: { phrase: string; start: number; end: number }): Span {
  return { text: q.phrase, start: q.start, end: q.end };
}

/**
 * A verification code is requested when a code word shares a clause (or is followed in the next
 * clause) with a request verb (发给我, 告诉我, 提供, 输入…), and that clause has no negation
 * (请勿, 不要, 切勿…). A code being delivered (验证码123456) is not a request by itself.
 */
function findCodeRequests(
  n: Normalized,
  codeHits: readonly [number, number][],
  verbs: readonly string[],
  negations: readonly string[],
): Span[] {
  if (codeHits.length === 0) return [];
  const sq = n.squeezed;
  // Clause boundaries in squeezed coordinates.
  const clauseStarts: number[] = [0];
  for (let i = 1; i < sq.length; i++) {
    const a = n.sqToNorm[i - 1]!;
    const b = n.sqToNorm[i]!;
    for (let k = a + 1; k < b; k++) {
      if (CLAUSE_BREAK.test(n.norm[k]!)) {
        clauseStarts.push(i);
        break;
      }
    }
  }
  clauseStarts.push(sq.length);
  const clauseOf = (pos: number) => {
    let lo = 0;
    let hi = clauseStarts.length - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (clauseStarts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const clauseText = (c: number) => sq.slice(clauseStarts[c]!, clauseStarts[c + 1]!);
  const out: Span[] = [];
  for (const [s, e] of codeHits) {
    const c = clauseOf(s);
    const here = clauseText(c);
    const delivered = /^[是为]?\d{4,8}/.test(sq.slice(e, e + 9));
    const negHere = negations.some((w) => here.includes(w));
    let hit = !negHere && !delivered && verbs.some((v) => here.includes(v));
    if (!hit && !negHere && !delivered && c + 2 < clauseStarts.length) {
      const next = clauseText(c + 1);
      hit = !negations.some((w) => next.includes(w)) && verbs.some((v) => next.startsWith(v) || next.slice(0, 8).includes(v));
    }
    if (hit) {
      const [os, oe] = sqRangeToOriginal(n, s, e);
      out.push({ text: n.original.slice(os, oe), start: os, end: oe });
    }
  }
  return out;
}
