import { AuthenticationError, ConfigurationError } from '@x/core';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTtdCrmMock } from './msw/ttd-crm-mock.js';
import { createTtdCrmClient } from './ttd-crm-client.js';
import { TtdCrmAmbiguousSegmentError } from './ttd-crm-errors.js';

const TOKEN = 'ttd-long-lived-token-0123456789';
const ADVERTISER = 'adv123';
const mock = createTtdCrmMock({ pageSize: 2, authToken: TOKEN });
const server = setupServer(...mock.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => mock.reset());
afterAll(() => server.close());

const client = (overrides: Record<string, unknown> = {}) =>
  createTtdCrmClient({ advertiserId: ADVERTISER, authToken: TOKEN, retry: { initialDelayMs: 1, maxDelayMs: 5 }, ...overrides });

describe('createTtdCrmClient options', () => {
  it('throws a ConfigurationError naming each bad field without echoing values', () => {
    let error: unknown;
    try {
      createTtdCrmClient({ advertiserId: '', authToken: 42 as unknown as string, baseUrl: `ftp://${TOKEN}`, minimumRecords: -1 });
    } catch (caught) {
      error = caught;
    }
    expect(ConfigurationError.isInstance(error)).toBe(true);
    const configuration = error as ConfigurationError;
    expect(configuration.issues.map((issue) => issue.path).sort()).toEqual(['advertiserId', 'authToken', 'baseUrl', 'minimumRecords']);
    expect(`${configuration.message} ${JSON.stringify(configuration.issues)}`).not.toContain(TOKEN);
  });

  it('rejects unknown options (typos) and accepts a complete valid set', () => {
    expect(() => client({ minimumRecord: 10 })).toThrow(ConfigurationError);
    expect(() => client({ baseUrl: 'https://ext-api.sb.thetradedesk.com/v3', minimumRecords: 0, spool: { thresholdBytes: 10 }, uploadTimeoutMs: 1000 })).not.toThrow();
  });
});

describe('findSegment', () => {
  it('finds a segment by exact name on a later page, reading every page with pagingToken', async () => {
    for (const name of ['a', 'b', 'c', 'd']) mock.addSegment({ advertiserId: ADVERTISER, name });
    const target = mock.addSegment({ advertiserId: ADVERTISER, name: 'Newsletter', region: 'EU' });
    mock.addSegment({ advertiserId: 'other-advertiser', name: 'Newsletter' });

    expect(await client().findSegment({ name: 'Newsletter' })).toEqual({ crmDataId: target.crmDataId, name: 'Newsletter', region: 'EU' });
    const lists = mock.calls.filter((call) => call.method === 'GET');
    expect(lists.map((call) => call.query.get('pagingToken'))).toEqual([null, 'page-2', 'page-4', 'page-5']);
    expect(lists.every((call) => call.path === `/v3/crmdata/segment/${ADVERTISER}` && call.headers['ttd-auth'] === TOKEN)).toBe(true);
  });

  it('resolves to undefined when no segment has the name (case matters)', async () => {
    mock.addSegment({ advertiserId: ADVERTISER, name: 'newsletter' });
    expect(await client().findSegment({ name: 'Newsletter' })).toBeUndefined();
  });

  it('fails naming the ids when several segments share the name', async () => {
    const first = mock.addSegment({ advertiserId: ADVERTISER, name: 'Twins' });
    mock.addSegment({ advertiserId: ADVERTISER, name: 'other' });
    const second = mock.addSegment({ advertiserId: ADVERTISER, name: 'Twins' });
    const error = await client().findSegment({ name: 'Twins' }).catch((caught: unknown) => caught);
    expect(TtdCrmAmbiguousSegmentError.isInstance(error)).toBe(true);
    expect((error as TtdCrmAmbiguousSegmentError).crmDataIds).toEqual([first.crmDataId, second.crmDataId]);
    expect((error as Error).message).toContain(first.crmDataId);
    expect((error as Error).message).toContain(second.crmDataId);
  });

  it('retries a 429 honouring Retry-After and a 503 on the list', async () => {
    mock.addSegment({ advertiserId: ADVERTISER, name: 'x' });
    mock.failNext({ type: 'status', status: 429, retryAfter: 0 });
    mock.failNext({ type: 'status', status: 503 });
    expect(await client().findSegment({ name: 'x' })).toBeDefined();
    expect(mock.calls.map((call) => call.status).slice(0, 2)).toEqual([429, 503]);
  });

  it('turns a 401 into an AuthenticationError that never shows the token', async () => {
    const wrong = 'wrong-token-abcdefghijklmnop';
    const error = await client({ authToken: wrong }).findSegment({ name: 'x' }).catch((caught: unknown) => caught);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect((error as AuthenticationError).statusCode).toBe(401);
    expect(JSON.stringify({ ...(error as object), message: (error as Error).message })).not.toContain(wrong);
    expect(mock.calls).toHaveLength(1);
  });
});

