/**
 * articles/: each `NNN-slug.md` (YAML front matter between "---" lines, then the Markdown body),
 * and beside it the English version `NNN-slug.en.md` (id, title, summary, then the English body;
 * everything else is the Chinese file's).
 */
import { checkContacts } from './contacts.ts';
import type { ContentReader, Entry, Where } from './reader.ts';
import { ArticleEnglishFrontMatter, ArticleFrontMatter, LIMITS, charCount, type Article } from './schema.ts';
import type { z } from 'zod';

const EN_SUFFIX = '.en.md';

export function loadArticles(reader: ContentReader): Entry<Article>[] {
  const files = reader.listFiles('articles', '.md');
  const articles: Entry<Article>[] = [];
  for (const rel of files.filter((f) => !f.endsWith(EN_SUFFIX))) {
    const article = loadArticle(reader, rel);
    if (article) articles.push(article);
  }
  const chinese = new Set(files.filter((f) => !f.endsWith(EN_SUFFIX)));
  for (const rel of files.filter((f) => f.endsWith(EN_SUFFIX))) {
    const zhRel = `${rel.slice(0, -EN_SUFFIX.length)}.md`;
    if (!chinese.has(zhRel)) {
      reader.problem(rel, 1, '', `an English version needs its Chinese file ${zhRel} beside it (the same name without .en)`);
      continue;
    }
    const article = articles.find((a) => a.rel === zhRel);
    const english = loadEnglish(reader, rel, article?.value.composite ?? false);
    const front = english?.front;
    if (!english || !front || !article) continue; // a broken Chinese file is reported already
    const number = /^articles\/(\d{3})-/.exec(rel)?.[1];
    if (front.value.id !== `article-${number}`) {
      reader.problemAt(front, ['id'], `the file ${number}-….en.md must hold article-${number}, as ${zhRel} does`);
      continue;
    }
    article.value.en = { title: front.value.title, summary: front.value.summary, body: english.body };
  }
  return articles;
}

interface Markdown<T> {
  front: Entry<T> | undefined;
  body: string;
  bodyWhere: Where;
}

/** Front matter (validated with `schema`) and the body, with the checks every article body has. */
function readMarkdown<S extends z.ZodType>(reader: ContentReader, rel: string, schema: S, recordId: boolean): Markdown<z.infer<S>> | undefined {
  const text = reader.read(rel);
  if (text === undefined) return undefined;
  const lines = text.split(/\r?\n/);
  if (lines[0]?.trim() !== '---') {
    reader.problem(rel, 1, '', 'expected front matter: the file must start with a line "---"');
    return undefined;
  }
  const close = lines.findIndex((l, i) => i > 0 && l.trim() === '---');
  if (close < 0) {
    reader.problem(rel, 1, '', 'front matter is not closed by a line "---"');
    return undefined;
  }
  const doc = reader.parseObject(rel, lines.slice(1, close).join('\n'), 1);
  if (!doc) return undefined;
  const front = reader.item(rel, doc.value, schema, [], doc.lineOf, recordId);
  const bodyLines = lines.slice(close + 1);
  const firstText = bodyLines.findIndex((l) => l.trim() !== '');
  const bodyWhere: Where = { line: close + 2 + Math.max(firstText, 0), field: 'body' };
  const body = bodyLines.join('\n').trim();
  if (!/(^|[^\d])(96110|110)([^\d]|$)/.test(body)) {
    reader.problem(rel, bodyWhere.line, bodyWhere.field, 'must end with what to do, naming 110 (money already gone) or 96110 (拿不准就拨打 96110 咨询)');
  }
  bodyLines.forEach((l, k) => checkContacts(reader, rel, l, { line: close + 2 + k, field: 'body' }));
  return { front, body, bodyWhere };
}

function loadArticle(reader: ContentReader, rel: string): Entry<Article> | undefined {
  const md = readMarkdown(reader, rel, ArticleFrontMatter, true);
  if (!md) return undefined;
  const length = charCount(md.body);
  if (length < LIMITS.articleBodyMin || length > LIMITS.articleBodyMax) {
    reader.problem(rel, md.bodyWhere.line, md.bodyWhere.field, `is ${length} characters; must be ${LIMITS.articleBodyMin}–${LIMITS.articleBodyMax}`);
  }
  if (!md.front) return undefined;
  const entry: Entry<Article> = { ...md.front, value: { ...md.front.value, body: md.body } };
  const m = /^articles\/(\d{3})-[^/]+\.md$/.exec(rel);
  if (!m) {
    reader.problem(rel, 1, '', 'file name must be NNN-slug.md (NNN = the article number)');
  } else if (entry.value.id !== `article-${m[1]}`) {
    reader.problemAt(entry, ['id'], `the file ${m[1]}-….md must hold article-${m[1]}`);
  }
  if (entry.value.composite && !md.body.includes('综合案例')) {
    reader.problem(rel, md.bodyWhere.line, md.bodyWhere.field, 'composite: true, so the body must say the case is a composite (综合案例，人物为化名)');
  }
  return entry;
}

function loadEnglish(reader: ContentReader, rel: string, composite: boolean): Markdown<z.infer<typeof ArticleEnglishFrontMatter>> | undefined {
  const md = readMarkdown(reader, rel, ArticleEnglishFrontMatter, false);
  if (!md?.front) return undefined;
  if (composite && !/composite/i.test(md.body)) {
    reader.problem(rel, md.bodyWhere.line, md.bodyWhere.field, 'the Chinese is composite: true, so the English must say the case is a composite (names changed)');
  }
  return md;
}
