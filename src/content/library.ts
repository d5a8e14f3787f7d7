/**
 * Loads content/ once at start and checks it: every item against its zod schema (reader.ts,
 * load-files.ts), then the checks that need the whole library (cross-check.ts). Every problem
 * points at `file:line field`. The Library is the loaded content indexed by id, in the order the
 * bot serves it.
 */
import { crossCheck } from './cross-check.ts';
import { missingEnglish } from './english.ts';
import { loadFiles, type LoadedFiles } from './load-files.ts';
import { ContentReader, type Entry } from './reader.ts';
import {
  FRAUD_TYPE_IDS,
  RULE_FAMILIES,
  type AppSteps,
  type Article,
  type ArticleId,
  type EmergencyProcedure,
  type FraudType,
  type FraudTypeId,
  type Hotline,
  type LawArticle,
  type PledgeText,
  type Quiz,
  type QuizId,
  type RuleFamily,
  type RuleItem,
  type RuleItemId,
  type RuleSet,
  type Source,
  type SourceId,
  type Tip,
  type TipId,
} from './schema.ts';
import { formatProblem, type ContentProblem } from './yaml.ts';

export type { ContentProblem } from './yaml.ts';
export { findNearDuplicates, trigramSimilarity } from './near-duplicates.ts';

export interface Library {
  /** The folder the library was loaded from. */
  dir: string;
  sources: Map<SourceId, Source>;
  types: Map<FraudTypeId, FraudType>;
  ruleSets: Map<RuleFamily, RuleSet>;
  /** Every rule item of every family, with its family. */
  ruleItems: Map<RuleItemId, RuleItem>;
  /** In id order. */
  tips: Tip[];
  tipsById: Map<TipId, Tip>;
  /** In id order. */
  articles: Article[];
  articlesById: Map<ArticleId, Article>;
  /** In id order. */
  quizzes: Map<QuizId, Quiz>;
  hotlines: Hotline[];
  emergency: EmergencyProcedure;
  law: LawArticle[];
  app: AppSteps;
  pledge: PledgeText;
}

/** What could be loaded from a library that has problems: the valid items only. */
export type LibraryDraft = Omit<Library, 'emergency' | 'app' | 'pledge'> & {
  emergency: EmergencyProcedure | undefined;
  app: AppSteps | undefined;
  pledge: PledgeText | undefined;
};

export interface LoadResult {
  /** Set only when there are no problems. */
  library: Library | undefined;
  problems: ContentProblem[];
  /** The valid items, also when there are problems (for counts and tools). */
  draft: LibraryDraft;
  /** Items without their English: listed, not problems (english.ts). */
  missingEnglish: ContentProblem[];
}

/** Thrown by loadLibraryOrThrow; the message is every problem, one per line. */
export class ContentInvalidError extends Error {
  readonly problems: ContentProblem[];
  constructor(problems: ContentProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ContentInvalidError';
    this.problems = problems;
  }
}

export function loadLibraryOrThrow(dir: string): Library {
  const { library, problems } = loadLibrary(dir);
  if (!library || problems.length > 0) throw new ContentInvalidError(problems);
  return library;
}

export function loadLibrary(dir: string): LoadResult {
  const reader = new ContentReader(dir);
  const files = loadFiles(reader);
  crossCheck(reader, files);
  const draft = indexDraft(dir, files);
  // Grouped by file, in line order (the sort is stable: same line keeps the order found).
  const problems = [...reader.problems].sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line,
  );
  const library =
    problems.length === 0 && draft.emergency && draft.app && draft.pledge
      ? { ...draft, emergency: draft.emergency, app: draft.app, pledge: draft.pledge }
      : undefined;
  return { library, problems, draft, missingEnglish: missingEnglish(reader, files) };
}

/** The valid items indexed by id; lists in id order, fraud types and rule families in their official order. */
function indexDraft(dir: string, files: LoadedFiles): LibraryDraft {
  const byId = <T extends { id: string }>(entries: Entry<T>[]) =>
    entries.map((e) => e.value).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const ruleSets = new Map<RuleFamily, RuleSet>();
  const ruleItems = new Map<RuleItemId, RuleItem>();
  const order = (f: RuleFamily) => RULE_FAMILIES.indexOf(f);
  for (const { entry, items } of [...files.ruleSets].sort((a, b) => order(a.entry.value.id) - order(b.entry.value.id))) {
    const family = entry.value.id;
    const set: RuleSet = { ...entry.value, items: items.map((i) => ({ ...i.value, family })) };
    ruleSets.set(family, set);
    for (const item of set.items) ruleItems.set(item.id, item);
  }
  const tips = byId(files.tips);
  const articles = byId(files.articles);
  const typeOrder = (id: FraudTypeId) => FRAUD_TYPE_IDS.indexOf(id);
  return {
    dir,
    sources: new Map(files.sources.map((e) => [e.value.id, e.value])),
    types: new Map(
      files.types
        .map((e) => e.value)
        .sort((a, b) => typeOrder(a.id) - typeOrder(b.id))
        .map((t) => [t.id, t]),
    ),
    ruleSets,
    ruleItems,
    tips,
    tipsById: new Map(tips.map((t) => [t.id, t])),
    articles,
    articlesById: new Map(articles.map((a) => [a.id, a])),
    quizzes: new Map(byId(files.quizzes).map((q) => [q.id, q])),
    hotlines: files.hotlines.map((e) => e.value),
    emergency: files.emergency?.value,
    law: files.law.map((e) => e.value),
    app: files.app?.value,
    pledge: files.pledge?.value,
  };
}
