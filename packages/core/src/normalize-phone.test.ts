import { describe, expect, it } from 'vitest';
import { sha256 } from './hash.js';
import { normalizeMobileAdId } from './normalize-mobile-ad-id.js';
import { normalizePhone } from './normalize-phone.js';

describe('normalizePhone', () => {
  it('keeps an E.164 number and hashes to the UID2 vector', () => {
    expect(normalizePhone('+12345678901')).toBe('+12345678901');
    expect(sha256(normalizePhone('+12345678901'), 'base64')).toBe('EObwtHBUqDNZR33LNSMdtt5cafsYFuGmuY4ZLenlue4=');
  });

  it('removes formatting', () => {
    expect(normalizePhone(' +1 (234) 567-8901 ')).toBe('+12345678901');
    expect(normalizePhone('+44.20.7946.0958')).toBe('+442079460958');
  });

  it.each(['12345678901', '+123456789', '+1234567890123456', '+1234567890a', '', '+', '++12345678901', 42])(
    'rejects %j',
    (input) => {
      expect(() => normalizePhone(input)).toThrow(expect.objectContaining({ name: 'InvalidIdentifierError' }));
    },
  );
});

describe('normalizeMobileAdId', () => {
  it('lowercases and trims an IDFA/AAID', () => {
    expect(normalizeMobileAdId(' 6D92078A-8246-4BA4-AE5B-76104861E7DC ')).toBe('6d92078a-8246-4ba4-ae5b-76104861e7dc');
  });

  it.each(['00000000-0000-0000-0000-000000000000', '6d92078a82464ba4ae5b76104861e7dc', 'not-an-id', '', null])('rejects %j', (input) => {
    expect(() => normalizeMobileAdId(input)).toThrow(expect.objectContaining({ name: 'InvalidIdentifierError' }));
  });
});
