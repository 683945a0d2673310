import { HttpResponse } from 'msw';
import { criteoErrorResponse, validationError } from './criteo-mock-errors.js';
import { isRecord, type ApiRequest, type MockContext } from './criteo-mock-context.js';
import { MOCK_IDENTIFIER_TYPES, storedIdentifier } from './criteo-mock-identifiers.js';
import { contactListSize, type CriteoMockSegment } from './criteo-mock-state.js';
import { advertiserAllowed } from './criteo-mock-segment-routes.js';

const MAX_IDENTIFIERS = 50_000;

/** The contact-list segment of the path, or the error Criteo gives (400 bad id, 404 `audience-invalid`). */
function contactListSegment(api: ApiRequest, context: MockContext, segmentId: string): CriteoMockSegment | Response {
  const instance = api.url.pathname;
  if (!/^\d+$/.test(segmentId)) return validationError('invalid-audience-segment-id', 'The audience segment id must be numeric', undefined, instance);
  const segment = context.state.segments.get(segmentId);
  if (segment === undefined || !advertiserAllowed(context, segment.advertiserId)) {
    return criteoErrorResponse(404, { type: 'validation', code: 'audience-invalid', title: 'The audience segment does not exist', instance });
  }
  if (segment.type !== 'ContactList') {
    return validationError('audience-segment-not-contact-list', 'The audience segment is not a contact list', undefined, instance);
  }
  return segment;
}

/** `PATCH /audience-segments/{id}/contact-list`: one operation, one identifier type, ≤ 50,000 identifiers. */
export function amendContactList(api: ApiRequest, context: MockContext, segmentId: string): Response {
  const instance = api.url.pathname;
  const segment = contactListSegment(api, context, segmentId);
  if (segment instanceof Response) return segment;
  const data = isRecord(api.body) ? api.body.data : undefined;
  if (!isRecord(data)) return validationError('invalid-body', 'data is required', undefined, instance);
  if (data.type !== 'ContactlistAmendment') return validationError('invalid-body', 'data.type must be "ContactlistAmendment"', undefined, instance);
  const attributes = data.attributes;
  if (!isRecord(attributes)) return validationError('invalid-body', 'data.attributes is required', undefined, instance);
  const { operation, identifiers, gumCallerId } = attributes;
  const identifierType = attributes.identifierType ?? 'email';
  if (operation !== 'add' && operation !== 'remove') return validationError('invalid-operation', 'operation must be "add" or "remove"', undefined, instance);
  if (typeof identifierType !== 'string' || !(MOCK_IDENTIFIER_TYPES as readonly string[]).includes(identifierType)) {
    return validationError('invalid-identifier-type', `identifierType must be one of ${MOCK_IDENTIFIER_TYPES.join(', ')}`, undefined, instance);
  }
  if (!Array.isArray(identifiers) || !identifiers.every((value) => typeof value === 'string')) {
    return validationError('invalid-identifiers', 'identifiers must be an array of strings', undefined, instance);
  }
  if (identifiers.length > MAX_IDENTIFIERS) {
    return validationError('too-many-identifiers', `At most ${MAX_IDENTIFIERS} identifiers per request`, undefined, instance);
  }
  if (identifierType === 'gum' && !(typeof gumCallerId === 'number' && Number.isInteger(gumCallerId) && gumCallerId > 0)) {
    return validationError('gum-caller-id-required', 'gumCallerId (an integer) is required for identifierType "gum"', undefined, instance);
  }

  let members = segment.contactList.get(identifierType);
  if (members === undefined) {
    members = new Set();
    segment.contactList.set(identifierType, members);
  }
  let valid = 0;
  let invalid = 0;
  const sample: string[] = [];
  for (const value of identifiers as string[]) {
    const stored = storedIdentifier(value, identifierType);
    if (stored === undefined || context.state.invalidIdentifiers.has(stored)) {
      invalid++;
      if (sample.length < context.options.invalidSampleSize) sample.push(value);
      continue;
    }
    valid++;
    if (operation === 'add') members.add(stored);
    else members.delete(stored);
  }
  segment.updatedAt = new Date(context.options.now()).toISOString();
  return HttpResponse.json({
    data: {
      type: 'ContactlistAmendment',
      attributes: {
        contactListId: Number(segment.id),
        operation,
        requestDate: segment.updatedAt,
        identifierType,
        nbValidIdentifiers: valid,
        nbInvalidIdentifiers: invalid,
        sampleInvalidIdentifiers: sample,
      },
    },
    errors: [],
    warnings: [],
  });
}

/** `DELETE /audience-segments/{id}/contact-list`: empties the list. */
export function wipeContactList(api: ApiRequest, context: MockContext, segmentId: string): Response {
  const segment = contactListSegment(api, context, segmentId);
  if (segment instanceof Response) return segment;
  segment.contactList.clear();
  segment.updatedAt = new Date(context.options.now()).toISOString();
  return HttpResponse.json({ data: { id: segment.id, type: 'AudienceContactlist' }, errors: [], warnings: [] });
}

/** `GET /audience-segments/{id}/contact-list/statistics`. */
export function contactListStatistics(api: ApiRequest, context: MockContext, segmentId: string): Response {
  const segment = contactListSegment(api, context, segmentId);
  if (segment instanceof Response) return segment;
  const identifiers = contactListSize(segment);
  const matches = Math.round(identifiers * context.options.matchRate);
  return HttpResponse.json({
    data: {
      id: segment.id,
      type: 'ContactListStatistics',
      attributes: { numberOfIdentifiers: identifiers, numberOfMatches: matches, matchRate: identifiers === 0 ? 0 : matches / identifiers },
    },
    errors: [],
    warnings: [],
  });
}
