/**
 * The triage content files (content/triage/*.yaml): zod schemas, loading with `file:line`
 * problems (via parseYaml), and the cross-file checks (advice keys, duplicate ids).
 *
 * - patterns.yaml  thresholds, weighted phrase groups per fraud type, generic red flags,
 *                  negative (ordinary-message) evidence, entity weights, detector vocabularies
 * - exemplars.yaml known-scam (and ordinary) example messages for similarity
 * - brands.yaml    official domains of banks/government/platforms, URL shorteners
 * - advice.yaml    advice keys and their texts
 * - obfuscation.yaml homophones and pinyin abbreviations of scam words (obfuscation.ts)
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { FRAUD_TYPE_IDS, RULE_FAMILY_SIZES } from '../content/schema.ts';
import { fieldName, parseYaml, type ContentProblem } from '../content/yaml.ts';
import { squeeze } from './normalize.ts';
import { ModelFile } from './model.ts';
import { ObfuscationFile } from './obfuscation.ts';

export const TypeId = z.enum(FRAUD_TYPE_IDS);
export type TypeId = z.infer<typeof TypeId>;

const RULE_ITEM_IDS = Object.entries(RULE_FAMILY_SIZES).flatMap(([family, size]) =>
  Array.from({ length: size }, (_, i) => `rule-${family}-${i + 1}`),
);
export const RuleItemId = z.string().refine((s) => RULE_ITEM_IDS.includes(s), {
  message: 'unknown rule item id (see content spec: rule-<family>-<n>)',
});

const Weight = z.number().min(0).max(20);
/**
 * A red flag's label as an English group reads it (content/README.md, "English"). Optional here
 * so that a library being edited still loads; `content:check` fails without it (english.ts).
 */
const English = z.string().trim().min(1).max(80).optional();
const Phrase = z.string().trim().min(1).max(40);
const AdviceKey = z.string().regex(/^[a-z][a-z0-9-]*$/, 'advice keys are kebab-case');

/** A weighted group of phrases; one group counts once per message, however many phrases hit. */
const Group = z.strictObject({
  label: z.string().min(1).max(40),
  en: English,
  w: Weight,
  rule: RuleItemId.optional(),
  /** Core groups carry the type's context; a type none of whose core groups hit is damped. */
  core: z.boolean().optional(),
  /** The group asks the reader to do something (pay, transfer, contact); see `actionlessFactor`. */
  action: z.boolean().optional(),
  p: z.array(Phrase).min(1),
});
export type Group = z.infer<typeof Group>;

const TypeBoosts = z.partialRecord(TypeId, z.number().min(0).max(20));

/** A generic red flag: counts towards the risk; `types` optionally nudges the type choice. */
const Generic = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/),
  label: z.string().min(1).max(40),
  en: English,
  w: Weight,
  action: z.boolean().optional(),
  rule: RuleItemId.optional(),
  types: TypeBoosts.optional(),
  advice: z.array(AdviceKey).optional(),
  p: z.array(Phrase).min(1),
});
export type Generic = z.infer<typeof Generic>;

const Negative = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/),
  label: z.string().min(1).max(40),
  w: Weight,
  /** Added for every further distinct phrase of the group, up to `max` in all. */
  each: Weight.optional(),
  max: Weight.optional(),
  /** Not damped by strong red flags (anti-fraud warnings quote strong words by nature). */
  undamped: z.boolean().optional(),
  /** Marks a warning or notice (反诈提醒, 学校不代收): counts towards the `warning` verdict. */
  warning: z.boolean().optional(),
  /** Counts towards the warning verdict only, not as ordinary evidence (对方说 is no sign of safety). */
  warningOnly: z.boolean().optional(),
  p: z.array(Phrase).min(1),
});
export type Negative = z.infer<typeof Negative>;

const EntityFeature = z.strictObject({
  label: z.string().min(1).max(40),
  en: English,
  w: z.number().min(-20).max(20),
  action: z.boolean().optional(),
  /**
   * A live request (a link to open, a code to give, an account to pay into): no ordinary-message
   * evidence cancels it, and a message carrying one is never read as a mere warning.
   */
  live: z.boolean().optional(),
  rule: RuleItemId.optional(),
  types: TypeBoosts.optional(),
  advice: z.array(AdviceKey).optional(),
});
export type EntityFeature = z.infer<typeof EntityFeature>;

const RegexSource = z
  .string()
  .min(1)
  .refine(
    (src) => {
      try {
        new RegExp(src, 'u');
        return true;
      } catch {
        return false;
      }
    },
    { message: 'not a valid regular expression' },
  );

