import { createFaultScript, withFaults, type FaultMatch, type RecordedCall } from '@x/core/msw';
import { http, type HttpHandler } from 'msw';
import { CRITEO_DEFAULT_BASE_URL, CRITEO_DEFAULT_TOKEN_URL } from '../criteo-constants.js';
import { amendContactList, contactListStatistics, wipeContactList } from './criteo-mock-contact-list-routes.js';
import type { MockContext, ResolvedMockOptions } from './criteo-mock-context.js';
import { API_CALLS, toCoreFault, type CriteoMockFault, type CriteoMockFaultOptions } from './criteo-mock-faults.js';
import { throughGateway } from './criteo-mock-gateway.js';
import { storedIdentifier } from './criteo-mock-identifiers.js';
import { createSegments, insertSegment, searchSegments } from './criteo-mock-segment-routes.js';
import { createMockState, FIRST_SEGMENT_ID, type CriteoMockSegment, type CriteoMockSegmentType, type CriteoMockState } from './criteo-mock-state.js';
import { issueToken } from './criteo-mock-token-route.js';
import type { Fault } from '@x/core/msw';

type RouteInfo = { request: Request; params: Record<string, string | readonly string[] | undefined> };

/**
 * Options of {@link createCriteoAudiencesMock}.
 * @example
 * createCriteoAudiencesMock({ credentials: [{ clientId: 'app', clientSecret: 's3cret' }], duplicateNameAnswer: 'http-400' });
 */
export interface CriteoAudiencesMockOptions {
  /**
   * API host the handlers answer on (`{baseUrl}/{version}/marketing-solutions/...`).
   * @default 'https://api.criteo.com'
   */
  baseUrl?: string;
  /**
   * Token endpoint the handlers answer on.
   * @default `${baseUrl}/oauth2/token` ('https://api.criteo.com/oauth2/token'), as the client
   */
  tokenUrl?: string;
  /**
   * Client credentials the token endpoint accepts; others get 401 `invalid_client`.
   * @default any non-empty client_id and client_secret
   */
  credentials?: Array<{ clientId: string; clientSecret: string }>;
  /**
   * Advertisers the app may use; others get 403 (search, create) or 404 (contact lists).
   * @default every advertiser
   */
  advertiserIds?: Array<string | number>;
  /**
   * Lifetime of issued tokens, as `expires_in`.
   * @default 900
   */
  tokenLifetimeSeconds?: number;
  /**
   * Versions (`YYYY-MM`) older than this answer 410, like a decommissioned Criteo version.
   * @default '2026-01'
   */
  oldestSupportedVersion?: string;
  /**
   * More versions that answer 410.
   * @default []
   */
  decommissionedVersions?: string[];
  /**
   * How a create whose name is taken is answered: 200 with empty `data` and the code in `errors`,
   * or a 400.
   * @default 'partial-200'
   */
  duplicateNameAnswer?: 'partial-200' | 'http-400';
  /**
   * Most invalid identifiers echoed in `sampleInvalidIdentifiers`.
   * @default 10
   */
  invalidSampleSize?: number;
  /**
   * Calls per minute per app, as reported in `x-ratelimit-limit`.
   * @default 250
   */
  rateLimitPerMinute?: number;
  /**
   * Answer 429 once an app exceeds `rateLimitPerMinute` in a minute.
   * @default false (the headers count down, nothing is refused)
   */
  enforceRateLimit?: boolean;
  /**
   * Share of a contact list's identifiers the statistics report as matched.
   * @default 1
   */
  matchRate?: number;
  /** Clock of token expiry and quota windows. @default Date.now */
  now?: () => number;
}

/** The stateful Criteo fake: msw handlers plus what tests need to script and inspect it. */
export interface CriteoAudiencesMock {
  /** msw handlers: `setupServer(...mock.handlers)`. */
  handlers: HttpHandler[];
  /** Segments, tokens and quota windows held by the fake. */
  state: CriteoMockState;
  /** Every request that reached the mock (token requests included), in order. */
  calls: RecordedCall[];
  /**
   * Fails the next matching calls with a fault. By default only API calls are hit, not the token
   * endpoint (pass `match: { path: '/oauth2/token' }` for it).
   * @example
   * mock.failNext({ type: 'rate-limit', retryAfterSeconds: 0 }, { times: 2 });
   * mock.failNext({ type: 'duplicate-name-race', answer: 'http-400' });
   * mock.failNext({ type: 'network-error' }, { match: { method: 'PATCH' } });
   */
  failNext(fault: CriteoMockFault, options?: CriteoMockFaultOptions): void;
  /** Injects faults at random into a share of the API calls (reproducible with `seed`). */
  randomFaults(options: { rate: number; seed: number; faults: Fault[]; match?: FaultMatch }): void;
  /** Adds a segment, as if created earlier (in Criteo's UI or by another process). */
  addSegment(input: { advertiserId: string | number; name: string; description?: string; type?: CriteoMockSegmentType }): CriteoMockSegment;
  /** Identifiers of a contact list of one type, as stored (emails as SHA-256 hex). */
  members(segmentId: string, identifierType?: string): string[];
  /** Whether the contact list holds an identifier (a plaintext email is hashed the way Criteo does). */
  hasMember(segmentId: string, identifier: string, identifierType?: string): boolean;
  /** Makes the fake count these identifiers invalid (plaintext emails are hashed first). */
  rejectIdentifiers(identifiers: Iterable<string>, identifierType?: string): void;
  /** Expires every issued token: the next API call gets 401 `authorization-token-expired`. */
  expireTokens(): void;
  /** Makes an API version answer 410. */
  decommissionVersion(version: string): void;
  /** Forgets every segment, token, call, fault and scripted rejection. */
  reset(): void;
}

