import { HttpResponse } from 'msw';
import { badRequest, linkedInError } from './linkedin-mock-errors.js';
import type { LinkedInDmpMockOptions, LinkedInDmpMockState, LinkedInMockSegment } from './linkedin-mock-types.js';

const ACCOUNT_URN = /^urn:li:sponsoredAccount:(\d+)$/;
const SEGMENT_TYPES = new Set(['USER', 'COMPANY']);

/** The segment as LinkedIn shows it (numeric id, no members). */
export function segmentView(segment: LinkedInMockSegment): Record<string, unknown> {
  return {
    id: Number(segment.id),
    name: segment.name,
    sourcePlatform: segment.sourcePlatform,
    sourceSegmentId: segment.sourceSegmentId,
    account: segment.account,
    type: segment.type,
    status: segment.status,
    accessPolicy: 'PRIVATE',
    destinations: segment.destinations.map((destination) => ({ ...destination, status: segment.status })),
    created: segment.created,
    lastModified: segment.created,
  };
}

/** `GET /dmpSegments?q=account&account=<urn>[&sourceSegmentId=][&sourcePlatform=][&start=&count=]` */
export function answerFind(request: Request, state: LinkedInDmpMockState, options: LinkedInDmpMockOptions): Response {
  const query = new URL(request.url).searchParams;
  if (query.get('q') !== 'account') return badRequest('Unsupported finder: expected q=account.');
  const account = query.get('account');
  if (account === null) return badRequest('Missing required query parameter "account".');
  const denied = checkAccount(account, options);
  if (denied !== undefined) return denied;
  const start = Number(query.get('start') ?? '0');
  const count = Number(query.get('count') ?? '10');
  if (!Number.isInteger(start) || start < 0 || !Number.isInteger(count) || count < 1 || count > 1000) {
    return badRequest('Invalid paging parameters start/count.');
  }
  const sourceSegmentId = query.get('sourceSegmentId');
  const sourcePlatform = query.get('sourcePlatform');
  const matches = [...state.segments.values()].filter(
    (segment) =>
      segment.account === account &&
      (sourceSegmentId === null || segment.sourceSegmentId === sourceSegmentId) &&
      (sourcePlatform === null || segment.sourcePlatform === sourcePlatform),
  );
  return HttpResponse.json({
    elements: matches.slice(start, start + count).map(segmentView),
    paging: { start, count, total: matches.length, links: [] },
  });
}

/** `POST /dmpSegments`: 201 with the id in a header, 409 for a second segment with the same key. */
export async function answerCreate(request: Request, state: LinkedInDmpMockState, options: LinkedInDmpMockOptions): Promise<Response> {
  const body = await readJsonObject(request);
  if (body instanceof Response) return body;
  for (const field of ['name', 'sourcePlatform', 'sourceSegmentId', 'account', 'type'] as const) {
    if (typeof body[field] !== 'string' || (body[field] as string).trim() === '') {
      return badRequest(`ERROR :: /${field} :: field is required but not found or empty.`);
    }
  }
  const { name, sourcePlatform, sourceSegmentId, account, type } = body as { [K in 'name' | 'sourcePlatform' | 'sourceSegmentId' | 'account' | 'type']: string };
  const denied = checkAccount(account, options);
  if (denied !== undefined) return denied;
  if (options.sourcePlatforms !== undefined && !options.sourcePlatforms.includes(sourcePlatform)) {
    return badRequest('ERROR :: /sourcePlatform :: not an allowed source platform for this application.');
  }
  if (!SEGMENT_TYPES.has(type)) return badRequest('ERROR :: /type :: must be USER or COMPANY.');
  const destinations = body.destinations;
  if (
    !Array.isArray(destinations) ||
    destinations.length === 0 ||
    !destinations.every((item) => typeof item === 'object' && item !== null && (item as { destination?: unknown }).destination === 'LINKEDIN')
  ) {
    return badRequest('ERROR :: /destinations :: must be a non-empty array of { destination: "LINKEDIN" }.');
  }
  const clash = [...state.segments.values()].find(
    (segment) => segment.account === account && segment.sourcePlatform === sourcePlatform && segment.sourceSegmentId === sourceSegmentId,
  );
  if (clash !== undefined) {
    return linkedInError(409, 'A DMP segment with this sourceSegmentId already exists for the account and source platform.', { code: 'CONFLICT' });
  }
  const segment = addSegment(state, { name, sourcePlatform, sourceSegmentId, account, type, notReadyCallsLeft: state.notReadyCallsAfterCreate });
  const header = options.createdIdHeader?.header ?? 'x-restli-id';
  const value = options.createdIdHeader?.form === 'urn' ? `urn:li:dmpSegment:${segment.id}` : segment.id;
  return new HttpResponse(null, { status: 201, headers: { [header]: value, location: `/dmpSegments/${segment.id}` } });
}

/** `GET /dmpSegments/{id}` */
export function answerGet(id: string, state: LinkedInDmpMockState): Response {
  const segment = state.segments.get(id);
  if (segment === undefined) return linkedInError(404, `DmpSegment ${id} does not exist.`, { code: 'NOT_FOUND' });
  return HttpResponse.json(segmentView(segment));
}

/** Adds a segment to the state (also used to seed one in a test). */
export function addSegment(
  state: LinkedInDmpMockState,
  input: { name: string; sourcePlatform: string; sourceSegmentId: string; account: string; type?: string; notReadyCallsLeft?: number },
): LinkedInMockSegment {
  const id = String(state.nextSegmentId++);
  const segment: LinkedInMockSegment = {
    id,
    name: input.name,
    sourcePlatform: input.sourcePlatform,
    sourceSegmentId: input.sourceSegmentId,
    account: input.account,
    type: input.type ?? 'USER',
    status: 'READY',
    destinations: [{ destination: 'LINKEDIN' }],
    created: Date.now(),
    members: new Map(),
    notReadyCallsLeft: input.notReadyCallsLeft ?? 0,
  };
  state.segments.set(id, segment);
  return segment;
}

function checkAccount(account: string, options: LinkedInDmpMockOptions): Response | undefined {
  const match = ACCOUNT_URN.exec(account);
  if (match === null) return badRequest('Invalid account: expected urn:li:sponsoredAccount:<numeric id>.');
  if (options.adAccountIds !== undefined && !options.adAccountIds.map(String).includes(match[1] as string)) {
    return linkedInError(403, `Not enough permissions to access dmpSegments for account ${account}.`, { code: 'ACCESS_DENIED', serviceErrorCode: 100 });
  }
  return undefined;
}

/** The JSON object body, or LinkedIn's 400 for anything else. */
export async function readJsonObject(request: Request): Promise<Record<string, unknown> | Response> {
  if (!(request.headers.get('content-type') ?? '').includes('application/json')) {
    return linkedInError(415, 'Content-Type must be application/json.', { code: 'UNSUPPORTED_MEDIA_TYPE' });
  }
  let body: unknown;
  try {
    body = JSON.parse(await request.text());
  } catch {
    return badRequest('The request body is not valid JSON.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return badRequest('The request body must be a JSON object.');
  return body as Record<string, unknown>;
}
