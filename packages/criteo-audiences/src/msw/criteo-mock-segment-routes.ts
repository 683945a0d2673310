import { HttpResponse } from 'msw';
import { criteoErrorResponse, criteoProblem, validationError, type CriteoMockProblem } from './criteo-mock-errors.js';
import { isRecord, type ApiRequest, type MockContext } from './criteo-mock-context.js';
import type { CriteoMockSegment, CriteoMockSegmentType } from './criteo-mock-state.js';

const SEGMENT_TYPES: CriteoMockSegmentType[] = ['ContactList', 'InMarket', 'Prospecting', 'Location', 'Behavioral', 'Retargeting', 'Lookalike'];
const SEARCH_TYPES = ['Unknown', ...SEGMENT_TYPES];
// Settings objects of a create, one per segment type.
const CREATE_SETTINGS: Record<string, CriteoMockSegmentType> = {
  contactList: 'ContactList',
  inMarket: 'InMarket',
  location: 'Location',
  lookalike: 'Lookalike',
  prospecting: 'Prospecting',
  retargeting: 'Retargeting',
};
const DIGITS = /^\d+$/;

/** Adds a segment to the fake's state (used by creates and by tests seeding data). */
export function insertSegment(
  context: MockContext,
  input: { advertiserId: string; name: string; description?: string | undefined; type?: CriteoMockSegmentType | undefined },
): CriteoMockSegment {
  const now = new Date(context.options.now()).toISOString();
  const segment: CriteoMockSegment = {
    id: String(context.state.nextSegmentId++),
    advertiserId: input.advertiserId,
    name: input.name,
    description: input.description ?? '',
    type: input.type ?? 'ContactList',
    createdAt: now,
    updatedAt: now,
    contactList: new Map(),
  };
  context.state.segments.set(segment.id, segment);
  return segment;
}

/** The segment as the API shows it. */
export function segmentResource(segment: CriteoMockSegment) {
  return {
    id: segment.id,
    type: 'AudienceSegment',
    attributes: {
      advertiserId: segment.advertiserId,
      name: segment.name,
      description: segment.description,
      type: segment.type,
      createdAt: segment.createdAt,
      updatedAt: segment.updatedAt,
      ...(segment.type === 'ContactList' ? { contactList: { isReadOnly: false } } : {}),
    },
  };
}

export function advertiserAllowed(context: MockContext, advertiserId: string): boolean {
  return context.options.advertiserIds === undefined || context.options.advertiserIds.has(advertiserId);
}

/** `POST /audience-segments/search?limit&offset`: filters AND'ed, ordered by id, paged. */
export function searchSegments(api: ApiRequest, context: MockContext): Response {
  const instance = api.url.pathname;
  const limit = integerParameter(api.url.searchParams.get('limit'), 50);
  const offset = integerParameter(api.url.searchParams.get('offset'), 0);
  if (limit === undefined || limit < 0 || limit > 100) return validationError('invalid-limit', 'limit must be an integer from 0 to 100', undefined, instance);
  if (offset === undefined || offset < 0) return validationError('invalid-offset', 'offset must be a non-negative integer', undefined, instance);
  if (!isRecord(api.body)) return validationError('invalid-body', 'The body must be a JSON object', undefined, instance);

  const data = api.body.data;
  if (data !== undefined && data !== null && !isRecord(data)) return validationError('invalid-body', 'data must be an object', undefined, instance);
  const attributes = isRecord(data) ? data.attributes : undefined;
  if (attributes !== undefined && attributes !== null && !isRecord(attributes)) {
    return validationError('invalid-body', 'data.attributes must be an object', undefined, instance);
  }
  const filters: Record<string, string[] | undefined> = {};
  for (const key of ['advertiserIds', 'audienceSegmentIds', 'audienceSegmentTypes'] as const) {
    const value = isRecord(attributes) ? attributes[key] : undefined;
    if (value === undefined || value === null) continue;
    if (!Array.isArray(value) || !value.every((entry) => typeof entry === 'string')) {
      return validationError('invalid-body', `data.attributes.${key} must be an array of strings`, undefined, instance);
    }
    filters[key] = value as string[];
  }
  if (filters.audienceSegmentTypes?.some((type) => !SEARCH_TYPES.includes(type))) {
    return validationError('invalid-segment-type', 'data.attributes.audienceSegmentTypes holds an unknown segment type', undefined, instance);
  }
  if (filters.advertiserIds?.some((id) => !DIGITS.test(id))) {
    return validationError('invalid-advertiser-id', 'Advertiser ids are numeric strings', undefined, instance);
  }
  if (filters.advertiserIds?.some((id) => !advertiserAllowed(context, id))) {
    return criteoErrorResponse(403, { type: 'access-control', code: 'advertiser-access-denied', title: 'The app has no access to this advertiser', instance });
  }

  const matching = [...context.state.segments.values()]
    .filter((segment) => advertiserAllowed(context, segment.advertiserId))
    .filter((segment) => filters.advertiserIds === undefined || filters.advertiserIds.includes(segment.advertiserId))
    .filter((segment) => filters.audienceSegmentIds === undefined || filters.audienceSegmentIds.includes(segment.id))
    .filter((segment) => filters.audienceSegmentTypes === undefined || filters.audienceSegmentTypes.includes(segment.type))
    .sort((a, b) => Number(a.id) - Number(b.id));
  return HttpResponse.json({
    data: matching.slice(offset, offset + limit).map(segmentResource),
    meta: { totalItems: matching.length, limit, offset },
    errors: [],
    warnings: [],
  });
}

