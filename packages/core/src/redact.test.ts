import { describe, expect, it } from 'vitest';
import { redactText, redactUrl } from './redact.js';

describe('redactText', () => {
  it.each([
    ['an email', 'user jane.doe+x@example.com failed', 'jane.doe'],
    ['a SHA-256 hex', 'idValue b4c9a289323b21a01c3e940f150eb9b8c542587f1abfd8f0e1cc1ffc5e475514 bad', 'b4c9a289'],
    ['a SHA-256 base64', 'bad id tMmiiTI7IaAcPpQPFQ65uMVCWH8av9jw4cwf/F5HVRQ= here', 'tMmiiTI7'],
    ['a device id', 'DAID 6d92078a-8246-4ba4-ae5b-76104861e7dc unknown', '6d92078a'],
    ['a phone', 'phone +1 234 567 8901 invalid', '567'],
    ['a bearer token', 'Authorization: Bearer AQXdSP_W41_UPs5ioT', 'AQXdSP'],
    ['a JSON secret field', '{"client_secret":"shh-123","access_token":"tok-456"}', 'shh-123'],
    ['a JSON token field', '{"client_secret":"shh-123","access_token":"tok-456"}', 'tok-456'],
    ['a form field', 'grant_type=refresh_token&refresh_token=rt-789&client_id=abc', 'rt-789'],
  ])('removes %s', (_what, input, secret) => {
    expect(redactText(input)).not.toContain(secret);
  });

  it('removes known secrets verbatim', () => {
    expect(redactText('echo: my-static-token', ['my-static-token'])).toBe('echo: [redacted]');
  });

  it('keeps the useful part of an error', () => {
    expect(redactText('{"code":"name-must-be-unique","title":"Name already used"}')).toBe('{"code":"name-must-be-unique","title":"Name already used"}');
  });

  it('shortens long bodies', () => {
    expect(redactText('x '.repeat(5_000)).length).toBeLessThan(2_100);
  });
});

describe('redactUrl', () => {
  it('drops the query string of a presigned URL', () => {
    expect(redactUrl('https://bucket.example/drop/1?X-Amz-Signature=abc&X-Amz-Credential=def')).toBe('https://bucket.example/drop/1');
    expect(redactUrl('https://api.example/v3/x')).toBe('https://api.example/v3/x');
  });
});

describe('redactText: addresses a strict pattern would cut short', () => {
  it.each(['john.smith,jr@example.com', '(x@a.aa', 'a;b@c.d', 'name@'])('removes %s whole', (address) => {
    const result = redactText(`bad line ${address} here`);
    expect(result).toBe('bad line [redacted] here');
  });
});
