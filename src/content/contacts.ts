/**
 * The library names no phone number but the official hotlines and no link but the reporting site:
 * an invented number in an anti-fraud text is the very thing it warns about.
 */
import type { ContentReader, Where } from './reader.ts';
import { HOTLINE_NUMBERS } from './schema.ts';

const ALLOWED_PHONE_DIGITS = new Set<string>([...HOTLINE_NUMBERS, '01012321']);
const ALLOWED_LINKS = /^(https?:\/\/)?(www\.)?12321\.cn\/?$/i;

/** Reports every link and phone number in `text` that is not an allowed one. */
export function checkContacts(reader: ContentReader, rel: string, text: string, where: Where): void {
  for (const message of contactProblems(text)) reader.problem(rel, where.line, where.field, message);
}

/** What is wrong with the links and phone numbers in `text`, one message each (none for most texts). */
export function contactProblems(text: string): string[] {
  const out: string[] = [];
  // English punctuation that ends a sentence or a clause is not part of the link before it.
  for (const m of text.matchAll(/(https?:\/\/|www\.)[^\s，。；、“”（）()<>]+?(?=[.,;:!?]*(?:\s|$|[，。；、“”（）()<>]))/gi)) {
    if (!ALLOWED_LINKS.test(m[0])) out.push(`link ${m[0]}: the library carries no links (only www.12321.cn for reporting)`);
  }
  for (const m of text.matchAll(/\d[\d-]*\d/g)) {
    const digits = m[0].replace(/-/g, '');
    const next = text[m.index + m[0].length] ?? '';
    if (digits.length < 5 || ALLOWED_PHONE_DIGITS.has(digits)) continue;
    if (/^0\d{2,3}-?96110$/.test(m[0])) continue; // 属地区号+96110
    if (/^\d{4}-\d{1,2}(-\d{1,2})?$/.test(m[0])) continue; // a date
    if (/^[元块万千百亿年月日号%个次条人位名天]/.test(next)) continue; // an amount or a count
    out.push(`number ${m[0]} is not one of the allowed hotlines (${HOTLINE_NUMBERS.join(', ')})`);
  }
  return out;
}
