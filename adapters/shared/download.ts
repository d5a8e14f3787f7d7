import { FileFetchError } from '../../src/core/incoming-file.ts';

/** A size in bytes as a platform's JSON gives it (a number or a numeric string), when it gives one. */
export function declaredSize(raw: unknown): number | undefined {
  if (raw === undefined) return undefined;
  const size = Number(raw);
  return Number.isFinite(size) ? size : undefined;
}

/**
 * Downloads a platform's file over HTTP with Node's own fetch, at most `maxBytes`: a declared
 * Content-Length over the cap is refused before the body is read, and a body that runs past it
 * is cancelled there, so a huge file never sits in memory. Every failure becomes an
 * FileFetchError for the feature to word (docs/design.md, Attachments).
 */
export async function downloadCapped(url: string, maxBytes: number, init: RequestInit = {}): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: init.signal ?? AbortSignal.timeout(30_000) });
  } catch (err) {
    throw new FileFetchError('unavailable', err instanceof Error ? err.message : String(err));
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new FileFetchError('unavailable', `HTTP ${response.status}`);
  }
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) {
    await response.body.cancel();
    throw new FileFetchError('too-large', `${declared} bytes`);
  }
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    for await (const chunk of response.body) {
      length += chunk.byteLength;
      if (length > maxBytes) throw new FileFetchError('too-large', `over ${maxBytes} bytes`);
      chunks.push(chunk);
    }
  } catch (err) {
    if (err instanceof FileFetchError) throw err;
    throw new FileFetchError('unavailable', err instanceof Error ? err.message : String(err));
  }
  return Buffer.concat(chunks);
}
