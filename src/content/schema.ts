/**
 * The content library's shapes (see content/README.md): zod schemas that validate one item at a
 * time, and the domain types the rest of the bot reads. Checks that need more than one item
 * (unknown ids, duplicates, rule numbering, near-duplicate tips) live in library.ts.
 */
import { z } from 'zod';

// ---------------------------------------------------------------------------------------------
// Fixed ids

export const AUDIENCES = ['students', 'staff', 'parents'] as const;
export const Audience = z.enum(AUDIENCES);
export type Audience = z.infer<typeof Audience>;

/** The eleven fraud types of content/types.yaml: the MPS 2024 top ten plus 冒充老师. */
export const FRAUD_TYPE_IDS = [
  'type-shuadan',
  'type-touzi',
  'type-gouwu',
  'type-kefu',
  'type-daikuan',
  'type-zhengxin',
  'type-lingdao',
  'type-gongjianfa',
  'type-jiaoyou',
  'type-youxi',
  'type-laoshi',
  'type-bangxin',
  'type-diaoyu',
] as const;
export type FraudTypeId = (typeof FRAUD_TYPE_IDS)[number];
/** Types that are not in the MPS 2024 top ten (`official: false`). */
export const UNOFFICIAL_FRAUD_TYPES: readonly FraudTypeId[] = ['type-laoshi', 'type-bangxin', 'type-diaoyu'];

/** Rule families and how many items each has, in the order the library shows them. */
export const RULE_FAMILY_SIZES = {
  liugeyilv: 6,
  shigefanshi: 10,
  linghun8wen: 8,
  sanbuyiduo: 4,
} as const;
export const RULE_FAMILIES = Object.keys(RULE_FAMILY_SIZES) as RuleFamily[];
export const RuleFamily = z.enum(['liugeyilv', 'shigefanshi', 'linghun8wen', 'sanbuyiduo']);
export type RuleFamily = z.infer<typeof RuleFamily>;
export type RuleItemId = `rule-${RuleFamily}-${number}`;

export type SourceId = `src-${string}`;
export type TipId = `tip-${string}`;
export type ArticleId = `article-${string}`;
export type QuizId = `quiz-${string}`;

export const ID_PATTERNS = {
  tip: /^tip-\d{4}$/,
  article: /^article-\d{3}$/,
  quiz: /^quiz-\d{4}$/,
  type: /^type-[a-z]+$/,
  rule: /^rule-(liugeyilv|shigefanshi|linghun8wen|sanbuyiduo)-([1-9]\d*)$/,
  source: /^src-[a-z0-9]+(-[a-z0-9]+)*$/,
  law: /^law-[a-z0-9]+(-[a-z0-9]+)*$/,
} as const;

/** The only phone numbers the bot may show (reference §5). */
export const HOTLINE_NUMBERS = ['110', '96110', '12381', '12321'] as const;

/** Season labels, their month-day windows (content spec, "Seasons") and their English names. */
export const SEASONS: Readonly<Record<string, { from: string; to: string; en: string }>> = {
  开学季: { from: '09-01', to: '09-30', en: 'the start of the autumn term (开学季)' },
  春季开学: { from: '02-20', to: '03-15', en: 'the start of the spring term (春季开学)' },
  双11: { from: '10-20', to: '11-15', en: 'the Double 11 shopping festival (双11)' },
  双12: { from: '12-01', to: '12-15', en: 'the Double 12 shopping festival (双12)' },
  寒假: { from: '01-10', to: '02-20', en: 'the winter break (寒假)' },
  暑假: { from: '06-20', to: '08-31', en: 'the summer break (暑假)' },
  春节: { from: '01-15', to: '02-20', en: 'the Spring Festival (春节)' },
  毕业季: { from: '03-01', to: '06-30', en: 'the graduation season (毕业季)' },
  '618': { from: '06-01', to: '06-18', en: 'the 618 shopping festival' },
  国庆: { from: '09-25', to: '10-08', en: 'the National Day holiday (国庆)' },
  // 录取后新生群: the scams reach admitted students in July–August, before 开学季.
  录取季: { from: '07-01', to: '08-31', en: 'the admissions season (录取季)' },
};

export const LIMITS = {
  tipText: 150,
  articleBodyMin: 600,
  articleBodyMax: 1500,
  articleSummary: 80,
  /** The English versions run longer than the Chinese they follow. */
  tipTextEn: 450,
  articleSummaryEn: 240,
  quizOptionsMin: 2,
  quizOptionsMax: 4,
  /** Two tips whose character-trigram Jaccard similarity reaches this are near-duplicates. */
  nearDuplicate: 0.5,
} as const;

