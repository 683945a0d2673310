import { InvalidIdentifierError, sha256, sha512 } from '@x/core';
import { describe, expect, it } from 'vitest';
import type { LinkedInDmpMember } from './linkedin-dmp-types.js';
import { linkedInUserRules } from './linkedin-user-rules.js';

const add = linkedInUserRules('ADD');
const prepare = (member: LinkedInDmpMember) => add(member, 0);
const reasonOf = (member: unknown): string => {
  try {
    add(member as LinkedInDmpMember, 0);
  } catch (error) {
    if (InvalidIdentifierError.isInstance(error)) return error.reason;
    throw error;
  }
  return 'valid';
};
const hexOfBase64 = (base64: string) => Buffer.from(base64, 'base64').toString('hex');

describe('linkedInUserRules', () => {
  it('trims, lowercases and SHA-256-hashes emails (shared vectors), without gmail canonicalization', () => {
    const idOf = (email: string) => prepare({ email }).value.userIds[0]?.idValue;
    expect(idOf('user@example.com')).toBe(hexOfBase64('tMmiiTI7IaAcPpQPFQ65uMVCWH8av9jw4cwf/F5HVRQ='));
    expect(idOf(' MyEmail@example.com ')).toBe(hexOfBase64('FsGNM28LJQ8OLZB0Us65ZYp07NrovJSGTCMSKnLMJ6U='));
    expect(idOf('JaneSaoirse+Work@example.com')).toBe(hexOfBase64('KKruSBUjDNO069iMUVImVQZm6RrAGZKeOtrD9mwogYA='));
    expect(idOf('Jane.Saoirse@gmail.com')).toBe(sha256('jane.saoirse@gmail.com', 'hex'));
  });

  it('refuses malformed emails with core reason codes', () => {
    expect(['@', 'a@', '@b.com', 'a@ba@z.com', 'test test@test.com', 'plain'].map((email) => reasonOf({ email }))).toEqual([
      'empty-local-part',
      'empty-domain',
      'empty-local-part',
      'multiple-at',
      'contains-whitespace',
      'missing-at',
    ]);
  });

  it('sends pre-hashed values as they are (lowercased): SHA-256 hex and SHA-512 hex', () => {
    const sha256Hex = sha256('a@b.com', 'hex');
    const sha512Hex = sha512('a@b.com', 'hex');
    expect(prepare({ sha256Email: ` ${sha256Hex.toUpperCase()} ` }).value.userIds).toEqual([{ idType: 'SHA256_EMAIL', idValue: sha256Hex }]);
    expect(prepare({ email: sha512Hex.toUpperCase() }).value.userIds).toEqual([{ idType: 'SHA512_EMAIL', idValue: sha512Hex }]);
    expect(reasonOf({ sha256Email: 'a@b.com' })).toBe('invalid-hash');
    expect(reasonOf({ sha256Email: sha512Hex })).toBe('invalid-hash');
  });

  it('sends one SHA256_EMAIL when email and sha256Email agree, and refuses them when they do not', () => {
    const hash = sha256('a@b.com', 'hex');
    expect(prepare({ email: 'A@b.com', sha256Email: hash }).value.userIds).toEqual([{ idType: 'SHA256_EMAIL', idValue: hash }]);
    expect(reasonOf({ email: 'other@b.com', sha256Email: hash })).toBe('multiple-ids');
  });

  it('normalizes Google advertising ids and refuses the all-zero one', () => {
    expect(prepare({ googleAdvertisingId: ' 6D92078A-8246-4BA4-AE5B-76104861E7DC ' }).value.userIds).toEqual([
      { idType: 'GOOGLE_AID', idValue: '6d92078a-8246-4ba4-ae5b-76104861e7dc' },
    ]);
    expect(reasonOf({ googleAdvertisingId: '00000000-0000-0000-0000-000000000000' })).toBe('invalid-mobile-ad-id');
  });

  it('keys duplicates on the user ids, whatever the profile fields say', () => {
    const a = prepare({ email: 'a@b.com', firstName: 'A' });
    const b = prepare({ email: ' A@B.COM', firstName: 'Other' });
    const c = prepare({ email: 'a@b.com', googleAdvertisingId: '6d92078a-8246-4ba4-ae5b-76104861e7dc' });
    expect(a.key).toBe(b.key);
    expect(c.key).not.toBe(a.key);
  });

  it('trims profile fields, upper-cases the country and drops blanks', () => {
    expect(prepare({ email: 'a@b.com', firstName: ' Ann ', lastName: '', title: undefined, company: null, country: 'de' }).value).toEqual({
      action: 'ADD',
      userIds: [{ idType: 'SHA256_EMAIL', idValue: sha256('a@b.com', 'hex') }],
      firstName: 'Ann',
      country: 'DE',
    });
  });

  it('treats a bad country, a non-string field or a member without user id as an invalid row', () => {
    expect(reasonOf({ email: 'a@b.com', country: 'UK' })).toBe('invalid-country');
    expect(reasonOf({ email: 'a@b.com', country: 'USA' })).toBe('invalid-country');
    expect(reasonOf({ email: 'a@b.com', country: 49 })).toBe('invalid-country');
    expect(reasonOf({ email: 'a@b.com', company: 42 })).toBe('not-a-string');
    expect(reasonOf({ firstName: 'Ann', lastName: 'Lee', email: '  ' })).toBe('missing-id');
    expect(reasonOf('a@b.com')).toBe('not-an-object');
    expect(reasonOf(null)).toBe('not-an-object');
  });

  it('builds REMOVE elements for removals', () => {
    expect(linkedInUserRules('REMOVE')({ email: 'a@b.com' }, 0).value.action).toBe('REMOVE');
  });

  it('never puts the raw value in an issue message', () => {
    for (const member of [{ email: 'jane doe@example.com' }, { sha256Email: 'jane@example.com' }, { googleAdvertisingId: 'jane@example.com' }]) {
      try {
        prepare(member);
      } catch (error) {
        expect((error as Error).message).not.toContain('jane');
      }
    }
  });
});
