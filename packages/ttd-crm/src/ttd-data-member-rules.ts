import { InvalidIdentifierError } from '@x/core';
import { TTD_DATA_GUID_FIELDS, TTD_DATA_ID_FIELDS, TTD_DATA_ID_KEYS, type TtdDataIdField } from './ttd-data-id-fields.js';

/** A member as it goes on the wire: one id field and its value. */
export interface TtdDataWireId {
  field: TtdDataIdField;
  value: string;
}

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const ZERO_GUID = '00000000-0000-0000-0000-000000000000';
const WHITESPACE = /\s/;
/** Far above any real UID2/EUID token; stops a stray blob from filling a request. */
const MAX_ID_LENGTH = 4_096;

/**
 * Checks one caller member against TTD's rules and returns its wire id and dedupe key. GUIDs are
 * checked and compared case-insensitively but sent as given; UID2/EUID values and tokens are
 * case-sensitive and never changed beyond trimming.
 * @throws {InvalidIdentifierError} with a stable reason; messages never hold the value.
 */
export function prepareTtdDataMember(member: unknown): { value: TtdDataWireId; key: string } {
  if (typeof member !== 'object' || member === null || Array.isArray(member)) {
    throw new InvalidIdentifierError('not-an-object', `Member must be an object with one id field (${TTD_DATA_ID_KEYS.join(', ')}).`);
  }
  const record = member as Record<string, unknown>;
  const present = TTD_DATA_ID_KEYS.filter((key) => record[key] !== undefined && record[key] !== null);
  if (present.length === 0) {
    throw new InvalidIdentifierError('missing-id', `Member has no id field; expected exactly one of ${TTD_DATA_ID_KEYS.join(', ')}.`);
  }
  if (present.length > 1) {
    throw new InvalidIdentifierError('multiple-ids', `Member has ${present.length} id fields (${present.join(', ')}); TTD takes exactly one per item.`);
  }
  const key = present[0] as (typeof TTD_DATA_ID_KEYS)[number];
  const field = TTD_DATA_ID_FIELDS[key];
  const raw = record[key];
  if (typeof raw !== 'string') {
    throw new InvalidIdentifierError('not-a-string', `Member's ${key} must be a string, got ${raw === null ? 'null' : typeof raw}.`);
  }
  const value = raw.trim();
  if (value.length === 0) throw new InvalidIdentifierError('empty', `Member's ${key} is empty.`);
  if (TTD_DATA_GUID_FIELDS.has(field)) {
    if (!GUID.test(value)) throw new InvalidIdentifierError('invalid-guid', `Member's ${key} is not a 36-character GUID with dashes.`);
    if (value === ZERO_GUID) throw new InvalidIdentifierError('invalid-guid', `Member's ${key} is the all-zero GUID (a device that limits tracking).`);
    return { value: { field, value }, key: `${field}:${value.toLowerCase()}` };
  }
  if (value.length > MAX_ID_LENGTH) throw new InvalidIdentifierError('too-long', `Member's ${key} is longer than ${MAX_ID_LENGTH} characters.`);
  if (WHITESPACE.test(value)) throw new InvalidIdentifierError('contains-whitespace', `Member's ${key} contains whitespace.`);
  return { value: { field, value }, key: `${field}:${value}` };
}
