import type { RateLimiter, RetryOptions } from '@x/core';
import { z } from 'zod';
import { LINKEDIN_DEFAULT_API_VERSION, LINKEDIN_DEFAULT_BASE_URL, LINKEDIN_DEFAULT_OAUTH_URL, LINKEDIN_DEFAULT_SEGMENT_READY_TIMEOUT_MS, LINKEDIN_USERS_REQUESTS_PER_MINUTE } from './linkedin-dmp-constants.js';

/** OAuth credentials that let the client get (and renew) its own access tokens. */
export interface LinkedInDmpRefreshCredentials {
  /** The LinkedIn app's client id. */
  clientId: string;
  /** The LinkedIn app's client secret. Never logged nor shown in errors. */
  clientSecret: string;
  /**
   * A refresh token from the OAuth consent flow (lives about a year). When LinkedIn answers
   * `invalid_grant`, it expired or was revoked: the user must authorize the app again.
   */
  refreshToken: string;
}

/**
 * Settings of {@link createLinkedInDmpClient}. Give `accessToken`, `refresh`, or both (the access
 * token is used first, then renewed with `refresh` when LinkedIn refuses it).
 * @example
 * const linkedIn = createLinkedInDmpClient({
 *   adAccountId: '512345678',
 *   sourcePlatform: 'MY_PARTNER_PLATFORM',
 *   refresh: { clientId, clientSecret, refreshToken },
 * });
 */
export interface LinkedInDmpClientOptions {
  /** The sponsored ad account that owns the segments: its numeric id, or `urn:li:sponsoredAccount:<id>`. */
  adAccountId: string | number;
  /**
   * The `sourcePlatform` enum value LinkedIn assigned to your approved partner integration. Sent
   * on create and used to find segments. Required: there is no sensible default.
   */
  sourcePlatform: string;
  /**
   * A member access token with the `rw_dmp_segments` permission. Without `refresh`, a 401 is final
   * (an `AuthenticationError`).
   */
  accessToken?: string | undefined;
  /** Credentials to renew access tokens before they expire and after a 401. */
  refresh?: LinkedInDmpRefreshCredentials | undefined;
  /**
   * The `LinkedIn-Version` header (YYYYMM). LinkedIn sunsets each version after about a year and
   * then answers 426: move this forward when that happens.
   * @default '202604'
   */
  apiVersion?: string | undefined;
  /**
   * Base URL of the REST API.
   * @default 'https://api.linkedin.com/rest'
   */
  baseUrl?: string | undefined;
  /**
   * The OAuth token endpoint used to refresh.
   * @default 'https://www.linkedin.com/oauth/v2/accessToken'
   */
  oauthUrl?: string | undefined;
  /**
   * Custom fetch, resolved at call time (so msw and tests can patch the global one).
   * @default globalThis.fetch
   */
  fetch?: typeof globalThis.fetch | undefined;
  /**
   * Retry policy of every call (408, 429, 5xx, network errors; Retry-After honoured).
   * @default { maxRetries: 8, initialDelayMs: 500, maxDelayMs: 30000 }
   */
  retry?: RetryOptions | undefined;
  /**
   * Pace of `/users` calls, to stay inside LinkedIn's per-member quota. Ignored when `rateLimiter`
   * is given.
   * @default 600
   */
  requestsPerMinute?: number | undefined;
  /**
   * A limiter shared with other clients of the same LinkedIn member (core's `createRateLimiter`),
   * so that together they stay under the quota.
   * @default a limiter of `requestsPerMinute`, private to this client
   */
  rateLimiter?: RateLimiter | undefined;
  /**
   * How long `/users` calls keep retrying a 404 while a just-created segment becomes available
   * (LinkedIn takes seconds to about two minutes). A 404 that outlasts it is an error.
   * @default 120000
   */
  segmentReadyTimeoutMs?: number | undefined;
}

