/**
 * Telegram's HTML parse mode, as strictly as the Bot API documents it: only the supported
 * tags, properly nested; every `<`, `>` and `&` that is not markup must be an entity.
 * Returns what the member would see, or throws the Bot API's 400 description.
 */
const TAGS = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'span', 'tg-spoiler', 'a', 'tg-emoji', 'code', 'pre', 'blockquote']);
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

export interface ParsedHtml {
  text: string;
  /** The tags in order of appearance (`b`, `a href=…`), for assertions on formatting. */
  tags: string[];
}

const fail = (why: string): never => {
  throw new Error(`Bad Request: can't parse entities: ${why}`);
};

function decodeEntity(html: string, at: number): { char: string; end: number } {
  const m = /^&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]+);/i.exec(html.slice(at, at + 12));
  if (!m) return fail(`Character '&' is reserved and must be escaped at byte offset ${at}`);
  const name = m[1]!;
  const char = name.startsWith('#x') ? String.fromCodePoint(parseInt(name.slice(2), 16)) : name.startsWith('#') ? String.fromCodePoint(Number(name.slice(1))) : ENTITIES[name.toLowerCase()];
  if (char === undefined) return fail(`Unsupported HTML entity '${m[0]}' at byte offset ${at}`);
  return { char, end: at + m[0].length };
}

const decodeAttribute = (value: string) => value.replace(/&[^;]{1,10};/g, (e) => decodeEntity(e, 0).char);

export function parseTelegramHtml(html: string): ParsedHtml {
  const stack: string[] = [];
  const tags: string[] = [];
  let text = '';
  for (let i = 0; i < html.length; ) {
    const c = html[i]!;
    if (c === '&') {
      const { char, end } = decodeEntity(html, i);
      text += char;
      i = end;
    } else if (c === '>') {
      fail(`Character '>' is reserved and must be escaped at byte offset ${i}`);
    } else if (c === '<') {
      const m = /^<(\/?)([a-z-]+)((?:\s+[a-z-]+(?:="[^"]*")?)*)\s*>/i.exec(html.slice(i));
      if (!m) return fail(`Unexpected character '<' at byte offset ${i}`);
      const [whole, closing, rawName, attributes] = m;
      const name = rawName!.toLowerCase();
      if (!TAGS.has(name)) fail(`Unsupported start tag "${name}" at byte offset ${i}`);
      if (closing) {
        if (stack.pop() !== name) fail(`Unmatched end tag at byte offset ${i}, expected "</${stack.at(-1) ?? ''}>", found "</${name}>"`);
      } else {
        const href = /href="([^"]*)"/.exec(attributes ?? '')?.[1];
        if (name === 'a' && href === undefined) fail(`Tag "a" must have attribute "href" at byte offset ${i}`);
        if (name === 'code' && stack.includes('code')) fail(`Nested "code" at byte offset ${i}`);
        stack.push(name);
        tags.push(href === undefined ? name : `a href=${decodeAttribute(href)}`);
      }
      i += whole!.length;
    } else {
      text += c;
      i++;
    }
  }
  if (stack.length > 0) fail(`Can't find end tag corresponding to start tag "${stack.at(-1)}"`);
  return { text, tags };
}
