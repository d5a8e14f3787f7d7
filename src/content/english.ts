/**
 * Which items have no English (content/README.md, "English"). `npm run content:check` fails on
 * them; the bot still starts with such a library, and a group whose locale is en gets the Chinese
 * of such an item rather than nothing.
 */
import type { LoadedFiles } from './load-files.ts';
import type { ContentReader } from './reader.ts';
import type { ContentProblem } from './yaml.ts';

export function missingEnglish(reader: ContentReader, files: LoadedFiles): ContentProblem[] {
  const out: ContentProblem[] = [];
  const add = (rel: string, line: number, field: string, message: string) => out.push({ file: reader.file(rel), line, field, message });
  for (const tip of files.tips) {
    if (!tip.value.en) add(tip.rel, tip.at(['id']).line, tip.at(['en']).field, `${tip.value.id} has no English (add en: beside text:)`);
  }
  for (const article of files.articles) {
    if (!article.value.en) add(article.rel, 1, 'en', `${article.value.id} has no English (add ${article.rel.replace(/\.md$/, '.en.md')})`);
  }
  for (const quiz of files.quizzes) {
    if (!quiz.value.en) add(quiz.rel, quiz.at(['id']).line, quiz.at(['en']).field, `${quiz.value.id} has no English (add en: with scenario, question, options, explain)`);
  }
  return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
}
