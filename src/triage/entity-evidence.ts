/**
 * Stage 5, entities: links (tldts, lookalike brands), phones, QQ/WeChat ids, bank cards, amounts,
 * verification-code requests and screen sharing, and the red flags (or ordinary evidence, for a
 * negative weight) that patterns.yaml `entities` gives each of them.
 */
import { findCodeRequests, type CodeRequestCues } from './code-requests.ts';
import type { EntityFeature, EntityFeatureId, TriageContent } from './content.ts';
import { EntityDetector, type Span } from './entities.ts';
import { boostTypes, emptyEvidence, quoteSqueezed, type Evidence } from './evidence.ts';
import { LinkAnalyser } from './links.ts';
import type { Message } from './message.ts';
import { normalize, normRangeToOriginal, squeeze } from './normalize.ts';
import type { PhraseHits } from './phrase-match.ts';
import type { TriageEntities, TriageFlag } from './result.ts';

export interface EntityFindings {
  entities: TriageEntities;
  evidence: Evidence;
}

/** Builds the detectors once from validated content; the returned function is pure. */
export function createEntityFinder(content: TriageContent): (message: Message, hits: PhraseHits) => EntityFindings {
  const p = content.patterns;
  const codeCues: CodeRequestCues = {
    verbs: p.detectors.code.verbs.map(squeeze).filter((s) => s.length > 0),
    negations: p.detectors.code.negations.map(squeeze).filter((s) => s.length > 0),
  };
  const normCue = (s: string) => normalize(s).norm.replace(/\s+/g, '');
  const detector = new EntityDetector({
    qq: p.detectors.qqCues.map(normCue),
    wechat: p.detectors.wechatCues.map(normCue),
    card: p.detectors.cardCues.map(normCue),
  });
  const links = new LinkAnalyser(content.brands);

  return (message, hits) => {
    const n = message.text;
    const found = detector.detect(n);
    const ascii = n.norm.replace(/[^\x00-\x7f]/g, ' ');
    const linkList = links.find(ascii, n.original, (a, b) => normRangeToOriginal(n, a, b));
    const codeRequests = findCodeRequests(n, hits.codeWords, codeCues);
    const screenShare = hits.screenShare.map((h) => ({ ...quoteSqueezed(n, h.start, h.end), strong: h.strong }));
    const entities: TriageEntities = { links: linkList, ...found, codeRequests, screenShare };

    const evidence = emptyEvidence();
    const fire = (id: EntityFeatureId, at: Span | undefined) => {
      if (at) weighFeature(evidence, p.entities[id], p.strongWeight, at);
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
    return { entities, evidence };
  };
}

/** One entity feature found at `at`: a red flag, or ordinary evidence when its weight is negative. */
function weighFeature(evidence: Evidence, f: EntityFeature, strongWeight: number, at: Span): void {
  if (f.w < 0) {
    evidence.ordinaryWeights.push(-f.w);
    evidence.mitigations.push({ phrase: at.text, label: f.label, weight: -f.w, start: at.start, end: at.end });
    return;
  }
  evidence.redFlagWeights.push(f.w);
  if (f.action) evidence.action = true;
  if (f.live) evidence.live = true;
  if (f.w >= strongWeight) evidence.strong = true;
  boostTypes(evidence, f.types);
  if (f.advice) evidence.advice.push(...f.advice);
  const flag: TriageFlag = { phrase: at.text, label: f.label, kind: 'entity', weight: f.w, start: at.start, end: at.end };
  if (f.rule) flag.rule = f.rule;
  evidence.flags.push(flag);
}
