import { TTD_DATA_DEFAULT_TTL_MINUTES, TTD_DATA_MAX_NAME_LENGTH, TTD_DATA_MAX_TTL_MINUTES } from '../ttd-data-constants.js';

/** A `FailedLines` entry as TTD sends it. */
export interface TtdDataMockFailedLine {
  ErrorCode: string;
  Message: string;
  ItemNumber: number;
  DataNumber?: number;
  DataName?: string;
}

/** A valid item: its id and (for segment calls) its data entries. */
export interface TtdDataMockItem {
  itemNumber: number;
  idType: string;
  id: string;
  data: Array<{ name: string; ttlMinutes: number }>;
}

/** A request the server refuses as a whole: status and a plain-text message. */
export interface TtdDataMockRefusal {
  refused: string;
}

// Id fields of the swagger's item schemas (TDID, DAID, UID2... plus partner ids TTD also takes).
const ID_FIELDS = ['TDID', 'DAID', 'UID2', 'UID2Token', 'EUID', 'EUIDToken', 'RampID', 'IDL', 'CoreID', 'ID5', 'NetID', 'FirstID', 'UtiqID', 'MerkuryID', 'IqviaPPID'];
const ID_BY_LOWER = new Map(ID_FIELDS.map((field) => [field.toLowerCase(), field]));
const ADVERTISER_REQUEST_FIELDS = new Set(['advertiserid', 'dataproviderid', 'items', 'dataloadtraceid', 'dataorigins']);
const DSR_REQUEST_FIELDS = new Set(['advertiserid', 'dataproviderid', 'items', 'dataloadtraceid', 'requesttype']);
const ITEM_EXTRA_FIELDS = new Set(['data', 'cookiemappingpartnerid']);
const DATA_FIELDS = new Set(['name', 'timestamputc', 'ttlinminutes', 'basebidcpm', 'basebidcpmmetadata', 'bidfactor']);
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

type Parsed = { advertiserId: string; items: TtdDataMockItem[]; failed: TtdDataMockFailedLine[]; requestType?: 'OptOut' | 'Deletion' };

/**
 * Validates a Data API body the way TTD's server reads it: property names case-insensitive,
 * exactly one user id per item, Name ≤ 256 characters, TTL 0..259200. Whole-request problems
 * (bad JSON, no AdvertiserId, no Items) refuse the request; item problems become FailedLines.
 */
export function validateTtdDataBody(raw: string, kind: 'advertiser' | 'dsr'): Parsed | TtdDataMockRefusal {
  let body: unknown;
  try {
    body = JSON.parse(raw) as unknown;
  } catch {
    return { refused: 'Request body is not valid JSON.' };
  }
  const top = lowerKeyed(body);
  if (top === undefined) return { refused: 'Request body must be a JSON object.' };
  const allowed = kind === 'advertiser' ? ADVERTISER_REQUEST_FIELDS : DSR_REQUEST_FIELDS;
  for (const key of top.keys()) if (!allowed.has(key)) return { refused: `Unknown property in request: ${top.get(key)?.name}.` };
  const advertiserId = top.get('advertiserid')?.value;
  if (typeof advertiserId !== 'string' || advertiserId === '') return { refused: 'AdvertiserId is required.' };
  const items = top.get('items')?.value;
  if (!Array.isArray(items) || items.length === 0) return { refused: 'Items is required and must not be empty.' };
  let requestType: 'OptOut' | 'Deletion' | undefined;
  if (kind === 'dsr') {
    const type = top.get('requesttype')?.value;
    if (type !== 'OptOut' && type !== 'Deletion') return { refused: 'RequestType must be OptOut or Deletion.' };
    requestType = type;
  }
  const result: Parsed = { advertiserId, items: [], failed: [], ...(requestType === undefined ? {} : { requestType }) };
  items.forEach((item, index) => {
    const checked = kind === 'advertiser' ? checkDataItem(item, index + 1) : checkDsrItem(item, index + 1);
    if ('ErrorCode' in checked) result.failed.push(checked);
    else result.items.push(checked);
  });
  return result;
}

