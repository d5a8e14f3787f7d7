import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadCapped } from '../adapters/shared/download.ts';
import { FileFetchError } from '../src/core/incoming-file.ts';

/** A local HTTP server that sends bodies without a Content-Length (chunked), as a CDN may. */
describe('downloadCapped', () => {
  let server: Server;
  let base: string;
  let written = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/gone') return void res.writeHead(404).end();
      const total = req.url === '/huge' ? 64 * 1024 * 1024 : 1000;
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const chunk = Buffer.alloc(64 * 1024, 1);
      const pump = () => {
        while (written < total) {
          const part = chunk.subarray(0, Math.min(chunk.length, total - written));
          written += part.length;
          if (!res.write(part)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('close', () => res.destroy());
      pump();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('reads a small body whole', async () => {
    written = 0;
    expect((await downloadCapped(`${base}/small`, 2048)).byteLength).toBe(1000);
  });

  it('stops a chunked body that runs past the cap there, without reading the rest', async () => {
    written = 0;
    const err = await downloadCapped(`${base}/huge`, 2 * 1024 * 1024).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FileFetchError);
    expect((err as FileFetchError).reason).toBe('too-large');
    // The server was stopped far short of its 64 MB (socket buffers hold a few MB at most).
    expect(written).toBeLessThan(32 * 1024 * 1024);
  });

  it('a 404 is unavailable', async () => {
    const err = await downloadCapped(`${base}/gone`, 2048).catch((e: unknown) => e);
    expect((err as FileFetchError).reason).toBe('unavailable');
  });
});
