/**
 * Stage 1, normalise: the message as the later stages read it — capped at `maxChars`, then
 * normalised (NFKC, 繁→简, homoglyphs, zero-width, lower case) with its squeezed form and the maps
 * back to the original text.
 */
import { capText, normalize, type Normalized } from './normalize.ts';

export interface Message {
  /** The analysed part of the message, normalised; `text.original` is that part as written. */
  text: Normalized;
  /** UTF-16 units received. */
  receivedChars: number;
  /** True when only the first `maxChars` units are analysed. */
  truncated: boolean;
}

/** Reads a message; callers without types may pass anything, which is read as text. */
export function readMessage(input: unknown, maxChars: number): Message {
  const received = typeof input === 'string' ? input : String(input ?? '');
  const { text, truncated } = capText(received, maxChars);
  return { text: normalize(text), receivedChars: received.length, truncated };
}
