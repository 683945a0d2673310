import { detectHash, InvalidIdentifierError, normalizeEmail, normalizeMobileAdId, sha256 } from '@x/core';
import type { CriteoIdentifierType } from './criteo-constants.js';

const MAX_OPAQUE_ID_LENGTH = 512;

/** A member as Criteo receives it: the wire value, also the dedupe key. */
export type PrepareCriteoMember = (member: unknown) => { value: string; key: string };

/**
 * The identifier rules of one contact-list identifier type. Emails: trim + lowercase, then SHA-256
 * hex; a 64-hex input is taken as that hash (lowercased, never hashed again). Mobile ad ids: the
 * lowercase GUID form. IdentityLink and GUM ids are opaque: trimmed and checked, case kept.
 * @throws {InvalidIdentifierError} for a member that cannot be sent (never containing the value).
 */
export function criteoPrepare(identifierType: CriteoIdentifierType): PrepareCriteoMember {
  switch (identifierType) {
    case 'email':
      return prepareEmail;
    case 'madid':
      return (member) => {
        const value = normalizeMobileAdId(member);
        return { value, key: value };
      };
    case 'identityLink':
      return (member) => prepareOpaque(member, 'IdentityLink id');
    case 'gum':
      return (member) => prepareOpaque(member, 'GUM id');
  }
}

function prepareEmail(member: unknown): { value: string; key: string } {
  if (typeof member === 'string') {
    const trimmed = member.trim();
    const hash = detectHash(trimmed);
    if (hash === 'sha256-hex') {
      const value = trimmed.toLowerCase();
      return { value, key: value };
    }
    if (hash !== undefined) {
      throw new InvalidIdentifierError('invalid-hash', 'Criteo takes email hashes as SHA-256 hex (64 characters) only.');
    }
  }
  const value = sha256(normalizeEmail(member), 'hex');
  return { value, key: value };
}

function prepareOpaque(member: unknown, what: string): { value: string; key: string } {
  if (typeof member !== 'string') {
    throw new InvalidIdentifierError('not-a-string', `${what} must be a string, got ${member === null ? 'null' : typeof member}.`);
  }
  const value = member.trim();
  if (value.length === 0) throw new InvalidIdentifierError('empty', `${what} is empty.`);
  if (value.length > MAX_OPAQUE_ID_LENGTH) {
    throw new InvalidIdentifierError('too-long', `${what} is longer than ${MAX_OPAQUE_ID_LENGTH} characters.`);
  }
  if (/\s/u.test(value)) throw new InvalidIdentifierError('contains-whitespace', `${what} contains whitespace.`);
  return { value, key: value };
}
