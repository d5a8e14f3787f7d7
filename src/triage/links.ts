/**
 * Link extraction (linkify-it, on an ASCII view of the normalised text so that links glued to
 * Chinese characters are found) and analysis of each host with tldts against content/triage/
 * brands.yaml: IP literal, punycode, homoglyphs in the original, lookalike of an official
 * domain, URL shortener, official domain.
 */
import { LinkifyIt } from 'linkify-it';
import { parse } from 'tldts';
import type { BrandsFile } from './content.ts';

export type LinkFlag = 'ip' | 'punycode' | 'homoglyph' | 'lookalike' | 'shortener' | 'official';

export interface LinkEntity {
  /** Exact original text of the link. */
  text: string;
  /** Normalised URL (lower case, scheme added for bare domains). */
  url: string;
  host: string;
  /** Registrable domain (icbc-vip.top), or the host for IP literals. */
  domain: string;
  flags: LinkFlag[];
  /** For lookalikes: which brand the host imitates (a brands.yaml name, or one of UNNAMED_BRANDS). */
  lookalikeOf?: string;
  start: number;
  end: number;
}

/** What a lookalike imitates when it is no brand of brands.yaml (english.ts has their English). */
export const UNNAMED_BRANDS = { official: '官方网站', gov: '政府机关' } as const;

/** Extra TLDs (besides linkify-it's defaults) that bare domains in scam texts often use. */
const EXTRA_TLDS = [
  'top', 'xyz', 'vip', 'club', 'online', 'site', 'ltd', 'icu', 'fun', 'work', 'link', 'live', 'app',
  'shop', 'store', 'wang', 'cloud', 'tech', 'ink', 'life', 'pro', 'win', 'bid', 'loan', 'men',
  'cyou', 'buzz', 'monster', 'rest', 'today', 'world', 'space', 'website', 'press', 'host', 'mobi',
];

/** Cheap pretest: a scheme, or a dot between a name and letters (icbc.com, 1.2.3.4, t.cn). */
const RE_LINK_HINT = /:\/\/|[a-z0-9-]\.[a-z0-9]/i;

const DIGIT_SWAPS: Record<string, string> = { '0': 'o', '1': 'l', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '9': 'g', '6': 'b' };

export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

function unswap(token: string): string {
  let s = '';
  for (const c of token) s += DIGIT_SWAPS[c] ?? c;
  return s.replace(/rn/g, 'm').replace(/vv/g, 'w');
}

interface BrandToken {
  token: string;
  brand: string;
}

export class LinkAnalyser {
  private readonly linkify: LinkifyIt;
  private readonly official = new Set<string>();
  private readonly officialSuffixes: string[];
  private readonly shorteners: Set<string>;
  private readonly tokens: BrandToken[] = [];
  private readonly officialDomainsByBrand: { brand: string; domain: string }[] = [];

  constructor(brands: BrandsFile) {
    this.linkify = new LinkifyIt({ fuzzyLink: true, fuzzyIP: true, fuzzyEmail: false });
    this.linkify.tlds(EXTRA_TLDS, true);
    for (const b of brands.brands) {
      for (const d of b.domains) {
        this.official.add(d);
        this.officialDomainsByBrand.push({ brand: b.name, domain: d });
      }
      for (const t of b.tokens) this.tokens.push({ token: t, brand: b.name });
    }
    this.officialSuffixes = brands.officialSuffixes;
    this.shorteners = new Set(brands.shorteners);
  }

  /** Quick check before running linkify: is there anything that could be a link? */
  static maybeHasLink(norm: string): boolean {
    return RE_LINK_HINT.test(norm);
  }

