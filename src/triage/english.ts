/**
 * The English of the triage content's Chinese (content/README.md, "English"): a red flag's label
 * and the brand a lookalike link imitates, as an English answer shows them, and which of them have
 * no English yet. The engine keeps the Chinese label in each flag (scores, tests and logs read it);
 * only the answer looks its English up, so English is presentation and never changes a verdict.
 */
import { fieldName, type ContentProblem } from '../content/yaml.ts';
import type { BrandsFile, PatternsFile, TriageContent, TriageLines } from './content.ts';
import { UNNAMED_BRANDS } from './links.ts';
import type { TriageFlag } from './result.ts';

/** Where a label is shown from: a type's groups and combos, generic and regex flags, or detectors. */
const scopeOf = (kind: TriageFlag['kind'], type?: string) => (kind === 'type' ? `type:${type ?? ''}` : kind);

interface Labelled {
  label: string;
  en?: string | undefined;
}

/** Every item whose label can be shown as a red flag, with its place in patterns.yaml. */
function flagItems(p: PatternsFile): { scope: string; item: Labelled; path: PropertyKey[] }[] {
  return [
    ...p.types.flatMap((t, i) => [
      ...t.groups.map((item, j) => ({ scope: scopeOf('type', t.id), item, path: ['types', i, 'groups', j] })),
      ...(t.combos ?? []).map((item, j) => ({ scope: scopeOf('type', t.id), item, path: ['types', i, 'combos', j] })),
    ]),
    ...p.generic.map((item, i) => ({ scope: scopeOf('generic'), item, path: ['generic', i] })),
    ...p.regex.map((item, i) => ({ scope: scopeOf('generic'), item, path: ['regex', i] })),
    ...Object.entries(p.entities).map(([key, item]) => ({ scope: scopeOf('entity'), item, path: ['entities', key] })),
  ];
}

const UNNAMED_EN: Record<string, string> = { [UNNAMED_BRANDS.official]: 'an official website', [UNNAMED_BRANDS.gov]: 'a government agency' };

interface EnglishIndex {
  flags: Map<string, string>;
  brands: Map<string, string>;
}

const indexes = new WeakMap<TriageContent, EnglishIndex>();

function indexOf(content: TriageContent): EnglishIndex {
  let index = indexes.get(content);
  if (!index) {
    const flags = new Map<string, string>();
    for (const { scope, item } of flagItems(content.patterns)) if (item.en) flags.set(`${scope}\n${item.label}`, item.en);
    const brands = new Map(Object.entries(UNNAMED_EN));
    for (const b of content.brands.brands) if (b.en) brands.set(b.name, b.en);
    index = { flags, brands };
    indexes.set(content, index);
  }
  return index;
}

/** A flag's label in English, or its Chinese label while the English is missing. */
export function flagLabelEn(content: TriageContent, flag: TriageFlag): string {
  return indexOf(content).flags.get(`${scopeOf(flag.kind, flag.type)}\n${flag.label}`) ?? flag.label;
}

/** The English name of a brand a link imitates, or its Chinese name while the English is missing. */
export function brandNameEn(content: TriageContent, name: string): string {
  return indexOf(content).brands.get(name) ?? name;
}

/**
 * The red flags and brands without English, and a label given two different Englishes in one
 * place (the answer finds a label's English by its Chinese). `content:check` fails on them; the
 * bot still starts, and an English answer shows their Chinese.
 */
export function missingTriageEnglish(
  c: { patterns: PatternsFile; brands: BrandsFile },
  displayDir: string,
  lines?: TriageLines,
): ContentProblem[] {
  const out: ContentProblem[] = [];
  const add = (file: 'patterns' | 'brands', path: PropertyKey[], message: string) =>
    out.push({
      file: `${displayDir}/${file}.yaml`,
      line: lines?.[file](path) ?? 1,
      field: fieldName(path),
      message,
    });
  const seen = new Map<string, string>();
  for (const { scope, item, path } of flagItems(c.patterns)) {
    if (!item.en) {
      add('patterns', [...path, 'label'], `red flag ${item.label} has no English (add en: beside label:)`);
      continue;
    }
    const key = `${scope}\n${item.label}`;
    const before = seen.get(key);
    if (before !== undefined && before !== item.en) add('patterns', [...path, 'en'], `${item.label} is “${before}” elsewhere in ${scope}; one label, one English`);
    seen.set(key, item.en);
  }
  c.brands.brands.forEach((b, i) => {
    if (!b.en) add('brands', ['brands', i, 'name'], `brand ${b.name} has no English (add en: beside name:)`);
  });
  return out;
}
