import { ApiCallError, AuthenticationError, ConfigurationError, RateLimitError, type SyncReport } from '@x/core';
import { describe, expect, it } from 'vitest';
import { createTtdDataMock } from './msw/ttd-data-mock.js';
import { createTtdDataClient } from './ttd-data-client.js';
import { ADVERTISER, guid, SECRET, setupTtdDataServer, tdids, testClient, TOKEN } from './ttd-data-test-server.test-helper.js';

const { mock, server } = setupTtdDataServer();

const UID2 = 'QmFzZTY0VWlkMlZhbHVlT2ZBVGVzdFVzZXIxMjM0NTY=';
const UID2_TOKEN = 'AgAAAAPFR7ZmR0xjTlH5BXCsLy0Hq6Zx3sNs8Sc+short';

/** Everything a user could print about an error or a report. */
function printable(value: unknown): string {
  const error = value as { message?: string; stack?: string; cause?: unknown; redactedBody?: string; report?: unknown; code?: string };
  return [error.message, error.stack, error.redactedBody, error.code, JSON.stringify(error.report ?? value), String(error.cause ?? '')].join('\n');
}

function expectNoSecrets(text: string, extra: string[] = []): void {
  for (const secret of [SECRET, TOKEN, UID2, UID2_TOKEN, guid(1), guid(2), ...extra]) expect(text).not.toContain(secret);
}

describe('413: split and retry the halves', () => {
  it('splits a batch the server finds too large, recursively, and every member lands', async () => {
    const small = createTtdDataMock({ advertiserId: ADVERTISER, secretKey: SECRET, maxBodyBytes: 600 });
    server.use(...small.handlers);
    const ttd = testClient();
    const report = await ttd.addMembers('split', tdids(12));
    expect(report).toMatchObject({ received: 12, sent: 12, accepted: 12, rejected: 0, batches: 1 });
    // 12 items (~1.1 KB) → 413; halves of 6 (~600 B) → 413 again; quarters of 3 fit.
    expect(small.calls.map((call) => [call.status, (call.body as { Items: unknown[] }).Items.length])).toEqual([
      [413, 12],
      [413, 6],
      [200, 3],
      [200, 3],
      [413, 6],
      [200, 3],
      [200, 3],
    ]);
    expect(small.state.members('split')).toHaveLength(12);
    const stored = small.calls.filter((call) => call.status === 200);
    expect(stored.flatMap((call) => (call.body as { Items: unknown[] }).Items)).toHaveLength(12);
    for (const call of stored) expect(Buffer.byteLength(call.rawBody)).toBeLessThanOrEqual(600);
  });

  it('rejects a single member that is still too large, with a code, and keeps the others', async () => {
    const tiny = createTtdDataMock({ advertiserId: ADVERTISER, secretKey: SECRET, maxBodyBytes: 200 });
    server.use(...tiny.handlers);
    const ttd = testClient();
    const long = `RampId${'x'.repeat(150)}`;
    const report = await ttd.addMembers('split', [{ tdid: guid(1) }, { rampId: long }, { tdid: guid(2) }]);
    expect(report).toMatchObject({ received: 3, sent: 3, accepted: 2, rejected: 1 });
    expect(report.issues).toEqual([{ index: 1, code: 'request-too-large', message: expect.any(String) as string }]);
    expect(tiny.state.members('split').map((membership) => membership.id).sort()).toEqual([guid(1), guid(2)]);
    expectNoSecrets(printable(report), [long]);
  });

  it('cuts batches under maxBodyBytes before sending', async () => {
    const ttd = testClient({ maxBodyBytes: 2_000 });
    const report = await ttd.addMembers('sized', tdids(100));
    expect(report.accepted).toBe(100);
    expect(mock.calls.length).toBeGreaterThanOrEqual(5);
    expect(mock.calls.flatMap((call) => (call.body as { Items: unknown[] }).Items)).toHaveLength(100);
    for (const call of mock.calls) expect(Buffer.byteLength(call.rawBody)).toBeLessThanOrEqual(2_000);
    expect(mock.calls.every((call) => call.status === 200)).toBe(true);
  });
});

