export { createCriteoAudiencesClient, type CriteoAudiencesClient } from './criteo-audiences-client.js';
export type { CriteoAudiencesClientOptions, CriteoMemberOptions } from './criteo-options.js';
export type { CriteoSegment } from './criteo-segments.js';
export type { CriteoContactListStatistics, CriteoMembers } from './criteo-contact-list.js';
export {
  CRITEO_DEFAULT_API_VERSION,
  CRITEO_DEFAULT_BASE_URL,
  CRITEO_DEFAULT_TOKEN_URL,
  CRITEO_IDENTIFIER_TYPES,
  CRITEO_MAX_IDENTIFIERS_PER_REQUEST,
  CRITEO_REQUESTS_PER_MINUTE,
  type CriteoIdentifierType,
} from './criteo-constants.js';
export {
  AbortError,
  ApiCallError,
  AudienceSdkError,
  AuthenticationError,
  ConfigurationError,
  InvalidIdentifierError,
  RateLimitError,
  type SyncIssue,
  type SyncOptions,
  type SyncProgress,
  type SyncReport,
  type RetryOptions,
} from '@x/core';
