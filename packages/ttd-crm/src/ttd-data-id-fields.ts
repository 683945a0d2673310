/** Caller-side key → TTD wire field, one per identifier kind a member may carry. */
export const TTD_DATA_ID_FIELDS = {
  tdid: 'TDID',
  daid: 'DAID',
  uid2: 'UID2',
  uid2Token: 'UID2Token',
  euid: 'EUID',
  euidToken: 'EUIDToken',
  rampId: 'RampID',
} as const;

/** A member's identifier key (`tdid`, `uid2`...). */
export type TtdDataIdKey = keyof typeof TTD_DATA_ID_FIELDS;

/** The identifier's field name on the wire (`TDID`, `UID2`...). */
export type TtdDataIdField = (typeof TTD_DATA_ID_FIELDS)[TtdDataIdKey];

export const TTD_DATA_ID_KEYS = Object.keys(TTD_DATA_ID_FIELDS) as TtdDataIdKey[];

/** Fields whose values are GUIDs (compared case-insensitively). */
export const TTD_DATA_GUID_FIELDS: ReadonlySet<string> = new Set<TtdDataIdField>(['TDID', 'DAID']);
