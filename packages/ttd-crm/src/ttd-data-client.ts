import { AuthenticationError, createHttpClient, runSync, type ApiCallError, type SyncOperation, type SyncOptions, type SyncReport } from '@x/core';
import type { TtdDataAddOptions, TtdDataOptOutOptions } from './ttd-data-call-options.js';
import { resolveOptOutCall, resolveSegmentCall } from './ttd-data-call-options.js';
import { TTD_DATA_PATHS, type TtdDataRegion } from './ttd-data-hosts.js';
import type { TtdDataMember } from './ttd-data-member.js';
import { prepareTtdDataMember, type TtdDataWireId } from './ttd-data-member-rules.js';
import { resolveTtdDataOptions, type TtdDataClientOptions } from './ttd-data-options.js';
import { postTtdDataItems } from './ttd-data-post.js';
import { envelopeBytes, itemSizer, type TtdDataEnvelope } from './ttd-data-request-body.js';
import { parseTtdDataErrorBody } from './ttd-data-response.js';

/** Members of a call: any iterable or async iterable (an array, a generator, a stream of rows). */
export type TtdDataMembers = Iterable<TtdDataMember> | AsyncIterable<TtdDataMember>;

/** A client of TTD's first-party Data API (`POST /data/advertiser`) for one advertiser. */
export interface TtdDataClient {
  readonly advertiserId: string;
  readonly region: TtdDataRegion;
  /** Host the client posts to. */
  readonly baseUrl: string;
  /**
   * Adds members to the segment (TTD "data" entry) `segmentName` with a TTL; re-adding refreshes
   * the TTL. The segment need not exist: TTD creates it on first use.
   * @example
   * const report = await ttd.addMembers('high-value-cohort', [{ tdid }, { uid2 }], { ttlMinutes: 43200 });
   */
  addMembers(segmentName: string, members: TtdDataMembers, options?: TtdDataAddOptions): Promise<SyncReport>;
  /**
   * Removes members from `segmentName` (the same id and Name with TTL 0).
   * @example
   * await ttd.removeMembers('high-value-cohort', [{ tdid }]);
   */
  removeMembers(segmentName: string, members: TtdDataMembers, options?: SyncOptions): Promise<SyncReport>;
  /**
   * Sends a data subject request (`POST /data/deletion-optout/advertiser`): `OptOut` or `Deletion`
   * of these people for this advertiser.
   * @example
   * await ttd.optOut([{ uid2 }], { requestType: 'OptOut' });
   */
  optOut(members: TtdDataMembers, options: TtdDataOptOutOptions): Promise<SyncReport>;
}

/**
 * Creates a client of TTD's first-party Data API: streams members in, validates one id per
 * member, dedupes, batches under `maxBodyBytes`, signs each body (or sends `TTD-Auth`), retries
 * transient failures, splits a batch on 413, and maps `FailedLines` back to input positions.
 * @throws {ConfigurationError} for bad options (never echoing values).
 * @example
 * import { createTtdDataClient } from '@x/ttd-crm';
 * const ttd = createTtdDataClient({ advertiserId: 'abc123', region: 'us-east', secretKey: process.env.TTD_SECRET! });
 * const report = await ttd.addMembers('cart-abandoners', rows.map((row) => ({ tdid: row.tdid })));
 */
export function createTtdDataClient(options: TtdDataClientOptions): TtdDataClient {
  const settings = resolveTtdDataOptions(options);
  const secret = settings.auth.type === 'signature' ? settings.auth.secretKey : settings.auth.authToken;
  const http = createHttpClient({
    platform: 'ttd-data',
    baseUrl: settings.baseUrl,
    userAgent: settings.userAgent,
    auth: settings.auth.type === 'token' ? { type: 'header', name: 'TTD-Auth', value: settings.auth.authToken } : { type: 'none' },
    ...(settings.retry === undefined ? {} : { retry: settings.retry }),
    ...(settings.fetch === undefined ? {} : { fetch: settings.fetch }),
    parseErrorBody: (body) => parseTtdDataErrorBody(body),
    secrets: [secret],
    mapError: mapForbidden,
    // Over all concurrent calls of this client, not per call (TTD: at most 4 concurrent calls).
    maxConcurrency: settings.maxConcurrency,
  });

  function sync(input: { operation: SyncOperation; segmentId: string; path: string; envelope: TtdDataEnvelope; members: unknown; options: SyncOptions | undefined }): Promise<SyncReport> {
    const context = {
      http,
      path: input.path,
      url: `${settings.baseUrl}${input.path}`,
      envelope: input.envelope,
      secretKey: settings.auth.type === 'signature' ? settings.auth.secretKey : undefined,
      secrets: [secret],
    };
    return runSync<unknown, TtdDataWireId>({
      platform: 'ttd-data',
      operation: input.operation,
      segmentId: input.segmentId,
      members: input.members as Iterable<unknown>,
      prepare: (member) => prepareTtdDataMember(member),
      batch: {
        maxItems: settings.maxItemsPerRequest,
        maxBytes: Math.max(1, settings.maxBodyBytes - envelopeBytes(input.envelope)),
        sizeOf: itemSizer(input.envelope),
      },
      send: (batch, { signal }) => postTtdDataItems(context, batch.map((member) => member.value), signal),
      options: input.options,
      defaultConcurrency: 4,
    });
  }

  const segmentSync = (operation: 'add' | 'remove', segmentName: string, ttlMinutes: number, members: unknown, options: SyncOptions | undefined) =>
    sync({
      operation,
      segmentId: segmentName,
      path: TTD_DATA_PATHS.advertiser,
      envelope: { advertiserId: settings.advertiserId, dataProviderId: settings.dataProviderId, data: { name: segmentName, ttlMinutes } },
      members,
      options,
    });

  return {
    advertiserId: settings.advertiserId,
    region: settings.region,
    baseUrl: settings.baseUrl,
    async addMembers(segmentName, members, callOptions) {
      const call = resolveSegmentCall(segmentName, callOptions);
      return segmentSync('add', call.segmentName, call.ttlMinutes, members, callOptions);
    },
    async removeMembers(segmentName, members, callOptions) {
      const call = resolveSegmentCall(segmentName, { ...callOptions, ttlMinutes: undefined }, 0);
      return segmentSync('remove', call.segmentName, 0, members, callOptions);
    },
    async optOut(members, callOptions) {
      const call = resolveOptOutCall(callOptions);
      return sync({
        operation: call.requestType === 'OptOut' ? 'opt-out' : 'deletion',
        segmentId: settings.advertiserId,
        path: TTD_DATA_PATHS.optOut,
        envelope: { advertiserId: settings.advertiserId, dataProviderId: settings.dataProviderId, requestType: call.requestType },
        members,
        options: callOptions,
      });
    },
  };
}

/** A 403 is a refused signature or token unless TTD says the targeting-data limit was reached. */
function mapForbidden(error: ApiCallError): Error {
  if (error.statusCode !== 403 || /TargetingData/i.test(`${error.code ?? ''} ${error.redactedBody ?? ''}`)) return error;
  return new AuthenticationError(`${error.message} (check the advertiser id and its secret key or Data API token)`, {
    platform: error.platform,
    statusCode: 403,
    requestId: error.requestId,
    code: error.code,
    redactedBody: error.redactedBody,
    method: error.method,
    url: error.url,
    retries: error.retries,
  });
}
