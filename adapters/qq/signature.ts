import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/** PKCS#8 DER before a raw 32-byte Ed25519 seed (RFC 8410), so Node's crypto takes the seed as a key. */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * The callback signing keys (interface-framework/sign.md): the bot secret repeated until it is
 * 32 bytes long and cut there is the Ed25519 seed; the platform signs `timestamp + body` with it.
 */
export class CallbackKeys {
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;

  constructor(secret: string) {
    let seed = secret;
    while (seed.length < 32) seed = seed.repeat(2);
    this.privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, Buffer.from(seed.slice(0, 32))]), format: 'der', type: 'pkcs8' });
    this.publicKey = createPublicKey(this.privateKey);
  }

  /** Hex signature of `message`: the answer to the op 13 URL validation signs `event_ts + plain_token` (event-emit.md). */
  sign(message: string): string {
    return sign(null, Buffer.from(message), this.privateKey).toString('hex');
  }

  /** Whether X-Signature-Ed25519 signs X-Signature-Timestamp + the raw body (sign.md, 验证签名). */
  verify(signatureHex: string | undefined, timestamp: string | undefined, body: Buffer): boolean {
    if (!signatureHex || !timestamp || !/^[0-9a-f]{128}$/i.test(signatureHex)) return false;
    return verify(null, Buffer.concat([Buffer.from(timestamp), body]), this.publicKey, Buffer.from(signatureHex, 'hex'));
  }
}
