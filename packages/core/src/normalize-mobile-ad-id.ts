import { InvalidIdentifierError } from './errors/invalid-identifier-error.js';
import { describeType } from './normalize-email.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ZERO_GUID = '00000000-0000-0000-0000-000000000000';

/**
 * Normalizes a mobile advertising id (IDFA or AAID): trim, lowercase, and require the 36-character
 * GUID form. The all-zero id (what a device sends when tracking is limited) is rejected: it would
 * match every opted-out user.
 * @throws {InvalidIdentifierError} reason `invalid-mobile-ad-id`; the message never contains the value.
 * @example
 * normalizeMobileAdId(' 6D92078A-8246-4BA4-AE5B-76104861E7DC '); // '6d92078a-8246-4ba4-ae5b-76104861e7dc'
 */
export function normalizeMobileAdId(value: unknown): string {
  if (typeof value !== 'string') {
    throw new InvalidIdentifierError('not-a-string', `Mobile ad id must be a string, got ${describeType(value)}.`);
  }
  const normalized = value.trim().toLowerCase();
  if (normalized.length === 0) throw new InvalidIdentifierError('empty', 'Mobile ad id is empty.');
  if (!GUID.test(normalized)) {
    throw new InvalidIdentifierError('invalid-mobile-ad-id', 'Mobile ad id is not a 36-character GUID.');
  }
  if (normalized === ZERO_GUID) {
    throw new InvalidIdentifierError('invalid-mobile-ad-id', 'Mobile ad id is the all-zero id of a device that limits tracking.');
  }
  return normalized;
}
