import * as crypto from 'node:crypto';

/** Output encoding of {@link sha256} and {@link sha512}. */
export type HashEncoding = 'hex' | 'base64';

type OneShotHash = (algorithm: string, data: string, encoding: HashEncoding) => string;

// crypto.hash (Node >= 20.12) skips the Hash object per call: about twice as fast on short inputs.
const oneShot: OneShotHash =
  typeof (crypto as { hash?: unknown }).hash === 'function'
    ? ((crypto as unknown as { hash: OneShotHash }).hash)
    : (algorithm, data, encoding) => crypto.createHash(algorithm).update(data, 'utf8').digest(encoding);

/**
 * SHA-256 of the UTF-8 bytes of `value`: lowercase hex (LinkedIn, Criteo) or base64 of the 32
 * raw bytes (UID2, TTD).
 * @default encoding 'hex'
 * @example
 * sha256('user@example.com', 'base64'); // 'tMmiiTI7IaAcPpQPFQ65uMVCWH8av9jw4cwf/F5HVRQ='
 */
export function sha256(value: string, encoding: HashEncoding = 'hex'): string {
  return oneShot('sha256', value, encoding);
}

/**
 * SHA-512 of the UTF-8 bytes of `value`, lowercase hex or base64.
 * @default encoding 'hex'
 * @example
 * sha512('user@example.com'); // 128 hex characters
 */
export function sha512(value: string, encoding: HashEncoding = 'hex'): string {
  return oneShot('sha512', value, encoding);
}
