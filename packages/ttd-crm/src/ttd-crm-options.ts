import type { ConcurrencyLimiter, RetryOptions } from '@x/core';
import { z } from 'zod';
import { syncOptionsShape } from './ttd-data-call-options.js';
import { maxConcurrencySchema } from './ttd-data-options.js';

/** The region of a CRM segment: where its PII comes from. One API host serves every region. */
export type TtdCrmRegion = 'US' | 'EU' | 'APAC';

/** TTD's name for the kind of identifier in a drop. */
export type TtdCrmPiiType = 'Email' | 'EmailHashedUnifiedId2';

/** The default API base of the CRM Data API. */
export const TTD_CRM_DEFAULT_BASE_URL = 'https://api.thetradedesk.com/v3';

/** The default floor of distinct valid ids per drop (TTD's documented minimum). */
export const TTD_CRM_DEFAULT_MINIMUM_RECORDS = 1500;

/** The default size above which an upload body is spooled to a temporary file instead of memory. */
export const TTD_CRM_DEFAULT_SPOOL_THRESHOLD_BYTES = 8 * 1024 * 1024;

/** Where and from what size an upload body is written to disk before it is sent. */
export interface TtdCrmSpoolOptions {
  /**
   * Bodies up to this many bytes stay in memory; a larger one goes to a temporary file, streamed
   * from disk on each upload attempt and removed afterwards (also on failure).
   * @default 8388608 (8 MB)
   */
  thresholdBytes?: number;
  /**
   * Directory in which the temporary spool directory is created.
   * @default os.tmpdir()
   */
  directory?: string;
}

/**
 * Options of {@link createTtdCrmClient}.
 * @example
 * const ttd = createTtdCrmClient({ advertiserId: 'abc123', authToken: process.env.TTD_AUTH_TOKEN! });
 */
export interface TtdCrmClientOptions {
  /** The TTD advertiser that owns the segments. */
  advertiserId: string;
  /** A long-lived TTD API token, sent as `TTD-Auth` on API calls (never to the upload URL). Never echoed. */
  authToken: string;
  /**
   * API base URL, e.g. the sandbox `https://ext-api.sb.thetradedesk.com/v3`.
   * @default 'https://api.thetradedesk.com/v3'
   */
  baseUrl?: string;
  /** Custom fetch, resolved at call time. @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
  /** Retry policy of API calls and uploads. @default see RetryOptions */
  retry?: RetryOptions;
  /**
   * A drop with fewer distinct valid ids than this fails before anything is sent.
   * @default 1500
   */
  minimumRecords?: number;
  /** Spooling of upload bodies. @default { thresholdBytes: 8388608, directory: os.tmpdir() } */
  spool?: TtdCrmSpoolOptions;
  /**
   * Time limit of one upload attempt (a large file takes longer than an API call).
   * @default 1800000 (30 minutes)
   */
  uploadTimeoutMs?: number;
  /**
   * Most API calls of this client in flight at once (the presigned upload is not an API call). TTD
   * asks for at most 4 concurrent calls; pass one `createConcurrencyLimiter(4)` to several clients
   * to cap them together, or `Infinity` for no cap.
   * @default 4
   * @example
   * createTtdCrmClient({ advertiserId, authToken, maxConcurrency: 2 });
   */
  maxConcurrency?: number | ConcurrencyLimiter;
}

const optionalPositiveInteger = z.number().int().positive().optional();
const optionalNonNegativeInteger = z.number().int().min(0).optional();

const retrySchema = z
  .object({
    maxRetries: optionalNonNegativeInteger,
    initialDelayMs: optionalNonNegativeInteger,
    maxDelayMs: optionalNonNegativeInteger,
    maxRetryAfterMs: optionalNonNegativeInteger,
    timeoutMs: optionalPositiveInteger,
    random: z.custom<() => number>((value) => typeof value === 'function', 'Expected a function.').optional(),
  })
  .strict();

export const ttdCrmOptionsSchema = z
  .object({
    advertiserId: z.string().trim().min(1, 'Required: the TTD advertiser id.'),
    authToken: z.string().trim().min(1, 'Required: a TTD API token.'),
    baseUrl: z.url({ protocol: /^https?$/ }).optional(),
    fetch: z.custom<typeof globalThis.fetch>((value) => typeof value === 'function', 'Expected a function.').optional(),
    retry: retrySchema.optional(),
    minimumRecords: optionalNonNegativeInteger,
    spool: z.object({ thresholdBytes: optionalNonNegativeInteger, directory: z.string().min(1).optional() }).strict().optional(),
    uploadTimeoutMs: optionalPositiveInteger,
    maxConcurrency: maxConcurrencySchema.optional(),
  })
  .strict();

/** Options of one `replaceMembers` / `addMembers` call, core's SyncOptions included. */
export const ttdCrmMembersOptionsSchema = z.object({
  piiType: z.enum(['Email', 'EmailHashedUnifiedId2']),
  ttlInMinutes: optionalNonNegativeInteger,
  signal: syncOptionsShape.signal,
  onProgress: syncOptionsShape.onProgress,
  onIssue: syncOptionsShape.onIssue,
  maxIssues: syncOptionsShape.maxIssues,
  // Accepted like every platform's, with no effect: a sync is one upload.
  concurrency: syncOptionsShape.concurrency,
});

export const ttdCrmRegionSchema = z.enum(['US', 'EU', 'APAC']);
