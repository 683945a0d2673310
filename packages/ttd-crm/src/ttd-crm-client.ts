import { createHttpClient, parseOptions } from '@x/core';
import { TTD_DEFAULT_MAX_CONCURRENCY } from './ttd-data-constants.js';
import type { TtdCrmContext } from './ttd-crm-context.js';
import { syncTtdCrmDrop, type TtdCrmMembersOptions, type TtdCrmSyncReport } from './ttd-crm-drop.js';
import { getTtdCrmDropStatus, type TtdCrmDropStatus } from './ttd-crm-drop-status.js';
import { createKeyedQueue } from './ttd-crm-keyed-queue.js';
import {
  TTD_CRM_DEFAULT_BASE_URL,
  TTD_CRM_DEFAULT_MINIMUM_RECORDS,
  TTD_CRM_DEFAULT_SPOOL_THRESHOLD_BYTES,
  ttdCrmOptionsSchema,
  type TtdCrmClientOptions,
  type TtdCrmRegion,
} from './ttd-crm-options.js';
import { parseTtdErrorBody } from './ttd-crm-schemas.js';
import { ensureTtdCrmSegment, findTtdCrmSegment, type TtdCrmSegment } from './ttd-crm-segments.js';

/** Emails in any iterable: plaintext, or SHA-256 as 64 hex / 44-char base64 (hashed piiType only). */
export type TtdCrmMembers = Iterable<string> | AsyncIterable<string>;

/** A client of TTD's CRM Data API for one advertiser. */
export interface TtdCrmClient {
  /**
   * The advertiser's segment with exactly this name, over all pages of the list; `undefined` when
   * none. Throws `TtdCrmAmbiguousSegmentError` (naming the ids) when several share the name.
   * @example
   * const segment = await ttd.findSegment({ name: 'newsletter-subscribers' });
   */
  findSegment(input: { name: string; signal?: AbortSignal }): Promise<TtdCrmSegment | undefined>;
  /**
   * Finds the segment by name, else creates it in `region`. A creation whose outcome is unclear
   * (timeout, 5xx) is checked by listing again, never repeated blindly.
   * @example
   * const { crmDataId } = await ttd.ensureSegment({ name: 'newsletter-subscribers', region: 'US' });
   */
  ensureSegment(input: { name: string; region: TtdCrmRegion; signal?: AbortSignal }): Promise<TtdCrmSegment>;
  /**
   * Makes the segment hold exactly these members (MergeMode `Replace`), in ONE drop: the input is
   * prepared, deduplicated and spooled first, checked against `minimumRecords`, then uploaded.
   * @example
   * const report = await ttd.replaceMembers(crmDataId, emails, { piiType: 'EmailHashedUnifiedId2' });
   * console.log(report.sent, report.referenceId);
   */
  replaceMembers(crmDataId: string, members: TtdCrmMembers, options: TtdCrmMembersOptions): Promise<TtdCrmSyncReport>;
  /**
   * Adds these members to the segment (MergeMode `Add`), in one drop, like `replaceMembers`.
   * @example
   * await ttd.addMembers(crmDataId, ['jane@example.com'], { piiType: 'Email' });
   */
  addMembers(crmDataId: string, members: TtdCrmMembers, options: TtdCrmMembersOptions): Promise<TtdCrmSyncReport>;
  /**
   * TTD's processing status of a drop (`referenceId` from a report). Rejected lines are reported
   * here, not in the sync report.
   * @example
   * const { status } = await ttd.getDropStatus(crmDataId, report.referenceId);
   */
  getDropStatus(crmDataId: string, referenceId: string, options?: { signal?: AbortSignal }): Promise<TtdCrmDropStatus>;
}

/**
 * Creates a client of The Trade Desk's CRM Data API: emails (plaintext or UID2-hashed) into CRM
 * segments, one drop per call, with `TTD-Auth` on API calls and never on the presigned upload.
 * Throws `ConfigurationError` naming each bad option (values are never echoed).
 * @example
 * const ttd = createTtdCrmClient({ advertiserId: 'abc123', authToken: process.env.TTD_AUTH_TOKEN! });
 * const { crmDataId } = await ttd.ensureSegment({ name: 'newsletter-subscribers', region: 'US' });
 * const report = await ttd.replaceMembers(crmDataId, emails, { piiType: 'EmailHashedUnifiedId2' });
 */
export function createTtdCrmClient(options: TtdCrmClientOptions): TtdCrmClient {
  const settings = parseOptions(ttdCrmOptionsSchema, options, 'ttd-crm');
  const retry = settings.retry ?? {};
  const retryOptions = Object.fromEntries(Object.entries(retry).filter(([, value]) => value !== undefined));
  const fetch = settings.fetch;
  const common = {
    platform: 'ttd-crm',
    parseErrorBody: parseTtdErrorBody,
    secrets: [settings.authToken],
    ...(fetch === undefined ? {} : { fetch }),
  };
  const api = createHttpClient({
    ...common,
    baseUrl: settings.baseUrl ?? TTD_CRM_DEFAULT_BASE_URL,
    headers: { accept: 'application/json' },
    auth: { type: 'header', name: 'TTD-Auth', value: settings.authToken },
    retry: retryOptions,
    maxConcurrency: settings.maxConcurrency ?? TTD_DEFAULT_MAX_CONCURRENCY,
  });
  // Presigned URLs carry their own credentials: no auth and a longer timeout per attempt.
  const upload = createHttpClient({
    ...common,
    baseUrl: settings.baseUrl ?? TTD_CRM_DEFAULT_BASE_URL,
    auth: { type: 'none' },
    retry: { ...retryOptions, timeoutMs: settings.uploadTimeoutMs ?? Math.max(retry.timeoutMs ?? 0, 30 * 60_000) },
  });
  const context: TtdCrmContext = {
    api,
    upload,
    advertiserId: settings.advertiserId,
    minimumRecords: settings.minimumRecords ?? TTD_CRM_DEFAULT_MINIMUM_RECORDS,
    spool: {
      thresholdBytes: settings.spool?.thresholdBytes ?? TTD_CRM_DEFAULT_SPOOL_THRESHOLD_BYTES,
      directory: settings.spool?.directory,
    },
    retry: {
      maxRetries: retry.maxRetries ?? 8,
      initialDelayMs: retry.initialDelayMs ?? 500,
      maxDelayMs: retry.maxDelayMs ?? 30_000,
      maxRetryAfterMs: retry.maxRetryAfterMs ?? 120_000,
      random: retry.random ?? Math.random,
    },
    secrets: [settings.authToken],
  };

  const ensureOnce = createKeyedQueue();

  return {
    findSegment: (input) => findTtdCrmSegment(context, input),
    // One at a time per name: two concurrent calls would otherwise both create the segment.
    ensureSegment: (input) => ensureOnce(nameOf(input), () => ensureTtdCrmSegment(context, input)),
    replaceMembers: (crmDataId, members, memberOptions) =>
      syncTtdCrmDrop(context, { mergeMode: 'Replace', crmDataId, members, options: memberOptions }),
    addMembers: (crmDataId, members, memberOptions) => syncTtdCrmDrop(context, { mergeMode: 'Add', crmDataId, members, options: memberOptions }),
    getDropStatus: (crmDataId, referenceId, statusOptions) =>
      getTtdCrmDropStatus(context, { crmDataId, referenceId, signal: statusOptions?.signal }),
  };
}

function nameOf(input: unknown): string {
  const name = typeof input === 'object' && input !== null ? (input as { name?: unknown }).name : undefined;
  return typeof name === 'string' ? name : '';
}