const text = (field: string) => z.string({ error: `${field} must be a string.` }).min(1, { error: `${field} must not be empty.`, abort: true });
const positiveMs = (field: string) => z.number({ error: `${field} must be a number.` }).min(0, { error: `${field} must be 0 or more.` });

const retrySchema = z.object(
  {
    maxRetries: z.number({ error: 'retry.maxRetries must be a number.' }).int({ error: 'retry.maxRetries must be an integer.' }).min(0).optional(),
    initialDelayMs: positiveMs('retry.initialDelayMs').optional(),
    maxDelayMs: positiveMs('retry.maxDelayMs').optional(),
    maxRetryAfterMs: positiveMs('retry.maxRetryAfterMs').optional(),
    timeoutMs: z.number({ error: 'retry.timeoutMs must be a number.' }).positive({ error: 'retry.timeoutMs must be positive.' }).optional(),
    random: z.custom<() => number>((value) => typeof value === 'function', { error: 'retry.random must be a function.' }).optional(),
  },
  { error: 'retry must be an object.' },
);

const adAccountId = z
  .union([z.string(), z.number()], { error: 'adAccountId must be the ad account id (digits) or its urn:li:sponsoredAccount URN.' })
  .transform((value) => String(value).trim().replace(/^urn:li:sponsoredAccount:/, ''))
  .pipe(z.string().regex(/^\d+$/, { error: 'adAccountId must be the numeric ad account id or urn:li:sponsoredAccount:<id>.' }));

/** The validated, defaulted settings. */
export const linkedInDmpOptionsSchema = z
  .object(
    {
      adAccountId,
      sourcePlatform: text('sourcePlatform').regex(/^\S+$/, { error: 'sourcePlatform must be the enum value LinkedIn assigned (no spaces).' }),
      accessToken: text('accessToken').optional(),
      refresh: z
        .object(
          { clientId: text('refresh.clientId'), clientSecret: text('refresh.clientSecret'), refreshToken: text('refresh.refreshToken') },
          { error: 'refresh must be an object { clientId, clientSecret, refreshToken }.' },
        )
        .optional(),
      apiVersion: z
        .string({ error: 'apiVersion must be a string such as "202604".' })
        .regex(/^\d{6}(\d{2})?(\.\d{1,2})?$/, { error: 'apiVersion must be a LinkedIn version in YYYYMM form, such as "202604".' })
        .default(LINKEDIN_DEFAULT_API_VERSION),
      baseUrl: z.url({ protocol: /^https?$/, error: 'baseUrl must be an absolute http(s) URL.' }).default(LINKEDIN_DEFAULT_BASE_URL),
      oauthUrl: z.url({ protocol: /^https?$/, error: 'oauthUrl must be an absolute http(s) URL.' }).default(LINKEDIN_DEFAULT_OAUTH_URL),
      fetch: z.custom<typeof globalThis.fetch>((value) => typeof value === 'function', { error: 'fetch must be a function.' }).optional(),
      retry: retrySchema.optional(),
      requestsPerMinute: z
        .number({ error: 'requestsPerMinute must be a number.' })
        .positive({ error: 'requestsPerMinute must be positive.' })
        .default(LINKEDIN_USERS_REQUESTS_PER_MINUTE),
      rateLimiter: z
        .custom<RateLimiter>((value) => typeof (value as { acquire?: unknown } | null)?.acquire === 'function', {
          error: 'rateLimiter must come from createRateLimiter().',
        })
        .optional(),
      segmentReadyTimeoutMs: positiveMs('segmentReadyTimeoutMs').default(LINKEDIN_DEFAULT_SEGMENT_READY_TIMEOUT_MS),
    },
    { error: 'options must be an object.' },
  )
  .refine((options) => options.accessToken !== undefined || options.refresh !== undefined, {
    path: ['accessToken'],
    error: 'Give accessToken, or refresh: { clientId, clientSecret, refreshToken } (or both).',
    when: (payload) => typeof payload.value === 'object' && payload.value !== null,
  });

export type ResolvedLinkedInDmpOptions = z.output<typeof linkedInDmpOptionsSchema>;
