// LinkedIn's error bodies can echo what they were sent: emails, hashes, device ids, tokens. They
// are redacted before they reach an error (message, redactedBody, code, cause chain, inspect).
import { ApiCallError, AudienceSdkError, AuthenticationError, RateLimitError, sha256, sha512, type SyncIssue } from '@x/core';
import type { Fault, FaultMatch } from '@x/core/msw';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { LinkedInDmpClient } from './linkedin-dmp-types.js';
import { ACCESS_TOKEN, ACCOUNT, CLIENT_SECRET, PLATFORM, REFRESH_TOKEN, refreshingClient, testClient, useLinkedInMock } from './linkedin-test-kit.test-helper.js';

const mock = useLinkedInMock();
const OAUTH = { path: '/oauth/v2/accessToken' };
const USERS = { path: '/users' };
const EMAIL = 'Jane.Private@Example.com';
const HASH = sha256(EMAIL.toLowerCase(), 'hex');
const SHA512 = sha512(EMAIL.toLowerCase(), 'hex');
const GAID = '6d92078a-8246-4ba4-ae5b-76104861e7dc';
// A client can only scrub the secrets it holds (or what looks like one): a static-token client
// never saw the refresh token, a refreshing one never saw ACCESS_TOKEN.
const ids = `member ${EMAIL} (${HASH}, ${SHA512.toUpperCase()}, ${GAID})`;
const echo = `${ids} with token ${ACCESS_TOKEN}`;
const oauthEcho = `${ids} with refresh ${REFRESH_TOKEN}, secret ${CLIENT_SECRET}`;
const restBody = (status: number) => ({ status, serviceErrorCode: 100, code: 'ILLEGAL_ARGUMENT', message: echo, idValue: HASH, email: EMAIL });
const MEMBERS = [{ email: EMAIL, googleAdvertisingId: GAID }, { sha256Email: HASH }, { email: SHA512 }];

/** Everything someone could print: message, fields, stack, JSON, deep inspect, and the cause chain. */
function everything(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 6; depth++) {
    const shown = current as Partial<ApiCallError>;
    parts.push(String(current), shown.message ?? '', shown.stack ?? '', shown.redactedBody ?? '', shown.code ?? '', shown.requestId ?? '');
    parts.push(JSON.stringify(current), inspect(current, { depth: 10, showHidden: true, maxStringLength: Number.POSITIVE_INFINITY }));
    current = (current as { cause?: unknown }).cause;
  }
  return parts.join('\n');
}

function expectRedacted(text: string, kind: 'static' | 'refresh' = 'static'): void {
  const issued = [...mock.state.tokens.accessTokens.keys()];
  const secrets = kind === 'static' ? [ACCESS_TOKEN] : [REFRESH_TOKEN, CLIENT_SECRET, ...issued];
  const raw = [EMAIL, EMAIL.toLowerCase(), HASH, HASH.toUpperCase(), SHA512, SHA512.toUpperCase(), GAID, ...secrets];
  for (const value of raw) expect(text.includes(value), `leaked ${value.slice(0, 12)}…`).toBe(false);
}

type Case = {
  name: string;
  faults: Array<[Fault, { times?: number; match?: FaultMatch }]>;
  client?: 'static' | 'refresh';
  run: (client: LinkedInDmpClient, segmentId: string) => Promise<unknown>;
  error: { is: (error: unknown) => boolean; statusCode?: number | undefined };
  /** A body was kept: it must be there, redacted. */
  keepsBody?: boolean;
};

const add = (client: LinkedInDmpClient, segmentId: string) => client.addMembers(segmentId, MEMBERS);
const find = (client: LinkedInDmpClient) => client.findSegment({ sourceSegmentId: 'k' });

