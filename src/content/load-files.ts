/**
 * Loads every file of the content library, in a fixed order (sources and types first, since the
 * rest refer to them), with the checks that need only the file at hand: rule numbering, source
 * grades, the reference files present (articles: load-articles.ts).
 */
import { existsSync, readdirSync } from 'node:fs';
import type { z } from 'zod';
import { loadArticles } from './load-articles.ts';
import { isRecord, type ContentReader, type Entry } from './reader.ts';
import {
  AppSteps,
  EmergencyProcedure,
  FraudType,
  HOTLINE_NUMBERS,
  Hotline,
  LawArticle,
  PledgeText,
  Quiz,
  RULE_FAMILIES,
  RULE_FAMILY_SIZES,
  RuleItem,
  RuleSetHeader,
  Source,
  Tip,
  type Article,
  type RuleFamily,
} from './schema.ts';

export interface LoadedRuleSet {
  entry: Entry<z.infer<typeof RuleSetHeader>>;
  items: Entry<z.infer<typeof RuleItem>>[];
}

/** The items that passed their schemas, and the ids that references may name. */
export interface LoadedFiles {
  sources: Entry<Source>[];
  types: Entry<FraudType>[];
  ruleSets: LoadedRuleSet[];
  tips: Entry<Tip>[];
  articles: Entry<Article>[];
  quizzes: Entry<Quiz>[];
  hotlines: Entry<Hotline>[];
  law: Entry<LawArticle>[];
  emergency: Entry<EmergencyProcedure> | undefined;
  app: Entry<AppSteps> | undefined;
  pledge: Entry<PledgeText> | undefined;
  /** Ids seen, also of items that failed their schema, so that one mistake doesn't cascade. */
  typeIds: Set<string>;
  ruleIds: Set<string>;
  sourceIds: Set<string>;
  /** Sources graded ✗, which nothing may cite. */
  badSources: Set<string>;
  /** Whether sources.yaml / types.yaml could be read at all; if not, references to them aren't checked. */
  sourcesLoaded: boolean;
  typesLoaded: boolean;
}

export function loadFiles(reader: ContentReader): LoadedFiles {
  const sources: Entry<Source>[] = [];
  const sourcesLoaded = reader.loadList('sources.yaml', Source, sources);
  const sourceIds = new Set(reader.idsWithPrefix('src-'));
  const badSources = checkSourceGrades(reader, sources);
  const types: Entry<FraudType>[] = [];
  const typesLoaded = reader.loadList('types.yaml', FraudType, types);
  const typeIds = new Set(reader.idsWithPrefix('type-'));
  const ruleIds = new Set<string>();
  const ruleSets = loadRules(reader, ruleIds);
  const reference = loadReference(reader);
  const tips: Entry<Tip>[] = [];
  for (const rel of reader.listFiles('tips', '.yaml')) reader.loadList(rel, Tip, tips);
  const articles = loadArticles(reader);
  const quizzes: Entry<Quiz>[] = [];
  for (const rel of reader.listFiles('quizzes', '.yaml')) reader.loadList(rel, Quiz, quizzes);
  return {
    ...reference,
    sources,
    types,
    ruleSets,
    tips,
    articles,
    quizzes,
    typeIds,
    ruleIds,
    sourceIds,
    badSources,
    sourcesLoaded,
    typesLoaded,
  };
}

function checkSourceGrades(reader: ContentReader, sources: Entry<Source>[]): Set<string> {
  const bad = new Set<string>();
  for (const s of sources) {
    if (s.value.grade === '✗') {
      bad.add(s.value.id);
      reader.problemAt(s, ['grade'], 'sources graded ✗ are wrong or made up and must not be used; remove it');
    } else if (s.value.grade === 'C' && !s.value.title.includes('转载')) {
      reader.problemAt(s, ['title'], 'a grade C source is allowed only as a labelled reprint: say 转载 in the title');
    }
  }
  return bad;
}

