import { AbortError, ApiCallError, ConfigurationError, parseOptions, prepareMembers, SyncAccounting, type SyncOptions, type SyncReport } from '@x/core';
import { encodePath, type TtdCrmContext } from './ttd-crm-context.js';
import { TtdCrmMinimumRecordsError } from './ttd-crm-errors.js';
import { ttdCrmMembersOptionsSchema, type TtdCrmPiiType } from './ttd-crm-options.js';
import { ttdCrmPrepare } from './ttd-crm-pii-rules.js';
import { dropSchema, parseTtdResponse } from './ttd-crm-schemas.js';
import { createTtdCrmSpool } from './ttd-crm-spool.js';

/**
 * Options of `replaceMembers` / `addMembers`, plus core's `signal`, `onProgress`, `onIssue`, `maxIssues` and
 * `concurrency` (accepted like on every platform, without effect: a sync is one upload).
 * @example
 * await ttd.replaceMembers(crmDataId, emails, { piiType: 'EmailHashedUnifiedId2', onIssue: (issue) => log(issue) });
 */
export interface TtdCrmMembersOptions extends SyncOptions {
  /**
   * What the members are: `Email` = plaintext addresses (TTD hashes them); `EmailHashedUnifiedId2`
   * = plaintext addresses hashed here by the UID2 rules, or SHA-256 hashes (64 hex or 44-char base64).
   */
  piiType: TtdCrmPiiType;
  /** Lifetime of the drop's members in minutes, when TTD should expire them. @default TTD's default (not sent) */
  ttlInMinutes?: number | undefined;
}

/** A sync report plus the drop's reference id, for `getDropStatus`. */
export type TtdCrmSyncReport = SyncReport & { referenceId: string };

/**
 * One drop holding the whole input: prepare and dedupe everything into the spool, check the
 * floor, then create the drop and upload the body (a Replace split in two would keep only the
 * second half). TTD reports rejected lines later, so accepted = sent here.
 */
export async function syncTtdCrmDrop(
  context: TtdCrmContext,
  input: { mergeMode: 'Replace' | 'Add'; crmDataId: string; members: Iterable<unknown> | AsyncIterable<unknown>; options: TtdCrmMembersOptions },
): Promise<TtdCrmSyncReport> {
  const { mergeMode, crmDataId, members } = input;
  if (typeof crmDataId !== 'string' || crmDataId.trim() === '') {
    throw new ConfigurationError('ttd-crm: crmDataId must be a non-empty string.', {
      platform: 'ttd-crm',
      issues: [{ path: 'crmDataId', message: 'Required: the CrmDataId of the segment.' }],
    });
  }
  const options = (input.options ?? {}) as TtdCrmMembersOptions;
  const { piiType, ttlInMinutes } = parseOptions(
    ttdCrmMembersOptionsSchema,
    {
      piiType: options.piiType,
      ttlInMinutes: options.ttlInMinutes,
      signal: options.signal,
      onProgress: options.onProgress,
      onIssue: options.onIssue,
      maxIssues: options.maxIssues,
    },
    'ttd-crm',
    'members options',
  );
  const signal = options.signal;
  const accounting = new SyncAccounting(mergeMode === 'Replace' ? 'replace' : 'add', crmDataId, options);
  const spool = createTtdCrmSpool(context.spool);
  const aborted = () =>
    new AbortError('Sync aborted: nothing more was sent. The report counts only members the platform answered for.', {
      platform: 'ttd-crm',
      report: accounting.report(),
    });

  try {
    let distinct = 0;
    const prepare = ttdCrmPrepare(piiType);
    for await (const member of prepareMembers({ members, prepare, accounting })) {
      if (signal?.aborted) throw aborted();
      await spool.writeLine(member.value);
      distinct++;
    }
    if (signal?.aborted) throw aborted();
    if (distinct < context.minimumRecords) {
      const counts = accounting.report();
      throw new TtdCrmMinimumRecordsError({
        distinctCount: distinct,
        minimumRecords: context.minimumRecords,
        received: counts.received + distinct,
        invalid: counts.invalid,
        duplicates: counts.duplicates,
      });
    }
    const body = await spool.finish();

    // An unused upload slot changes nothing, so creating a drop is safe to retry.
    const dropPath = `/crmdata/targeting/segment/${encodePath(context.advertiserId)}/${encodePath(crmDataId)}`;
    const dropResponse = await context.api.request({
      method: 'POST',
      path: dropPath,
      json: { PiiType: piiType, MergeMode: mergeMode, ...(ttlInMinutes === undefined ? {} : { TtlInMinutes: ttlInMinutes }) },
      safeToRetry: true,
      signal,
    });
    accounting.addRetries(dropResponse.retries);
    const drop = parseTtdResponse(dropSchema, dropResponse, { method: 'POST', path: dropPath, secrets: context.secrets });

    const uploaded = await context.upload.request({
      method: 'PUT',
      path: drop.Url,
      auth: false,
      headers: { 'content-type': 'text/plain', 'content-length': String(body.contentLength) },
      bodyFactory: body.body,
      signal,
    });
    accounting.batchAnswered({ size: distinct, rejected: [], retries: uploaded.retries });
    return { ...accounting.report(), referenceId: drop.ReferenceId };
  } catch (error) {
    if (signal?.aborted && !AbortError.isInstance(error)) throw aborted();
    if (ApiCallError.isInstance(error)) {
      accounting.addRetries(error.retries);
      error.report = accounting.report();
    }
    throw error;
  } finally {
    await spool.dispose();
  }
}
