/**
 * The triage engine: an offline, deterministic, explainable score for a forwarded message, run as
 * a pipeline of stages, each in a module of its own:
 *
 *   text ─▶ normalise   message.ts            cap; NFKC, 繁→简, homoglyphs, zero-width, lower case
 *        ─▶ match       phrase-match.ts       one Aho–Corasick pass over the squeezed text
 *        ─▶ score types type-scores.ts        phrase groups and combos of each fraud type
 *        ─▶ red flags   red-flags.ts          generic phrases, regex features, ordinary evidence
 *        ─▶ entities    entity-evidence.ts    links, phones, QQ/WeChat, cards, code requests, screens
 *        ─▶ similarity  exemplar-similarity.ts  trigram similarity to the exemplars
 *        ─▶ decide      decide.ts             total score, risk level, type, advice
 *
 * Weights, thresholds and the meaning of each knob are documented in content/triage/patterns.yaml.
 * Risk `none` means no known red flag reached the low threshold; it never says a message is safe.
 */
import type { TriageContent } from './content.ts';
import { createDecider } from './decide.ts';
import { createEntityFinder } from './entity-evidence.ts';
import { createExemplarComparer } from './exemplar-similarity.ts';
import { readMessage } from './message.ts';
import { createPhraseMatcher } from './phrase-match.ts';
import { createRedFlagScorer } from './red-flags.ts';
import type { Triage, TriageResult } from './result.ts';
import { createTypeScorer } from './type-scores.ts';
import { createClassifier, type ModelProbabilities } from './model.ts';
import { emptyEvidence, round2, type Evidence } from './evidence.ts';
import type { PatternsFile } from './content.ts';

/** Builds the engine once from validated content; the returned function is pure. */
export function createTriage(content: TriageContent): Triage {
  const p = content.patterns;
  const matchPhrases = createPhraseMatcher(content);
  const scoreTypes = createTypeScorer(p);
  const weighRedFlags = createRedFlagScorer(p);
  const findEntities = createEntityFinder(content);
  const compareToExemplars = createExemplarComparer(content);
  const decide = createDecider(p);
  const classify = content.model ? createClassifier(content.model) : undefined;

  const run = (input: string): TriageResult => {
    const message = readMessage(input, p.maxChars);
    const hits = matchPhrases(message);
    const types = scoreTypes(message, hits);
    const redFlags = weighRedFlags(message, hits);
    const found = findEntities(message, hits);
    const resemblance = compareToExemplars(message);
    const model = classify?.(message.text.squeezed);
    const verdict = decide(types.scores, types.described, [types.evidence, redFlags, found.evidence, resemblance.evidence, learnedEvidence(p, model)]);
    return {
      risk: verdict.risk,
      warning: verdict.warning,
      type: verdict.type,
      types: verdict.types,
      score: verdict.score,
      flags: verdict.flags,
      mitigations: verdict.mitigations,
      entities: found.entities,
      advice: verdict.advice,
      similar: resemblance.similar,
      ...(model ? { model: { scam: round2(model.scam), warning: round2(model.warning), ordinary: round2(model.ordinary) } } : {}),
      analysed: { chars: message.text.original.length, totalChars: message.receivedChars, truncated: message.truncated },
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
        warning: false,
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

/** The learned score as evidence: a signed weight on the total, and warning weight. */
function learnedEvidence(p: PatternsFile, model: ModelProbabilities | undefined): Evidence {
  const evidence = emptyEvidence();
  if (!model) return evidence;
  const signed = p.model.weight * (2 * model.scam - 1);
  if (signed >= 0) evidence.redFlagWeights.push(signed);
  else evidence.undampedOrdinaryWeights.push(-signed);
  if (model.warning >= p.model.warningAt) evidence.warningWeights.push(p.model.warningWeight);
  return evidence;
}