/** Length as an editor counts it: every character (code point), punctuation included. */
export function charCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

// ---------------------------------------------------------------------------------------------
// Building blocks

function idOf<T extends string>(pattern: RegExp, example: string) {
  return z.custom<T>((v) => typeof v === 'string' && pattern.test(v), {
    message: `expected an id like ${example}`,
  });
}

export const FraudTypeRef = idOf<FraudTypeId>(ID_PATTERNS.type, 'type-shuadan');
export const RuleItemRef = idOf<RuleItemId>(ID_PATTERNS.rule, 'rule-liugeyilv-1');
export const SourceRef = idOf<SourceId>(ID_PATTERNS.source, 'src-mps-2024-top10');

const text = z.string().trim().min(1, 'must not be empty');

export const Localized = z.strictObject({ zh: text, en: text });
export type Localized = z.infer<typeof Localized>;
/** Chinese text quoted verbatim; the English is optional. */
export const LocalizedZh = z.strictObject({ zh: text, en: text.optional() });
export type LocalizedZh = z.infer<typeof LocalizedZh>;

const audiences = z.array(Audience).min(1, 'name at least one audience').refine(unique, 'audiences repeat');
const typeRefs = z.array(FraudTypeRef).refine(unique, 'types repeat');
const ruleRefs = z.array(RuleItemRef).refine(unique, 'rules repeat');
const sourceRefs = z.array(SourceRef).min(1, 'name at least one source').refine(unique, 'sources repeat');

