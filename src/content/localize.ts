/**
 * An item as a group in one language reads it (content/README.md, "English"): the English version
 * where the item has one, else the Chinese, so that English that is not written yet never hides an
 * item. Everything that shows a tip, an article or a question to a group goes through here.
 */
import type { Locale } from '../i18n/index.ts';
import type { Article, ArticleEnglish, Quiz, Tip } from './schema.ts';

export function tipText(tip: Tip, locale: Locale): string {
  return (locale === 'en' && tip.en) || tip.text;
}

export function articleIn(article: Article, locale: Locale): ArticleEnglish {
  return (locale === 'en' && article.en) || article;
}

/** The question with its texts in the locale; ids, answer, rules and types are the same. */
export function quizIn(q: Quiz, locale: Locale): Quiz {
  return locale === 'en' && q.en ? { ...q, ...q.en } : q;
}
