/**
 * The checks that need the whole library: references to unknown ids, all eleven fraud types,
 * citations of sources graded ✗, invented numbers and links in any text, near-duplicate tips.
 */
import { contactProblems } from './contacts.ts';
import type { LoadedFiles } from './load-files.ts';
import { findNearDuplicates } from './near-duplicates.ts';
import { isRecord, type ContentReader, type Entry } from './reader.ts';
import { FRAUD_TYPE_IDS, LIMITS, UNOFFICIAL_FRAUD_TYPES } from './schema.ts';

/** An item that may refer to fraud types, rule items and sources. */
type Referring = Entry<{ types?: readonly string[]; rules?: readonly string[]; sources?: readonly string[] }>;

export function crossCheck(reader: ContentReader, files: LoadedFiles): void {
  checkFraudTypes(reader, files);
  const optional = <T>(e: Entry<T> | undefined) => (e ? [e] : []);
  const all: Referring[] = [
    ...files.types,
    ...files.ruleSets.flatMap((r) => [r.entry, ...r.items]),
    ...files.hotlines,
    ...optional(files.emergency),
    ...files.law,
    ...optional(files.app),
    ...optional(files.pledge),
    ...files.tips,
    ...files.articles,
    ...files.quizzes,
  ];
  for (const e of all) {
    if (files.typesLoaded) checkRefs(reader, e, 'types', files.typeIds, 'fraud type', 'types.yaml');
    checkRefs(reader, e, 'rules', files.ruleIds, 'rule item', 'rules/');
    if (files.sourcesLoaded) checkRefs(reader, e, 'sources', files.sourceIds, 'source', 'sources.yaml');
    for (const [i, id] of (e.value.sources ?? []).entries()) {
      if (files.badSources.has(id)) reader.problemAt(e, ['sources', i], `source ${id} is graded ✗ and must not be used`);
    }
  }

  // No invented phone numbers or links in the texts (the scam messages of scenarios aside).
  const items = [...files.types, ...files.ruleSets.flatMap((r) => r.items), ...files.hotlines, ...files.tips, ...files.quizzes];
  for (const e of items) {
    walkStrings(e.value, [], (s, path) => {
      if (path[0] === 'scenario' || (path[0] === 'en' && path[1] === 'scenario') || path[0] === 'sources') return;
      for (const message of contactProblems(s)) reader.problemAt(e, path, message);
    });
  }
  const reference = [...files.law, ...optional(files.emergency), ...optional(files.app), ...optional(files.pledge)];
  for (const e of reference) {
    walkStrings(e.value, [], (s, path) => {
      if (path[0] !== 'sources') for (const message of contactProblems(s)) reader.problemAt(e, path, message);
    });
  }

  checkNearDuplicateTips(reader, files);
}

/** All eleven fraud types, and `official` as the MPS list has it. */
function checkFraudTypes(reader: ContentReader, files: LoadedFiles): void {
  for (const id of files.typesLoaded ? FRAUD_TYPE_IDS : []) {
    if (!files.typeIds.has(id)) reader.problem('types.yaml', 1, '', `fraud type ${id} is missing`);
  }
  for (const t of files.types) {
    const official = !UNOFFICIAL_FRAUD_TYPES.includes(t.value.id);
    if (t.value.official !== official) {
      reader.problemAt(t, ['official'], `${t.value.id} is ${official ? '' : 'not '}one of the MPS 2024 top ten: official: ${official}`);
    }
  }
}

function checkRefs(
  reader: ContentReader,
  e: Referring,
  key: 'types' | 'rules' | 'sources',
  known: Set<string>,
  what: string,
  where: string,
): void {
  for (const [i, id] of (e.value[key] ?? []).entries()) {
    if (!known.has(id)) reader.problemAt(e, [key, i], `unknown ${what} ${id} (not in ${where})`);
  }
}

function checkNearDuplicateTips(reader: ContentReader, { tips }: LoadedFiles): void {
  const pairs = findNearDuplicates(tips.map((t) => t.value.text), LIMITS.nearDuplicate);
  for (const { later, earlier, similarity } of pairs) {
    const tip = tips[later]!;
    const first = tips[earlier]!;
    reader.problemAt(
      tip,
      ['text'],
      `near-duplicate of ${first.value.id} (${first.rel}:${first.at(['text']).line}): trigram similarity ${similarity.toFixed(2)} ≥ ${LIMITS.nearDuplicate}; vary the wording and the situation`,
    );
  }
}

function walkStrings(v: unknown, path: PropertyKey[], visit: (s: string, path: PropertyKey[]) => void): void {
  if (typeof v === 'string') visit(v, path);
  else if (Array.isArray(v)) v.forEach((x, i) => walkStrings(x, [...path, i], visit));
  else if (isRecord(v)) for (const [k, x] of Object.entries(v)) walkStrings(x, [...path, k], visit);
}