describe('FailedLines', () => {
  it('maps FailedLines of a 200 back to input positions, with the ErrorCode as issue code', async () => {
    mock.rejectIds([guid(5), UID2], 'UserNotMapped');
    const ttd = testClient();
    const input = [{ tdid: guid(4) }, { tdid: guid(5) }, { tdid: 'bad' }, { uid2: UID2 }, { tdid: guid(6) }];
    const report = await ttd.addMembers('lines', input as never);
    expect(report).toMatchObject({ received: 5, invalid: 1, sent: 4, accepted: 2, rejected: 2 });
    expect(report.issues.filter((issue) => issue.code === 'UserNotMapped').map((issue) => issue.index)).toEqual([1, 3]);
    expect(mock.state.has('lines', { tdid: guid(4) })).toBe(true);
    expect(mock.state.has('lines', { tdid: guid(5) })).toBe(false);
    expectNoSecrets(printable(report));
  });

  it('maps ItemNumber per request when members span several requests (1-based within the request)', async () => {
    const ttd = testClient({ maxItemsPerRequest: 3 });
    mock.rejectIds([guid(3), guid(7)]);
    const report = await ttd.addMembers('lines', tdids(9), { concurrency: 2 });
    expect(report.issues.map((issue) => [issue.index, issue.code]).sort()).toEqual([
      [3, 'UserNotMapped'],
      [7, 'UserNotMapped'],
    ]);
    expect(report.accepted).toBe(7);
  });

  it('reads a 400 FailedLines body that names lines, ItemNumber as string, once per item', async () => {
    mock.failNext({
      type: 'status',
      status: 400,
      body: {
        FailedLines: [
          { ErrorCode: 'TargetingDataCountLimitExceeded', Message: `limit for ${guid(2)}`, ItemNumber: '2', DataNumber: '1' },
          { ErrorCode: 'TargetingDataCountLimitExceeded', Message: 'again', ItemNumber: '2', DataNumber: '2' },
        ],
      },
    });
    const report = await testClient().addMembers('lines', [{ tdid: guid(1) }, { tdid: guid(2) }, { tdid: guid(3) }]);
    expect(report).toMatchObject({ sent: 3, accepted: 2, rejected: 1 });
    expect(report.issues).toEqual([{ index: 1, code: 'TargetingDataCountLimitExceeded', message: expect.stringContaining('TargetingDataCountLimitExceeded') as string }]);
    expectNoSecrets(printable(report));
  });

  it('counts FailedLines that name no item as rejected without an index', async () => {
    mock.failNext({ type: 'status', status: 200, body: { FailedLines: [{ ErrorCode: 'Unknown', Message: 'something' }] } });
    const report = await testClient().addMembers('lines', tdids(3));
    expect(report).toMatchObject({ sent: 3, accepted: 2, rejected: 1, issues: [] });
  });

  it('fails with an ApiCallError on a 400 that names no line, plain text or JSON', async () => {
    mock.failNext({ type: 'status', status: 400, body: `Advertiser is not configured for ${guid(1)}`, headers: { 'content-type': 'application/json' } });
    const error = await testClient().addMembers('lines', tdids(3, 1)).catch((caught: unknown) => caught);
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: 400, isRetryable: false, platform: 'ttd-data' });
    expect((error as ApiCallError).report).toMatchObject({ received: 0, sent: 0 });
    expectNoSecrets(printable(error));

    mock.failNext({ type: 'status', status: 400, body: { FailedLines: [{ ErrorCode: 'ItemDeserializationError', Message: 'bad body' }] } });
    const second = await testClient().addMembers('lines', tdids(2)).catch((caught: unknown) => caught);
    expect(second).toMatchObject({ statusCode: 400, code: 'ItemDeserializationError' });
  });
});

describe('retries and errors', () => {
  it('retries 429 (Retry-After), 5xx and network errors: POSTs here are safe to repeat', async () => {
    mock.failNext({ type: 'status', status: 429, retryAfter: 0, body: 'Too many requests' });
    mock.failNext({ type: 'status', status: 503 });
    mock.failNext({ type: 'network-error' });
    mock.failNext({ type: 'status', status: 500, body: 'oops' });
    const report = await testClient().addMembers('retry', tdids(3));
    expect(report).toMatchObject({ sent: 3, accepted: 3, retries: 4, batches: 1 });
    expect(mock.calls.map((call) => call.status)).toEqual([429, 503, 0, 500, 200]);
    expect(new Set(mock.calls.map((call) => call.headers.ttdsignature)).size).toBe(1);
    expect(mock.state.members('retry')).toHaveLength(3);
  });

  it('gives up with a RateLimitError after maxRetries, carrying the report so far', async () => {
    mock.failNext({ type: 'status', status: 429, retryAfter: 0 }, { times: 10 });
    const error = await testClient({ retry: { maxRetries: 2, initialDelayMs: 1, maxDelayMs: 1 } })
      .addMembers('retry', tdids(2))
      .catch((caught: unknown) => caught);
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect((error as RateLimitError).report).toMatchObject({ sent: 0, retries: 2 });
    expect(mock.calls).toHaveLength(3);
  });

  it('scrubs ids a failing answer echoes, even short ones no pattern recognises', async () => {
    const rampId = 'XY1000shortRamp';
    mock.failNext({ type: 'status', status: 500, body: { Message: `could not store ${rampId} / ${UID2_TOKEN}` } }, { times: 3 });
    const error = await testClient({ retry: { maxRetries: 2, initialDelayMs: 1, maxDelayMs: 1 } })
      .addMembers('echo', [{ rampId }, { uid2Token: UID2_TOKEN }])
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ statusCode: 500, retries: 2 });
    expect(printable(error)).toContain('could not store');
    expectNoSecrets(printable(error), [rampId]);
  });

  it('a wrong secret gets 403 → AuthenticationError, never echoing the secret or ids', async () => {
    const wrong = 'wrong-secret-value-123';
    const error = await testClient({ secretKey: wrong }).addMembers('auth', [{ tdid: guid(1) }, { uid2: UID2 }, { uid2Token: UID2_TOKEN }]).catch((caught: unknown) => caught);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: 403 });
    expect(mock.calls).toHaveLength(1);
    expectNoSecrets(printable(error), [wrong, mock.calls[0]?.headers.ttdsignature ?? 'x'.repeat(30)]);
  });

  it('a wrong token gets 401 → AuthenticationError without the token', async () => {
    const wrong = 'not-the-token-987';
    const error = await testClient({ secretKey: undefined, authToken: wrong } as never).addMembers('auth', tdids(1, 1)).catch((caught: unknown) => caught);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: 401 });
    expectNoSecrets(printable(error), [wrong]);
  });

  it('a 403 TargetingDataLimitReached stays an ApiCallError naming the code', async () => {
    mock.failNext({ type: 'status', status: 403, body: 'TargetingDataLimitReached', headers: { 'content-type': 'application/json' } });
    const error = await testClient().addMembers('limit', tdids(1)).catch((caught: unknown) => caught);
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(AuthenticationError.isInstance(error)).toBe(false);
    expect(error).toMatchObject({ statusCode: 403, code: 'TargetingDataLimitReached' });
    expect((error as Error).message).toContain('TargetingDataLimitReached');
  });
});

