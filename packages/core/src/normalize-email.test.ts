import { describe, expect, it } from 'vitest';
import { InvalidIdentifierError } from './errors/invalid-identifier-error.js';
import { sha256 } from './hash.js';
import { normalizeEmail } from './normalize-email.js';

describe('normalizeEmail (UID2 rules)', () => {
  it.each([
    ['user@example.com', 'user@example.com', 'tMmiiTI7IaAcPpQPFQ65uMVCWH8av9jw4cwf/F5HVRQ='],
    ['MyEmail@example.com', 'myemail@example.com', 'FsGNM28LJQ8OLZB0Us65ZYp07NrovJSGTCMSKnLMJ6U='],
    ['JaneSaoirse+Work@example.com', 'janesaoirse+work@example.com', 'KKruSBUjDNO069iMUVImVQZm6RrAGZKeOtrD9mwogYA='],
    ['JANE.SAOIRSE@gmail.com', 'janesaoirse@gmail.com', 'ku4mBX7Z3qJTXWyLFB1INzkyR2WZGW4ANSJUiW21iI8='],
    ['JaneSaoirse+Work@gmail.com', 'janesaoirse@gmail.com', 'ku4mBX7Z3qJTXWyLFB1INzkyR2WZGW4ANSJUiW21iI8='],
  ])('%s → %s → %s', (input, normalized, base64) => {
    const result = normalizeEmail(input, { canonicalizeGmail: true });
    expect(result).toBe(normalized);
    expect(sha256(result, 'base64')).toBe(base64);
  });

  it('trims surrounding whitespace', () => {
    expect(normalizeEmail('  User@Example.com \t\n')).toBe('user@example.com');
  });

  it('keeps gmail dots and plus tags unless asked to canonicalize', () => {
    expect(normalizeEmail('Jane.Saoirse+Work@gmail.com')).toBe('jane.saoirse+work@gmail.com');
  });

  it('applies the gmail rules to gmail.com only', () => {
    expect(normalizeEmail('jane.doe+x@googlemail.com', { canonicalizeGmail: true })).toBe('jane.doe+x@googlemail.com');
    expect(normalizeEmail('jane.doe+x@example.com', { canonicalizeGmail: true })).toBe('jane.doe+x@example.com');
  });

  it('keeps non-ASCII characters as given', () => {
    expect(normalizeEmail('Élodie@Exämple.com')).toBe('Élodie@exämple.com');
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['@', 'empty-local-part'],
    ['a@', 'empty-domain'],
    ['@b.com', 'empty-local-part'],
    ['a@ba@z.com', 'multiple-at'],
    ['test test@test.com', 'contains-whitespace'],
    ['test@te st.com', 'contains-whitespace'],
    ['no-at-sign.example.com', 'missing-at'],
    ['+tag@gmail.com', 'empty-local-part'],
  ])('rejects %j with reason %s', (input, reason) => {
    const attempt = () => normalizeEmail(input, { canonicalizeGmail: true });
    expect(attempt).toThrow(InvalidIdentifierError);
    try {
      attempt();
    } catch (error) {
      expect((error as InvalidIdentifierError).reason).toBe(reason);
    }
  });

  it.each([null, undefined, 42, {}, ['a@b.com']])('rejects the non-string %j', (input) => {
    expect(() => normalizeEmail(input)).toThrow(expect.objectContaining({ reason: 'not-a-string' }));
  });

  it('never puts the raw value in the error message', () => {
    const secretish = 'very.private person@example.com';
    try {
      normalizeEmail(secretish);
      expect.unreachable();
    } catch (error) {
      expect(String((error as Error).message)).not.toContain('private');
      expect(JSON.stringify(error)).not.toContain('private');
    }
  });
});
