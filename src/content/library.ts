/**
 * Loads content/ once at start and checks it: every item against its zod schema, then the
 * checks that need the whole library (unknown ids, duplicates, rule numbering, missing fraud
 * types, composite labels, near-duplicate tips). Every problem points at `file:line field`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import {
  AppSteps,
  ArticleFrontMatter,
  EmergencyProcedure,
  FRAUD_TYPE_IDS,
  FraudType,
  HOTLINE_NUMBERS,
  Hotline,
  LIMITS,
  LawArticle,
  PledgeText,
  Quiz,
  RULE_FAMILIES,
  RULE_FAMILY_SIZES,
  RuleItem,
  RuleSetHeader,
  Source,
  Tip,
  UNOFFICIAL_FRAUD_TYPES,
  charCount,
  type Article,
  type ArticleId,
  type FraudTypeId,
  type QuizId,
  type RuleFamily,
  type RuleItemId,
  type RuleSet,
  type SourceId,
  type TipId,
} from './schema.ts';
import { fieldName, formatProblem, parseYaml, type ContentProblem } from './yaml.ts';

export type { ContentProblem } from './yaml.ts';

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

// ---------------------------------------------------------------------------------------------

/** An item that passed its schema, with a way to point at its fields. */
interface Entry<T> {
  value: T;
  /** Path of the file relative to the library folder, e.g. `tips/01-students.yaml`. */
  rel: string;
  at: (path: readonly PropertyKey[]) => { line: number; field: string };
}

/** Where an id was first seen (also for items that failed their schema). */
interface Seen {
  rel: string;
  line: number;
}

const ALLOWED_PHONE_DIGITS = new Set<string>([...HOTLINE_NUMBERS, '01012321']);
const ALLOWED_LINKS = /^(https?:\/\/)?(www\.)?12321\.cn\/?$/i;

export function loadLibrary(dir: string): LoadResult {
  return new Loader(dir).load();
}

class Loader {
  readonly problems: ContentProblem[] = [];
  /** Every id in the library → where it was first defined; finds duplicates across files. */
  readonly ids = new Map<string, Seen>();
  readonly typeIds = new Set<string>();
  readonly ruleIds = new Set<string>();
  readonly sourceIds = new Set<string>();
  readonly badSources = new Set<string>();

  readonly sources: Entry<Source>[] = [];
  readonly types: Entry<FraudType>[] = [];
  readonly ruleSets: { entry: Entry<z.infer<typeof RuleSetHeader>>; items: Entry<z.infer<typeof RuleItem>>[] }[] = [];
  readonly tips: Entry<Tip>[] = [];
  readonly articles: Entry<Article>[] = [];
  readonly quizzes: Entry<Quiz>[] = [];
  readonly hotlines: Entry<Hotline>[] = [];
  readonly law: Entry<LawArticle>[] = [];
  emergency: Entry<EmergencyProcedure> | undefined;
  app: Entry<AppSteps> | undefined;
  pledge: Entry<PledgeText> | undefined;
  /** Whether sources.yaml / types.yaml could be read at all; if not, references to them aren't checked. */
  sourcesLoaded = false;
  typesLoaded = false;

  constructor(readonly dir: string) {}

  load(): LoadResult {
    this.loadSources();
    this.loadTypes();
    this.loadRules();
    this.loadReference();
    for (const rel of this.listFiles('tips', '.yaml')) this.loadList(rel, Tip, this.tips);
    for (const rel of this.listFiles('articles', '.md')) this.loadArticle(rel);
    for (const rel of this.listFiles('quizzes', '.yaml')) this.loadList(rel, Quiz, this.quizzes);
    this.crossCheck();

    const draft = this.build();
    // Grouped by file, in line order (the sort is stable: same line keeps the order found).
    const problems = [...this.problems].sort((a, b) =>
      a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line,
    );
    const library =
      problems.length === 0 && draft.emergency && draft.app && draft.pledge
        ? { ...draft, emergency: draft.emergency, app: draft.app, pledge: draft.pledge }
        : undefined;
    return { library, problems, draft };
  }

  // -- reading ---------------------------------------------------------------------------------

  file(rel: string): string {
    return join(this.dir, rel);
  }

