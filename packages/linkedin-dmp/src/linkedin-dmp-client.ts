import { createHttpClient, createRateLimiter, parseOptions, runSync, type HttpClientOptions, type RetryOptions, type SyncOperation } from '@x/core';
import { z } from 'zod';
import { createLinkedInAuth } from './linkedin-auth.js';
import { LINKEDIN_MAX_USERS_PER_REQUEST, LINKEDIN_RESTLI_PROTOCOL_VERSION } from './linkedin-dmp-constants.js';
import { linkedInDmpOptionsSchema, type LinkedInDmpClientOptions } from './linkedin-dmp-options.js';
import { ensureLinkedInSegment, findLinkedInSegment, type SegmentContext } from './linkedin-dmp-segments.js';
import type { LinkedInDmpClient, LinkedInDmpMember } from './linkedin-dmp-types.js';
import { sendLinkedInUsers, type ReadinessBackoff } from './linkedin-dmp-users.js';
import { parseLinkedInErrorBody } from './linkedin-error-body.js';
import { mapLinkedInError } from './linkedin-map-error.js';
import { bareId } from './linkedin-urn.js';
import { signalSchema, syncOptionsSchema } from './linkedin-sync-options.js';
import { linkedInUserRules } from './linkedin-user-rules.js';

const PLATFORM = 'linkedin-dmp';
/** Batches in flight per sync unless `concurrency` says otherwise. */
const DEFAULT_CONCURRENCY = 2;

const keySchema = z
  .string({ error: 'sourceSegmentId must be a string.' })
  .trim()
  .min(1, { error: 'sourceSegmentId must not be empty.' })
  .refine(isEncodable, { error: 'sourceSegmentId must be well-formed text.' });
const findInputSchema = z.object({ sourceSegmentId: keySchema, signal: signalSchema.optional() }, { error: 'Pass an object { sourceSegmentId }.' });
const ensureInputSchema = z.object(
  {
    sourceSegmentId: keySchema,
    name: z.string({ error: 'name must be a string.' }).trim().min(1, { error: 'name must not be empty.' }),
    signal: signalSchema.optional(),
  },
  { error: 'Pass an object { sourceSegmentId, name }.' },
);
const segmentIdSchema = z
  .union([z.string(), z.number()], { error: 'segmentId must be the segment id from ensureSegment/findSegment.' })
  .transform((value) => bareId(String(value)) ?? '')
  .pipe(z.string().min(1, { error: 'segmentId must not be empty.' }).refine(isEncodable, { error: 'segmentId must be well-formed text.' }));

/**
 * Creates a client for LinkedIn DMP segments (Matched Audiences): find or create USER segments
 * by your own key, then stream members in and out of them. Every call sends `LinkedIn-Version`
 * and `X-Restli-Protocol-Version: 2.0.0`; tokens are renewed when `refresh` is given.
 * @throws {ConfigurationError} naming each bad option (values, secrets included, are never echoed).
 * @example
 * import { createLinkedInDmpClient } from '@x/linkedin-dmp';
 *
 * const linkedIn = createLinkedInDmpClient({
 *   adAccountId: '512345678',
 *   sourcePlatform: 'MY_PARTNER_PLATFORM',
 *   refresh: { clientId: process.env.LI_CLIENT_ID!, clientSecret: process.env.LI_CLIENT_SECRET!, refreshToken: process.env.LI_REFRESH_TOKEN! },
 * });
 * const segment = await linkedIn.ensureSegment({ sourceSegmentId: 'crm-newsletter', name: 'Newsletter subscribers' });
 * const report = await linkedIn.addMembers(segment.id, [{ email: 'jane@example.com', country: 'US' }]);
 */
