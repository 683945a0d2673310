import type { RateLimiter, RetryOptions, SyncOptions } from '@x/core';
import { z } from 'zod';
import {
  CRITEO_DEFAULT_API_VERSION,
  CRITEO_DEFAULT_BASE_URL,
  CRITEO_IDENTIFIER_TYPES,
  type CriteoIdentifierType,
} from './criteo-constants.js';

/**
 * Settings of {@link createCriteoAudiencesClient}.
 * @example
 * const criteo = createCriteoAudiencesClient({
 *   advertiserId: '12345',
 *   clientId: process.env.CRITEO_CLIENT_ID!,
 *   clientSecret: process.env.CRITEO_CLIENT_SECRET!,
 * });
 */
export interface CriteoAudiencesClientOptions {
  /** Criteo advertiser id (digits only) that owns the audience segments. */
  advertiserId: string | number;
  /** Client id of your Criteo API app (client-credentials OAuth). */
  clientId: string;
  /** Client secret of your Criteo API app. Never echoed in errors. */
  clientSecret: string;
  /**
   * Marketing Solutions API version, sent as the first path segment. Criteo ships a stable version
   * every January and July and retires each after 12 months (a retired one answers 410).
   * @default '2026-07'
   * @example '2027-01'
   */
  apiVersion?: string;
  /**
   * API host; the version and `/marketing-solutions/...` are appended.
   * @default 'https://api.criteo.com'
   */
  baseUrl?: string;
  /**
   * OAuth token endpoint.
   * @default `${baseUrl}/oauth2/token` ('https://api.criteo.com/oauth2/token'), so that a client
   * pointed at another host never sends its secret to api.criteo.com
   */
  tokenUrl?: string;
  /**
   * Custom fetch, resolved at call time (msw and tests can patch `globalThis.fetch`).
   * @default globalThis.fetch
   */
  fetch?: typeof globalThis.fetch;
  /**
   * Retry policy of every request (408, 429, 5xx, network errors; add/remove are retried, segment
   * creation is not).
   * @default { maxRetries: 8, initialDelayMs: 500, maxDelayMs: 30000 }
   */
  retry?: RetryOptions;
  /**
   * Keeps API calls within Criteo's quota: never more than `requestsPerMinute` within any minute
   * (the quota of a minute may go out at once), a wait for the reset when the `x-ratelimit-*`
   * headers say the window is spent, and a pause of every call for a 429's Retry-After.
   * `true` gives this client a limiter of its own; pass one limiter from `createRateLimiter` to
   * several clients of one app so that together they stay under the quota; `false` turns pacing
   * off (429 answers are still retried after their Retry-After).
   * @default true
   * @example
   * const shared = createRateLimiter({ requestsPerMinute: 250 });
   * createCriteoAudiencesClient({ ..., advertiserId: '1', rateLimiter: shared });
   * createCriteoAudiencesClient({ ..., advertiserId: '2', rateLimiter: shared });
   */
  rateLimiter?: boolean | RateLimiter;
  /**
   * The app's quota, used by the limiter this client creates (`rateLimiter` true or absent).
   * @default 250 (Criteo's documented calls per minute per client-credentials app)
   * @example createCriteoAudiencesClient({ ..., requestsPerMinute: 500 }) // a raised quota
   */
  requestsPerMinute?: number;
}

/**
 * Options of `addMembers`, `removeMembers` and `replaceMembers`.
 * @example
 * await criteo.addMembers(segment.id, ['jane@example.com'], { onProgress: (p) => console.log(p.sent) });
 * await criteo.addMembers(segment.id, deviceIds, { identifierType: 'madid' });
 */
export interface CriteoMemberOptions extends SyncOptions {
  /**
   * What the member strings are: `email` (plaintext, hashed here with SHA-256, or SHA-256 hex),
   * `madid` (IDFA/AAID), `identityLink` (LiveRamp) or `gum` (Criteo GUM id, needs `gumCallerId`).
   * @default 'email'
   */
  identifierType?: CriteoIdentifierType;
  /** Criteo's GUM caller id of the advertiser; required when `identifierType` is `gum`. */
  gumCallerId?: number | string;
  /**
   * Amendment requests in flight at once.
   * @default 2
   */
  concurrency?: number | undefined;
}

