import { createFaultScript, withFaults, type Fault, type FaultMatch, type RecordedCall } from '@x/core/msw';
import { normalizeEmail, normalizeMobileAdId, sha256 } from '@x/core';
import { http, type HttpHandler } from 'msw';
import { LINKEDIN_DEFAULT_BASE_URL, LINKEDIN_DEFAULT_OAUTH_URL } from '../linkedin-dmp-constants.js';
import { answerTokenRequest, checkRestCall } from './linkedin-mock-auth.js';
import { addSegment, answerCreate, answerFind, answerGet } from './linkedin-mock-segments.js';
import type { LinkedInDmpMockOptions, LinkedInDmpMockState, LinkedInMockMember, LinkedInMockSegment } from './linkedin-mock-types.js';
import { answerUsers, userIdKey } from './linkedin-mock-users.js';

/** A person as a test names them: plaintext or hashed email, or a GAID. */
export type LinkedInMockPerson = { email?: string; sha256Email?: string; googleAdvertisingId?: string } | string;

/** The stateful LinkedIn DMP fake returned by {@link createLinkedInDmpMock}. */
export interface LinkedInDmpMock {
  /** msw handlers: `setupServer(...mock.handlers)`. */
  handlers: HttpHandler[];
  /** Segments, members and tokens, to read or seed. */
  state: LinkedInDmpMockState;
  /** Every request that reached the mock (method, url, path, query, headers, parsed body, status). */
  calls: RecordedCall[];
  /**
   * Answer the next matching calls with a fault instead: a status (429 with `retryAfter`, 5xx...),
   * a network error, or a delay.
   * @example
   * mock.failNext({ type: 'status', status: 429, retryAfter: 1 }, { match: { path: '/users' } });
   */
  failNext(fault: Fault, options?: { times?: number; match?: FaultMatch }): void;
  /** Inject faults into a share of the calls from a seeded generator (soak tests). */
  randomFaults(options: { rate: number; seed: number; faults: Fault[]; match?: FaultMatch }): void;
  /** The token of the last call (or the last one issued) now answers 401 `EXPIRED_ACCESS_TOKEN`. */
  expireCurrentToken(): void;
  /** This refresh token now answers `invalid_grant` (expired or revoked). */
  revokeRefreshToken(refreshToken: string): void;
  /** Each segment created from now on answers 404 on its first `calls` `/users` calls. */
  notReadyAfterCreate(calls: number): void;
  /**
   * Elements holding any of these ids are refused with this per-element status (default 400).
   * Emails may be given in plain text (hashed like the client does) or as SHA-256 hex.
   */
  rejectMembers(people: LinkedInMockPerson[], options?: { status?: number; message?: string }): void;
  /** This `LinkedIn-Version` now answers 426 `NONEXISTENT_VERSION`. */
  sunsetVersion(version: string): void;
  /** Seeds a segment (as if created earlier). */
  addSegment(input: { name: string; sourceSegmentId: string; sourcePlatform: string; adAccountId: string; type?: string }): LinkedInMockSegment;
  /** The segment with this key, if any. */
  segmentBySourceId(sourceSegmentId: string): LinkedInMockSegment | undefined;
  /** The members of a segment (hashed, as LinkedIn holds them); empty for an unknown segment. */
  membersOf(segmentId: string): LinkedInMockMember[];
  /** Whether this person is in the segment. */
  hasMember(segmentId: string, person: LinkedInMockPerson): boolean;
  /** Forgets segments, members, tokens, faults and calls; options apply again. */
  reset(): void;
}

/**
 * A stateful in-memory fake of LinkedIn's DMP segment API and OAuth token endpoint, as msw
 * handlers. It checks requests the way LinkedIn does (bearer token, `LinkedIn-Version`,
 * `X-Restli-Protocol-Version`, `X-RestLi-Method: BATCH_CREATE`, account URNs, body shapes, id
 * formats, at most 5,000 elements) and answers with LinkedIn's error shapes.
 * @example
 * import { setupServer } from 'msw/node';
 * import { createLinkedInDmpMock } from '@x/linkedin-dmp/msw';
 *
 * const linkedIn = createLinkedInDmpMock();
 * const server = setupServer(...linkedIn.handlers);
 * beforeAll(() => server.listen()); afterEach(() => linkedIn.reset()); afterAll(() => server.close());
 */