export function createLinkedInDmpClient(options: LinkedInDmpClientOptions): LinkedInDmpClient {
  const settings = parseOptions(linkedInDmpOptionsSchema, options, PLATFORM);
  const retry = settings.retry as RetryOptions | undefined;
  const secrets: string[] = [];
  const auth = createLinkedInAuth({
    accessToken: settings.accessToken,
    refresh: settings.refresh,
    oauthUrl: settings.oauthUrl,
    fetch: settings.fetch,
    retry,
    secrets,
  });
  const limiter = settings.rateLimiter ?? createRateLimiter({ requestsPerMinute: settings.requestsPerMinute });
  const common: HttpClientOptions = {
    platform: PLATFORM,
    baseUrl: settings.baseUrl,
    headers: {
      'linkedin-version': settings.apiVersion,
      'x-restli-protocol-version': LINKEDIN_RESTLI_PROTOCOL_VERSION,
      accept: 'application/json',
    },
    auth,
    ...(retry === undefined ? {} : { retry }),
    ...(settings.fetch === undefined ? {} : { fetch: settings.fetch }),
    parseErrorBody: parseLinkedInErrorBody,
    secrets,
    mapError: (error) => mapLinkedInError(error, { apiVersion: settings.apiVersion, canRefresh: settings.refresh !== undefined }),
  };
  const http = createHttpClient(common);
  // Only /users counts against the per-minute quota; the limiter also holds every caller back
  // after a 429's Retry-After (capped like the retry itself).
  const usersHttp = createHttpClient({ ...common, rateLimiter: limiter });

  const delays = {
    initialDelayMs: retry?.initialDelayMs ?? 500,
    maxDelayMs: retry?.maxDelayMs ?? 30_000,
    random: retry?.random ?? Math.random,
  };
  const readiness: ReadinessBackoff = { timeoutMs: settings.segmentReadyTimeoutMs, ...delays };
  const segments: SegmentContext = {
    http,
    adAccountId: settings.adAccountId,
    sourcePlatform: settings.sourcePlatform,
    secrets,
    maxAttempts: (retry?.maxRetries ?? 8) + 1,
    backoff: (attempt) => Math.floor(delays.random() * Math.min(delays.maxDelayMs, delays.initialDelayMs * 2 ** Math.min(attempt, 30))),
  };

  const sync = (
    operation: Extract<SyncOperation, 'add' | 'remove'>,
    segmentId: string,
    members: Iterable<LinkedInDmpMember> | AsyncIterable<LinkedInDmpMember>,
    syncOptions: Parameters<LinkedInDmpClient['addMembers']>[2],
  ) => {
    const id = parseOptions(segmentIdSchema, segmentId, PLATFORM, 'segmentId');
    return runSync({
      platform: PLATFORM,
      operation,
      segmentId: id,
      members,
      prepare: linkedInUserRules(operation === 'add' ? 'ADD' : 'REMOVE'),
      batch: { maxItems: LINKEDIN_MAX_USERS_PER_REQUEST },
      send: (batch, { signal }) => sendLinkedInUsers({ http: usersHttp, segmentId: id, batch, signal, readiness, secrets }),
      options: parseOptions(syncOptionsSchema, syncOptions, PLATFORM, 'sync options') ?? undefined,
      defaultConcurrency: DEFAULT_CONCURRENCY,
    });
  };

  return {
    async findSegment(input) {
      const { sourceSegmentId, signal } = parseOptions(findInputSchema, input, PLATFORM, 'findSegment input');
      return findLinkedInSegment(segments, sourceSegmentId, signal);
    },
    async ensureSegment(input) {
      const parsed = parseOptions(ensureInputSchema, input, PLATFORM, 'ensureSegment input');
      return ensureLinkedInSegment(segments, parsed, parsed.signal);
    },
    addMembers: async (segmentId, members, syncOptions) => sync('add', segmentId, members, syncOptions),
    removeMembers: async (segmentId, members, syncOptions) => sync('remove', segmentId, members, syncOptions),
  };
}

/** A lone UTF-16 surrogate cannot go into a URL path (encodeURIComponent would throw mid-sync). */
function isEncodable(id: string): boolean {
  try {
    encodeURIComponent(id);
    return true;
  } catch {
    return false;
  }
}
