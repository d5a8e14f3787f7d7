/**
 * Is a message written in English? A member whose client is set to Chinese may still forward an
 * English scam (or be an international student); the answer then follows the message.
 */
export function looksEnglish(text: string): boolean {
  let latin = 0;
  let cjk = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) latin++;
    else if (c >= 0x3400 && c <= 0x9fff) cjk++;
  }
  // Links and ids are Latin in any language: ask for real prose, and next to no Chinese.
  return latin >= 20 && cjk * 20 <= latin;
}