const isFunction = (value: unknown): boolean => typeof value === 'function';

const retrySchema = z.object({
  maxRetries: z.number().int().min(0).optional(),
  initialDelayMs: z.number().min(0).optional(),
  maxDelayMs: z.number().min(0).optional(),
  maxRetryAfterMs: z.number().min(0).optional(),
  timeoutMs: z.number().positive().optional(),
  random: z.custom<() => number>(isFunction, 'Expected a function.').optional(),
});

const rateLimiterSchema = z.custom<RateLimiter>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    ['acquire', 'pauseFor', 'observe'].every((name) => typeof (value as Record<string, unknown>)[name] === 'function'),
  'Expected true, false or a limiter from createRateLimiter.',
);

const httpUrl = (what: string) =>
  z.string().refine((value) => {
    if (!/^https?:\/\//i.test(value)) return false;
    try {
      new URL(value);
      return true;
    } catch {
      return false;
    }
  }, `${what} must be an absolute http(s) URL.`);

export const clientOptionsSchema = z.object({
  advertiserId: z
    .union([z.string(), z.number().int().nonnegative()], 'Expected a numeric advertiser id.')
    .transform(String)
    .refine((value) => /^\d+$/.test(value), 'The advertiser id must contain digits only.'),
  clientId: z.string('Expected a string.').trim().min(1, 'The client id is required.'),
  clientSecret: z.string('Expected a string.').min(1, 'The client secret is required.'),
  apiVersion: z
    .string()
    .regex(/^(\d{4}-\d{2}|preview)$/, 'Expected a version like "2026-07" (YYYY-MM) or "preview".')
    .default(CRITEO_DEFAULT_API_VERSION),
  baseUrl: httpUrl('baseUrl').default(CRITEO_DEFAULT_BASE_URL),
  tokenUrl: httpUrl('tokenUrl').optional(),
  fetch: z.custom<typeof globalThis.fetch>(isFunction, 'Expected a fetch function.').optional(),
  // zod leaves absent keys out, so the parsed object is a RetryOptions as given.
  retry: retrySchema.transform((value) => value as RetryOptions).optional(),
  rateLimiter: z.union([z.boolean(), rateLimiterSchema], 'Expected true, false or a limiter from createRateLimiter.').optional(),
  // At least one: a smaller quota (5e-324...) would make the limiter's rate 0.
  requestsPerMinute: z.number('Expected a number.').min(1, 'Expected at least 1 call per minute.').optional(),
});

export type ResolvedClientOptions = z.output<typeof clientOptionsSchema>;

export const memberOptionsSchema = z
  .object({
    identifierType: z.enum(CRITEO_IDENTIFIER_TYPES).default('email'),
    gumCallerId: z
      .union([z.number().int().positive(), z.string().regex(/^\d+$/, 'Expected a positive integer.')])
      .transform(Number)
      .optional(),
    signal: z.custom<AbortSignal>((value) => value instanceof AbortSignal, 'Expected an AbortSignal.').optional(),
    onProgress: z.custom<NonNullable<SyncOptions['onProgress']>>(isFunction, 'Expected a function.').optional(),
    onIssue: z.custom<NonNullable<SyncOptions['onIssue']>>(isFunction, 'Expected a function.').optional(),
    maxIssues: z.union([z.number().int().min(0), z.literal(Number.POSITIVE_INFINITY)]).optional(),
    concurrency: z.number().int().min(1).optional(),
  })
  .superRefine((value, context) => {
    if (value.identifierType === 'gum' && value.gumCallerId === undefined) {
      context.addIssue({ code: 'custom', path: ['gumCallerId'], message: 'gumCallerId is required when identifierType is "gum".' });
    }
  });

export type ResolvedMemberOptions = z.output<typeof memberOptionsSchema>;

export const segmentIdSchema = z
  .union([z.string(), z.number().int().nonnegative()], 'Expected a segment id.')
  .transform(String)
  .refine((value) => /^\d+$/.test(value), 'Criteo segment ids are numeric strings.');

export const segmentNameSchema = z.object({
  name: z.string('Expected a string.').min(1, 'The segment name is required.'),
  description: z.string('Expected a string.').optional(),
});
