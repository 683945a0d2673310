import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base64ToHex, detectHash, hexToBase64 } from './detect-hash.js';
import { sha256, sha512 } from './hash.js';

describe('hashing and hash detection', () => {
  const hex = sha256('user@example.com');

  it('hashes SHA-256 as lowercase hex and base64 of the same bytes', () => {
    expect(hex).toMatch(/^[0-9a-f]{64}$/);
    expect(sha256('user@example.com', 'base64')).toBe('tMmiiTI7IaAcPpQPFQ65uMVCWH8av9jw4cwf/F5HVRQ=');
    expect(hexToBase64(hex)).toBe('tMmiiTI7IaAcPpQPFQ65uMVCWH8av9jw4cwf/F5HVRQ=');
    expect(hexToBase64(hex.toUpperCase())).toBe('tMmiiTI7IaAcPpQPFQ65uMVCWH8av9jw4cwf/F5HVRQ=');
    expect(base64ToHex('tMmiiTI7IaAcPpQPFQ65uMVCWH8av9jw4cwf/F5HVRQ=')).toBe(hex);
  });

  it('hashes UTF-8 bytes of non-ASCII input', () => {
    const utf8Bytes = createHash('sha256').update(Buffer.from([0xc3, 0xa9])).digest('hex');
    expect(sha256('\u00e9')).toBe(utf8Bytes);
  });

  it('hashes SHA-512', () => {
    expect(sha512('abc')).toBe(
      'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
    );
    expect(sha512('abc', 'base64')).toHaveLength(88);
  });

  it('detects each hash kind', () => {
    expect(detectHash(hex)).toBe('sha256-hex');
    expect(detectHash(hex.toUpperCase())).toBe('sha256-hex');
    expect(detectHash(sha512('x'))).toBe('sha512-hex');
    expect(detectHash(sha256('x', 'base64'))).toBe('sha256-base64');
  });

  it.each(['user@example.com', 'z'.repeat(64), `${hex.slice(0, 63)}g`, 'A'.repeat(44), '', hex.slice(1)])('does not take %j for a hash', (value) => {
    expect(detectHash(value)).toBeUndefined();
  });
});
