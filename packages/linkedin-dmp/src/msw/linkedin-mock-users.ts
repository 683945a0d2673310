import { HttpResponse } from 'msw';
import { isCountryCode } from '../linkedin-country-codes.js';
import { badRequest, linkedInError } from './linkedin-mock-errors.js';
import { readJsonObject } from './linkedin-mock-segments.js';
import type { LinkedInDmpMockState, LinkedInMockMember, LinkedInMockSegment, LinkedInMockUserId } from './linkedin-mock-types.js';

const MAX_ELEMENTS = 5_000;
const ID_FORMATS: Record<string, RegExp> = {
  SHA256_EMAIL: /^[0-9a-fA-F]{64}$/,
  SHA512_EMAIL: /^[0-9a-fA-F]{128}$/,
  GOOGLE_AID: /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
};
const TEXT_FIELDS = ['firstName', 'lastName', 'title', 'company'] as const;

type ElementStatus = { status: number; error?: { message: string } };

/**
 * `POST /dmpSegments/{id}/users` with `X-RestLi-Method: BATCH_CREATE`: 200 with one status per
 * element in request order (201 = done; re-adding and re-removing are no-ops that also answer 201).
 */
export async function answerUsers(id: string, request: Request, state: LinkedInDmpMockState): Promise<Response> {
  if (request.headers.get('x-restli-method') !== 'BATCH_CREATE') {
    return badRequest('Adding or removing users needs the header X-RestLi-Method: BATCH_CREATE.');
  }
  const segment = state.segments.get(id);
  if (segment === undefined) return linkedInError(404, `DmpSegment ${id} does not exist.`, { code: 'NOT_FOUND' });
  if (segment.notReadyCallsLeft > 0) {
    segment.notReadyCallsLeft--;
    return linkedInError(404, `DmpSegment ${id} is not available yet.`, { code: 'NOT_FOUND' });
  }
  const body = await readJsonObject(request);
  if (body instanceof Response) return body;
  const elements = body.elements;
  if (!Array.isArray(elements) || elements.length === 0) return badRequest('ERROR :: /elements :: must be a non-empty array.');
  if (elements.length > MAX_ELEMENTS) return badRequest(`ERROR :: /elements :: at most ${MAX_ELEMENTS} elements per request, got ${elements.length}.`);

  const statuses = elements.map((element, position): ElementStatus => {
    const problem = elementProblem(element);
    if (problem !== undefined) return { status: 400, error: { message: `elements[${position}]: ${problem}` } };
    const member = element as LinkedInMockMember & { action: 'ADD' | 'REMOVE' };
    const rejection = member.userIds.map((userId) => state.rejections.get(userId.idValue.toLowerCase())).find((found) => found !== undefined);
    if (rejection !== undefined) return { status: rejection.status, error: { message: rejection.message } };
    if (member.action === 'ADD') addMember(segment, member);
    else removeMember(segment, member.userIds);
    return { status: 201 };
  });
  return HttpResponse.json({ elements: statuses });
}

function elementProblem(element: unknown): string | undefined {
  if (typeof element !== 'object' || element === null || Array.isArray(element)) return 'must be an object.';
  const record = element as Record<string, unknown>;
  if (record.action !== 'ADD' && record.action !== 'REMOVE') return 'action must be ADD or REMOVE.';
  const userIds = record.userIds;
  if (!Array.isArray(userIds) || userIds.length === 0) return 'userIds must hold at least one user id.';
  for (const userId of userIds) {
    const { idType, idValue } = (userId ?? {}) as Record<string, unknown>;
    if (typeof idType !== 'string' || !(idType in ID_FORMATS)) return 'idType must be SHA256_EMAIL, SHA512_EMAIL or GOOGLE_AID.';
    if (typeof idValue !== 'string' || !(ID_FORMATS[idType] as RegExp).test(idValue)) return `idValue is not a valid ${idType}.`;
  }
  for (const field of TEXT_FIELDS) {
    if (record[field] !== undefined && typeof record[field] !== 'string') return `${field} must be a string.`;
  }
  if (record.country !== undefined && (typeof record.country !== 'string' || !isCountryCode(record.country.toUpperCase()))) {
    return 'country must be an ISO-3166 alpha-2 code.';
  }
  return undefined;
}

const indexes = new WeakMap<LinkedInMockSegment, Map<string, string>>();

function indexOf(segment: LinkedInMockSegment): Map<string, string> {
  let index = indexes.get(segment);
  if (index === undefined || index.size < segment.members.size) {
    // Seeded or edited from outside: rebuild.
    index = new Map();
    for (const [key, member] of segment.members) for (const userId of member.userIds) index.set(userIdKey(userId), key);
    indexes.set(segment, index);
  }
  return index;
}

export function userIdKey(userId: LinkedInMockUserId): string {
  return `${userId.idType}:${userId.idValue.toLowerCase()}`;
}

function addMember(segment: LinkedInMockSegment, element: LinkedInMockMember & { action: string }): void {
  removeMember(segment, element.userIds);
  const { action: _action, ...member } = element;
  const userIds = member.userIds.map((userId) => ({ idType: userId.idType, idValue: userId.idValue.toLowerCase() }));
  const key = userIds.map(userIdKey).join('|');
  const index = indexOf(segment);
  segment.members.set(key, { ...member, userIds });
  for (const userId of userIds) index.set(userIdKey(userId), key);
}

/** Removes every stored member that shares a user id with the element. */
function removeMember(segment: LinkedInMockSegment, userIds: LinkedInMockUserId[]): void {
  const index = indexOf(segment);
  for (const userId of userIds) {
    const key = index.get(userIdKey(userId));
    if (key === undefined) continue;
    const member = segment.members.get(key);
    segment.members.delete(key);
    for (const stored of member?.userIds ?? []) index.delete(userIdKey(stored));
  }
}