  problem(rel: string, line: number, field: string, message: string): void {
    this.problems.push({ file: this.file(rel), line, field, message });
  }

  problemAt<T>(entry: Entry<T>, path: readonly PropertyKey[], message: string): void {
    const { line, field } = entry.at(path);
    this.problem(entry.rel, line, field, message);
  }

  read(rel: string): string | undefined {
    const path = this.file(rel);
    if (!existsSync(path)) {
      this.problem(rel, 1, '', 'file is missing');
      return undefined;
    }
    return readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  }

  listFiles(sub: string, ext: string): string[] {
    const path = this.file(sub);
    if (!existsSync(path) || !statSync(path).isDirectory()) {
      this.problem(sub, 1, '', 'folder is missing');
      return [];
    }
    const names = readdirSync(path)
      .filter((n) => n.endsWith(ext) && !n.startsWith('.'))
      .sort();
    if (names.length === 0) this.problem(sub, 1, '', `no ${ext} files`);
    return names.map((n) => `${sub}/${n}`);
  }

  /**
   * Validates one item (at `prefix` in the parsed document) with its schema, reporting issues at
   * their lines. Returns the entry when valid. Records the item's id either way.
   */
  item<S extends z.ZodType>(
    rel: string,
    raw: unknown,
    schema: S,
    prefix: readonly PropertyKey[],
    lineOf: (path: readonly PropertyKey[]) => number,
  ): Entry<z.infer<S>> | undefined {
    const at = (path: readonly PropertyKey[]) => {
      const full = [...prefix, ...path];
      return { line: lineOf(full), field: fieldName(full) };
    };
    const id = isRecord(raw) && typeof raw.id === 'string' ? raw.id : undefined;
    if (id !== undefined) this.recordId(rel, id, at(['id']));

    const result = schema.safeParse(raw);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const paths =
          issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...issue.path, k]) : [issue.path];
        for (const path of paths) {
          const where = at(path);
          const value = issue.code === 'unrecognized_keys' ? undefined : valueAt(raw, issue.path);
          const message =
            issue.code === 'unrecognized_keys'
              ? `unknown field "${String(path[path.length - 1])}"`
              : value === undefined
                ? 'required field is missing'
                : issue.code === 'invalid_type' && issue.expected === 'string' && typeof value === 'number'
                  ? `is the number ${value}; put it in quotes ("${value}") so that it stays text`
                  : issue.message;
          this.problem(rel, where.line, where.field, message);
        }
      }
      return undefined;
    }
    return { value: result.data, rel, at };
  }

  recordId(rel: string, id: string, where: { line: number; field: string }): void {
    const first = this.ids.get(id);
    if (first) {
      this.problem(rel, where.line, where.field, `duplicate id ${id} (first defined at ${first.rel}:${first.line})`);
    } else {
      this.ids.set(id, { rel, line: where.line });
    }
  }

  /** A YAML file holding a list of items; each item is validated on its own. */
  loadList<S extends z.ZodType>(rel: string, schema: S, into: Entry<z.infer<S>>[]): boolean {
    const text = this.read(rel);
    if (text === undefined) return false;
    const doc = parseYaml(this.file(rel), text, z.array(z.unknown(), { error: 'expected a YAML list of items' }));
    this.problems.push(...firstSyntaxError(doc.problems));
    if (!doc.value) return false;
    doc.value.forEach((raw, i) => {
      const entry = this.item(rel, raw, schema, [i], doc.lineOf);
      if (entry) into.push(entry);
    });
    return true;
  }

  /** A YAML file holding one object. */
  loadOne<S extends z.ZodType>(rel: string, schema: S): Entry<z.infer<S>> | undefined {
    const text = this.read(rel);
    if (text === undefined) return undefined;
    const doc = parseYaml(this.file(rel), text, z.unknown());
    this.problems.push(...firstSyntaxError(doc.problems));
    if (doc.problems.length > 0) return undefined;
    return this.item(rel, doc.value, schema, [], doc.lineOf);
  }

  // -- files -----------------------------------------------------------------------------------

  loadSources(): void {
    this.sourcesLoaded = this.loadList('sources.yaml', Source, this.sources);
    for (const id of this.idsWithPrefix('src-')) this.sourceIds.add(id);
    for (const s of this.sources) {
      if (s.value.grade === '✗') {
        this.badSources.add(s.value.id);
        this.problemAt(s, ['grade'], 'sources graded ✗ are wrong or made up and must not be used; remove it');
      } else if (s.value.grade === 'C' && !s.value.title.includes('转载')) {
        this.problemAt(s, ['title'], 'a grade C source is allowed only as a labelled reprint: say 转载 in the title');
      }
    }
  }

  loadTypes(): void {
    this.typesLoaded = this.loadList('types.yaml', FraudType, this.types);
    for (const id of this.idsWithPrefix('type-')) this.typeIds.add(id);
  }

  loadRules(): void {
    // A missing folder is reported as one missing file per family, below.
    const rels = existsSync(this.file('rules')) ? this.listFiles('rules', '.yaml') : [];
    const families = new Map<string, string>();
    for (const rel of rels) {
      const name = rel.slice('rules/'.length, -'.yaml'.length);
      const header = this.loadOne(rel, RuleSetHeader);
      if (!isRuleFamily(name)) {
        this.problem(rel, 1, '', `unknown rule family file; expected one of ${RULE_FAMILIES.map((f) => `${f}.yaml`).join(', ')}`);
        continue;
      }
      families.set(name, rel);
      if (!header) {
        // Still record the item ids, so that references to them don't cascade into more problems.
        for (let n = 1; n <= RULE_FAMILY_SIZES[name]; n++) this.ruleIds.add(`rule-${name}-${n}`);
        continue;
      }
      if (header.value.id !== name) {
        this.problemAt(header, ['id'], `the file ${name}.yaml must hold the family ${name}, not ${header.value.id}`);
      }
      const family = header.value.id;
      const items: Entry<z.infer<typeof RuleItem>>[] = [];
      header.value.items.forEach((raw, i) => {
        const entry = this.item(rel, raw, RuleItem, ['items', i], (p) => header.at(p).line);
        if (isRecord(raw) && typeof raw.id === 'string') this.ruleIds.add(raw.id);
        if (!entry) return;
        items.push(entry);
        const want = `rule-${family}-${i + 1}`;
        if (entry.value.n !== i + 1) {
          this.problemAt(entry, ['n'], `expected n: ${i + 1} (items are numbered 1..N in order)`);
        } else if (entry.value.id !== want) {
          this.problemAt(entry, ['id'], `expected ${want} (item ${i + 1} of ${family})`);
        }
      });
      const size = RULE_FAMILY_SIZES[family];
      if (header.value.items.length !== size) {
        this.problemAt(header, ['items'], `${family} has ${size} items, found ${header.value.items.length}`);
      }
      this.ruleSets.push({ entry: header, items });
    }
    for (const family of RULE_FAMILIES) {
      if (families.has(family)) continue;
      this.problem(`rules/${family}.yaml`, 1, '', `file is missing (rule family ${family})`);
      for (let n = 1; n <= RULE_FAMILY_SIZES[family]; n++) this.ruleIds.add(`rule-${family}-${n}`);
    }
  }

  loadReference(): void {
    const hotlinesLoaded = this.loadList('reference/hotlines.yaml', Hotline, this.hotlines);
    this.emergency = this.loadOne('reference/emergency.yaml', EmergencyProcedure);
    this.loadList('reference/law.yaml', LawArticle, this.law);
    this.app = this.loadOne('reference/app.yaml', AppSteps);
    this.pledge = this.loadOne('reference/pledge.yaml', PledgeText);
    const known = new Set(['hotlines.yaml', 'emergency.yaml', 'law.yaml', 'app.yaml', 'pledge.yaml']);
    if (existsSync(this.file('reference'))) {
      for (const name of readdirSync(this.file('reference')).sort()) {
        if (name.endsWith('.yaml') && !known.has(name)) {
          this.problem(`reference/${name}`, 1, '', `unknown reference file; expected ${[...known].join(', ')}`);
        }
      }
    }
    const numbers = new Set(this.hotlines.map((h) => h.value.number));
    for (const n of hotlinesLoaded ? HOTLINE_NUMBERS : []) {
      if (!numbers.has(n) && !this.ids.has(`hotline-${n}`)) {
        this.problem('reference/hotlines.yaml', 1, '', `hotline ${n} is missing`);
      }
    }
  }

  loadArticle(rel: string): void {
    const text = this.read(rel);
    if (text === undefined) return;
    const lines = text.split(/\r?\n/);
    if (lines[0]?.trim() !== '---') {
      this.problem(rel, 1, '', 'expected front matter: the file must start with a line "---"');
      return;
    }
    const close = lines.findIndex((l, i) => i > 0 && l.trim() === '---');
    if (close < 0) {
      this.problem(rel, 1, '', 'front matter is not closed by a line "---"');
      return;
    }
    const yamlText = lines.slice(1, close).join('\n');
    const doc = parseYaml(this.file(rel), yamlText, z.unknown(), 1);
    this.problems.push(...firstSyntaxError(doc.problems));
    if (doc.problems.length > 0) return;
    const front = this.item(rel, doc.value, ArticleFrontMatter, [], doc.lineOf);

    const bodyLines = lines.slice(close + 1);
    const firstText = bodyLines.findIndex((l) => l.trim() !== '');
    const bodyLine = close + 2 + Math.max(firstText, 0);
    const body = bodyLines.join('\n').trim();
    const length = charCount(body);
    if (length < LIMITS.articleBodyMin || length > LIMITS.articleBodyMax) {
      this.problem(rel, bodyLine, 'body', `is ${length} characters; must be ${LIMITS.articleBodyMin}–${LIMITS.articleBodyMax}`);
    }
    if (!front) return;
    const entry: Entry<Article> = { ...front, value: { ...front.value, body } };
    const bodyAt = { line: bodyLine, field: 'body' };
    const m = /^articles\/(\d{3})-[^/]+\.md$/.exec(rel);
    if (!m) {
      this.problem(rel, 1, '', 'file name must be NNN-slug.md (NNN = the article number)');
    } else if (entry.value.id !== `article-${m[1]}`) {
      this.problemAt(entry, ['id'], `the file ${m[1]}-….md must hold article-${m[1]}`);
    }
    if (entry.value.composite && !body.includes('综合案例')) {
      this.problem(rel, bodyAt.line, bodyAt.field, 'composite: true, so the body must say the case is a composite (综合案例，人物为化名)');
    }
    if (!/(^|[^\d])(96110|110)([^\d]|$)/.test(body)) {
      this.problem(rel, bodyAt.line, bodyAt.field, 'must end with what to do, naming 110 (money already gone) or 96110 (拿不准就拨打 96110 咨询)');
    }
    bodyLines.forEach((l, k) => this.checkContacts(rel, l, { line: close + 2 + k, field: 'body' }));
    this.articles.push(entry);
  }

  // -- cross checks ----------------------------------------------------------------------------

  idsWithPrefix(prefix: string): string[] {
    return [...this.ids.keys()].filter((id) => id.startsWith(prefix));
  }

  crossCheck(): void {
    // All eleven fraud types, and `official` as the MPS list has it.
    for (const id of this.typesLoaded ? FRAUD_TYPE_IDS : []) {
      if (!this.typeIds.has(id)) this.problem('types.yaml', 1, '', `fraud type ${id} is missing`);
    }
    for (const t of this.types) {
      const official = !UNOFFICIAL_FRAUD_TYPES.includes(t.value.id);
      if (t.value.official !== official) {
        this.problemAt(t, ['official'], `${t.value.id} is ${official ? '' : 'not '}one of the MPS 2024 top ten: official: ${official}`);
      }
    }

    const all: Entry<{ types?: readonly string[]; rules?: readonly string[]; sources?: readonly string[] }>[] = [
      ...this.types,
      ...this.ruleSets.flatMap((r) => [r.entry, ...r.items]),
      ...this.hotlines,
      ...(this.emergency ? [this.emergency] : []),
      ...this.law,
      ...(this.app ? [this.app] : []),
      ...(this.pledge ? [this.pledge] : []),
      ...this.tips,
      ...this.articles,
      ...this.quizzes,
    ];
    for (const e of all) {
      if (this.typesLoaded) this.checkRefs(e, 'types', this.typeIds, 'fraud type', 'types.yaml');
      this.checkRefs(e, 'rules', this.ruleIds, 'rule item', 'rules/');
      if (this.sourcesLoaded) this.checkRefs(e, 'sources', this.sourceIds, 'source', 'sources.yaml');
      for (const [i, id] of (e.value.sources ?? []).entries()) {
        if (this.badSources.has(id)) this.problemAt(e, ['sources', i], `source ${id} is graded ✗ and must not be used`);
      }
    }

    // No invented phone numbers or links in the texts (the scam messages of scenarios aside).
    for (const e of [...this.types, ...this.ruleSets.flatMap((r) => r.items), ...this.hotlines, ...this.tips, ...this.quizzes]) {
      walkStrings(e.value, [], (s, path) => {
        if (path[0] === 'scenario' || path[0] === 'sources') return;
        this.checkContacts(e.rel, s, e.at(path));
      });
    }
    for (const e of [...this.law, ...(this.emergency ? [this.emergency] : []), ...(this.app ? [this.app] : []), ...(this.pledge ? [this.pledge] : [])]) {
      walkStrings(e.value, [], (s, path) => {
        if (path[0] !== 'sources') this.checkContacts(e.rel, s, e.at(path));
      });
    }

    this.checkNearDuplicateTips();
  }

  checkRefs(
    e: Entry<{ types?: readonly string[]; rules?: readonly string[]; sources?: readonly string[] }>,
    key: 'types' | 'rules' | 'sources',
    known: Set<string>,
    what: string,
    where: string,
  ): void {
    for (const [i, id] of (e.value[key] ?? []).entries()) {
      if (!known.has(id)) this.problemAt(e, [key, i], `unknown ${what} ${id} (not in ${where})`);
    }
  }

  checkContacts(rel: string, text: string, where: { line: number; field: string }): void {
    for (const m of text.matchAll(/(https?:\/\/|www\.)[^\s，。；、“”（）()<>]+/gi)) {
      if (!ALLOWED_LINKS.test(m[0])) {
        this.problem(rel, where.line, where.field, `link ${m[0]}: the library carries no links (only www.12321.cn for reporting)`);
      }
    }
    for (const m of text.matchAll(/\d[\d-]*\d/g)) {
      const digits = m[0].replace(/-/g, '');
      const next = text[m.index + m[0].length] ?? '';
      if (digits.length < 5 || ALLOWED_PHONE_DIGITS.has(digits)) continue;
      if (/^0\d{2,3}-?96110$/.test(m[0])) continue; // 属地区号+96110
      if (/^\d{4}-\d{1,2}(-\d{1,2})?$/.test(m[0])) continue; // a date
      if (/^[元块万千百亿年月日号%个次条人位名天]/.test(next)) continue; // an amount or a count
      this.problem(rel, where.line, where.field, `number ${m[0]} is not one of the allowed hotlines (${HOTLINE_NUMBERS.join(', ')})`);
    }
  }

  checkNearDuplicateTips(): void {
    const pairs = findNearDuplicates(this.tips.map((t) => t.value.text), LIMITS.nearDuplicate);
    for (const { later, earlier, similarity } of pairs) {
      const tip = this.tips[later]!;
      const first = this.tips[earlier]!;
      this.problemAt(
        tip,
        ['text'],
        `near-duplicate of ${first.value.id} (${first.rel}:${first.at(['text']).line}): trigram similarity ${similarity.toFixed(2)} ≥ ${LIMITS.nearDuplicate}; vary the wording and the situation`,
      );
    }
  }

  // -- result ----------------------------------------------------------------------------------

  build(): LibraryDraft {
    const byId = <T extends { id: string }>(entries: Entry<T>[]) =>
      entries.map((e) => e.value).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const ruleSets = new Map<RuleFamily, RuleSet>();
    const ruleItems = new Map<RuleItemId, RuleItem>();
    const order = (f: RuleFamily) => RULE_FAMILIES.indexOf(f);
    for (const { entry, items } of [...this.ruleSets].sort((a, b) => order(a.entry.value.id) - order(b.entry.value.id))) {
      const family = entry.value.id;
      const set: RuleSet = { ...entry.value, items: items.map((i) => ({ ...i.value, family })) };
      ruleSets.set(family, set);
      for (const item of set.items) ruleItems.set(item.id, item);
    }
    const tips = byId(this.tips);
    const articles = byId(this.articles);
    const typeOrder = (id: FraudTypeId) => FRAUD_TYPE_IDS.indexOf(id);
    return {
      dir: this.dir,
      sources: new Map(this.sources.map((e) => [e.value.id, e.value])),
      types: new Map(
        this.types
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
      quizzes: new Map(byId(this.quizzes).map((q) => [q.id, q])),
      hotlines: this.hotlines.map((e) => e.value),
      emergency: this.emergency?.value,
      law: this.law.map((e) => e.value),
      app: this.app?.value,
      pledge: this.pledge?.value,
    };
  }
}