export function createLinkedInDmpMock(options: LinkedInDmpMockOptions = {}): LinkedInDmpMock {
  const base = (options.baseUrl ?? LINKEDIN_DEFAULT_BASE_URL).replace(/\/+$/, '');
  const oauthUrl = options.oauthUrl ?? LINKEDIN_DEFAULT_OAUTH_URL;
  const faults = createFaultScript();
  const calls: RecordedCall[] = [];
  const state = initialState(options);

  const rest =
    (answer: (request: Request, params: Record<string, string | readonly string[] | undefined>) => Response | Promise<Response>) =>
    ({ request, params }: { request: Request; params: Record<string, string | readonly string[] | undefined> }) =>
      checkRestCall(request, state, options) ?? answer(request, params);
  const idOf = (params: Record<string, string | readonly string[] | undefined>) => decodeURIComponent(String(params.id));

  const handlers: HttpHandler[] = [
    http.post(oauthUrl, withFaults(faults, calls, ({ request }) => answerTokenRequest(request, state, options))),
    http.get(`${base}/dmpSegments`, withFaults(faults, calls, rest((request) => answerFind(request, state, options)))),
    http.post(`${base}/dmpSegments`, withFaults(faults, calls, rest((request) => answerCreate(request, state, options)))),
    http.get(`${base}/dmpSegments/:id`, withFaults(faults, calls, rest((_request, params) => answerGet(idOf(params), state)))),
    http.post(`${base}/dmpSegments/:id/users`, withFaults(faults, calls, rest((request, params) => answerUsers(idOf(params), request, state)))),
  ];

  const keysOf = (person: LinkedInMockPerson): string[] => personKeys(person);

  return {
    handlers,
    state,
    calls,
    failNext: (fault, failOptions) => faults.failNext(fault, failOptions),
    randomFaults: (randomOptions) => faults.randomFaults(randomOptions),
    expireCurrentToken() {
      if (state.tokens.current !== undefined) state.tokens.expired.add(state.tokens.current);
    },
    revokeRefreshToken(refreshToken) {
      state.tokens.refreshTokens.delete(refreshToken);
      state.tokens.revokedRefreshTokens.add(refreshToken);
    },
    notReadyAfterCreate(count) {
      state.notReadyCallsAfterCreate = count;
    },
    rejectMembers(people, rejectOptions = {}) {
      const rejection = { status: rejectOptions.status ?? 400, message: rejectOptions.message ?? 'The member was refused.' };
      for (const person of people) for (const key of keysOf(person)) state.rejections.set(key.slice(key.indexOf(':') + 1), rejection);
    },
    sunsetVersion(version) {
      state.sunsetVersions.add(version);
    },
    addSegment: (input) =>
      addSegment(state, {
        name: input.name,
        sourcePlatform: input.sourcePlatform,
        sourceSegmentId: input.sourceSegmentId,
        account: `urn:li:sponsoredAccount:${input.adAccountId}`,
        ...(input.type === undefined ? {} : { type: input.type }),
      }),
    segmentBySourceId: (sourceSegmentId) => [...state.segments.values()].find((segment) => segment.sourceSegmentId === sourceSegmentId),
    membersOf: (segmentId) => [...(state.segments.get(segmentId)?.members.values() ?? [])],
    hasMember(segmentId, person) {
      const wanted = new Set(keysOf(person));
      const segment = state.segments.get(segmentId);
      if (segment === undefined) return false;
      for (const member of segment.members.values()) {
        if (member.userIds.some((userId) => wanted.has(userIdKey(userId)))) return true;
      }
      return false;
    },
    reset() {
      const fresh = initialState(options);
      Object.assign(state, fresh);
      calls.length = 0;
      faults.reset();
    },
  };
}

function initialState(options: LinkedInDmpMockOptions): LinkedInDmpMockState {
  const ttl = (options.accessTokenTtlSeconds ?? 5_184_000) * 1000;
  return {
    segments: new Map(),
    tokens: {
      accessTokens: new Map((options.accessTokens ?? []).map((token) => [token, { expiresAt: Date.now() + ttl }])),
      expired: new Set(),
      refreshTokens: new Set(options.refreshTokens ?? []),
      revokedRefreshTokens: new Set(),
      current: undefined,
    },
    sunsetVersions: new Set(),
    rejections: new Map(),
    notReadyCallsAfterCreate: options.notReadyCallsAfterCreate ?? 0,
    nextSegmentId: options.firstSegmentId ?? 1_000_001,
  };
}

/** The stored user id keys a test's description of a person stands for. */
function personKeys(person: LinkedInMockPerson): string[] {
  const described = typeof person === 'string' ? (person.includes('@') ? { email: person } : /^[0-9a-fA-F]{64}$/.test(person) ? { sha256Email: person } : { googleAdvertisingId: person }) : person;
  const keys: string[] = [];
  if (described.email !== undefined) {
    const email = described.email.trim();
    const hash = /^[0-9a-fA-F]{64}$/.test(email) ? email.toLowerCase() : sha256(normalizeEmail(email), 'hex');
    keys.push(userIdKey({ idType: 'SHA256_EMAIL', idValue: hash }));
  }
  if (described.sha256Email !== undefined) keys.push(userIdKey({ idType: 'SHA256_EMAIL', idValue: described.sha256Email.trim() }));
  if (described.googleAdvertisingId !== undefined) {
    keys.push(userIdKey({ idType: 'GOOGLE_AID', idValue: normalizeMobileAdId(described.googleAdvertisingId) }));
  }
  return keys;
}
