/**
 * Obfuscation maps (content/triage/obfuscation.yaml): homophones (课服 for 客服, 拥金 for 佣金) and
 * pinyin abbreviations (yzm for 验证码, yhk for 银行卡). Rather than rewriting the message, which
 * would lose the map back to the original text, every content phrase is matched in its obfuscated
 * spellings too: 索要验证码 also finds 索要验证玛 and 索要yzm, and the flag quotes what was written.
 */
import { z } from 'zod';

const Word = z.string().trim().min(1).max(20);

export const ObfuscationFile = z.strictObject({
  version: z.literal(1),
  /** Canonical word → spellings used to dodge filters (same sound, similar shape). */
  homophones: z.record(Word, z.array(Word).min(1)),
  /** Canonical word → pinyin abbreviations (lower case). */
  pinyin: z.record(Word, z.array(z.string().regex(/^[a-z0-9+]{1,12}$/, 'lower-case letters and digits')).min(1)),
});
export type ObfuscationFile = z.infer<typeof ObfuscationFile>;

/** Builds the expansion once; it returns the phrase and each of its obfuscated spellings. */
export function createVariants(o: ObfuscationFile): (phrase: string) => string[] {
  const maps = [...Object.entries(o.homophones), ...Object.entries(o.pinyin)];
  return (phrase) => {
    const out = [phrase];
    for (const [word, spellings] of maps) {
      if (!phrase.includes(word)) continue;
      for (const s of spellings) out.push(phrase.replaceAll(word, s));
    }
    return out;
  };
}
