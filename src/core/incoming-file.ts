/**
 * A file a member sent with a message, as every platform can hand one over: its name, its size
 * when the platform says it, and a way to fetch its bytes. The adapter fetches only when a
 * feature asks (docs/design.md, Attachments): a file nobody reads is never downloaded, and a
 * feature refuses one over its own cap before a byte of it is.
 */
export interface IncomingFile {
  /** The file name as the member's client sent it (`花名册.xlsx`). */
  name: string;
  /** Bytes, when the platform tells it before the download. */
  size?: number;
  /**
   * The file's bytes, at most `maxBytes` of them. Rejects with a FileFetchError: `too-large`
   * as soon as the file turns out larger (the rest is not read), `unavailable` when the
   * platform does not give the file (gone, expired, a network failure).
   */
  fetch(maxBytes: number): Promise<Uint8Array>;
}

export class FileFetchError extends Error {
  constructor(
    readonly reason: 'too-large' | 'unavailable',
    detail: string,
  ) {
    super(`file ${reason}: ${detail}`);
    this.name = 'FileFetchError';
  }
}

/** Whether the file is known to be larger than `maxBytes` before anything is downloaded. */
export function tooLarge(file: Pick<IncomingFile, 'size'>, maxBytes: number): boolean {
  return file.size !== undefined && file.size > maxBytes;
}