function checkId(fields: Map<string, { name: string; value: unknown }>, itemNumber: number, missingCode: string): { idType: string; id: string } | TtdDataMockFailedLine {
  const ids: Array<{ idType: string; value: unknown }> = [];
  for (const [lower, entry] of fields) {
    const idType = ID_BY_LOWER.get(lower);
    if (idType !== undefined && entry.value !== null && entry.value !== undefined && entry.value !== '') ids.push({ idType, value: entry.value });
  }
  const [first] = ids;
  if (first === undefined) return line(missingCode, 'The item has no user id.', itemNumber);
  if (ids.length > 1) return line(missingCode === 'MissingUserId' ? 'InvalidParameterFormat' : 'InvalidUserId', 'The item has more than one user id; send one id per item.', itemNumber);
  if (typeof first.value !== 'string') return line('ItemDeserializationError', `${first.idType} must be a string.`, itemNumber);
  if ((first.idType === 'TDID' || first.idType === 'DAID') && !GUID.test(first.value)) {
    return line(missingCode === 'MissingUserId' ? 'InvalidParameterFormat' : 'InvalidUserId', `${first.idType} must be a GUID.`, itemNumber);
  }
  if (/\s/.test(first.value)) return line(first.idType.startsWith('UID2') || first.idType.startsWith('EUID') ? 'Uid2Error' : 'InvalidParameterFormat', `${first.idType} is malformed.`, itemNumber);
  return { idType: first.idType, id: first.value };
}

function checkDataItem(item: unknown, itemNumber: number): TtdDataMockItem | TtdDataMockFailedLine {
  const fields = lowerKeyed(item);
  if (fields === undefined) return line('ItemDeserializationError', 'The item is not an object.', itemNumber);
  for (const [lower, entry] of fields) {
    if (!ID_BY_LOWER.has(lower) && !ITEM_EXTRA_FIELDS.has(lower)) return line('ItemDeserializationError', `Unknown property ${entry.name}.`, itemNumber);
  }
  const id = checkId(fields, itemNumber, 'MissingUserId');
  if ('ErrorCode' in id) return id;
  const data = fields.get('data')?.value;
  if (!Array.isArray(data) || data.length === 0) return line('ItemDeserializationError', 'Data is required.', itemNumber);
  const entries: TtdDataMockItem['data'] = [];
  for (let index = 0; index < data.length; index++) {
    const dataNumber = index + 1;
    const entry = lowerKeyed(data[index]);
    if (entry === undefined) return line('ItemDeserializationError', 'A Data entry is not an object.', itemNumber, dataNumber);
    for (const [lower, field] of entry) {
      if (!DATA_FIELDS.has(lower)) return line('ItemDeserializationError', `Unknown property ${field.name} in Data.`, itemNumber, dataNumber);
    }
    const name = entry.get('name')?.value;
    if (typeof name !== 'string' || name === '') return line('ItemDeserializationError', 'Data Name is required.', itemNumber, dataNumber);
    if (name.length > TTD_DATA_MAX_NAME_LENGTH) return line('DataNameTooLong', `Data Name exceeds ${TTD_DATA_MAX_NAME_LENGTH} characters.`, itemNumber, dataNumber, name);
    const ttl = entry.get('ttlinminutes')?.value ?? TTD_DATA_DEFAULT_TTL_MINUTES;
    if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 0 || ttl > TTD_DATA_MAX_TTL_MINUTES) {
      return line('InvalidTtlInMinutes', `TtlInMinutes must be an integer from 0 to ${TTD_DATA_MAX_TTL_MINUTES}.`, itemNumber, dataNumber, name);
    }
    entries.push({ name, ttlMinutes: ttl });
  }
  return { itemNumber, idType: id.idType, id: id.id, data: entries };
}

function checkDsrItem(item: unknown, itemNumber: number): TtdDataMockItem | TtdDataMockFailedLine {
  const fields = lowerKeyed(item);
  if (fields === undefined) return line('ItemDeserializationError', 'The item is not an object.', itemNumber);
  for (const [lower, entry] of fields) {
    if (!ID_BY_LOWER.has(lower)) return line('ItemDeserializationError', `Unknown property ${entry.name}.`, itemNumber);
  }
  const id = checkId(fields, itemNumber, 'InvalidUserId');
  if ('ErrorCode' in id) return id;
  return { itemNumber, idType: id.idType, id: id.id, data: [] };
}

function line(ErrorCode: string, Message: string, ItemNumber: number, DataNumber?: number, DataName?: string): TtdDataMockFailedLine {
  return { ErrorCode, Message, ItemNumber, ...(DataNumber === undefined ? {} : { DataNumber }), ...(DataName === undefined ? {} : { DataName }) };
}

/** The object's properties by lower-cased name (ASP.NET binds names case-insensitively). */
function lowerKeyed(value: unknown): Map<string, { name: string; value: unknown }> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const map = new Map<string, { name: string; value: unknown }>();
  for (const [name, entry] of Object.entries(value)) map.set(name.toLowerCase(), { name, value: entry });
  return map;
}