/**
 * A regular-expression feature for shapes a phrase list cannot hold (交…费, 每人…元, 才能提现).
 * It runs on the squeezed text (letters and digits only, lower case, simplified).
 */
const RegexFeature = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/),
  label: z.string().min(1).max(40),
  en: English,
  w: Weight,
  action: z.boolean().optional(),
  rule: RuleItemId.optional(),
  types: TypeBoosts.optional(),
  re: RegexSource,
});
export type RegexFeature = z.infer<typeof RegexFeature>;

export const ENTITY_FEATURES = [
  'codeRequest',
  'screenShare',
  'meetingApp',
  'link',
  'linkIp',
  'linkPunycode',
  'linkLookalike',
  'linkHomoglyph',
  'linkShortener',
  'linkOfficial',
  'overseasPhone',
  'contactId',
  'bankCard',
] as const;
export type EntityFeatureId = (typeof ENTITY_FEATURES)[number];

/**
 * A bonus when several groups hit together. `all` names groups by label: a label of this type,
 * or `type-xxx/label` for another type's group.
 */
const Combo = z.strictObject({
  label: z.string().min(1).max(40),
  en: English,
  w: Weight,
  rule: RuleItemId.optional(),
  all: z.array(z.string().min(1)).min(2),
});
export type Combo = z.infer<typeof Combo>;

const TypeEntry = z.strictObject({
  id: TypeId,
  advice: z.array(AdviceKey).min(1),
  groups: z.array(Group).min(1),
  combos: z.array(Combo).optional(),
});

export const PatternsFile = z
  .strictObject({
    version: z.literal(1),
    maxChars: z.number().int().min(100).max(100_000),
    thresholds: z.strictObject({ low: z.number(), medium: z.number(), high: z.number() }),
    /** A type is named only if its score reaches this. */
    minTypeScore: z.number().min(0),
    /** Multiplies the score of a type that has core groups when none of them hit. */
    corelessFactor: z.number().min(0).max(1),
    /**
     * Multiplies the total when nothing asks the reader to act (pay, transfer, contact, click,
     * give a code): a plain notification ("退款已成功，原路退回") is rarely the scam itself.
     */
    actionlessFactor: z.number().min(0).max(1),
    /** Negation scope for red-flag phrases (src/triage/negation.ts). */
    negation: z.strictObject({ window: z.number().int().min(1).max(30), cues: z.array(z.string().trim().min(1).max(20)).min(1) }),
    /**
     * The `warning` verdict: warning-group evidence (negative groups with `warning: true`) of at
     * least `min`, no live request and none of the `vetoes` (a victim asking: 让我…这是骗子吗);
     * or evidence of at least `overridesLive` (a warning quotes the requests it warns about).
     */
    warning: z.strictObject({
      min: z.number().min(0),
      overridesLive: z.number().min(0),
      vetoes: z.array(Phrase).min(1),
      /** Regular expressions on the normalised text (punctuation kept) that add warning weight. */
      marks: z.array(z.strictObject({ label: z.string().min(1).max(40), w: Weight, re: RegexSource })),
    }),
    /**
     * The learned score (model.ts): `weight` × (2·P(scam) − 1) is added to the total; P(warning)
     * of at least `warningAt` counts `warningWeight` towards the warning verdict.
     */
    model: z.strictObject({ weight: z.number().min(0).max(20), warningAt: z.number().min(0).max(1), warningWeight: z.number().min(0).max(20) }),
    /** Negative evidence is multiplied by this when a strong red flag is present. */
    strongDamp: z.number().min(0).max(1),
    /** Weights at or above this count as strong red flags. */
    strongWeight: z.number().min(0),
    exemplars: z.strictObject({
      weight: z.number().min(0).max(20),
      minSimilarity: z.number().min(0).max(1),
      ordinaryWeight: z.number().min(0).max(20),
    }),
    advice: z.strictObject({
      high: z.array(AdviceKey),
      medium: z.array(AdviceKey),
      low: z.array(AdviceKey),
      none: z.array(AdviceKey),
      warning: z.array(AdviceKey),
    }),
    types: z.array(TypeEntry).min(1),
    generic: z.array(Generic),
    regex: z.array(RegexFeature),
    negative: z.array(Negative),
    entities: z.strictObject(
      Object.fromEntries(ENTITY_FEATURES.map((k) => [k, EntityFeature])) as Record<
        EntityFeatureId,
        typeof EntityFeature
      >,
    ),
    detectors: z.strictObject({
      code: z.strictObject({
        words: z.array(Phrase).min(1),
        verbs: z.array(Phrase).min(1),
        negations: z.array(Phrase).min(1),
      }),
      screenShare: z.strictObject({ strong: z.array(Phrase).min(1), weak: z.array(Phrase) }),
      wechatCues: z.array(z.string().min(1)).min(1),
      qqCues: z.array(z.string().min(1)).min(1),
      cardCues: z.array(Phrase).min(1),
    }),
  })
  .refine((v) => v.thresholds.low < v.thresholds.medium && v.thresholds.medium < v.thresholds.high, {
    message: 'thresholds must rise: low < medium < high',
    path: ['thresholds'],
  });