  /**
   * Finds links in `ascii` (the normalised text with every non-ASCII unit replaced by a space, so
   * indexes are those of the normalised text) and analyses each. `origOf` maps a norm range to
   * the original range; `original` is the analysed original text.
   */
  find(ascii: string, original: string, origOf: (from: number, to: number) => [number, number]): LinkEntity[] {
    // Defanged links (hxxp://, hxxps://) are still links to warn about; same length keeps indexes.
    ascii = ascii.replace(/\bhxxp(s?):\/\//gi, 'http$1://');
    if (!LinkAnalyser.maybeHasLink(ascii)) return [];
    let matches;
    try {
      matches = this.linkify.match(ascii);
    } catch {
      return [];
    }
    if (!matches) return [];
    const out: LinkEntity[] = [];
    for (const m of matches) {
      // Trim trailing punctuation that linkify keeps ("...", ")").
      let end = m.lastIndex;
      while (end > m.index && /[.,;:!?)\]}'"*]/.test(ascii[end - 1] ?? '')) end--;
      const raw = ascii.slice(m.index, end);
      const [os, oe] = origOf(m.index, end);
      const text = original.slice(os, oe);
      out.push(this.analyse(raw, text, os, oe));
    }
    return out;
  }

  analyse(raw: string, text: string, start: number, end: number): LinkEntity {
    const url = /^[a-z][a-z0-9+.-]*:\/\//.test(raw) ? raw : raw.startsWith('//') ? `http:${raw}` : `http://${raw}`;
    const parsed = parse(url);
    const host = parsed.hostname ?? '';
    const domain = parsed.isIp ? host : (parsed.domain ?? host);
    const flags: LinkFlag[] = [];
    let lookalikeOf: string | undefined;
    if (parsed.isIp) flags.push('ip');
    if (host.split('.').some((l) => l.startsWith('xn--'))) flags.push('punycode');
    // Homoglyphs: the original host had non-ASCII letters that normalised to ASCII.
    const origHostPart = text.replace(/^[^:]*:\/\//, '').split(/[/?#]/)[0] ?? '';
    if (/[^\x00-\x7f\uff01-\uff5e]/.test(origHostPart)) flags.push('homoglyph');
    const looksOfficial =
      this.official.has(domain) ||
      this.officialSuffixes.some((s) => host === s || host.endsWith(`.${s}`));
    const homoglyph = flags.includes('homoglyph');
    if (looksOfficial && !homoglyph) flags.push('official');
    if (this.shorteners.has(domain) || this.shorteners.has(host)) flags.push('shortener');
    if (looksOfficial && homoglyph) {
      // аlipay.com with a Cyrillic а: reads as the official domain, is not.
      lookalikeOf = this.officialDomainsByBrand.find((b) => b.domain === domain)?.brand ?? UNNAMED_BRANDS.official;
      flags.push('lookalike');
    } else if (!looksOfficial && !parsed.isIp && host) {
      lookalikeOf = this.lookalike(host, domain);
      if (lookalikeOf) flags.push('lookalike');
    }
    return { text, url, host, domain, flags, ...(lookalikeOf ? { lookalikeOf } : {}), start, end };
  }

  /** The brand a non-official host imitates, if any. */
  private lookalike(host: string, domain: string): string | undefined {
    // An official domain used as a subdomain or prefix of another domain: icbc.com.cn.xx.top
    for (const { brand, domain: d } of this.officialDomainsByBrand) {
      if (host.includes(d) && domain !== d) return brand;
    }
    // gov / gov.cn outside the official suffix: gov-cn.top, mps-gov.cn.xx.com
    const labels = host.split('.');
    const suffixLen = domain.split('.').length - 1; // labels in the public suffix
    const named = labels.slice(0, labels.length - suffixLen);
    const tokens = named.flatMap((l) => l.split(/[-_]+/)).filter((t) => t.length > 0);
    if (tokens.includes('gov')) return UNNAMED_BRANDS.gov;
    for (const tok of tokens) {
      const swapped = unswap(tok);
      for (const { token, brand } of this.tokens) {
        if (tok === token || swapped === token) return brand;
        if (token.length >= 4) {
          // brand glued to other letters: icbcvip, myalipay, alipay-kefu
          if (tok.length > token.length && (tok.startsWith(token) || tok.endsWith(token))) return brand;
          if (swapped.length > token.length && (swapped.startsWith(token) || swapped.endsWith(token))) return brand;
        }
        if (token.length >= 5) {
          const max = token.length >= 8 ? 2 : 1;
          if (editDistance(swapped, token, max) <= max) return brand;
        }
      }
    }
    return undefined;
  }
}