/**
 * A stateful in-memory fake of Criteo's audience-segment API for msw: OAuth client credentials,
 * segment search and creation with unique names per advertiser, contact-list amendments, wipe and
 * statistics, Criteo's error shape on bad requests, and scripted faults.
 * @example
 * const criteo = createCriteoAudiencesMock();
 * const server = setupServer(...criteo.handlers);
 * // ... run code that syncs to Criteo, then:
 * expect(criteo.hasMember(segmentId, 'jane@example.com')).toBe(true);
 */
export function createCriteoAudiencesMock(options: CriteoAudiencesMockOptions = {}): CriteoAudiencesMock {
  const resolved = resolveOptions(options);
  const initialDecommissioned = options.decommissionedVersions ?? [];
  const context: MockContext = { options: resolved, state: createMockState(initialDecommissioned), races: [] };
  const faults = createFaultScript();
  const calls: RecordedCall[] = [];
  const api = `${resolved.baseUrl}/:version/marketing-solutions/audience-segments`;
  const gateway = (request: Request, params: Record<string, unknown>, route: Parameters<typeof throughGateway>[1]) =>
    throughGateway({ request, version: String(params.version), context }, route);

  const handlers: HttpHandler[] = [
    http.post(resolved.tokenUrl, withFaults(faults, calls, ({ request }) => issueToken(request, context))),
    http.post(`${api}/search`, withFaults(faults, calls, ({ request, params }: RouteInfo) => gateway(request, params, (input) => searchSegments(input, context)))),
    http.post(`${api}/create`, withFaults(faults, calls, ({ request, params }: RouteInfo) => gateway(request, params, (input) => createSegments(input, context)))),
    http.patch(
      `${api}/:segmentId/contact-list`,
      withFaults(faults, calls, ({ request, params }: RouteInfo) => gateway(request, params, (input) => amendContactList(input, context, String(params.segmentId)))),
    ),
    http.delete(
      `${api}/:segmentId/contact-list`,
      withFaults(faults, calls, ({ request, params }: RouteInfo) => gateway(request, params, (input) => wipeContactList(input, context, String(params.segmentId)))),
    ),
    http.get(
      `${api}/:segmentId/contact-list/statistics`,
      withFaults(faults, calls, ({ request, params }: RouteInfo) =>
        gateway(request, params, (input) => contactListStatistics(input, context, String(params.segmentId))),
      ),
    ),
  ];

  const stored = (identifier: string, identifierType: string) => storedIdentifier(identifier, identifierType) ?? identifier;

  return {
    handlers,
    state: context.state,
    calls,
    failNext(fault, { times = 1, match } = {}) {
      if (fault.type === 'duplicate-name-race') {
        context.races.push({ answer: fault.answer ?? 'partial-200', remaining: times });
        return;
      }
      const core = toCoreFault(fault, { now: resolved.now(), rateLimitPerMinute: resolved.rateLimitPerMinute });
      faults.failNext(core, { times, match: match ?? API_CALLS });
    },
    randomFaults({ match, ...rest }) {
      faults.randomFaults({ ...rest, match: match ?? API_CALLS });
    },
    addSegment(input) {
      return insertSegment(context, { ...input, advertiserId: String(input.advertiserId) });
    },
    members(segmentId, identifierType = 'email') {
      return [...(context.state.segments.get(segmentId)?.contactList.get(identifierType) ?? [])];
    },
    hasMember(segmentId, identifier, identifierType = 'email') {
      return context.state.segments.get(segmentId)?.contactList.get(identifierType)?.has(stored(identifier, identifierType)) ?? false;
    },
    rejectIdentifiers(identifiers, identifierType = 'email') {
      for (const identifier of identifiers) context.state.invalidIdentifiers.add(stored(identifier, identifierType));
    },
    expireTokens() {
      for (const token of context.state.tokens.values()) token.expiresAt = Math.min(token.expiresAt, resolved.now());
    },
    decommissionVersion(version) {
      context.state.decommissionedVersions.add(version);
    },
    reset() {
      const state = context.state;
      state.segments.clear();
      state.tokens.clear();
      state.invalidIdentifiers.clear();
      state.rateWindows.clear();
      state.decommissionedVersions.clear();
      for (const version of initialDecommissioned) state.decommissionedVersions.add(version);
      state.nextSegmentId = FIRST_SEGMENT_ID;
      context.races.length = 0;
      calls.length = 0;
      faults.reset();
    },
  };
}

function resolveOptions(options: CriteoAudiencesMockOptions): ResolvedMockOptions {
  const baseUrl = (options.baseUrl ?? CRITEO_DEFAULT_BASE_URL).replace(/\/+$/, '');
  return {
    baseUrl,
    // As the client: the token endpoint follows the host unless given.
    tokenUrl: options.tokenUrl ?? (options.baseUrl === undefined ? CRITEO_DEFAULT_TOKEN_URL : `${baseUrl}/oauth2/token`),
    credentials: options.credentials === undefined ? undefined : new Map(options.credentials.map((entry) => [entry.clientId, entry.clientSecret])),
    advertiserIds: options.advertiserIds === undefined ? undefined : new Set(options.advertiserIds.map(String)),
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 900,
    oldestSupportedVersion: options.oldestSupportedVersion ?? '2026-01',
    duplicateNameAnswer: options.duplicateNameAnswer ?? 'partial-200',
    invalidSampleSize: options.invalidSampleSize ?? 10,
    rateLimitPerMinute: options.rateLimitPerMinute ?? 250,
    enforceRateLimit: options.enforceRateLimit ?? false,
    matchRate: options.matchRate ?? 1,
    now: options.now ?? Date.now,
  };
}