/** rules/<family>.yaml, one per family; every item id is added to `ruleIds`. */
function loadRules(reader: ContentReader, ruleIds: Set<string>): LoadedRuleSet[] {
  // A missing folder is reported as one missing file per family, below.
  const rels = existsSync(reader.file('rules')) ? reader.listFiles('rules', '.yaml') : [];
  const families = new Set<string>();
  const ruleSets: LoadedRuleSet[] = [];
  const addAllIds = (family: RuleFamily) => {
    for (let n = 1; n <= RULE_FAMILY_SIZES[family]; n++) ruleIds.add(`rule-${family}-${n}`);
  };
  for (const rel of rels) {
    const name = rel.slice('rules/'.length, -'.yaml'.length);
    const header = reader.loadOne(rel, RuleSetHeader);
    if (!isRuleFamily(name)) {
      reader.problem(rel, 1, '', `unknown rule family file; expected one of ${RULE_FAMILIES.map((f) => `${f}.yaml`).join(', ')}`);
      continue;
    }
    families.add(name);
    // Without a header the item ids are still recorded, so that references to them don't cascade.
    if (!header) addAllIds(name);
    else ruleSets.push(loadRuleSet(reader, rel, name, header, ruleIds));
  }
  for (const family of RULE_FAMILIES) {
    if (families.has(family)) continue;
    reader.problem(`rules/${family}.yaml`, 1, '', `file is missing (rule family ${family})`);
    addAllIds(family);
  }
  return ruleSets;
}

/** The items of one rule family: numbered 1..N in order, ids rule-<family>-<n>. */
function loadRuleSet(
  reader: ContentReader,
  rel: string,
  name: RuleFamily,
  header: Entry<z.infer<typeof RuleSetHeader>>,
  ruleIds: Set<string>,
): LoadedRuleSet {
  if (header.value.id !== name) {
    reader.problemAt(header, ['id'], `the file ${name}.yaml must hold the family ${name}, not ${header.value.id}`);
  }
  const family = header.value.id;
  const items: Entry<z.infer<typeof RuleItem>>[] = [];
  header.value.items.forEach((raw, i) => {
    const entry = reader.item(rel, raw, RuleItem, ['items', i], (p) => header.at(p).line);
    if (isRecord(raw) && typeof raw.id === 'string') ruleIds.add(raw.id);
    if (!entry) return;
    items.push(entry);
    const want = `rule-${family}-${i + 1}`;
    if (entry.value.n !== i + 1) {
      reader.problemAt(entry, ['n'], `expected n: ${i + 1} (items are numbered 1..N in order)`);
    } else if (entry.value.id !== want) {
      reader.problemAt(entry, ['id'], `expected ${want} (item ${i + 1} of ${family})`);
    }
  });
  const size = RULE_FAMILY_SIZES[family];
  if (header.value.items.length !== size) {
    reader.problemAt(header, ['items'], `${family} has ${size} items, found ${header.value.items.length}`);
  }
  return { entry: header, items };
}

function loadReference(reader: ContentReader): Pick<LoadedFiles, 'hotlines' | 'emergency' | 'law' | 'app' | 'pledge'> {
  const hotlines: Entry<Hotline>[] = [];
  const hotlinesLoaded = reader.loadList('reference/hotlines.yaml', Hotline, hotlines);
  const emergency = reader.loadOne('reference/emergency.yaml', EmergencyProcedure);
  const law: Entry<LawArticle>[] = [];
  reader.loadList('reference/law.yaml', LawArticle, law);
  const app = reader.loadOne('reference/app.yaml', AppSteps);
  const pledge = reader.loadOne('reference/pledge.yaml', PledgeText);
  const known = new Set(['hotlines.yaml', 'emergency.yaml', 'law.yaml', 'app.yaml', 'pledge.yaml']);
  if (existsSync(reader.file('reference'))) {
    for (const name of readdirSync(reader.file('reference')).sort()) {
      if (name.endsWith('.yaml') && !known.has(name)) {
        reader.problem(`reference/${name}`, 1, '', `unknown reference file; expected ${[...known].join(', ')}`);
      }
    }
  }
  const numbers = new Set(hotlines.map((h) => h.value.number));
  for (const n of hotlinesLoaded ? HOTLINE_NUMBERS : []) {
    if (!numbers.has(n) && !reader.ids.has(`hotline-${n}`)) {
      reader.problem('reference/hotlines.yaml', 1, '', `hotline ${n} is missing`);
    }
  }
  return { hotlines, emergency, law, app, pledge };
}

function isRuleFamily(s: string): s is RuleFamily {
  return (RULE_FAMILIES as string[]).includes(s);
}
