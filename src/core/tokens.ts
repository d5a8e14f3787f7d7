/**
 * Button tokens are short (`ack:42`, `quiz:7:2`) so they fit Telegram's 64-byte callback data
 * and Discord's custom ids. They carry ids, never a member: who pressed comes from the platform,
 * and each handler checks the token against the press (docs/design.md, Acknowledgements).
 */
export function makeToken(kind: string, ...parts: (string | number)[]): string {
  let token = kind; // concatenated, not joined: a broadcast makes one token per group
  for (const part of parts) token += `:${part}`;
  return token;
}

/** The integer parts of a token of `kind`, or undefined when the token is malformed or forged. */
export function readToken(token: string, kind: string, count: number): number[] | undefined {
  const parts = token.split(':');
  if (parts[0] !== kind || parts.length !== count + 1) return undefined;
  const numbers = parts.slice(1).map((s) => (/^\d{1,15}$/.test(s) ? Number(s) : Number.NaN));
  return numbers.some(Number.isNaN) ? undefined : numbers;
}