describe('options', () => {
  it('validates the factory options with ConfigurationError naming fields, never values', () => {
    const attempts: Array<[unknown, string]> = [
      [{ advertiserId: ADVERTISER, region: 'us-east' }, 'secretKey'],
      [{ advertiserId: ADVERTISER, region: 'us-east', secretKey: SECRET, authToken: TOKEN }, 'authToken'],
      [{ advertiserId: ADVERTISER, region: 'mars', secretKey: SECRET }, 'region'],
      [{ advertiserId: '', region: 'eu', secretKey: SECRET }, 'advertiserId'],
      [{ advertiserId: ADVERTISER, region: 'eu', authToken: TOKEN, baseUrl: 'not a url' }, 'baseUrl'],
      [{ advertiserId: ADVERTISER, region: 'eu', authToken: TOKEN, maxBodyBytes: 10 }, 'maxBodyBytes'],
      [{ advertiserId: ADVERTISER, region: 'eu', authToken: TOKEN, fetch: 'fetch' }, 'fetch'],
      [{ advertiserId: ADVERTISER, region: 'eu', secretKey: 42 }, 'secretKey'],
    ];
    for (const [options, field] of attempts) {
      let caught: unknown;
      try {
        createTtdDataClient(options as never);
      } catch (error) {
        caught = error;
      }
      expect(ConfigurationError.isInstance(caught), field).toBe(true);
      expect((caught as ConfigurationError).issues.map((issue) => issue.path)).toContain(field);
      expect(printable(caught)).not.toContain(SECRET);
      expect(printable(caught)).not.toContain(TOKEN);
    }
  });

  it('validates Name length, TTL range and requestType before sending anything', async () => {
    const ttd = testClient();
    const reject = async (promise: Promise<SyncReport>, field: string) => {
      const error = await promise.catch((caught: unknown) => caught);
      expect(ConfigurationError.isInstance(error), field).toBe(true);
      expect((error as ConfigurationError).issues.map((issue) => issue.path)).toContain(field);
    };
    await reject(ttd.addMembers('n'.repeat(257), tdids(1)), 'segmentName');
    await reject(ttd.addMembers('', tdids(1)), 'segmentName');
    await reject(ttd.addMembers('ok', tdids(1), { ttlMinutes: 259_201 }), 'ttlMinutes');
    await reject(ttd.addMembers('ok', tdids(1), { ttlMinutes: -1 }), 'ttlMinutes');
    await reject(ttd.addMembers('ok', tdids(1), { ttlMinutes: 1.5 }), 'ttlMinutes');
    await reject(ttd.removeMembers('n'.repeat(300), tdids(1)), 'segmentName');
    await reject(ttd.optOut(tdids(1), { requestType: 'Forget' } as never), 'requestType');
    await reject(ttd.addMembers('ok', tdids(1), { concurrency: 0 }), 'concurrency');
    expect(mock.calls).toHaveLength(0);

    await ttd.addMembers('n'.repeat(256), tdids(1), { ttlMinutes: 259_200 });
    expect(mock.state.members('n'.repeat(256))[0]?.ttlMinutes).toBe(259_200);
  });

  it('refuses members that are not iterable', async () => {
    const error = await testClient().addMembers('ok', 42 as never).catch((caught: unknown) => caught);
    expect(ConfigurationError.isInstance(error)).toBe(true);
  });
});
