import { createHmac } from 'node:crypto';

/**
 * The `TtdSignature` header value: base64 of HMAC-SHA1 over the exact body bytes, keyed by the
 * advertiser secret. Sign the bytes that are sent, never a re-serialisation.
 * @example
 * signTtdDataBody('test-advertiser-secret-key', body); // '8LqGha6I7e3duvhngEvhXoTden0=' for the documented vector
 */
export function signTtdDataBody(secretKey: string, body: string | Uint8Array): string {
  return createHmac('sha1', secretKey).update(body).digest('base64');
}
