import { detectHash, hexToBase64, InvalidIdentifierError, normalizeEmail, sha256 } from '@x/core';
import type { TtdCrmPiiType } from './ttd-crm-options.js';

/** A prepared id: the upload line (without its newline) doubles as the dedupe key. */
export interface TtdCrmPrepared {
  value: string;
  key: string;
}

/**
 * The identifier rules of one PiiType.
 * - `Email`: plaintext, trimmed and lowercased after UID2 validation (TTD hashes it); a value that
 *   is already a hash is an invalid row, since TTD would count it invalid.
 * - `EmailHashedUnifiedId2`: UID2 normalization (gmail.com rules included) then SHA-256 in base64;
 *   64-hex SHA-256 is converted to base64, 44-character base64 is passed through.
 */
export function ttdCrmPrepare(piiType: TtdCrmPiiType): (member: unknown) => TtdCrmPrepared {
  return piiType === 'Email' ? prepareEmail : prepareHashedEmail;
}

function prepareEmail(member: unknown): TtdCrmPrepared {
  if (typeof member === 'string' && detectHash(member.trim()) !== undefined) {
    throw new InvalidIdentifierError('invalid-value', 'Hashed value given with piiType Email; use piiType EmailHashedUnifiedId2 for hashes.');
  }
  const email = normalizeEmail(member);
  return { value: email, key: email };
}

function prepareHashedEmail(member: unknown): TtdCrmPrepared {
  if (typeof member === 'string') {
    const trimmed = member.trim();
    const hash = detectHash(trimmed);
    if (hash === 'sha256-base64') return { value: trimmed, key: trimmed };
    if (hash === 'sha256-hex') {
      const value = hexToBase64(trimmed);
      return { value, key: value };
    }
    if (hash === 'sha512-hex') {
      throw new InvalidIdentifierError('invalid-hash', 'SHA-512 hash given; EmailHashedUnifiedId2 needs SHA-256 (64 hex or 44-character base64).');
    }
  }
  const value = sha256(normalizeEmail(member, { canonicalizeGmail: true }), 'base64');
  return { value, key: value };
}
