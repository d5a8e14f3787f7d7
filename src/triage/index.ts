/**
 * Triage of forwarded suspicious messages: offline, deterministic, explainable.
 *
 *   const { value, problems } = loadTriageContent('content/triage');
 *   const triage = createTriage(value!);
 *   triage('兼职刷单，日结，先垫付…') // → { risk: 'high', type: 'type-shuadan', flags: [...] }
 */
import { join } from 'node:path';
import { ContentInvalidError } from '../content/library.ts';
import { loadTriageContent, type TriageContent } from './content.ts';
import { createTriage } from './engine.ts';
import type { Triage } from './result.ts';

export { createTriage } from './engine.ts';
export type { Mitigation, Risk, Triage, TriageEntities, TriageFlag, TriageResult } from './result.ts';
export { crossCheck, loadTriageContent, TRIAGE_FILES } from './content.ts';
export type { AdviceFile, BrandsFile, ExemplarsFile, PatternsFile, TriageContent, TypeId } from './content.ts';
export type { LinkEntity, LinkFlag } from './links.ts';
export type { AmountEntity, BankCardEntity, ContactIdEntity, PhoneEntity, Span } from './entities.ts';
export { normalize } from './normalize.ts';
export { looksEnglish } from './language.ts';
export type { Normalized } from './normalize.ts';

/** Loads and validates content/triage under `contentDir` (the content root); throws every problem. */
export function loadTriageOrThrow(contentDir: string): TriageContent {
  const { value, problems } = loadTriageContent(join(contentDir, 'triage'), join(contentDir, 'triage'));
  if (!value) throw new ContentInvalidError(problems);
  return value;
}

/** The engine built from the content under `contentDir`. */
export function createTriageFromDir(contentDir: string): Triage {
  return createTriage(loadTriageOrThrow(contentDir));
}
