import { ApiCallError, AuthenticationError, type SyncIssue } from '@x/core';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTtdDataMock } from './msw/ttd-data-mock.js';
import { createTtdDataClient } from './ttd-data-client.js';
import type { TtdDataMember } from './ttd-data-member.js';
import { expectNoneIn, printable } from './ttd-hardening.test-helper.js';

// TTD's Data API may echo the ids it was sent in an error body or a FailedLines message. None of
// them may reach an error (message, redactedBody, inspect, cause chain) or an issue.

const ADVERTISER = 'redact-adv';
const SECRET = 'redact-secret-Hq72Lx0p';
const TOKEN = 'redact-data-token-Vn38Ke';
// One of each kind, including short ones that no redaction pattern recognises.
const IDS = {
  tdid: '1f0e2d3c-4b5a-4697-8877-665544332211',
  daid: 'AB12CD34-EF56-4A78-9B01-C2D3E4F5A6B7',
  uid2: 'Zm9vYmFyYmF6cXV4cXV1eGZvb2JhcmJhenF1eHF1dXg=',
  uid2Token: 'AgAAAAN7ke3rQ2short',
  euid: 'EUIDvalueKp91',
  euidToken: 'AgAAAEuidTokPz',
  rampId: 'XY9k2mRamp',
};
const MEMBERS = Object.entries(IDS).map(([key, value]) => ({ [key]: value }) as TtdDataMember);
const VALUES = Object.values(IDS);
/** What a confused server might send back: every id and the client's own credential. */
const echo = (credential: string) => `could not store ${VALUES.join(', ')} (credential ${credential})`;

const mock = createTtdDataMock({ advertiserId: ADVERTISER, secretKey: SECRET, authToken: TOKEN });
const server = setupServer(...mock.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => mock.reset());
afterAll(() => server.close());

const client = (auth: { secretKey: string } | { authToken: string } = { secretKey: SECRET }) =>
  createTtdDataClient({ advertiserId: ADVERTISER, region: 'tokyo', ...auth, retry: { initialDelayMs: 1, maxDelayMs: 2, maxRetries: 2 } });

async function failure(run: () => Promise<unknown>): Promise<ApiCallError> {
  const error = await run().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(ApiCallError.isInstance(error), String(error)).toBe(true);
  return error as ApiCallError;
}

describe('Data API: ids echoed by TTD never reach an error or an issue', () => {
  it.each([
    [400, 'text'],
    [400, 'json'],
    [500, 'json'],
    [503, 'text'],
    [429, 'json'],
    [404, 'text'],
  ])('an HTTP %i answer (%s) echoing every id and the credential, in both auth modes', async (status, shape) => {
    for (const [auth, credential] of [
      [{ secretKey: SECRET }, SECRET],
      [{ authToken: TOKEN }, TOKEN],
    ] as const) {
      const body = shape === 'text' ? echo(credential) : { Message: echo(credential), ErrorCode: `Bad${IDS.rampId}` };
      mock.failNext({ type: 'status', status, body }, { times: 3 });
      const error = await failure(() => client(auth).addMembers('echo', MEMBERS));
      expect(error.statusCode).toBe(status);
      expect(error.message).toContain('could not store');
      expect(error.redactedBody ?? '').toContain('[redacted]');
      expectNoneIn(printable(error), [...VALUES, credential]);
    }
  });

  it('a 403 refusing the token, echoing it and the ids, becomes an AuthenticationError without them', async () => {
    mock.failNext({ type: 'status', status: 403, body: `Invalid token ${TOKEN} for ${VALUES.join(' ')}` });
    const error = await failure(() => client({ authToken: TOKEN }).removeMembers('echo', MEMBERS));
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expectNoneIn(printable(error), [...VALUES, TOKEN]);
  });

  it('FailedLines messages naming their own id or another line\'s id stay out of the issues', async () => {
    const lines = VALUES.map((value, n) => ({
      ItemNumber: n + 1,
      ErrorCode: 'UserNotMapped',
      Message: n % 2 === 0 ? `id ${value} (next to ${VALUES[(n + 1) % VALUES.length]}) could not be mapped` : `mapped with ${VALUES[n - 1]} instead`,
    }));
    mock.failNext({ type: 'status', status: 400, body: { FailedLines: lines } });
    const issues: SyncIssue[] = [];
    const report = await client().addMembers('echo', MEMBERS, { onIssue: (issue) => issues.push(issue) });
    expect(report).toMatchObject({ sent: VALUES.length, rejected: VALUES.length, accepted: 0 });
    expect(issues.map((issue) => issue.code)).toEqual(VALUES.map(() => 'UserNotMapped'));
    expectNoneIn(printable(report, issues), [...VALUES, SECRET]);
  });

  it('an opt-out answered 500 echoing the ids', async () => {
    mock.failNext({ type: 'status', status: 500, body: { Message: echo(SECRET) } }, { times: 3 });
    const error = await failure(() => client().optOut(MEMBERS, { requestType: 'Deletion' }));
    expectNoneIn(printable(error), [...VALUES, SECRET]);
  });
});