function unique(xs: readonly unknown[]): boolean {
  return new Set(xs).size === xs.length;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
export function isMonthDay(s: string): boolean {
  const m = /^(\d\d)-(\d\d)$/.exec(s);
  if (!m) return false;
  const month = Number(m[1]);
  const day = Number(m[2]);
  return month >= 1 && month <= 12 && day >= 1 && day <= DAYS_IN_MONTH[month - 1]!;
}
const MonthDay = z.string().refine(isMonthDay, 'expected a valid month-day "MM-DD" (e.g. "09-01")');

/** An inclusive month-day window in the group's local time; `from` after `to` wraps the year end. */
export const SeasonWindow = z
  .strictObject({ label: text, from: MonthDay, to: MonthDay })
  .superRefine((s, ctx) => {
    if (!isMonthDay(s.from) || !isMonthDay(s.to)) return; // already reported
    const known = SEASONS[s.label];
    if (!known) {
      ctx.addIssue({
        code: 'custom',
        path: ['label'],
        message: `unknown season label "${s.label}" (use one of ${Object.keys(SEASONS).join(', ')})`,
      });
    } else if (known.from !== s.from || known.to !== s.to) {
      ctx.addIssue({
        code: 'custom',
        path: [known.from !== s.from ? 'from' : 'to'],
        message: `${s.label} is ${known.from} → ${known.to}, not ${s.from} → ${s.to}`,
      });
    }
  });
export type SeasonWindow = z.infer<typeof SeasonWindow>;

// ---------------------------------------------------------------------------------------------
// sources.yaml

export const Source = z.strictObject({
  id: SourceRef,
  title: text,
  title_en: text,
  url: z.string().regex(/^https?:\/\/\S+$/, 'expected an http(s) URL'),
  /** A/B as graded by the reference; C only for reprints the reference recommends; ✗ never. */
  grade: z.enum(['A', 'B', 'C', '✗']),
  note: text.optional(),
});
export type Source = z.infer<typeof Source>;

// ---------------------------------------------------------------------------------------------
// types.yaml

export const FraudType = z.strictObject({
  id: z.enum(FRAUD_TYPE_IDS, { error: `expected one of ${FRAUD_TYPE_IDS.join(', ')}` }),
  name: Localized,
  official: z.boolean(),
  script: Localized,
  red_flags: z.array(Localized).min(1, 'list at least one red flag'),
  what_to_do: z.array(Localized).min(1, 'list at least one step'),
  audiences,
  rules: ruleRefs,
  sources: sourceRefs,
});
export type FraudType = z.infer<typeof FraudType>;

// ---------------------------------------------------------------------------------------------
// rules/<family>.yaml

export const RuleItem = z.strictObject({
  id: RuleItemRef,
  n: z.int().min(1),
  text: Localized,
  explain: Localized,
  example: Localized,
  types: typeRefs,
});
export type RuleItem = z.infer<typeof RuleItem> & { family: RuleFamily };

/** A rule file without its items; the loader validates the items one by one. */
export const RuleSetHeader = z.strictObject({
  id: RuleFamily,
  name: Localized,
  /** A short qualifier shown beside the name wherever users see it (rule-names.ts), e.g. 转载. */
  tag: Localized.optional(),
  label: Localized,
  note: Localized.optional(),
  sources: sourceRefs,
  items: z.array(z.unknown()).min(1, 'list the rule items'),
});
export type RuleSet = Omit<z.infer<typeof RuleSetHeader>, 'items'> & { items: RuleItem[] };

// ---------------------------------------------------------------------------------------------
// tips/*.yaml

export const Tip = z.strictObject({
  id: idOf<TipId>(ID_PATTERNS.tip, 'tip-0001'),
  text: text.refine(
    (s) => charCount(s) <= LIMITS.tipText,
    { error: (iss) => `is ${charCount(String(iss.input))} characters; at most ${LIMITS.tipText}` },
  ),
  /** The English version, written for international students (the same facts and sources). */
  en: text
    .refine((s) => charCount(s) <= LIMITS.tipTextEn, {
      error: (iss) => `is ${charCount(String(iss.input))} characters; at most ${LIMITS.tipTextEn}`,
    })
    .optional(),
  audiences,
  types: typeRefs,
  rules: ruleRefs.default([]),
  sources: sourceRefs,
  season: SeasonWindow.optional(),
});
export type Tip = z.infer<typeof Tip>;

// ---------------------------------------------------------------------------------------------
// articles/NNN-slug.md (front matter; the body is checked by the loader)

export const ArticleFrontMatter = z.strictObject({
  id: idOf<ArticleId>(ID_PATTERNS.article, 'article-001'),
  title: text,
  summary: text.refine(
    (s) => charCount(s) <= LIMITS.articleSummary,
    { error: (iss) => `is ${charCount(String(iss.input))} characters; at most ${LIMITS.articleSummary}` },
  ),
  audiences,
  types: typeRefs,
  rules: ruleRefs.default([]),
  sources: sourceRefs,
  season: SeasonWindow.optional(),
  composite: z.boolean(),
});
/**
 * articles/NNN-slug.en.md, the English version beside the Chinese file: its own title, summary and
 * body; audiences, types, rules, sources and season are the Chinese file's.
 */
export const ArticleEnglishFrontMatter = z.strictObject({
  id: idOf<ArticleId>(ID_PATTERNS.article, 'article-001'),
  title: text,
  summary: text.refine(
    (s) => charCount(s) <= LIMITS.articleSummaryEn,
    { error: (iss) => `is ${charCount(String(iss.input))} characters; at most ${LIMITS.articleSummaryEn}` },
  ),
});
export interface ArticleEnglish {
  title: string;
  summary: string;
  /** The Markdown body, trimmed. */
  body: string;
}

export type Article = z.infer<typeof ArticleFrontMatter> & {
  /** The Markdown body, trimmed. */
  body: string;
  /** The English version, from the sibling `.en.md` file. */
  en?: ArticleEnglish;
};

// ---------------------------------------------------------------------------------------------
// quizzes/*.yaml

/** A question's English version: the same options in the same order, so `answer` holds for both. */
export const QuizEnglish = z.strictObject({
  scenario: text.nullable().optional(),
  question: text,
  options: z.array(text),
  explain: text,
});
export type QuizEnglish = z.infer<typeof QuizEnglish>;

export const Quiz = z
  .strictObject({
    id: idOf<QuizId>(ID_PATTERNS.quiz, 'quiz-0001'),
    kind: z.enum(['knowledge', 'scenario']),
    scenario: text.nullable().optional(),
    question: text,
    options: z
      .array(text)
      .min(LIMITS.quizOptionsMin, `give ${LIMITS.quizOptionsMin}–${LIMITS.quizOptionsMax} options`)
      .max(LIMITS.quizOptionsMax, `give ${LIMITS.quizOptionsMin}–${LIMITS.quizOptionsMax} options`)
      .refine(unique, 'options repeat'),
    answer: z.int().min(0),
    explain: text,
    en: QuizEnglish.optional(),
    rules: ruleRefs.default([]),
    types: typeRefs,
    difficulty: z.union([z.literal(1), z.literal(2), z.literal(3)]),
    audiences,
    sources: sourceRefs,
  })
  .superRefine((q, ctx) => {
    if (q.answer >= q.options.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['answer'],
        message: `answer ${q.answer} is out of range: options are numbered 0–${q.options.length - 1}`,
      });
    }
    if (q.kind === 'scenario' && !q.scenario) {
      ctx.addIssue({ code: 'custom', path: ['scenario'], message: 'required when kind is scenario' });
    }
    if (q.kind === 'knowledge' && q.scenario) {
      ctx.addIssue({ code: 'custom', path: ['scenario'], message: 'must be null when kind is knowledge' });
    }
    if (!q.en) return;
    if (q.en.options.length !== q.options.length) {
      ctx.addIssue({ code: 'custom', path: ['en', 'options'], message: `give the ${q.options.length} options of the Chinese, in the same order` });
    }
    if (q.kind === 'scenario' && !q.en.scenario) {
      ctx.addIssue({ code: 'custom', path: ['en', 'scenario'], message: 'required when kind is scenario' });
    }
    if (q.kind === 'knowledge' && q.en.scenario) {
      ctx.addIssue({ code: 'custom', path: ['en', 'scenario'], message: 'must be null when kind is knowledge' });
    }
  })
  .transform((q) => ({ ...q, scenario: q.scenario ?? null, en: q.en && { ...q.en, scenario: q.en.scenario ?? null } }));
