/**
 * Text normalisation for triage, with a map back to the original text.
 *
 * Every code point of the input is turned into zero or more normalised units:
 * NFKC (full width → half width, circled digits → digits), Latin diacritics stripped,
 * Cyrillic/Greek lookalikes → Latin, traditional → simplified (per character, via
 * opencc-js), a few variant characters unified (帐 → 账), lower case. Zero-width and other
 * format characters, combining marks and lone surrogates are dropped; control characters
 * become spaces. For every normalised unit we remember the original range it came from,
 * so a match in the normalised (or squeezed) text can quote the exact original phrase.
 *
 * The squeezed form keeps only letters and digits (spaces, punctuation, symbols and emoji
 * removed), so 刷.单 / 刷 单 / 兼*职 / 刷💰单 / 刷丶单 all read 刷单.
 */
import * as OpenCC from 'opencc-js/t2cn';

export interface Normalized {
  /** The analysed part of the input (the input itself, or its first `maxChars` units). */
  original: string;
  /** Normalised text (same word order, spaces and punctuation kept). */
  norm: string;
  /** For each UTF-16 unit of `norm`, the start of its source range in `original`. */
  normStart: Int32Array;
  /** For each UTF-16 unit of `norm`, the end (exclusive) of its source range in `original`. */
  normEnd: Int32Array;
  /** Letters and digits of `norm` only. */
  squeezed: string;
  /** For each UTF-16 unit of `squeezed`, its index in `norm`. */
  sqToNorm: Int32Array;
}

const t2s = OpenCC.Converter({ from: 't', to: 'cn' });

/** Cyrillic, Greek and other Latin lookalikes (after lower-casing) → ASCII. */
const HOMOGLYPHS: Record<string, string> = {
  // Cyrillic
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y',
  х: 'x', ѕ: 's', і: 'i', ї: 'i', ј: 'j', һ: 'h', ԁ: 'd', ԛ: 'q', ԝ: 'w', ү: 'y', ӏ: 'l', ɡ: 'g',
  // Greek
  α: 'a', β: 'b', ε: 'e', η: 'n', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x',
  γ: 'y', ω: 'w', μ: 'u', ς: 'c', σ: 'o', ϲ: 'c', ϳ: 'j',
  // Latin lookalikes without a decomposition
  ı: 'i', ɑ: 'a', ɩ: 'i', ʟ: 'l', ɪ: 'i', ɴ: 'n', ʀ: 'r', ᴏ: 'o', ᴄ: 'c', ᴅ: 'd', ᴇ: 'e', ø: 'o',
  ł: 'l', đ: 'd', ħ: 'h', ŀ: 'l',
};

/** Variant characters that mean the same in scam vocabulary. */
const VARIANTS: Record<string, string> = { 帐: '账', 乾: '干', 裏: '里', 菓: '果', 〇: '0' };

/**
 * CJK strokes and radicals that scam texts put between characters as separators (点赞丶关注丶返现,
 * 刷丨单); they read as letters to Unicode, so they are turned into spaces here.
 */
const SEPARATORS = new Set(['丶', '丨', '丿', '乀', '乁', '〡', '亅', '乚']);

/** Invisible code points dropped outright (besides general category Cf/Mn/Me). */
const INVISIBLE = new Set([0x115f, 0x1160, 0x3164, 0xffa0, 0x2800, 0x034f, 0x180e]);

const RE_FORMAT_OR_MARK = /^[\p{Cf}\p{Mn}\p{Me}\p{Cs}\p{Co}\p{Cn}]$/u;
const RE_CONTROL_OR_SPACE = /^[\p{Cc}\p{Z}]$/u;
const RE_LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
const RE_LATIN_ACCENTED = /[\u00c0-\u024f\u1e00-\u1eff]/;

/** '' = drop; ' ' = separator; otherwise the normalised string (1+ units). */
const cache = new Map<number, string>();
const CACHE_LIMIT = 60_000;

function normalizeCodePoint(cp: number): string {
  if (cp < 0x80) {
    if (cp < 0x20 || cp === 0x7f) return ' ';
    return cp >= 0x41 && cp <= 0x5a ? String.fromCharCode(cp + 32) : String.fromCharCode(cp);
  }
  const hit = cache.get(cp);
  if (hit !== undefined) return hit;
  const out = computeCodePoint(cp);
  if (cache.size < CACHE_LIMIT) cache.set(cp, out);
  return out;
}

