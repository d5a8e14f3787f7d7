import { createServer, type Server } from 'node:http';
import { OP, type DispatchHandler, type Payload } from './gateway.ts';
import type { CallbackKeys } from './signature.ts';

/** The callback URL validation (event-emit.md, Webhook方式: op 13, answered with the signed plain_token). */
const OP_VALIDATION = 13;
/** HTTP Callback ACK (event-emit.md, OpCode 含义: op 12). */
const OP_CALLBACK_ACK = 12;
/** A callback body larger than this is no event the platform sends. */
const MAX_BODY = 1 << 20;

/**
 * Webhook callbacks (event-emit.md, Webhook方式): the platform POSTs each event, signed with
 * Ed25519 (sign.md). Every callback's signature is checked and a forged one answered 401; the
 * op 13 validation is answered by signing `event_ts + plain_token`. The platform wants an
 * answer within 3 s, so an event is acknowledged at once and handled after.
 */
export function listenCallbacks(host: string, port: number, keys: CallbackKeys, onDispatch: DispatchHandler): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) req.destroy();
      else chunks.push(chunk);
    });
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const answer = (status: number, json?: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(json === undefined ? undefined : JSON.stringify(json));
      };
      let payload: Payload;
      try {
        payload = JSON.parse(String(body)) as Payload;
      } catch {
        return answer(400);
      }
      if (payload.op === OP_VALIDATION) {
        const d = (payload.d ?? {}) as { plain_token?: string; event_ts?: string };
        return answer(200, { plain_token: d.plain_token, signature: keys.sign(`${d.event_ts ?? ''}${d.plain_token ?? ''}`) });
      }
      const signature = req.headers['x-signature-ed25519'] as string | undefined;
      const timestamp = req.headers['x-signature-timestamp'] as string | undefined;
      if (!keys.verify(signature, timestamp, body)) return answer(401);
      answer(200, { op: OP_CALLBACK_ACK, d: 0 });
      if (payload.op === OP.dispatch) onDispatch(String(payload.t), (payload.d ?? {}) as Record<string, unknown>, payload.id);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