export type PatternsFile = z.infer<typeof PatternsFile>;

export const ExemplarsFile = z.array(
  z.strictObject({
    id: z.string().regex(/^ex-[a-z0-9-]+$/),
    type: TypeId.nullable(),
    text: z.string().min(8).max(500),
  }),
);
export type ExemplarsFile = z.infer<typeof ExemplarsFile>;

const Domain = z
  .string()
  .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'a lower-case domain name like icbc.com.cn');

export const BrandsFile = z.strictObject({
  brands: z.array(
    z.strictObject({
      name: z.string().min(1),
      /** The name an English answer shows (仿冒 中国工商银行 → imitates Industrial and Commercial Bank of China). */
      en: English,
      kind: z.enum(['bank', 'gov', 'platform', 'logistics', 'game', 'school']),
      domains: z.array(Domain).min(1),
      /** Distinctive tokens of the brand's domains (icbc, alipay); ≥ 2 characters. */
      tokens: z.array(z.string().regex(/^[a-z0-9]{2,}$/)).min(1),
    }),
  ),
  /** Every host under these suffixes is official (gov.cn, edu.cn). */
  officialSuffixes: z.array(Domain),
  shorteners: z.array(Domain),
});
export type BrandsFile = z.infer<typeof BrandsFile>;

export const AdviceFile = z.array(
  z.strictObject({
    key: AdviceKey,
    text: z.strictObject({ zh: z.string().min(4).max(200), en: z.string().min(4).max(300) }),
  }),
);
export type AdviceFile = z.infer<typeof AdviceFile>;

export interface TriageContent {
  patterns: PatternsFile;
  exemplars: ExemplarsFile;
  brands: BrandsFile;
  advice: AdviceFile;
  obfuscation: ObfuscationFile;
  /** The learned score (model.json, written by `npm run train:triage`); absent in a library without one. */
  model?: ModelFile;
}

export const TRIAGE_FILES = ['patterns.yaml', 'exemplars.yaml', 'brands.yaml', 'advice.yaml', 'obfuscation.yaml'] as const;

/**
 * Loads and validates content/triage/. `value` is set only when there are no problems.
 * `displayDir` is how file names appear in problems (default: `content/triage`).
 */
export function loadTriageContent(
  dir: string,
  displayDir = 'content/triage',
): { value: TriageContent | undefined; problems: ContentProblem[]; lines?: TriageLines } {
  const problems: ContentProblem[] = [];
  const read = <S extends z.ZodType>(name: string, schema: S) => {
    const path = join(dir, name);
    const file = `${displayDir}/${name}`;
    if (!existsSync(path)) {
      problems.push({ file, line: 1, field: '', message: 'file is missing' });
      return undefined;
    }
    const located = parseYaml(file, readFileSync(path, 'utf8'), schema);
    problems.push(...located.problems);
    return located;
  };
  const patterns = read('patterns.yaml', PatternsFile);
  const exemplars = read('exemplars.yaml', ExemplarsFile);
  const brands = read('brands.yaml', BrandsFile);
  const advice = read('advice.yaml', AdviceFile);
  const obfuscation = read('obfuscation.yaml', ObfuscationFile);
  if (!patterns?.value || !exemplars?.value || !brands?.value || !advice?.value || !obfuscation?.value) {
    return { value: undefined, problems };
  }
  const value: TriageContent = {
    patterns: patterns.value,
    exemplars: exemplars.value,
    brands: brands.value,
    advice: advice.value,
    obfuscation: obfuscation.value,
  };
  const modelPath = join(dir, 'model.json');
  if (existsSync(modelPath)) {
    const parsed = ModelFile.safeParse(JSON.parse(readFileSync(modelPath, 'utf8')));
    if (parsed.success) value.model = parsed.data;
    else problems.push({ file: `${displayDir}/model.json`, line: 1, field: '', message: `not a model file (npm run train:triage writes it): ${parsed.error.issues[0]?.message ?? ''}` });
  }
  problems.push(...crossCheck(value, displayDir, {
    patterns: patterns.lineOf,
    exemplars: exemplars.lineOf,
    advice: advice.lineOf,
  }));
  return problems.length > 0 ? { value: undefined, problems } : { value, problems, lines: { patterns: patterns.lineOf, brands: brands.lineOf } };
}