/**
 * `POST /audience-segments/create`: creates every valid item; a name already used by the
 * advertiser gets `name-must-be-unique`, in a 200 with per-item errors (partial success) or a 400.
 */
export function createSegments(api: ApiRequest, context: MockContext): Response {
  const instance = api.url.pathname;
  const items = isRecord(api.body) ? api.body.data : undefined;
  if (!Array.isArray(items) || items.length === 0) {
    return validationError('invalid-body', 'data must be a non-empty array of segments', undefined, instance);
  }
  const inputs: Array<{ advertiserId: string; name: string; description: string | undefined; type: CriteoMockSegmentType }> = [];
  for (const [position, item] of items.entries()) {
    const attributes = isRecord(item) ? item.attributes : undefined;
    const where = `data[${position}].attributes`;
    if (!isRecord(attributes)) return validationError('invalid-body', `${where} must be an object`, undefined, instance);
    const { advertiserId, name, description } = attributes;
    if (typeof advertiserId !== 'string' || !DIGITS.test(advertiserId)) {
      return validationError('invalid-advertiser-id', `${where}.advertiserId must be a numeric string`, undefined, instance);
    }
    if (typeof name !== 'string' || name.trim() === '') return validationError('name-must-not-be-empty', `${where}.name is required`, undefined, instance);
    if (description !== undefined && description !== null && typeof description !== 'string') {
      return validationError('invalid-body', `${where}.description must be a string`, undefined, instance);
    }
    const settings = Object.keys(CREATE_SETTINGS).filter((key) => attributes[key] !== undefined && attributes[key] !== null);
    const setting = settings[0];
    if (settings.length !== 1 || setting === undefined || !isRecord(attributes[setting])) {
      return validationError('invalid-segment-type', `${where} must hold exactly one segment settings object, such as contactList: {}`, undefined, instance);
    }
    if (!advertiserAllowed(context, advertiserId)) {
      return criteoErrorResponse(403, { type: 'access-control', code: 'advertiser-access-denied', title: 'The app has no access to this advertiser', instance });
    }
    inputs.push({ advertiserId, name, description: typeof description === 'string' ? description : undefined, type: CREATE_SETTINGS[setting] ?? 'ContactList' });
  }

  const race = takeRace(context);
  const created: CriteoMockSegment[] = [];
  const errors: CriteoMockProblem[] = [];
  for (const [position, input] of inputs.entries()) {
    // A scripted race: another process creates the same name first.
    if (race !== undefined) insertSegment(context, { advertiserId: input.advertiserId, name: input.name, description: 'created by a concurrent process' });
    const taken = [...context.state.segments.values()].some((segment) => segment.advertiserId === input.advertiserId && segment.name === input.name);
    if (taken) {
      errors.push(
        criteoProblem({
          type: 'validation',
          code: 'name-must-be-unique',
          title: 'Segment name must be unique',
          detail: `data[${position}].attributes.name is already used by a segment of this advertiser`,
          instance,
        }),
      );
      continue;
    }
    created.push(insertSegment(context, input));
  }
  const answer = race?.answer ?? context.options.duplicateNameAnswer;
  if (created.length === 0 && answer === 'http-400') return HttpResponse.json({ errors, warnings: [] }, { status: 400 });
  return HttpResponse.json({ data: created.map(segmentResource), errors, warnings: [] });
}

function takeRace(context: MockContext): { answer: 'partial-200' | 'http-400' } | undefined {
  const race = context.races[0];
  if (race === undefined) return undefined;
  race.remaining--;
  if (race.remaining <= 0) context.races.shift();
  return race;
}

function integerParameter(raw: string | null, fallback: number): number | undefined {
  if (raw === null) return fallback;
  if (!/^-?\d+$/.test(raw)) return undefined;
  return Number(raw);
}
