/**
 * Regex detectors for entities in the normalised text: phone numbers (domestic, overseas
 * 00/+), QQ and WeChat ids, bank card numbers (Luhn; masked forms), amounts. Each entity quotes
 * its exact original text. Verification-code requests and screen sharing are found from the one
 * Aho–Corasick pass instead (phrase-match.ts, code-requests.ts).
 */
import type { Normalized } from './normalize.ts';
import { normRangeToOriginal } from './normalize.ts';

export interface Span {
  /** Exact original text. */
  text: string;
  start: number;
  end: number;
}

export interface PhoneEntity extends Span {
  kind: 'mobile' | 'landline' | 'service' | 'overseas';
  masked: boolean;
}
export interface ContactIdEntity extends Span {
  /** The id as read (normalised; masked characters kept as *). */
  id: string;
}
export interface BankCardEntity extends Span {
  /** Digits, with * for masked ones. */
  digits: string;
  masked: boolean;
  /** Luhn check for a full number; null when masked. */
  luhn: boolean | null;
}
export interface AmountEntity extends Span {
  /** In yuan when it can be read from digits (5w → 50000); null for Chinese numerals. */
  value: number | null;
}

export function luhnValid(digits: string): boolean {
  if (!/^\d{12,19}$/.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Builds a case-insensitive alternation of cue words (already normalised), longest first. */
function alternation(cues: readonly string[]): string {
  return [...new Set(cues)].sort((a, b) => b.length - a.length).map(escape).join('|');
}

const RE_CARD = /(?<![0-9*x])\d{4}(?:[ -]?\d){11,15}(?![0-9*x])/g;
const RE_CARD_MASKED = /(?<![0-9*x])\d{4,6}[ -]?(?:[*x]{2,8}[ -]?){1,3}\d{3,4}(?![0-9*x])/g;
const RE_OVERSEAS = /(?<![0-9a-z+])(?:\+|00)[ -]?(?!86)[1-9]\d{0,3}[ -]?(?:[\d*x][ -]?){6,13}\d(?![0-9])/g;
const RE_MOBILE = /(?<![0-9])(?:\+?86[ -]?)?1[3-9]\d[ -]?[\d*x]{4}[ -]?\d{4}(?![0-9])/g;
const RE_LANDLINE = /(?<![0-9])0\d{2,3}-[\d*x]{7,8}(?![0-9])/g;
const RE_SERVICE = /(?<![0-9])400[ -]?\d{3}[ -]?\d{4}(?![0-9])/g;
const RE_AMOUNT =
  /(?:¥|rmb)\s*\d+(?:,\d{3})*(?:\.\d+)?\s*(?:万|千|w(?![a-z])|k(?![a-z]))?|\d+(?:,\d{3})*(?:\.\d+)?\s*(?:万元|元|块钱|块|万|w(?![a-z])|rmb|美元|美金)|[一二两三四五六七八九十百千万]{2,}(?:元|块钱|块)|[一二两三四五六七八九十百千万]+(?:元|块钱)/g;

export class EntityDetector {
  private readonly reQq: RegExp;
  private readonly reWechat: RegExp;
  private readonly cardCues: readonly string[];

  /** Cue lists must already be normalised (lower-case, simplified). */
  constructor(cues: { qq: readonly string[]; wechat: readonly string[]; card: readonly string[] }) {
    this.reQq = new RegExp(
      `(?:${alternation(cues.qq)})\\s*(?:号码|号|群号|群|id|是|为)?\\s*[:：]?\\s*([1-9][\\d*]{4,11})(?![0-9])`,
      'g',
    );
    this.reWechat = new RegExp(
      `(?:${alternation(cues.wechat)})\\s*(?:号码|号|id|是|为)?\\s*[:：]?\\s*([a-z][a-z0-9_*-]{5,19}|1[3-9][\\d*x]{9})(?![a-z0-9_-])`,
      'g',
    );
    this.cardCues = cues.card;
  }

  private span(n: Normalized, from: number, to: number): Span {
    const [start, end] = normRangeToOriginal(n, from, to);
    return { text: n.original.slice(start, end), start, end };
  }

  detect(n: Normalized): {
    phones: PhoneEntity[];
    qq: ContactIdEntity[];
    wechat: ContactIdEntity[];
    bankCards: BankCardEntity[];
    amounts: AmountEntity[];
  } {
    const norm = n.norm;
    const taken: [number, number][] = [];
    const free = (a: number, b: number) => taken.every(([x, y]) => b <= x || a >= y);
    const hasDigit = /\d/.test(norm);

    const bankCards: BankCardEntity[] = [];
    const phones: PhoneEntity[] = [];
    const qq: ContactIdEntity[] = [];
    const wechat: ContactIdEntity[] = [];
    const amounts: AmountEntity[] = [];
    if (!hasDigit) return { phones, qq, wechat, bankCards, amounts };

    for (const m of norm.matchAll(RE_CARD_MASKED)) {
      const a = m.index;
      const b = a + m[0].length;
      const digits = m[0].replace(/[ -]/g, '').replace(/x/g, '*');
      if (digits.length < 12 || digits.length > 19) continue;
      bankCards.push({ ...this.span(n, a, b), digits, masked: true, luhn: null });
      taken.push([a, b]);
    }
    for (const m of norm.matchAll(RE_CARD)) {
      const a = m.index;
      const b = a + m[0].length;
      const digits = m[0].replace(/[ -]/g, '');
      if (digits.length < 16 || digits.length > 19 || !free(a, b)) continue;
      const luhn = luhnValid(digits);
      const before = norm.slice(Math.max(0, a - 12), a);
      const cued = this.cardCues.some((c) => before.includes(c));
      if (!luhn && !cued) continue;
      bankCards.push({ ...this.span(n, a, b), digits, masked: false, luhn });
      taken.push([a, b]);
    }

    const addPhone = (re: RegExp, kind: PhoneEntity['kind']) => {
      for (const m of norm.matchAll(re)) {
        const a = m.index;
        const b = a + m[0].length;
        if (!free(a, b)) continue;
        phones.push({ ...this.span(n, a, b), kind, masked: /[*x]/.test(m[0]) });
        taken.push([a, b]);
      }
    };
    addPhone(RE_OVERSEAS, 'overseas');
    addPhone(RE_MOBILE, 'mobile');
    addPhone(RE_LANDLINE, 'landline');
    addPhone(RE_SERVICE, 'service');

    for (const m of norm.matchAll(this.reQq)) {
      const a = m.index;
      const b = a + m[0].length;
      qq.push({ ...this.span(n, a, b), id: m[1] ?? '' });
    }
    for (const m of norm.matchAll(this.reWechat)) {
      const a = m.index;
      const b = a + m[0].length;
      wechat.push({ ...this.span(n, a, b), id: m[1] ?? '' });
    }
    for (const m of norm.matchAll(RE_AMOUNT)) {
      const a = m.index;
      const b = a + m[0].length;
      if (!free(a, b)) continue;
      amounts.push({ ...this.span(n, a, b), value: amountValue(m[0]) });
    }
    return { phones, qq, wechat, bankCards, amounts };
  }
}

function amountValue(s: string): number | null {
  const num = /\d[\d,]*(?:\.\d+)?/.exec(s);
  if (!num) return null;
  let v = Number(num[0].replace(/,/g, ''));
  if (!Number.isFinite(v)) return null;
  if (/万|w/.test(s)) v *= 10_000;
  else if (/千|k/.test(s)) v *= 1_000;
  return v;
}