type LineOf = (path: readonly PropertyKey[]) => number;

/** Where an item of a loaded file stands, for checks made after loading (english.ts). */
export interface TriageLines {
  patterns: LineOf;
  brands: LineOf;
}

/** Checks that need more than one item or file. Exported for tests. */
export function crossCheck(
  c: TriageContent,
  displayDir = 'content/triage',
  lines: { patterns?: LineOf; exemplars?: LineOf; advice?: LineOf } = {},
): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const at = (file: 'patterns' | 'exemplars' | 'advice', path: PropertyKey[], message: string) =>
    problems.push({
      file: `${displayDir}/${file}.yaml`,
      line: lines[file]?.(path) ?? 1,
      field: fieldName(path),
      message,
    });

  const adviceKeys = new Set<string>();
  c.advice.forEach((a, i) => {
    if (adviceKeys.has(a.key)) at('advice', [i, 'key'], `duplicate advice key ${a.key}`);
    adviceKeys.add(a.key);
  });
  const needAdvice = (keys: readonly string[] | undefined, path: PropertyKey[]) =>
    keys?.forEach((k, j) => {
      if (!adviceKeys.has(k)) at('patterns', [...path, j], `unknown advice key ${k} (not in advice.yaml)`);
    });

  const p = c.patterns;
  for (const level of ['high', 'medium', 'low', 'none'] as const) needAdvice(p.advice[level], ['advice', level]);
  const seenTypes = new Set<string>();
  p.types.forEach((t, i) => {
    if (seenTypes.has(t.id)) at('patterns', ['types', i, 'id'], `duplicate type ${t.id}`);
    seenTypes.add(t.id);
    needAdvice(t.advice, ['types', i, 'advice']);
    const labels = new Set<string>();
    t.groups.forEach((g, j) => {
      if (labels.has(g.label)) at('patterns', ['types', i, 'groups', j, 'label'], `duplicate label ${g.label} in ${t.id}`);
      labels.add(g.label);
      g.p.forEach((ph, k) => {
        if (squeeze(ph).length === 0) at('patterns', ['types', i, 'groups', j, 'p', k], 'phrase has no letters or digits');
      });
    });
    t.combos?.forEach((c, j) =>
      c.all.forEach((ref, k) => {
        if (!resolveGroupRef(p, t.id, ref)) at('patterns', ['types', i, 'combos', j, 'all', k], `unknown group ${ref}`);
      }),
    );
  });
  const ids = new Set<string>();
  [
    ...p.generic.map((g, i) => ['generic', i, g.id] as const),
    ...p.regex.map((g, i) => ['regex', i, g.id] as const),
    ...p.negative.map((g, i) => ['negative', i, g.id] as const),
  ].forEach(
    ([section, i, id]) => {
      if (ids.has(id)) at('patterns', [section, i, 'id'], `duplicate id ${id}`);
      ids.add(id);
    },
  );
  p.generic.forEach((g, i) => needAdvice(g.advice, ['generic', i, 'advice']));
  for (const [k, f] of Object.entries(p.entities)) needAdvice(f.advice, ['entities', k, 'advice']);

  const exIds = new Set<string>();
  c.exemplars.forEach((e, i) => {
    if (exIds.has(e.id)) at('exemplars', [i, 'id'], `duplicate exemplar id ${e.id}`);
    exIds.add(e.id);
  });
  return problems;
}

/** `label` (a group of `typeId`) or `type-xxx/label` → [type index, group index]. */
export function resolveGroupRef(p: PatternsFile, typeId: string, ref: string): [number, number] | undefined {
  const slash = ref.indexOf('/');
  const tid = slash > 0 && ref.startsWith('type-') ? ref.slice(0, slash) : typeId;
  const label = slash > 0 && ref.startsWith('type-') ? ref.slice(slash + 1) : ref;
  const ti = p.types.findIndex((t) => t.id === tid);
  if (ti < 0) return undefined;
  const gi = p.types[ti]!.groups.findIndex((g) => g.label === label);
  return gi < 0 ? undefined : [ti, gi];
}
