import { detectHash, InvalidIdentifierError, normalizeEmail, normalizeMobileAdId, sha256, type PrepareMember } from '@x/core';
import { isCountryCode } from './linkedin-country-codes.js';
import type { LinkedInDmpMember } from './linkedin-dmp-types.js';

/** The user id kinds LinkedIn matches on. */
export type LinkedInUserIdType = 'SHA256_EMAIL' | 'SHA512_EMAIL' | 'GOOGLE_AID';

/** One element of a `/users` BATCH_CREATE body. */
export interface LinkedInUserElement {
  action: 'ADD' | 'REMOVE';
  userIds: Array<{ idType: LinkedInUserIdType; idValue: string }>;
  firstName?: string;
  lastName?: string;
  title?: string;
  company?: string;
  country?: string;
}

const SHA256_HEX = /^[0-9a-fA-F]{64}$/;
const PROFILE_FIELDS = ['firstName', 'lastName', 'title', 'company'] as const;

/**
 * LinkedIn's rules for one member: emails hashed (trim, lowercase, SHA-256 hex) unless already
 * hashed, GAIDs normalized, profile fields trimmed, country checked. A member without a user id,
 * or with any bad field, is an invalid row (the issue names the field, never its value). The
 * dedupe key is the set of user ids.
 */
export function linkedInUserRules(action: 'ADD' | 'REMOVE'): PrepareMember<LinkedInDmpMember, LinkedInUserElement> {
  return (member) => {
    if (typeof member !== 'object' || member === null || Array.isArray(member)) {
      throw new InvalidIdentifierError('not-an-object', 'Member must be an object such as { email }.');
    }
    const userIds: LinkedInUserElement['userIds'] = [];
    const fromEmail = emailId(member.email);
    const fromHash = sha256EmailId(member.sha256Email);
    if (fromEmail !== undefined && fromHash !== undefined && fromEmail.idType === 'SHA256_EMAIL' && fromEmail.idValue !== fromHash.idValue) {
      throw new InvalidIdentifierError('multiple-ids', 'email and sha256Email name different addresses: give one of them.');
    }
    if (fromHash !== undefined) userIds.push(fromHash);
    if (fromEmail !== undefined && !(fromHash !== undefined && fromEmail.idType === 'SHA256_EMAIL')) userIds.push(fromEmail);
    const aaid = present(member.googleAdvertisingId, 'googleAdvertisingId');
    if (aaid !== undefined) {
      try {
        userIds.push({ idType: 'GOOGLE_AID', idValue: normalizeMobileAdId(aaid) });
      } catch (error) {
        throw withField('googleAdvertisingId', error);
      }
    }
    if (userIds.length === 0) {
      throw new InvalidIdentifierError('missing-id', 'Member has no user id: give email, sha256Email or googleAdvertisingId.');
    }

    const element: LinkedInUserElement = { action, userIds };
    for (const field of PROFILE_FIELDS) {
      const value = present(member[field], field);
      if (value !== undefined) element[field] = value;
    }
    const country = present(member.country, 'country', 'invalid-country');
    if (country !== undefined) {
      const code = country.toUpperCase();
      if (!isCountryCode(code)) {
        throw new InvalidIdentifierError('invalid-country', 'country must be an ISO-3166 alpha-2 code such as US or DE.');
      }
      element.country = code;
    }
    return { value: element, key: dedupeKey(userIds) };
  };
}

/** The member's user ids as one string: the bare hash for the usual single SHA-256 email. */
function dedupeKey(userIds: LinkedInUserElement['userIds']): string {
  const first = userIds[0] as LinkedInUserElement['userIds'][number];
  // Every other form holds a ':', so it never equals a bare 64-hex hash.
  if (userIds.length === 1 && first.idType === 'SHA256_EMAIL') return first.idValue;
  return userIds.map((id) => `${id.idType}:${id.idValue}`).join('|');
}

function emailId(value: unknown): LinkedInUserElement['userIds'][number] | undefined {
  const email = present(value, 'email');
  if (email === undefined) return undefined;
  const hash = detectHash(email);
  // Already hashed by the caller: never hash twice.
  if (hash === 'sha256-hex') return { idType: 'SHA256_EMAIL', idValue: email.toLowerCase() };
  if (hash === 'sha512-hex') return { idType: 'SHA512_EMAIL', idValue: email.toLowerCase() };
  let normalized: string;
  try {
    normalized = normalizeEmail(email);
  } catch (error) {
    throw withField('email', error);
  }
  return { idType: 'SHA256_EMAIL', idValue: sha256(normalized, 'hex') };
}

function sha256EmailId(value: unknown): LinkedInUserElement['userIds'][number] | undefined {
  const hash = present(value, 'sha256Email');
  if (hash === undefined) return undefined;
  if (!SHA256_HEX.test(hash)) {
    throw new InvalidIdentifierError('invalid-hash', 'sha256Email must be 64 hexadecimal characters (a SHA-256 hex digest).');
  }
  return { idType: 'SHA256_EMAIL', idValue: hash.toLowerCase() };
}

/** The trimmed string, or undefined for undefined, null and blank strings; anything else is invalid. */
function present(value: unknown, field: string, reason: 'not-a-string' | 'invalid-country' = 'not-a-string'): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new InvalidIdentifierError(reason, `${field} must be a string.`);
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** Core's reason, its message prefixed with the member field it came from (no closure: a hot path). */
function withField(field: string, error: unknown): unknown {
  return InvalidIdentifierError.isInstance(error) ? new InvalidIdentifierError(error.reason, `${field}: ${error.message}`) : error;
}
