import { AbortError, ApiCallError, AudienceSdkError, type RetryOptions, type SyncReport } from '@x/core';
import { createCriteoAudiencesClient } from '@x/criteo-audiences';
import { createLinkedInDmpClient, type LinkedInDmpMember } from '@x/linkedin-dmp';
import { createTtdCrmClient, createTtdDataClient, type TtdCrmSyncReport, type TtdDataRegion } from '@x/ttd-crm';

/** A customer as this app stores it. */
export interface Customer {
  email: string;
  firstName?: string;
  lastName?: string;
  /** ISO-3166 alpha-2. */
  country?: string;
  /** The Trade Desk id from the app's own cookie sync, when it has one. */
  tdid?: string;
}

/** Credentials and ids of each platform, as the app reads them from its configuration. */
export interface AudienceExportSettings {
  linkedIn: { adAccountId: string; sourcePlatform: string; accessToken: string };
  criteo: { advertiserId: string; clientId: string; clientSecret: string };
  ttdCrm: { advertiserId: string; authToken: string; minimumRecords?: number };
  ttdData: { advertiserId: string; region: TtdDataRegion; secretKey: string };
  /** Shared retry policy; unattended jobs keep the SDK default. */
  retry?: RetryOptions;
}

/** The audience to export: `key` is stable (LinkedIn's source segment id, TTD's cohort name). */
export interface Audience {
  key: string;
  name: string;
}

/** One platform's outcome: a report, or the reason it failed (the other platforms still run). */
export type ExportOutcome<R extends SyncReport = SyncReport> =
  | { ok: true; report: R }
  | { ok: false; kind: 'aborted' | 'api' | 'sdk' | 'unexpected'; message: string; statusCode?: number; report?: SyncReport };

export interface AudienceExportResult {
  linkedIn: ExportOutcome;
  criteo: ExportOutcome;
  ttdCrm: ExportOutcome<TtdCrmSyncReport>;
  ttdData: ExportOutcome;
}

/**
 * Exports one audience to LinkedIn (add), Criteo (replace), TTD CRM (replace, UID2-hashed emails)
 * and TTD's first-party Data API (the customers' TDIDs, 30-day TTL), all four at once.
 * `readCustomers` is called once per platform, so the audience is streamed four times instead of
 * being held in memory.
 */
export async function exportAudience(
  audience: Audience,
  readCustomers: () => Iterable<Customer> | AsyncIterable<Customer>,
  settings: AudienceExportSettings,
  options: { signal?: AbortSignal } = {},
): Promise<AudienceExportResult> {
  const retry = settings.retry ? { retry: settings.retry } : {};
  const sync = options.signal ? { signal: options.signal } : {};

  const linkedIn = settle(async () => {
    const client = createLinkedInDmpClient({ ...settings.linkedIn, ...retry });
    const segment = await client.ensureSegment({ sourceSegmentId: audience.key, name: audience.name });
    return client.addMembers(segment.id, map(readCustomers(), toLinkedInMember), sync);
  });

  const criteo = settle(async () => {
    const client = createCriteoAudiencesClient({ ...settings.criteo, ...retry });
    const segment = await client.ensureSegment({ name: audience.name, description: `Exported audience ${audience.key}` });
    return client.replaceMembers(segment.id, map(readCustomers(), (customer) => customer.email), sync);
  });

  const ttdCrm = settle(async () => {
    const client = createTtdCrmClient({ ...settings.ttdCrm, ...retry });
    const segment = await client.ensureSegment({ name: audience.name, region: 'US' });
    return client.replaceMembers(segment.crmDataId, map(readCustomers(), (customer) => customer.email), {
      piiType: 'EmailHashedUnifiedId2',
      ...sync,
    });
  });

  const ttdData = settle(async () => {
    const client = createTtdDataClient({ ...settings.ttdData, ...retry });
    return client.addMembers(audience.key, tdidsOf(readCustomers()), { ttlMinutes: 30 * 24 * 60, ...sync });
  });

  const [linkedInOutcome, criteoOutcome, ttdCrmOutcome, ttdDataOutcome] = await Promise.all([linkedIn, criteo, ttdCrm, ttdData]);
  return { linkedIn: linkedInOutcome, criteo: criteoOutcome, ttdCrm: ttdCrmOutcome, ttdData: ttdDataOutcome };
}

function toLinkedInMember(customer: Customer): LinkedInDmpMember {
  return {
    email: customer.email,
    ...(customer.firstName === undefined ? {} : { firstName: customer.firstName }),
    ...(customer.lastName === undefined ? {} : { lastName: customer.lastName }),
    ...(customer.country === undefined ? {} : { country: customer.country }),
  };
}

async function* tdidsOf(customers: Iterable<Customer> | AsyncIterable<Customer>): AsyncGenerator<{ tdid: string }> {
  for await (const customer of customers) if (customer.tdid) yield { tdid: customer.tdid };
}

async function* map<T, U>(source: Iterable<T> | AsyncIterable<T>, transform: (item: T) => U): AsyncGenerator<U> {
  for await (const item of source) yield transform(item);
}

// Errors of the SDK are safe to log and carry the counts so far; anything else is a bug of ours.
async function settle<R extends SyncReport>(run: () => Promise<R>): Promise<ExportOutcome<R>> {
  try {
    return { ok: true, report: await run() };
  } catch (error) {
    if (AbortError.isInstance(error)) return failure('aborted', error.message, undefined, error.report);
    if (ApiCallError.isInstance(error)) return failure('api', error.message, error.statusCode, error.report);
    if (AudienceSdkError.isInstance(error)) return failure('sdk', error.message);
    return failure('unexpected', error instanceof Error ? error.message : String(error));
  }
}

function failure(kind: 'aborted' | 'api' | 'sdk' | 'unexpected', message: string, statusCode?: number, report?: SyncReport) {
  return {
    ok: false as const,
    kind,
    message,
    ...(statusCode === undefined ? {} : { statusCode }),
    ...(report === undefined ? {} : { report }),
  };
}
