/** The Marketing Solutions API version the client calls unless told otherwise. */
export const CRITEO_DEFAULT_API_VERSION = '2026-07';

/** Host of the Criteo API; the version and `/marketing-solutions` follow it in every path. */
export const CRITEO_DEFAULT_BASE_URL = 'https://api.criteo.com';

/** OAuth client-credentials token endpoint. */
export const CRITEO_DEFAULT_TOKEN_URL = 'https://api.criteo.com/oauth2/token';

/** Most identifiers Criteo takes in one contact-list amendment. */
export const CRITEO_MAX_IDENTIFIERS_PER_REQUEST = 50_000;

/** Criteo's quota for a client-credentials app. */
export const CRITEO_REQUESTS_PER_MINUTE = 250;

/** Identifier types of a contact list that this SDK sends. */
export const CRITEO_IDENTIFIER_TYPES = ['email', 'madid', 'identityLink', 'gum'] as const;

/** One of {@link CRITEO_IDENTIFIER_TYPES}. */
export type CriteoIdentifierType = (typeof CRITEO_IDENTIFIER_TYPES)[number];

export const PLATFORM = 'criteo-audiences';