function computeCodePoint(cp: number): string {
  if (cp >= 0xd800 && cp <= 0xdfff) return ' '; // lone surrogate: junk, acts as a separator
  if (INVISIBLE.has(cp)) return '';
  const ch = String.fromCodePoint(cp);
  if (SEPARATORS.has(ch)) return ' ';
  if (RE_FORMAT_OR_MARK.test(ch)) return '';
  if (RE_CONTROL_OR_SPACE.test(ch)) return ' ';
  let s = ch.normalize('NFKC');
  if (RE_LATIN_ACCENTED.test(s)) s = s.normalize('NFD').replace(/\p{M}/gu, '');
  s = s.toLowerCase();
  let out = '';
  for (const c of s) {
    if (RE_FORMAT_OR_MARK.test(c)) continue;
    let m = HOMOGLYPHS[c] ?? c;
    const code = m.codePointAt(0) ?? 0;
    if (code >= 0x3400) {
      // CJK (and everything after): traditional → simplified, one character at a time.
      const simp = t2s(m);
      if ([...simp].length === 1) m = simp;
      m = VARIANTS[m] ?? m;
    }
    out += m;
  }
  return out;
}

function isLetterOrDigitUnit(code: number, norm: string, i: number): boolean {
  if (code < 0x80) {
    return (code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
  }
  if (code >= 0x4e00 && code <= 0x9fff) return true;
  if (code >= 0xd800 && code <= 0xdbff) {
    // A surrogate pair in norm (astral letter, e.g. CJK extension B); emoji are not letters.
    const cp = norm.codePointAt(i) ?? 0;
    return RE_LETTER_OR_DIGIT.test(String.fromCodePoint(cp));
  }
  if (code >= 0xdc00 && code <= 0xdfff) {
    const cp = norm.codePointAt(i - 1) ?? 0;
    return cp > 0xffff && RE_LETTER_OR_DIGIT.test(String.fromCodePoint(cp));
  }
  return RE_LETTER_OR_DIGIT.test(String.fromCharCode(code));
}

/** Cuts `text` to at most `maxChars` UTF-16 units without splitting a surrogate pair. */
export function capText(text: string, maxChars: number): { text: string; truncated: boolean } {
  if (text.length <= maxChars) return { text, truncated: false };
  let end = maxChars;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return { text: text.slice(0, end), truncated: true };
}

export function normalize(original: string): Normalized {
  const n = original.length;
  const parts: string[] = [];
  // Upper bound on norm length: NFKC can expand (㍿ → 株式会社); grow on demand.
  let cap = n + 16;
  let normStart = new Int32Array(cap);
  let normEnd = new Int32Array(cap);
  let len = 0;
  let prevSpace = true;
  for (let i = 0; i < n; ) {
    const cp = original.codePointAt(i) ?? 0;
    const width = cp > 0xffff ? 2 : 1;
    let out = normalizeCodePoint(cp);
    if (out === ' ') {
      if (prevSpace) out = '';
      prevSpace = true;
    } else if (out !== '') prevSpace = false;
    if (out.length > 0) {
      if (len + out.length > cap) {
        cap = Math.max(cap * 2, len + out.length);
        const s2 = new Int32Array(cap);
        s2.set(normStart.subarray(0, len));
        normStart = s2;
        const e2 = new Int32Array(cap);
        e2.set(normEnd.subarray(0, len));
        normEnd = e2;
      }
      for (let k = 0; k < out.length; k++) {
        normStart[len] = i;
        normEnd[len] = i + width;
        len++;
      }
      parts.push(out);
    }
    i += width;
  }
  const norm = parts.join('');
  const sqToNorm = new Int32Array(norm.length);
  let sqLen = 0;
  let squeezed = '';
  const sqParts: string[] = [];
  let runStart = -1;
  for (let i = 0; i < norm.length; i++) {
    const code = norm.charCodeAt(i);
    if (isLetterOrDigitUnit(code, norm, i)) {
      if (runStart < 0) runStart = i;
      sqToNorm[sqLen++] = i;
    } else if (runStart >= 0) {
      sqParts.push(norm.slice(runStart, i));
      runStart = -1;
    }
  }
  if (runStart >= 0) sqParts.push(norm.slice(runStart));
  squeezed = sqParts.join('');
  return {
    original,
    norm,
    normStart: normStart.subarray(0, len),
    normEnd: normEnd.subarray(0, len),
    squeezed,
    sqToNorm: sqToNorm.subarray(0, sqLen),
  };
}

/** Original range [start, end) of norm units [from, to). */
export function normRangeToOriginal(n: Normalized, from: number, to: number): [number, number] {
  if (to <= from || from >= n.norm.length) return [0, 0];
  return [n.normStart[from] ?? 0, n.normEnd[Math.min(to, n.norm.length) - 1] ?? 0];
}

/** Original range [start, end) of squeezed units [from, to). */
export function sqRangeToOriginal(n: Normalized, from: number, to: number): [number, number] {
  if (to <= from) return [0, 0];
  const a = n.sqToNorm[from] ?? 0;
  const b = n.sqToNorm[to - 1] ?? 0;
  return [n.normStart[a] ?? 0, n.normEnd[b] ?? 0];
}

/** The squeezed form of a pattern, exactly as the engine sees the text. */
export function squeeze(text: string): string {
  return normalize(text).squeezed;
}
