import { parseOptions, type ConcurrencyLimiter, type RetryOptions } from '@x/core';
import { z } from 'zod';
import { TTD_DATA_DEFAULT_MAX_BODY_BYTES, TTD_DEFAULT_MAX_CONCURRENCY } from './ttd-data-constants.js';
import { TTD_DATA_HOSTS, TTD_DATA_REGIONS, type TtdDataRegion } from './ttd-data-hosts.js';

/** Options of `createTtdDataClient` shared by both auth modes. */
export interface TtdDataClientBaseOptions {
  /** Your TTD advertiser id, sent as `AdvertiserId` in every body. */
  advertiserId: string;
  /**
   * Data centre to upload to (TTD replicates to the others, except China). Picks the host:
   * us-east `use-data.adsrvr.org`, us-west `usw-data.adsrvr.org`, eu `euw-data.adsrvr.org`,
   * apac `sin-data.adsrvr.org`, tokyo `tok-data.adsrvr.org`, china `data-cn2.adsrvr.cn`.
   */
  region: TtdDataRegion;
  /**
   * Sent as `DataProviderId` when you upload on an advertiser's behalf as a data provider or
   * integration. An advertiser posting directly leaves it out.
   * @default undefined (not sent)
   */
  dataProviderId?: string | undefined;
  /**
   * Base URL instead of the region's host (a proxy, a test server).
   * @default the region's host, see `TTD_DATA_HOSTS`
   */
  baseUrl?: string | undefined;
  /**
   * Custom fetch, resolved at call time so that msw can patch `globalThis.fetch`.
   * @default globalThis.fetch
   */
  fetch?: typeof globalThis.fetch | undefined;
  /**
   * Retry policy for 408/429/5xx and network errors (the Data API POSTs are idempotent).
   * @default up to 8 retries, capped full-jitter backoff, Retry-After honoured
   */
  retry?: RetryOptions | undefined;
  /**
   * Largest request body in bytes; batches are cut below it. A 413 still splits the batch in two.
   * @default 2500000
   */
  maxBodyBytes?: number | undefined;
  /**
   * Most items in one request. TTD publishes no item cap, only the body size (`maxBodyBytes`).
   * @default no cap: only `maxBodyBytes` splits a batch
   */
  maxItemsPerRequest?: number | undefined;
  /** @default '@x/ttd-data' */
  userAgent?: string | undefined;
  /**
   * Most requests of this client in flight at once, over all its concurrent calls (each call
   * also has its own `concurrency`). TTD asks for at most 4 concurrent calls; pass one
   * `createConcurrencyLimiter(4)` to several clients to cap them together, or `Infinity` for no cap.
   * @default 4
   * @example
   * createTtdDataClient({ advertiserId, region: 'us-east', secretKey, maxConcurrency: 2 });
   */
  maxConcurrency?: number | ConcurrencyLimiter | undefined;
}

/**
 * Options of `createTtdDataClient`: give exactly one of `secretKey` (HMAC signature, header
 * `TtdSignature`) or `authToken` (header `TTD-Auth`).
 * @example
 * createTtdDataClient({ advertiserId: 'abc123', region: 'us-east', secretKey: process.env.TTD_ADVERTISER_SECRET! });
 */
export type TtdDataClientOptions = TtdDataClientBaseOptions &
  (
    | {
        /** Advertiser secret key: every body is signed with HMAC-SHA1 and sent with `TtdSignature`. Never sent itself. */
        secretKey: string;
        authToken?: never;
      }
    | {
        /** Data API token, sent as header `TTD-Auth`. */
        authToken: string;
        secretKey?: never;
      }
  );

const retrySchema = z.object({
  maxRetries: z.number().int().min(0).optional(),
  initialDelayMs: z.number().min(0).optional(),
  maxDelayMs: z.number().min(0).optional(),
  maxRetryAfterMs: z.number().min(0).optional(),
  timeoutMs: z.number().positive().optional(),
  random: z.custom<() => number>((value) => typeof value === 'function', 'Expected a function.').optional(),
});

/** A whole number ≥ 1, `Infinity`, or a limiter from core's `createConcurrencyLimiter`. */
export const maxConcurrencySchema = z.custom<number | ConcurrencyLimiter>(
  (value) =>
    (typeof value === 'number' && (value === Number.POSITIVE_INFINITY || (Number.isInteger(value) && value >= 1))) ||
    (typeof value === 'object' && value !== null && typeof (value as { acquire?: unknown }).acquire === 'function'),
  'Expected a whole number of 1 or more, Infinity, or a limiter from createConcurrencyLimiter.',
);

const optionsSchema = z
  .object({
    advertiserId: z.string().trim().min(1),
    region: z.enum(TTD_DATA_REGIONS as [TtdDataRegion, ...TtdDataRegion[]]),
    secretKey: z.string().min(1).optional(),
    authToken: z.string().min(1).optional(),
    dataProviderId: z.string().trim().min(1).optional(),
    baseUrl: z.url({ protocol: /^https?$/ }).optional(),
    fetch: z.custom<typeof globalThis.fetch>((value) => typeof value === 'function', 'Expected a fetch function.').optional(),
    retry: retrySchema.optional(),
    maxBodyBytes: z.number().int().min(1_024).optional(),
    maxItemsPerRequest: z.number().int().min(1).optional(),
    userAgent: z.string().min(1).optional(),
    maxConcurrency: maxConcurrencySchema.optional(),
  })
  .superRefine((value, context) => {
    if ((value.secretKey === undefined) === (value.authToken === undefined)) {
      context.addIssue({
        code: 'custom',
        path: value.secretKey === undefined ? ['secretKey'] : ['authToken'],
        message: 'Give exactly one of secretKey (HMAC signature) or authToken (TTD-Auth header).',
      });
    }
  });

/** Options after validation and defaults. */
export interface ResolvedTtdDataOptions {
  advertiserId: string;
  region: TtdDataRegion;
  baseUrl: string;
  auth: { type: 'signature'; secretKey: string } | { type: 'token'; authToken: string };
  dataProviderId: string | undefined;
  fetch: typeof globalThis.fetch | undefined;
  retry: RetryOptions | undefined;
  maxBodyBytes: number;
  maxItemsPerRequest: number;
  userAgent: string;
  maxConcurrency: number | ConcurrencyLimiter;
}

/** Validates the factory's options (ConfigurationError naming each bad field, never a value). */
export function resolveTtdDataOptions(options: unknown): ResolvedTtdDataOptions {
  const parsed = parseOptions(optionsSchema, options, 'ttd-data');
  const retry = parsed.retry === undefined ? undefined : stripUndefined(parsed.retry);
  return {
    advertiserId: parsed.advertiserId,
    region: parsed.region,
    baseUrl: (parsed.baseUrl ?? TTD_DATA_HOSTS[parsed.region]).replace(/\/+$/, ''),
    auth: parsed.secretKey !== undefined ? { type: 'signature', secretKey: parsed.secretKey } : { type: 'token', authToken: parsed.authToken as string },
    dataProviderId: parsed.dataProviderId,
    fetch: parsed.fetch,
    retry,
    maxBodyBytes: parsed.maxBodyBytes ?? TTD_DATA_DEFAULT_MAX_BODY_BYTES,
    maxItemsPerRequest: parsed.maxItemsPerRequest ?? Number.MAX_SAFE_INTEGER,
    userAgent: parsed.userAgent ?? '@x/ttd-data',
    maxConcurrency: parsed.maxConcurrency ?? TTD_DEFAULT_MAX_CONCURRENCY,
  };
}

function stripUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}