export type Quiz = z.infer<typeof Quiz>;

// ---------------------------------------------------------------------------------------------
// reference/*.yaml

export const Hotline = z
  .strictObject({
    id: z.string().regex(/^hotline-\d+$/, 'expected an id like hotline-110'),
    number: z.preprocess(
      (v) => (typeof v === 'number' ? String(v) : v), // `number: 110` unquoted
      z.enum(HOTLINE_NUMBERS, { error: `only ${HOTLINE_NUMBERS.join(', ')} may be listed` }),
    ),
    name: Localized,
    purpose: Localized,
    sources: sourceRefs,
  })
  .superRefine((h, ctx) => {
    if (h.id !== `hotline-${h.number}`) {
      ctx.addIssue({ code: 'custom', path: ['id'], message: `must be hotline-${h.number}` });
    }
  });
export type Hotline = z.infer<typeof Hotline>;

const numberedSteps = <T extends z.ZodType>(step: T) =>
  z
    .array(step)
    .min(1, 'list at least one step')
    .superRefine((steps, ctx) => {
      steps.forEach((s, i) => {
        const n = (s as { n?: unknown }).n;
        if (n !== i + 1) {
          ctx.addIssue({ code: 'custom', path: [i, 'n'], message: `expected n: ${i + 1} (steps are numbered 1..N in order)` });
        }
      });
    });

export const EmergencyProcedure = z.strictObject({
  id: z.string().regex(/^emergency-[a-z]+$/, 'expected an id like emergency-zhifu'),
  title: Localized,
  steps: numberedSteps(z.strictObject({ n: z.int(), text: Localized })),
  prepare: z.array(Localized),
  warnings: z.array(Localized),
  sources: sourceRefs,
});
export type EmergencyProcedure = z.infer<typeof EmergencyProcedure>;

export const LawArticle = z.strictObject({
  id: z.string().regex(ID_PATTERNS.law, 'expected an id like law-fzf-31'),
  title: Localized,
  text: LocalizedZh,
  explain: Localized,
  sources: sourceRefs,
});
export type LawArticle = z.infer<typeof LawArticle>;

export const APP_STEP_KEYS = ['install', 'register', 'warning'] as const;
export const AppSteps = z
  .strictObject({
    id: z.literal('app-steps'),
    steps: z.array(z.strictObject({ key: z.enum(APP_STEP_KEYS), title: Localized, how: Localized })),
    sources: sourceRefs,
  })
  .superRefine((a, ctx) => {
    const keys = a.steps.map((s) => s.key).join(',');
    if (keys !== APP_STEP_KEYS.join(',')) {
      ctx.addIssue({
        code: 'custom',
        path: ['steps'],
        message: `expected exactly the steps ${APP_STEP_KEYS.join(', ')} in that order, found ${keys || 'none'}`,
      });
    }
  });
export type AppSteps = z.infer<typeof AppSteps>;

/** The default 反诈防骗承诺书 (reference/pledge.yaml) an advisor posts with /pledge. */
export const PledgeText = z.strictObject({
  id: z.literal('pledge-default'),
  title: Localized,
  intro: Localized,
  items: z.array(Localized).min(1, 'list at least one commitment'),
  closing: Localized,
  sources: sourceRefs,
});
export type PledgeText = z.infer<typeof PledgeText>;
