import { describe, expect, it } from 'vitest';
import { InvalidIdentifierError } from '@x/core';
import { ttdCrmPrepare } from './ttd-crm-pii-rules.js';

const email = ttdCrmPrepare('Email');
const hashed = ttdCrmPrepare('EmailHashedUnifiedId2');

function reasonOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return InvalidIdentifierError.isInstance(error) ? error.reason : 'other';
  }
  return undefined;
}

describe('piiType Email (plaintext, TTD hashes)', () => {
  it('trims and lowercases, without the gmail.com rules', () => {
    expect(email('  MyEmail@example.com ').value).toBe('myemail@example.com');
    expect(email('JANE.SAOIRSE+x@gmail.com').value).toBe('jane.saoirse+x@gmail.com');
  });

  it('rejects hashes given as Email, and invalid addresses', () => {
    expect(reasonOf(() => email('b4c9a289323b21a01c3e940f150eb9b8c542587f1abfd8f0e1cc1ffc5e475514'))).toBe('invalid-value');
    expect(reasonOf(() => email('tMmiiTI7IaAcPpQPFQ65uMVCWH8av9jw4cwf/F5HVRQ='))).toBe('invalid-value');
    for (const bad of ['', '@', 'a@', '@b.com', 'a@ba@z.com', 'test test@test.com', 'test@te st.com', 42]) {
      expect(reasonOf(() => email(bad)), String(bad)).toBeDefined();
    }
  });
});

describe('piiType EmailHashedUnifiedId2 (UID2 SHA-256, base64)', () => {
  it('normalizes by the UID2 rules and hashes to base64 (published vectors)', () => {
    expect(hashed('user@example.com').value).toBe('tMmiiTI7IaAcPpQPFQ65uMVCWH8av9jw4cwf/F5HVRQ=');
    expect(hashed('MyEmail@example.com').value).toBe('FsGNM28LJQ8OLZB0Us65ZYp07NrovJSGTCMSKnLMJ6U=');
    expect(hashed('JaneSaoirse+Work@example.com').value).toBe('KKruSBUjDNO069iMUVImVQZm6RrAGZKeOtrD9mwogYA=');
    expect(hashed('JANE.SAOIRSE@gmail.com').value).toBe('ku4mBX7Z3qJTXWyLFB1INzkyR2WZGW4ANSJUiW21iI8=');
    expect(hashed('JaneSaoirse+Work@gmail.com').value).toBe('ku4mBX7Z3qJTXWyLFB1INzkyR2WZGW4ANSJUiW21iI8=');
  });

  it('converts 64-hex SHA-256 to base64 and passes 44-char base64 through', () => {
    expect(hashed('B4C9A289323B21A01C3E940F150EB9B8C542587F1ABFD8F0E1CC1FFC5E475514').value).toBe('tMmiiTI7IaAcPpQPFQ65uMVCWH8av9jw4cwf/F5HVRQ=');
    expect(hashed(' tMmiiTI7IaAcPpQPFQ65uMVCWH8av9jw4cwf/F5HVRQ= ').value).toBe('tMmiiTI7IaAcPpQPFQ65uMVCWH8av9jw4cwf/F5HVRQ=');
  });

  it('uses the hash as dedupe key, so an address and its hash are one member', () => {
    expect(hashed('user@example.com').key).toBe(hashed('b4c9a289323b21a01c3e940f150eb9b8c542587f1abfd8f0e1cc1ffc5e475514').key);
  });

  it('rejects SHA-512 and invalid addresses', () => {
    expect(reasonOf(() => hashed('a'.repeat(128)))).toBe('invalid-hash');
    expect(reasonOf(() => hashed('a@'))).toBe('empty-domain');
    expect(reasonOf(() => hashed(undefined))).toBe('not-a-string');
  });
});
