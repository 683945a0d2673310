import { InvalidIdentifierError, sha256 } from '@x/core';
import { describe, expect, it } from 'vitest';
import { criteoPrepare } from './criteo-identifiers.js';

const USER_HASH = 'b4c9a289323b21a01c3e940f150eb9b8c542587f1abfd8f0e1cc1ffc5e475514';

function reason(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return InvalidIdentifierError.isInstance(error) ? error.reason : 'other';
  }
  return undefined;
}

describe('email identifiers', () => {
  const prepare = criteoPrepare('email');
  it('trims, lowercases and hashes plaintext with SHA-256 hex', () => {
    expect(prepare('  User@Example.COM ')).toEqual({ value: USER_HASH, key: USER_HASH });
    expect(prepare('MyEmail@example.com').value).toBe(sha256('myemail@example.com'));
  });
  it('keeps gmail dots and plus tags (Criteo hashes plain trim + lowercase)', () => {
    expect(prepare('Jane.Doe+news@gmail.com').value).toBe(sha256('jane.doe+news@gmail.com'));
  });
  it('takes a 64-hex value as the hash: lowercased, never hashed again', () => {
    expect(prepare(` ${USER_HASH.toUpperCase()} `).value).toBe(USER_HASH);
  });
  it('rejects other hashes and malformed addresses with a reason, never the value', () => {
    expect(reason(() => prepare('a'.repeat(128)))).toBe('invalid-hash');
    expect(reason(() => prepare('tMmiiTI7IaAcPpQPFQ65uMVCWH8av9jw4cwf/F5HVRQ='))).toBe('invalid-hash'); // base64 SHA-256
    for (const bad of ['', '@', 'a@', '@b.com', 'a@ba@z.com', 'test test@test.com', 'test@te st.com']) {
      expect(reason(() => prepare(bad))).toBeDefined();
    }
    expect(reason(() => prepare(42))).toBe('not-a-string');
  });
});

describe('other identifier types', () => {
  it('madid: lowercase GUID, all-zero refused', () => {
    const prepare = criteoPrepare('madid');
    expect(prepare(' 6D92078A-8246-4BA4-AE5B-76104861E7DC ').value).toBe('6d92078a-8246-4ba4-ae5b-76104861e7dc');
    expect(reason(() => prepare('00000000-0000-0000-0000-000000000000'))).toBe('invalid-mobile-ad-id');
    expect(reason(() => prepare('not-a-guid'))).toBe('invalid-mobile-ad-id');
  });
  it('identityLink and gum: opaque, trimmed, case kept', () => {
    for (const type of ['identityLink', 'gum'] as const) {
      const prepare = criteoPrepare(type);
      expect(prepare(' AbC-123 ').value).toBe('AbC-123');
      expect(reason(() => prepare('   '))).toBe('empty');
      expect(reason(() => prepare('a b'))).toBe('contains-whitespace');
      expect(reason(() => prepare('x'.repeat(513)))).toBe('too-long');
      expect(reason(() => prepare(null))).toBe('not-a-string');
    }
  });
});
