import { ApiCallError, parseOptions, retryDelay, sleep } from '@x/core';
import { z } from 'zod';
import { encodePath, type TtdCrmContext } from './ttd-crm-context.js';
import { TtdCrmAmbiguousSegmentError } from './ttd-crm-errors.js';
import { ttdCrmRegionSchema, type TtdCrmRegion } from './ttd-crm-options.js';
import { abortSignalSchema } from './ttd-data-call-options.js';
import { createdSegmentSchema, parseTtdResponse, segmentListSchema } from './ttd-crm-schemas.js';

/** A CRM data segment of the advertiser. */
export interface TtdCrmSegment {
  /** TTD's id of the segment; pass it to `replaceMembers` / `addMembers`. */
  crmDataId: string;
  name: string;
  /** `US` (US + Canada), `EU` (EU + UK) or `APAC`; as TTD reports it. */
  region: TtdCrmRegion | (string & {});
}

const findSchema = z.object({ name: z.string().min(1, 'Required: the segment name.'), signal: abortSignalSchema.optional() });
const ensureSchema = findSchema.extend({ region: ttdCrmRegionSchema });

/** Every segment named `name`, over all pages of the list. */
async function listByName(context: TtdCrmContext, name: string, signal: AbortSignal | undefined): Promise<TtdCrmSegment[]> {
  const path = `/crmdata/segment/${encodePath(context.advertiserId)}`;
  const matches: TtdCrmSegment[] = [];
  let pagingToken: string | undefined;
  for (;;) {
    const response = await context.api.request({
      method: 'GET',
      path,
      searchParams: { pagingToken },
      signal,
    });
    const page = parseTtdResponse(segmentListSchema, response, { method: 'GET', path, secrets: context.secrets });
    for (const segment of page.Segments) {
      if (segment.SegmentName === name) matches.push({ crmDataId: segment.CrmDataId, name, region: segment.Region ?? '' });
    }
    const next = page.PagingToken ?? undefined;
    // The list ends with an empty page; a missing or repeated token would otherwise loop forever.
    if (page.Segments.length === 0 || next === undefined || next === '' || next === pagingToken) return matches;
    pagingToken = next;
  }
}

function single(matches: TtdCrmSegment[]): TtdCrmSegment | undefined {
  if (matches.length > 1) throw new TtdCrmAmbiguousSegmentError(matches.map((segment) => segment.crmDataId));
  return matches[0];
}

/** `input` is checked here: plain JavaScript callers may pass anything. */
export async function findTtdCrmSegment(context: TtdCrmContext, input: unknown): Promise<TtdCrmSegment | undefined> {
  const { name, signal } = parseOptions(findSchema, input, 'ttd-crm', 'findSegment input');
  return single(await listByName(context, name, signal));
}

/**
 * Finds the segment, else creates it. Creation is not idempotent, so a failed create is never
 * repeated blindly: after any answer that leaves it unclear whether the segment now exists, the
 * list is read again, and only a segment still missing is created again.
 */
export async function ensureTtdCrmSegment(context: TtdCrmContext, input: unknown): Promise<TtdCrmSegment> {
  const { name, region, signal } = parseOptions(ensureSchema, input, 'ttd-crm', 'ensureSegment input');
  const existing = single(await listByName(context, name, signal));
  if (existing !== undefined) return existing;
  const path = '/crmdata/targeting/segment';
  for (let attempt = 0; ; attempt++) {
    try {
      const response = await context.api.request({
        method: 'POST',
        path,
        json: { AdvertiserId: context.advertiserId, SegmentName: name, Region: region },
        safeToRetry: false,
        signal,
      });
      const created = parseTtdResponse(createdSegmentSchema, response, { method: 'POST', path, secrets: context.secrets });
      return { crmDataId: created.CrmDataId, name, region };
    } catch (error) {
      if (!ApiCallError.isInstance(error) || isDefiniteRefusal(error.statusCode)) throw error;
      const found = single(await listByName(context, name, signal));
      if (found !== undefined) return found;
      if (attempt >= context.retry.maxRetries) throw error;
      const retryAfterMs = (error as { retryAfterMs?: number | undefined }).retryAfterMs;
      await sleep(retryDelay({ attempt, retryAfterMs, retry: context.retry }), signal);
    }
  }
}

/** A 4xx that says the request was refused as such (not a timeout, conflict or rate limit). */
function isDefiniteRefusal(status: number | undefined): boolean {
  return status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 409 && status !== 429;
}
