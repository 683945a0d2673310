import { InvalidIdentifierError } from '@x/core';
import { TTD_DATA_GUID_FIELDS, TTD_DATA_ID_FIELDS, TTD_DATA_ID_KEYS, type TtdDataIdField, type TtdDataIdKey } from './ttd-data-id-fields.js';

/** A member as it goes on the wire: one id field and its value, serialised once. */
export interface TtdDataWireId {
  field: TtdDataIdField;
  value: string;
  /** `"FIELD":"value"` as JSON, written once when the member is read and reused for size and body. */
  json: string;
  /** UTF-8 bytes of `json`. */
  bytes: number;
}

/** The wire id of `value` in `field`, with its JSON written once. */
export function ttdDataWireId(field: TtdDataIdField, value: string, plain = false): TtdDataWireId {
  // A checked GUID is plain ASCII with nothing to escape: no JSON.stringify, and length = bytes.
  const json = plain ? `"${field}":"${value}"` : `"${field}":${JSON.stringify(value)}`;
  return { field, value, json, bytes: plain ? json.length : Buffer.byteLength(json, 'utf8') };
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
  // A loop rather than filter(): this runs for every member, and the usual member has one key.
  let key: TtdDataIdKey | undefined;
  let count = 0;
  for (const candidate of TTD_DATA_ID_KEYS) {
    const found = record[candidate];
    if (found === undefined || found === null) continue;
    count++;
    key ??= candidate;
  }
  if (key === undefined) {
    throw new InvalidIdentifierError('missing-id', `Member has no id field; expected exactly one of ${TTD_DATA_ID_KEYS.join(', ')}.`);
  }
  if (count > 1) {
    const present = TTD_DATA_ID_KEYS.filter((candidate) => record[candidate] !== undefined && record[candidate] !== null);
    throw new InvalidIdentifierError('multiple-ids', `Member has ${count} id fields (${present.join(', ')}); TTD takes exactly one per item.`);
  }
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
    return { value: ttdDataWireId(field, value, true), key: `${field}:${value.toLowerCase()}` };
  }
  if (value.length > MAX_ID_LENGTH) throw new InvalidIdentifierError('too-long', `Member's ${key} is longer than ${MAX_ID_LENGTH} characters.`);
  if (WHITESPACE.test(value)) throw new InvalidIdentifierError('contains-whitespace', `Member's ${key} contains whitespace.`);
  return { value: ttdDataWireId(field, value), key: `${field}:${value}` };
}
