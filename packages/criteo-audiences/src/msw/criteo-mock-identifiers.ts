import { sha256 } from '@x/core';

const HEX_64 = /^[0-9a-fA-F]{64}$/;
const HEX_32 = /^[0-9a-fA-F]{32}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const PHONE = /^\+?[0-9]{6,15}$/;
const OPAQUE = /^\S{1,512}$/;

/** Identifier types the fake accepts (the API's enum). */
export const MOCK_IDENTIFIER_TYPES = ['email', 'madid', 'identityLink', 'gum', 'phoneNumber'] as const;

/**
 * How the fake stores an identifier, or undefined when Criteo would count it invalid. Plaintext
 * emails are hashed like Criteo does (trim, lowercase, SHA-256 hex), so a plaintext and a hashed
 * add of one address are the same member.
 */
export function storedIdentifier(value: string, identifierType: string): string | undefined {
  switch (identifierType) {
    case 'email': {
      if (HEX_64.test(value) || HEX_32.test(value)) return value.toLowerCase();
      const trimmed = value.trim().toLowerCase();
      return EMAIL.test(trimmed) ? sha256(trimmed, 'hex') : undefined;
    }
    case 'madid':
      return GUID.test(value) ? value.toLowerCase() : undefined;
    case 'phoneNumber':
      return PHONE.test(value) || HEX_64.test(value) ? value.toLowerCase() : undefined;
    default:
      return OPAQUE.test(value) ? value : undefined;
  }
}
