/** Options of {@link createLinkedInDmpMock}. Every option has a default that suits a consumer's test. */
export interface LinkedInDmpMockOptions {
  /**
   * REST base the handlers answer under.
   * @default 'https://api.linkedin.com/rest'
   */
  baseUrl?: string;
  /**
   * OAuth token endpoint the handlers answer.
   * @default 'https://www.linkedin.com/oauth/v2/accessToken'
   */
  oauthUrl?: string;
  /**
   * Versions older than this answer 426 `NONEXISTENT_VERSION` (LinkedIn sunsets each version after
   * about a year). Use `sunsetVersion()` to retire one more.
   * @default '202510'
   */
  oldestActiveVersion?: string;
  /**
   * Ad accounts the token may manage; any other answers 403.
   * @default any account
   */
  adAccountIds?: string[];
  /**
   * Allowed `sourcePlatform` values (LinkedIn assigns one per approved partner); others answer 400.
   * @default any non-empty value
   */
  sourcePlatforms?: string[];
  /**
   * When false, only tokens the mock issued (through the refresh endpoint) or listed in
   * `accessTokens` are valid.
   * @default true (any non-empty bearer token, until expired with `expireCurrentToken()`)
   */
  acceptAnyAccessToken?: boolean;
  /** Access tokens valid from the start. @default [] */
  accessTokens?: string[];
  /**
   * Refresh tokens the token endpoint accepts.
   * @default any non-empty refresh token that was not revoked
   */
  refreshTokens?: string[];
  /** When given, the token endpoint requires this client id and secret. @default any */
  client?: { clientId: string; clientSecret: string };
  /**
   * Lifetime of issued access tokens, in seconds (`expires_in`).
   * @default 5184000 (60 days)
   */
  accessTokenTtlSeconds?: number;
  /**
   * Calls to `/users` of a newly created segment that answer 404 before it becomes available.
   * @default 0
   */
  notReadyCallsAfterCreate?: number;
  /**
   * Header that carries a new segment's id, and its form.
   * @default { header: 'x-restli-id', form: 'id' }
   */
  createdIdHeader?: { header?: 'x-restli-id' | 'x-linkedin-id'; form?: 'id' | 'urn' };
  /**
   * First id handed to a created segment; later ones count up.
   * @default 1000001
   */
  firstSegmentId?: number;
}

/** One user id as LinkedIn stores it. */
export interface LinkedInMockUserId {
  idType: string;
  idValue: string;
}

/** A member of a mock segment (hashed ids only, as LinkedIn receives them). */
export interface LinkedInMockMember {
  userIds: LinkedInMockUserId[];
  firstName?: string;
  lastName?: string;
  title?: string;
  company?: string;
  country?: string;
}

/** A DMP segment held by the mock. */
export interface LinkedInMockSegment {
  id: string;
  name: string;
  sourcePlatform: string;
  sourceSegmentId: string;
  /** `urn:li:sponsoredAccount:<id>` */
  account: string;
  type: string;
  status: string;
  destinations: Array<{ destination: string }>;
  created: number;
  /** Members keyed by their user ids (`SHA256_EMAIL:<hex>|GOOGLE_AID:<id>`). */
  members: Map<string, LinkedInMockMember>;
  /** `/users` calls left that answer 404 (a just-created segment). */
  notReadyCallsLeft: number;
}

/** Everything the mock holds; tests may read it and seed it. */
export interface LinkedInDmpMockState {
  segments: Map<string, LinkedInMockSegment>;
  tokens: {
    /** Access tokens the mock issued or was given, with their expiry (ms since epoch). */
    accessTokens: Map<string, { expiresAt: number }>;
    /** Access tokens that answer 401 EXPIRED_ACCESS_TOKEN. */
    expired: Set<string>;
    /** Refresh tokens known to be valid. */
    refreshTokens: Set<string>;
    /** Refresh tokens that answer `invalid_grant`. */
    revokedRefreshTokens: Set<string>;
    /** The token of the last authenticated call (or the last one issued). */
    current: string | undefined;
  };
  /** Versions retired with `sunsetVersion()`. */
  sunsetVersions: Set<string>;
  /** User id values (`idValue`, lowercased) whose elements are refused, with the status and message. */
  rejections: Map<string, { status: number; message: string }>;
  /** `/users` 404s given to each newly created segment. */
  notReadyCallsAfterCreate: number;
  nextSegmentId: number;
}
