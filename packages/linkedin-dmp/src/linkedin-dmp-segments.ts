import { ApiCallError, RateLimitError, redactText, sleep, type HttpClient } from '@x/core';
import { z } from 'zod';
import type { LinkedInDmpSegment } from './linkedin-dmp-types.js';
import { restliQuery } from './linkedin-restli-query.js';
import { bareId, sponsoredAccountUrn } from './linkedin-urn.js';

const segmentElementSchema = z.object({
  id: z.union([z.number(), z.string()]),
  name: z.string().optional(),
  sourceSegmentId: z.string().optional(),
});
const findResponseSchema = z.object({
  elements: z.array(z.unknown()),
  paging: z.object({ start: z.number().optional(), count: z.number().optional(), total: z.number().optional() }).optional().catch(undefined),
});

/** What the segment lookups need from the client. */
export interface SegmentContext {
  http: HttpClient;
  adAccountId: string;
  sourcePlatform: string;
  secrets: string[];
  /** Attempts at creating (and looking up after a collision) before giving up. */
  maxAttempts: number;
  backoff: (attempt: number) => number;
}

/**
 * `GET /dmpSegments?q=account&account=<urn>&sourceSegmentId=<key>&sourcePlatform=<platform>`: the
 * segment with exactly this key, never matched by display name.
 */
export async function findLinkedInSegment(
  context: SegmentContext,
  sourceSegmentId: string,
  signal: AbortSignal | undefined,
): Promise<LinkedInDmpSegment | undefined> {
  const parameters: Array<[string, string]> = [
    ['q', 'account'],
    ['account', sponsoredAccountUrn(context.adAccountId)],
    ['sourceSegmentId', sourceSegmentId],
    ['sourcePlatform', context.sourcePlatform],
  ];
  let start = 0;
  // Usually one page: the key filters to at most one segment.
  for (let page = 0; page < 100; page++) {
    const paging: Array<[string, string]> = page === 0 ? [] : [['start', String(start)], ['count', '100']];
    const response = await context.http.request({ method: 'GET', path: `/dmpSegments?${restliQuery([...parameters, ...paging])}`, signal });
    const parsed = findResponseSchema.safeParse(response.data);
    if (!parsed.success) throw unexpected('GET', '/dmpSegments', response.status, response.text, context.secrets);
    for (const raw of parsed.data.elements) {
      const element = segmentElementSchema.safeParse(raw);
      if (!element.success) continue;
      const key = element.data.sourceSegmentId;
      // Trust the server's filter only when it echoes no key.
      if (key !== undefined && key !== sourceSegmentId) continue;
      const id = bareId(String(element.data.id));
      if (id !== undefined) return { id, name: element.data.name ?? '', sourceSegmentId };
    }
    const total = parsed.data.paging?.total;
    start += parsed.data.elements.length;
    if (parsed.data.elements.length === 0 || total === undefined || start >= total) return undefined;
  }
  return undefined;
}

/**
 * Finds the segment, else creates it. Creation is not safe to repeat blindly: after a 409 (a
 * concurrent create), a network error or a retryable status, it looks up again first.
 */
export async function ensureLinkedInSegment(
  context: SegmentContext,
  input: { sourceSegmentId: string; name: string },
  signal: AbortSignal | undefined,
): Promise<LinkedInDmpSegment> {
  const existing = await findLinkedInSegment(context, input.sourceSegmentId, signal);
  if (existing !== undefined) return existing;
  const body = {
    name: input.name,
    sourcePlatform: context.sourcePlatform,
    sourceSegmentId: input.sourceSegmentId,
    account: sponsoredAccountUrn(context.adAccountId),
    type: 'USER',
    destinations: [{ destination: 'LINKEDIN' }],
  };
  for (let attempt = 0; ; attempt++) {
    let response;
    try {
      response = await context.http.request({ method: 'POST', path: '/dmpSegments', json: body, acceptStatus: [409], signal });
    } catch (error) {
      if (!ApiCallError.isInstance(error) || !error.isRetryable || attempt + 1 >= context.maxAttempts) throw error;
      // The create may have landed before the failure: look before creating again.
      const retryAfterMs = RateLimitError.isInstance(error) ? (error.retryAfterMs ?? 0) : 0;
      await sleep(Math.max(retryAfterMs, context.backoff(attempt)), signal);
      const found = await findLinkedInSegment(context, input.sourceSegmentId, signal);
      if (found !== undefined) return found;
      continue;
    }
    if (response.status === 409) return lookUpAfterConflict(context, input.sourceSegmentId, signal);
    const id =
      bareId(response.headers.get('x-restli-id')) ??
      bareId(response.headers.get('x-linkedin-id')) ??
      idFromBody(response.data);
    if (id !== undefined) return { id, name: input.name, sourceSegmentId: input.sourceSegmentId };
    const created = await findLinkedInSegment(context, input.sourceSegmentId, signal);
    if (created !== undefined) return created;
    throw unexpected('POST', '/dmpSegments', response.status, response.text, context.secrets, 'created the segment but named no id');
  }
}

/** Another process created the segment first; it can take a moment to be listed. */
async function lookUpAfterConflict(context: SegmentContext, sourceSegmentId: string, signal: AbortSignal | undefined): Promise<LinkedInDmpSegment> {
  for (let attempt = 0; attempt < context.maxAttempts; attempt++) {
    if (attempt > 0) await sleep(context.backoff(attempt - 1), signal);
    const found = await findLinkedInSegment(context, sourceSegmentId, signal);
    if (found !== undefined) return found;
  }
  throw new ApiCallError(
    `linkedin-dmp: creating the segment answered 409 (it already exists), but no segment with this sourceSegmentId and sourcePlatform is listed in ad account ${context.adAccountId}.`,
    { platform: 'linkedin-dmp', statusCode: 409, isRetryable: false, code: 'segment-conflict', method: 'POST', url: '/dmpSegments' },
  );
}

function idFromBody(data: unknown): string | undefined {
  const id = (data as { id?: unknown } | undefined)?.id;
  return typeof id === 'number' || typeof id === 'string' ? bareId(String(id)) : undefined;
}

function unexpected(method: string, url: string, status: number, text: string, secrets: string[], what = 'answered with an unexpected body'): ApiCallError {
  return new ApiCallError(`linkedin-dmp: ${method} ${url} ${what} (HTTP ${status}).`, {
    platform: 'linkedin-dmp',
    statusCode: status,
    isRetryable: false,
    redactedBody: text === '' ? undefined : redactText(text, secrets),
    method,
    url,
  });
}
