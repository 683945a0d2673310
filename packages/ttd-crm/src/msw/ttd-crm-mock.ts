import { createFaultScript, faultResponse, withFaults, type Fault, type FaultMatch, type RecordedCall } from '@x/core/msw';
import { http, HttpResponse, type HttpHandler, type PathParams } from 'msw';
import { parseUploadLines } from './ttd-crm-mock-lines.js';
import { readJsonObject, storageError, ttdError, ttdValidationError } from './ttd-crm-mock-responses.js';
import { createTtdCrmMockState, type TtdCrmMockDrop, type TtdCrmMockSegment, type TtdCrmMockState } from './ttd-crm-mock-state.js';

/** The API base the mock answers by default (the client's default too). */
export const TTD_CRM_MOCK_BASE_URL = 'https://api.thetradedesk.com/v3';
/** The fake storage host of the presigned upload URLs. */
export const TTD_CRM_MOCK_UPLOAD_BASE_URL = 'https://ttd-crm-uploads.mock';

/** Options of {@link createTtdCrmMock}. */
export interface TtdCrmMockOptions {
  /** @default 'https://api.thetradedesk.com/v3' */
  baseUrl?: string;
  /** Host of the presigned upload URLs. @default 'https://ttd-crm-uploads.mock' */
  uploadBaseUrl?: string;
  /** When set, only this `TTD-Auth` token is accepted; others get 401. @default any non-empty token */
  authToken?: string;
  /** When set, the token may only manage this advertiser; others get 403. @default any advertiser */
  advertiserId?: string;
  /** Segments per page of the segment list. @default 100 */
  pageSize?: number;
}

/** The stateful fake of TTD's CRM Data API returned by {@link createTtdCrmMock}. */
export interface TtdCrmMock {
  /** msw handlers: pass them to `setupServer(...)` or `server.use(...)`. */
  handlers: HttpHandler[];
  state: TtdCrmMockState;
  /** Every request that reached the mock, in order. */
  calls: RecordedCall[];
  /** Answers the next `times` matching calls with `fault` instead of handling them. */
  failNext(fault: Fault, options?: { times?: number; match?: FaultMatch }): void;
  /**
   * Handles the next matching calls normally (state changes), then answers with `fault`: a lost
   * response, to test that non-idempotent calls are not repeated blindly.
   */
  failAfterHandlingNext(fault: Exclude<Fault, { type: 'delay' }>, options?: { times?: number; match?: FaultMatch }): void;
  /** Random faults on a share of the matching calls, from a seeded generator. */
  randomFaults(options: { rate: number; seed: number; faults: Fault[]; match?: FaultMatch }): void;
  /** Seeds a segment (names may repeat, as on TTD). */
  addSegment(input: { advertiserId: string; name: string; region?: string; members?: Iterable<string> }): TtdCrmMockSegment;
  /** The lines now in a segment, sorted. */
  members(crmDataId: string): string[];
  /** Clears segments, drops, calls and faults. */
  reset(): void;
  readonly baseUrl: string;
  readonly uploadBaseUrl: string;
}

type Params = Record<string, string>;

function readParams(params: PathParams): Params {
  const result: Params = {};
  for (const [key, value] of Object.entries(params)) if (typeof value === 'string') result[key] = value;
  return result;
}

const PII_TYPES = ['Email', 'EmailHashedUnifiedId2'] as const;
const MERGE_MODES = ['Replace', 'Add'] as const;
const REGIONS = ['US', 'EU', 'APAC'];

/**
 * A stateful msw fake of The Trade Desk's CRM Data API and of the storage host behind its
 * presigned upload URLs: segments (duplicate names allowed) listed by pages with a PagingToken,
 * drops whose upload applies Replace or Add to the segment, TTD's error shapes, 401 without a
 * valid `TTD-Auth`, strict upload checks (no `TTD-Auth`, a Content-Length, every line of the
 * drop's PiiType), scripted faults and a call log.
 * @example
 * const ttd = createTtdCrmMock();
 * const server = setupServer(...ttd.handlers);
 * ttd.failNext({ type: 'status', status: 429, retryAfter: 1 }, { match: { method: 'PUT' } });
 */