// ---------------------------------------------------------------------------------------------

/**
 * After a YAML syntax error the parser reports follow-on errors that only confuse an editor:
 * keep the first one and say how many more there were.
 */
function firstSyntaxError(problems: ContentProblem[]): ContentProblem[] {
  const [first, ...rest] = problems;
  if (!first || !first.message.startsWith('YAML:') || rest.length === 0) return problems;
  return [{ ...first, message: `${first.message} (and ${rest.length} more YAML errors after it; fix this one first)` }];
}

function isRuleFamily(s: string): s is RuleFamily {
  return (RULE_FAMILIES as string[]).includes(s);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const key of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

function walkStrings(v: unknown, path: PropertyKey[], visit: (s: string, path: PropertyKey[]) => void): void {
  if (typeof v === 'string') visit(v, path);
  else if (Array.isArray(v)) v.forEach((x, i) => walkStrings(x, [...path, i], visit));
  else if (isRecord(v)) for (const [k, x] of Object.entries(v)) walkStrings(x, [...path, k], visit);
}

/** The distinct character trigrams of a text as sorted ints (ids interned in `ids`). */
export function trigramIds(text: string, ids: Map<string, number>): number[] {
  const chars = [...text];
  const set = new Set<number>();
  for (let i = 0; i + 3 <= chars.length; i++) {
    const gram = chars[i]! + chars[i + 1]! + chars[i + 2]!;
    let id = ids.get(gram);
    if (id === undefined) {
      id = ids.size;
      ids.set(gram, id);
    }
    set.add(id);
  }
  return [...set].sort((a, b) => a - b);
}

/**
 * Every pair of texts whose character-trigram Jaccard similarity is at least `threshold`, found
 * through an inverted index (trigram → texts) so that only texts sharing a trigram are compared.
 * Pairs come in order of the later text, then the earlier.
 */
export function findNearDuplicates(
  texts: readonly string[],
  threshold: number,
): { later: number; earlier: number; similarity: number }[] {
  const ids = new Map<string, number>();
  const grams = texts.map((t) => trigramIds(t, ids));
  const postings = new Map<number, number[]>();
  const shared = new Int32Array(texts.length);
  const pairs: { later: number; earlier: number; similarity: number }[] = [];
  for (let i = 0; i < texts.length; i++) {
    const touched: number[] = [];
    for (const g of grams[i]!) {
      const list = postings.get(g);
      if (!list) {
        postings.set(g, [i]);
        continue;
      }
      for (const j of list) {
        if (shared[j] === 0) touched.push(j);
        shared[j]!++;
      }
      list.push(i);
    }
    touched.sort((a, b) => a - b);
    for (const j of touched) {
      const inter = shared[j]!;
      shared[j] = 0;
      const similarity = inter / (grams[i]!.length + grams[j]!.length - inter);
      if (similarity >= threshold) pairs.push({ later: i, earlier: j, similarity });
    }
  }
  return pairs;
}

/** Character-trigram Jaccard similarity of two texts (for tools and tests). */
export function trigramSimilarity(a: string, b: string): number {
  const ids = new Map<string, number>();
  const x = new Set(trigramIds(a, ids));
  const y = trigramIds(b, ids);
  const inter = y.filter((g) => x.has(g)).length;
  const union = x.size + y.length - inter;
  return union === 0 ? 0 : inter / union;
}

