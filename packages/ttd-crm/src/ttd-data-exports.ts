export { createTtdDataClient, type TtdDataClient, type TtdDataMembers } from './ttd-data-client.js';
export type { TtdDataClientBaseOptions, TtdDataClientOptions } from './ttd-data-options.js';
export type { TtdDataAddOptions, TtdDataOptOutOptions } from './ttd-data-call-options.js';
export type { TtdDataMember } from './ttd-data-member.js';
export { TTD_DATA_ID_FIELDS, type TtdDataIdField, type TtdDataIdKey } from './ttd-data-id-fields.js';
export { TTD_DATA_HOSTS, type TtdDataRegion } from './ttd-data-hosts.js';
export {
  TTD_DATA_DEFAULT_MAX_BODY_BYTES,
  TTD_DATA_DEFAULT_TTL_MINUTES,
  TTD_DATA_MAX_NAME_LENGTH,
  TTD_DATA_MAX_TTL_MINUTES,
  TTD_DEFAULT_MAX_CONCURRENCY,
} from './ttd-data-constants.js';