export function createTtdCrmMock(options: TtdCrmMockOptions = {}): TtdCrmMock {
  const base = (options.baseUrl ?? TTD_CRM_MOCK_BASE_URL).replace(/\/+$/, '');
  const uploadBase = (options.uploadBaseUrl ?? TTD_CRM_MOCK_UPLOAD_BASE_URL).replace(/\/+$/, '');
  const pageSize = Math.max(1, options.pageSize ?? 100);
  const state = createTtdCrmMockState();
  const calls: RecordedCall[] = [];
  const faults = createFaultScript();
  const afterFaults = createFaultScript();
  let sequence = 0;

  const nextId = (prefix: string) => `${prefix}${(++sequence).toString(36).padStart(6, '0')}`;

  function addSegment(input: { advertiserId: string; name: string; region?: string; members?: Iterable<string> }): TtdCrmMockSegment {
    const segment: TtdCrmMockSegment = {
      crmDataId: nextId('crm'),
      advertiserId: input.advertiserId,
      name: input.name,
      region: input.region ?? 'US',
      firstPartyDataId: 100_000 + sequence,
      members: new Set(input.members ?? []),
    };
    state.segments.set(segment.crmDataId, segment);
    return segment;
  }

  /** Wraps an API route: faults, the call log, TTD-Auth, and lost responses. */
  const api = (handler: (info: { request: Request; params: Params }) => Response | Promise<Response>) =>
    withFaults(faults, calls, async (info: { request: Request; params: PathParams }) => {
      const token = info.request.headers.get('ttd-auth');
      if (token === null || token.trim() === '' || (options.authToken !== undefined && token !== options.authToken)) {
        return ttdError(401, 'Authentication failed: a valid TTD-Auth token is required.');
      }
      const params = readParams(info.params);
      if (options.advertiserId !== undefined && params.advertiserId !== undefined && params.advertiserId !== options.advertiserId) {
        return ttdError(403, 'The token is not authorized for this advertiser.');
      }
      return afterFault(info.request, await handler({ request: info.request, params }));
    });

  function afterFault(request: Request, response: Response): Response {
    const fault = afterFaults.take(request);
    return fault === undefined || fault.type === 'delay' ? response : faultResponse(fault);
  }

  function listSegments(request: Request, advertiserId: string): Response {
    const token = new URL(request.url).searchParams.get('pagingToken');
    let offset = 0;
    if (token !== null) {
      const match = /^page-(\d+)$/.exec(token);
      if (match === null) return ttdValidationError([{ property: 'pagingToken', reason: 'The paging token is not valid.' }]);
      offset = Number(match[1]);
    }
    const all = [...state.segments.values()].filter((segment) => segment.advertiserId === advertiserId);
    const page = all.slice(offset, offset + pageSize);
    return HttpResponse.json({
      Segments: page.map((segment) => ({
        CrmDataId: segment.crmDataId,
        SegmentName: segment.name,
        Region: segment.region,
        FirstPartyDataId: segment.firstPartyDataId,
      })),
      PagingToken: `page-${offset + page.length}`,
    });
  }

  async function createSegment(request: Request, segmentType: string | undefined): Promise<Response> {
    if (segmentType !== undefined && segmentType !== 'targeting') {
      return ttdValidationError([{ property: 'segmentType', reason: 'The segment type is not supported.' }]);
    }
    const body = await readJsonObject(request);
    if (body === undefined) return ttdValidationError([{ property: 'body', reason: 'A JSON object body is required.' }]);
    const problems: Array<{ property: string; reason: string }> = [];
    if (typeof body.AdvertiserId !== 'string' || body.AdvertiserId === '') problems.push({ property: 'AdvertiserId', reason: 'The AdvertiserId field is required.' });
    if (typeof body.SegmentName !== 'string' || body.SegmentName.trim() === '') problems.push({ property: 'SegmentName', reason: 'The SegmentName field is required.' });
    if (typeof body.Region !== 'string' || !REGIONS.includes(body.Region)) problems.push({ property: 'Region', reason: 'Region must be one of US, EU, APAC.' });
    if (problems.length > 0) return ttdValidationError(problems);
    if (options.advertiserId !== undefined && body.AdvertiserId !== options.advertiserId) {
      return ttdError(403, 'The token is not authorized for this advertiser.');
    }
    const segment = addSegment({ advertiserId: body.AdvertiserId as string, name: body.SegmentName as string, region: body.Region as string });
    return HttpResponse.json({ CrmDataId: segment.crmDataId, FirstPartyDataId: segment.firstPartyDataId });
  }

  function findSegment(advertiserId: string, crmDataId: string): TtdCrmMockSegment | undefined {
    const segment = state.segments.get(crmDataId);
    return segment?.advertiserId === advertiserId ? segment : undefined;
  }

  async function createDrop(request: Request, params: Params): Promise<Response> {
    if (params.segmentType !== 'targeting') return ttdValidationError([{ property: 'segmentType', reason: 'The segment type is not supported.' }]);
    const segment = findSegment(params.advertiserId ?? '', params.crmDataId ?? '');
    if (segment === undefined) return ttdError(404, 'The CRM data segment was not found for this advertiser.');
    const body = await readJsonObject(request);
    if (body === undefined) return ttdValidationError([{ property: 'body', reason: 'A JSON object body is required.' }]);
    const problems: Array<{ property: string; reason: string }> = [];
    if ('RetentionEnabled' in body) problems.push({ property: 'RetentionEnabled', reason: 'RetentionEnabled is no longer supported; retention is automatic.' });
    if (!PII_TYPES.includes(body.PiiType as never)) problems.push({ property: 'PiiType', reason: 'PiiType must be Email or EmailHashedUnifiedId2.' });
    if (!MERGE_MODES.includes(body.MergeMode as never)) problems.push({ property: 'MergeMode', reason: 'MergeMode must be Replace or Add.' });
    const ttl = body.TtlInMinutes;
    if (ttl !== undefined && ttl !== null && !(typeof ttl === 'number' && Number.isInteger(ttl) && ttl >= 0)) {
      problems.push({ property: 'TtlInMinutes', reason: 'TtlInMinutes must be a non-negative integer.' });
    }
    if (problems.length > 0) return ttdValidationError(problems);
    const referenceId = nextId('drop');
    const signature = `${referenceId}${(sequence * 2654435761 >>> 0).toString(16)}`.padEnd(32, '0');
    const url = `${uploadBase}/crm-drops/${encodeURIComponent(referenceId)}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=3600&X-Amz-Signature=${signature}`;
    const drop: TtdCrmMockDrop = {
      referenceId,
      advertiserId: segment.advertiserId,
      crmDataId: segment.crmDataId,
      piiType: body.PiiType as TtdCrmMockDrop['piiType'],
      mergeMode: body.MergeMode as TtdCrmMockDrop['mergeMode'],
      ttlInMinutes: typeof ttl === 'number' ? ttl : undefined,
      url,
      signature,
      status: 'Pending',
      lineCount: undefined,
      uploads: 0,
    };
    state.drops.set(referenceId, drop);
    return HttpResponse.json({ ReferenceId: referenceId, Url: url });
  }

  function dropStatus(params: Params): Response {
    const drop = state.drops.get(params.referenceId ?? '');
    if (drop === undefined || drop.advertiserId !== params.advertiserId || drop.crmDataId !== params.crmDataId) {
      return ttdError(404, 'The drop was not found.');
    }
    return HttpResponse.json({
      ReferenceId: drop.referenceId,
      CrmDataId: drop.crmDataId,
      PiiType: drop.piiType,
      MergeMode: drop.mergeMode,
      Status: drop.status,
      ...(drop.lineCount === undefined ? {} : { ReceivedLines: drop.lineCount }),
    });
  }

  async function upload(request: Request, referenceId: string): Promise<Response> {
    const drop = state.drops.get(referenceId);
    const signature = new URL(request.url).searchParams.get('X-Amz-Signature');
    if (drop === undefined || signature !== drop.signature) {
      return storageError(403, 'SignatureDoesNotMatch', 'The request signature does not match.');
    }
    if (request.headers.has('ttd-auth')) {
      return storageError(400, 'InvalidRequest', 'Unexpected TTD-Auth header: the presigned URL carries its own credentials.');
    }
    const declared = request.headers.get('content-length');
    if (declared === null) return storageError(411, 'MissingContentLength', 'You must provide the Content-Length HTTP header.');
    const contentType = request.headers.get('content-type') ?? '';
    if (!contentType.toLowerCase().startsWith('text/plain')) {
      return storageError(400, 'InvalidRequest', 'The upload must be sent as text/plain.');
    }
    const bytes = new Uint8Array(await request.arrayBuffer());
    if (Number(declared) !== bytes.length) {
      return storageError(400, 'IncompleteBody', 'The body length does not match the Content-Length header.');
    }
    const parsed = parseUploadLines(new TextDecoder().decode(bytes), drop.piiType);
    if ('badLine' in parsed) {
      return storageError(400, 'InvalidRequest', `Line ${parsed.badLine} ${parsed.reason} (PiiType ${drop.piiType}).`);
    }
    const segment = state.segments.get(drop.crmDataId);
    if (segment !== undefined) {
      if (drop.mergeMode === 'Replace') segment.members = new Set(parsed.lines);
      else for (const line of parsed.lines) segment.members.add(line);
    }
    drop.status = 'Processed';
    drop.lineCount = parsed.lines.length;
    drop.uploads++;
    return new HttpResponse(null, { status: 200, headers: { etag: `"${drop.referenceId}"` } });
  }

  const handlers: HttpHandler[] = [
    http.get(`${base}/crmdata/segment/:advertiserId`, api(({ request, params }) => listSegments(request, params.advertiserId ?? ''))),
    http.post(`${base}/crmdata/segment`, api(({ request }) => createSegment(request, undefined))),
    http.post(`${base}/crmdata/:segmentType/segment`, api(({ request, params }) => createSegment(request, params.segmentType))),
    http.post(
      `${base}/crmdata/:segmentType/segment/:advertiserId/:crmDataId`,
      api(({ request, params }) => createDrop(request, params)),
    ),
    http.get(
      `${base}/crmdata/:segmentType/segment/:advertiserId/:crmDataId/:referenceId`,
      api(({ params }) => dropStatus(params)),
    ),
    http.delete(
      `${base}/crmdata/segment/:advertiserId/:crmDataId`,
      api(({ params }) => {
        const segment = findSegment(params.advertiserId ?? '', params.crmDataId ?? '');
        if (segment === undefined) return ttdError(404, 'The CRM data segment was not found for this advertiser.');
        state.segments.delete(segment.crmDataId);
        return new HttpResponse(null, { status: 200 });
      }),
    ),
    http.all(`${base}/crmdata/*`, api(() => ttdError(404, 'No HTTP resource was found that matches the request URI.'))),
    http.put(
      `${uploadBase}/crm-drops/:referenceId`,
      withFaults(faults, calls, async ({ request, params }: { request: Request; params: PathParams }) =>
        afterFault(request, await upload(request, readParams(params).referenceId ?? '')),
      ),
    ),
  ];

  return {
    handlers,
    state,
    calls,
    failNext: (fault, failOptions) => faults.failNext(fault, failOptions),
    failAfterHandlingNext: (fault, failOptions) => afterFaults.failNext(fault, failOptions),
    randomFaults: (randomOptions) => faults.randomFaults(randomOptions),
    addSegment,
    members: (crmDataId) => [...(state.segments.get(crmDataId)?.members ?? [])].sort(),
    reset() {
      state.segments.clear();
      state.drops.clear();
      calls.length = 0;
      faults.reset();
      afterFaults.reset();
      sequence = 0;
    },
    baseUrl: base,
    uploadBaseUrl: uploadBase,
  };
}