const CASES: Case[] = [
  { name: '/users 400 (JSON echo)', faults: [[{ type: 'status', status: 400, body: restBody(400) }, { match: USERS }]], run: add, error: { is: ApiCallError.isInstance, statusCode: 400 }, keepsBody: true },
  { name: '/users 422 (plain-text echo)', faults: [[{ type: 'status', status: 422, body: `Unprocessable: ${echo}` }, { match: USERS }]], run: add, error: { is: ApiCallError.isInstance, statusCode: 422 }, keepsBody: true },
  { name: '/users 500 after every retry', faults: [[{ type: 'status', status: 500, body: restBody(500) }, { times: 3, match: USERS }]], run: add, error: { is: ApiCallError.isInstance, statusCode: 500 }, keepsBody: true },
  { name: '/users 503 (HTML echo)', faults: [[{ type: 'status', status: 503, body: `<html><body>${echo}</body></html>` }, { times: 3, match: USERS }]], run: add, error: { is: ApiCallError.isInstance, statusCode: 503 }, keepsBody: true },
  { name: '/users 429 after every retry', faults: [[{ type: 'status', status: 429, retryAfter: 0, body: restBody(429) }, { times: 3, match: USERS }]], run: add, error: { is: RateLimitError.isInstance, statusCode: 429 }, keepsBody: true },
  { name: '/users 404 until the readiness timeout', faults: [[{ type: 'status', status: 404, body: restBody(404) }, { times: 50, match: USERS }]], run: add, error: { is: ApiCallError.isInstance, statusCode: 404 }, keepsBody: true },
  { name: '/users 401 with a static token', faults: [[{ type: 'status', status: 401, body: restBody(401) }, { match: USERS }]], run: add, error: { is: AuthenticationError.isInstance, statusCode: 401 }, keepsBody: true },
  { name: '/users 426 (sunset version)', faults: [[{ type: 'status', status: 426, body: { ...restBody(426), code: `NONEXISTENT_VERSION ${ACCESS_TOKEN}` } }, { match: USERS }]], run: add, error: { is: ApiCallError.isInstance, statusCode: 426 }, keepsBody: true },
  { name: 'find 403 (permissions)', faults: [[{ type: 'status', status: 403, body: restBody(403) }, { match: { method: 'GET' } }]], run: find, error: { is: ApiCallError.isInstance, statusCode: 403 }, keepsBody: true },
  { name: 'find 200 with an unexpected body', faults: [[{ type: 'status', status: 200, body: { unexpected: echo } }, { match: { method: 'GET' } }]], run: find, error: { is: ApiCallError.isInstance, statusCode: 200 }, keepsBody: true },
  {
    name: 'create 400 (JSON echo)',
    faults: [[{ type: 'status', status: 400, body: restBody(400) }, { match: { method: 'POST', path: /\/dmpSegments$/ } }]],
    run: (client) => client.ensureSegment({ sourceSegmentId: 'new', name: 'New' }),
    error: { is: ApiCallError.isInstance, statusCode: 400 },
    keepsBody: true,
  },
  { name: 'network reset', faults: [[{ type: 'network-error' }, { times: 3 }]], run: add, error: { is: ApiCallError.isInstance, statusCode: undefined } },
  {
    name: '401 again after the refresh (issued tokens echoed)',
    client: 'refresh',
    faults: [],
    run: async (client, segmentId) => {
      await client.findSegment({ sourceSegmentId: 'warm-up' });
      const issued = [...mock.state.tokens.accessTokens.keys()].join(' ');
      mock.failNext({ type: 'status', status: 401, body: { status: 401, code: 'EXPIRED_ACCESS_TOKEN', message: `${issued} ${oauthEcho}` } }, { times: 2, match: USERS });
      return add(client, segmentId);
    },
    error: { is: AuthenticationError.isInstance, statusCode: 401 },
    keepsBody: true,
  },
  {
    name: 'OAuth invalid_grant (description echoes the refresh token)',
    client: 'refresh',
    faults: [[{ type: 'status', status: 400, body: { error: 'invalid_grant', error_description: oauthEcho } }, { match: OAUTH }]],
    run: add,
    error: { is: AuthenticationError.isInstance, statusCode: 400 },
    keepsBody: true,
  },
  {
    name: 'OAuth invalid_client (description echoes the secret)',
    client: 'refresh',
    faults: [[{ type: 'status', status: 401, body: { error: 'invalid_client', error_description: `client_secret=${CLIENT_SECRET} ${oauthEcho}` } }, { match: OAUTH }]],
    run: find,
    error: { is: AuthenticationError.isInstance, statusCode: 401 },
    keepsBody: true,
  },
  {
    name: 'OAuth error code itself echoing the refresh token',
    client: 'refresh',
    faults: [[{ type: 'status', status: 400, body: { error: `invalid_request:${REFRESH_TOKEN}`, error_description: oauthEcho } }, { match: OAUTH }]],
    run: find,
    error: { is: ApiCallError.isInstance, statusCode: 400 },
    keepsBody: true,
  },
  {
    name: 'OAuth 500 after every retry',
    client: 'refresh',
    faults: [[{ type: 'status', status: 500, body: { error: 'server_error', error_description: oauthEcho } }, { times: 3, match: OAUTH }]],
    run: find,
    error: { is: ApiCallError.isInstance, statusCode: 500 },
    keepsBody: true,
  },
  {
    name: 'OAuth 200 without an access token (echoing the grant)',
    client: 'refresh',
    faults: [[{ type: 'status', status: 200, body: { refresh_token: REFRESH_TOKEN, client_secret: CLIENT_SECRET, note: oauthEcho } }, { match: OAUTH }]],
    run: find,
    error: { is: ApiCallError.isInstance, statusCode: 200 },
    keepsBody: true,
  },
];

describe('error bodies that echo identifiers and secrets are redacted', () => {
  it.each(CASES)('$name', async (test) => {
    const segment = mock.addSegment({ name: 'S', sourceSegmentId: 's', sourcePlatform: PLATFORM, adAccountId: ACCOUNT });
    for (const [fault, options] of test.faults) mock.failNext(fault, options);
    const retry = { maxRetries: 2, initialDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 2 };
    const client =
      test.client === 'refresh'
        ? refreshingClient({ retry, segmentReadyTimeoutMs: 20 })
        : testClient({ retry, segmentReadyTimeoutMs: 20 });

    const error = await test.run(client, segment.id).then(
      () => expect.fail('expected the call to fail'),
      (caught: unknown) => caught,
    );

    expect(AudienceSdkError.isInstance(error), inspect(error)).toBe(true);
    expect(test.error.is(error), inspect(error)).toBe(true);
    expect((error as ApiCallError).statusCode).toBe(test.error.statusCode);
    if (test.keepsBody === true) expect((error as ApiCallError).redactedBody).toContain('[redacted]');
    expectRedacted(everything(error), test.client);
  });

  it('per-element refusals echoing ids in their code and message become clean issues', async () => {
    const segment = mock.addSegment({ name: 'S', sourceSegmentId: 's', sourcePlatform: PLATFORM, adAccountId: ACCOUNT });
    const element = { status: 400, error: { code: `BAD_ID ${HASH}`, serviceErrorCode: 7, message: echo } };
    mock.failNext({ type: 'status', status: 200, body: { elements: [element, element, { status: 201 }] } }, { match: USERS });
    const issues: SyncIssue[] = [];
    const report = await testClient().addMembers(segment.id, MEMBERS, { onIssue: (issue) => issues.push(issue) });

    expect(report).toMatchObject({ sent: 3, rejected: 2, accepted: 1 });
    expect(issues.map((issue) => issue.index)).toEqual([0, 1]);
    expectRedacted(`${JSON.stringify(report)}\n${inspect(issues, { depth: 10 })}`);
  });
});
