export { createTtdCrmClient, type TtdCrmClient, type TtdCrmMembers } from './ttd-crm-client.js';
export type { TtdCrmMembersOptions, TtdCrmSyncReport } from './ttd-crm-drop.js';
export type { TtdCrmDropStatus } from './ttd-crm-drop-status.js';
export type { TtdCrmSegment } from './ttd-crm-segments.js';
export { TtdCrmAmbiguousSegmentError, TtdCrmMinimumRecordsError } from './ttd-crm-errors.js';
export {
  TTD_CRM_DEFAULT_BASE_URL,
  TTD_CRM_DEFAULT_MINIMUM_RECORDS,
  TTD_CRM_DEFAULT_SPOOL_THRESHOLD_BYTES,
  type TtdCrmClientOptions,
  type TtdCrmPiiType,
  type TtdCrmRegion,
  type TtdCrmSpoolOptions,
} from './ttd-crm-options.js';