describe('ensureSegment', () => {
  it('creates a missing segment with the given region and the documented body', async () => {
    const segment = await client().ensureSegment({ name: 'Buyers', region: 'APAC' });
    expect(segment).toEqual({ crmDataId: expect.any(String), name: 'Buyers', region: 'APAC' });
    const create = mock.calls.find((call) => call.method === 'POST');
    expect(create?.path).toBe('/v3/crmdata/targeting/segment');
    expect(create?.body).toEqual({ AdvertiserId: ADVERTISER, SegmentName: 'Buyers', Region: 'APAC' });
    expect(create?.headers['ttd-auth']).toBe(TOKEN);
    expect(mock.state.segments.get(segment.crmDataId)).toMatchObject({ name: 'Buyers', region: 'APAC', advertiserId: ADVERTISER });
  });

  it('returns the existing segment without creating one', async () => {
    const existing = mock.addSegment({ advertiserId: ADVERTISER, name: 'Buyers', region: 'US' });
    expect(await client().ensureSegment({ name: 'Buyers', region: 'US' })).toEqual({ crmDataId: existing.crmDataId, name: 'Buyers', region: 'US' });
    expect(mock.calls.some((call) => call.method === 'POST')).toBe(false);
  });

  it('sends nothing when the name is ambiguous', async () => {
    mock.addSegment({ advertiserId: ADVERTISER, name: 'Twins' });
    mock.addSegment({ advertiserId: ADVERTISER, name: 'Twins' });
    await expect(client().ensureSegment({ name: 'Twins', region: 'US' })).rejects.toThrow(TtdCrmAmbiguousSegmentError);
    expect(mock.calls.every((call) => call.method === 'GET')).toBe(true);
  });

  it('never repeats a create whose answer was lost: it lists again and finds the new segment', async () => {
    mock.failAfterHandlingNext({ type: 'status', status: 502 }, { match: { method: 'POST' } });
    const segment = await client().ensureSegment({ name: 'Buyers', region: 'US' });
    expect(mock.state.segments.size).toBe(1);
    expect(segment.crmDataId).toBe([...mock.state.segments.keys()][0]);
    expect(mock.calls.filter((call) => call.method === 'POST')).toHaveLength(1);
  });

  it('after a network error on create, lists again, and only creates again if the segment is still missing', async () => {
    mock.failNext({ type: 'network-error' }, { match: { method: 'POST' } });
    const segment = await client().ensureSegment({ name: 'Buyers', region: 'EU' });
    expect(mock.state.segments.size).toBe(1);
    expect(segment.region).toBe('EU');
    expect(mock.calls.map((call) => `${call.method} ${call.status}`)).toEqual(['GET 200', 'POST 0', 'GET 200', 'POST 200']);
  });

  it('surfaces a validation refusal without retrying or listing again', async () => {
    const error = await client().ensureSegment({ name: 'Buyers', region: 'MARS' as 'US' }).catch((caught: unknown) => caught);
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(mock.calls).toHaveLength(0);
  });

  it('gives up on creation after the retry budget, with the last error', async () => {
    mock.failNext({ type: 'status', status: 500, body: { Message: 'Internal error' } }, { times: 3, match: { method: 'POST' } });
    const error = await client({ retry: { maxRetries: 2, initialDelayMs: 1 } }).ensureSegment({ name: 'Buyers', region: 'US' }).catch((caught: unknown) => caught);
    expect((error as { statusCode?: number }).statusCode).toBe(500);
    expect(mock.state.segments.size).toBe(0);
    expect(mock.calls.filter((call) => call.method === 'POST')).toHaveLength(3);
  });
});
