import { InvalidIdentifierError } from './errors/invalid-identifier-error.js';
import { describeType } from './normalize-email.js';

const FORMATTING = /[\s\-().]/g;
const E164 = /^\+[0-9]{10,15}$/;

/**
 * Normalizes a phone number to E.164 (UID2 rules): `+` then 10 to 15 ASCII digits, after removing
 * spaces, dashes, dots and parentheses. A number without the leading `+` and country code is
 * rejected rather than guessed.
 * @throws {InvalidIdentifierError} reason `invalid-phone`; the message never contains the value.
 * @example
 * normalizePhone('+1 (234) 567-8901'); // '+12345678901'
 */
export function normalizePhone(value: unknown): string {
  if (typeof value !== 'string') {
    throw new InvalidIdentifierError('not-a-string', `Phone must be a string, got ${describeType(value)}.`);
  }
  const trimmed = value.trim();
  if (trimmed.length === 0) throw new InvalidIdentifierError('empty', 'Phone is empty.');
  if (trimmed.length > 64) throw new InvalidIdentifierError('too-long', 'Phone is longer than 64 characters.');
  const compact = trimmed.replace(FORMATTING, '');
  if (!E164.test(compact)) {
    throw new InvalidIdentifierError('invalid-phone', 'Phone is not E.164: "+" followed by 10 to 15 digits.');
  }
  return compact;
}
