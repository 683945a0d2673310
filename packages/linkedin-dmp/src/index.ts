export { createLinkedInDmpClient } from './linkedin-dmp-client.js';
export type { LinkedInDmpClientOptions, LinkedInDmpRefreshCredentials } from './linkedin-dmp-options.js';
export type { LinkedInDmpClient, LinkedInDmpMember, LinkedInDmpSegment } from './linkedin-dmp-types.js';
export type { LinkedInUserElement, LinkedInUserIdType } from './linkedin-user-rules.js';
export {
  LINKEDIN_DEFAULT_API_VERSION,
  LINKEDIN_DEFAULT_BASE_URL,
  LINKEDIN_DEFAULT_OAUTH_URL,
  LINKEDIN_DEFAULT_SEGMENT_READY_TIMEOUT_MS,
  LINKEDIN_MAX_USERS_PER_REQUEST,
  LINKEDIN_RESTLI_PROTOCOL_VERSION,
  LINKEDIN_USERS_REQUESTS_PER_MINUTE,
} from './linkedin-dmp-constants.js';
export {
  AbortError,
  ApiCallError,
  AudienceSdkError,
  AuthenticationError,
  ConfigurationError,
  InvalidIdentifierError,
  RateLimitError,
  createRateLimiter,
  type RateLimiter,
  type RetryOptions,
  type SyncIssue,
  type SyncOptions,
  type SyncReport,
} from '@x/core';
