/**
 * How a rule set is named to users, in one place: its name with its tag where it has one, so
 * that 灵魂8问 always shows it is derived from the 2023 八个凡是 and 十个凡是 that its text is a
 * reprint (转载), in tips, quiz feedback and triage flags alike.
 */
import { localized, type Locale } from '../i18n/index.ts';
import type { Library } from './library.ts';
import type { RuleItemId, RuleSet } from './schema.ts';

/** `十个凡是（转载）`, `The Ten Whenevers (十个凡是) (reprint)`. */
export function ruleSetName(set: RuleSet, locale: Locale): string {
  const name = localized(set.name, locale);
  if (!set.tag) return name;
  return locale === 'en' ? `${name} (${set.tag.en})` : `${name}（${set.tag.zh}）`;
}

/** The rule items an item cites, named: `十个凡是（转载） #6、六个一律 #2`; '' for none. */
export function ruleItemNames(library: Library, ids: readonly RuleItemId[], locale: Locale): string {
  return ids
    .map((id) => ruleItemName(library, id, locale))
    .filter((n): n is string => n !== undefined)
    .join(locale === 'en' ? '; ' : '、');
}

/** `十个凡是（转载） #6` for rule-shigefanshi-6. */
export function ruleItemName(library: Library, id: RuleItemId, locale: Locale): string | undefined {
  const item = library.ruleItems.get(id);
  const set = item ? library.ruleSets.get(item.family) : undefined;
  return item && set ? `${ruleSetName(set, locale)} #${item.n}` : undefined;
}
