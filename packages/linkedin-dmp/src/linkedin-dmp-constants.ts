/** LinkedIn's REST API base, where `/dmpSegments` lives. */
export const LINKEDIN_DEFAULT_BASE_URL = 'https://api.linkedin.com/rest';

/** LinkedIn's OAuth 2.0 token endpoint (refresh-token grant). */
export const LINKEDIN_DEFAULT_OAUTH_URL = 'https://www.linkedin.com/oauth/v2/accessToken';

/** The `LinkedIn-Version` sent unless `apiVersion` says otherwise (monthly versions, YYYYMM). */
export const LINKEDIN_DEFAULT_API_VERSION = '202604';

/** Rest.li protocol of every call (`X-Restli-Protocol-Version`). */
export const LINKEDIN_RESTLI_PROTOCOL_VERSION = '2.0.0';

/** Most elements LinkedIn takes in one `POST /dmpSegments/{id}/users`. */
export const LINKEDIN_MAX_USERS_PER_REQUEST = 5_000;

/** LinkedIn's per-member quota of `/dmpSegments/{id}/users` calls per minute. */
export const LINKEDIN_USERS_REQUESTS_PER_MINUTE = 600;

/** How long a just-created segment may answer 404 on `/users` before it is considered missing. */
export const LINKEDIN_DEFAULT_SEGMENT_READY_TIMEOUT_MS = 120_000;
