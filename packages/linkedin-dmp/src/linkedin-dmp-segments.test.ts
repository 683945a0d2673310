import { ApiCallError, ConfigurationError } from '@x/core';
import { describe, expect, it } from 'vitest';
import { ACCOUNT, ACCESS_TOKEN, PLATFORM, testClient, useMocks } from './linkedin-test-kit.test-helper.js';
import { createLinkedInDmpMock } from './msw/linkedin-dmp-mock.js';

const mock = createLinkedInDmpMock();
const alternative = createLinkedInDmpMock({
  baseUrl: 'https://li-alt.test/rest',
  createdIdHeader: { header: 'x-linkedin-id', form: 'urn' },
  firstSegmentId: 777,
});
useMocks(mock, alternative);

describe('findSegment', () => {
  it('looks up by sourceSegmentId with the account URN encoded, and sends the required headers', async () => {
    const seeded = mock.addSegment({ name: 'Newsletter', sourceSegmentId: 'crm:newsletter (EU)', sourcePlatform: PLATFORM, adAccountId: ACCOUNT });

    const found = await testClient().findSegment({ sourceSegmentId: 'crm:newsletter (EU)' });

    expect(found).toEqual({ id: seeded.id, name: 'Newsletter', sourceSegmentId: 'crm:newsletter (EU)' });
    const call = mock.calls[0];
    expect(call?.method).toBe('GET');
    expect(call?.url).toBe(
      `https://api.linkedin.com/rest/dmpSegments?q=account&account=urn%3Ali%3AsponsoredAccount%3A${ACCOUNT}` +
        `&sourceSegmentId=crm%3Anewsletter%20%28EU%29&sourcePlatform=${PLATFORM}`,
    );
    expect(call?.headers).toMatchObject({
      authorization: `Bearer ${ACCESS_TOKEN}`,
      'linkedin-version': '202604',
      'x-restli-protocol-version': '2.0.0',
    });
  });

  it('returns undefined when no segment has the key, and never matches by display name', async () => {
    mock.addSegment({ name: 'crm-newsletter', sourceSegmentId: 'other-key', sourcePlatform: PLATFORM, adAccountId: ACCOUNT });
    expect(await testClient().findSegment({ sourceSegmentId: 'crm-newsletter' })).toBeUndefined();
  });

  it('ignores segments of another ad account or source platform', async () => {
    mock.addSegment({ name: 'A', sourceSegmentId: 'key', sourcePlatform: 'SOMEONE_ELSE', adAccountId: ACCOUNT });
    mock.addSegment({ name: 'B', sourceSegmentId: 'key', sourcePlatform: PLATFORM, adAccountId: '999' });
    expect(await testClient().findSegment({ sourceSegmentId: 'key' })).toBeUndefined();
  });

  it('accepts the ad account as a URN', async () => {
    mock.addSegment({ name: 'A', sourceSegmentId: 'key', sourcePlatform: PLATFORM, adAccountId: ACCOUNT });
    const found = await testClient({ adAccountId: `urn:li:sponsoredAccount:${ACCOUNT}` }).findSegment({ sourceSegmentId: 'key' });
    expect(found?.name).toBe('A');
  });

  it('rejects a missing key before any call', async () => {
    await expect(testClient().findSegment({ sourceSegmentId: ' ' })).rejects.toSatisfy(ConfigurationError.isInstance);
    expect(mock.calls).toHaveLength(0);
  });
});

describe('ensureSegment', () => {
  it('creates a USER segment with the documented body and reads the id from x-restli-id', async () => {
    const segment = await testClient().ensureSegment({ sourceSegmentId: 'crm-newsletter', name: 'Newsletter subscribers' });

    expect(segment).toEqual({ id: '1000001', name: 'Newsletter subscribers', sourceSegmentId: 'crm-newsletter' });
    expect(mock.segmentBySourceId('crm-newsletter')?.id).toBe('1000001');
    const create = mock.calls.find((call) => call.method === 'POST');
    expect(create?.url).toBe('https://api.linkedin.com/rest/dmpSegments');
    expect(create?.body).toEqual({
      name: 'Newsletter subscribers',
      sourcePlatform: PLATFORM,
      sourceSegmentId: 'crm-newsletter',
      account: `urn:li:sponsoredAccount:${ACCOUNT}`,
      type: 'USER',
      destinations: [{ destination: 'LINKEDIN' }],
    });
    expect(create?.headers).toMatchObject({ 'linkedin-version': '202604', 'x-restli-protocol-version': '2.0.0', 'content-type': 'application/json' });
  });

  it('returns the existing segment without creating a second one', async () => {
    const first = await testClient().ensureSegment({ sourceSegmentId: 'k', name: 'First name' });
    const again = await testClient().ensureSegment({ sourceSegmentId: 'k', name: 'Renamed' });
    expect(again.id).toBe(first.id);
    expect(mock.state.segments.size).toBe(1);
    expect(mock.calls.filter((call) => call.method === 'POST')).toHaveLength(1);
  });

  it('resolves a 409 (a concurrent create) by looking up again', async () => {
    // Another process created the segment; it was not listed yet when we looked.
    mock.addSegment({ name: 'Made elsewhere', sourceSegmentId: 'race', sourcePlatform: PLATFORM, adAccountId: ACCOUNT });
    mock.failNext({ type: 'status', status: 200, body: { elements: [] } }, { match: { method: 'GET' } });

    const segment = await testClient().ensureSegment({ sourceSegmentId: 'race', name: 'Race' });

    expect(segment.name).toBe('Made elsewhere');
    expect(mock.state.segments.size).toBe(1);
    expect(mock.calls.map((call) => `${call.method} ${call.status}`)).toEqual(['GET 200', 'POST 409', 'GET 200']);
  });

  it('two clients racing for the same key end on one segment', async () => {
    const [a, b] = await Promise.all([
      testClient().ensureSegment({ sourceSegmentId: 'shared', name: 'Shared' }),
      testClient().ensureSegment({ sourceSegmentId: 'shared', name: 'Shared' }),
    ]);
    expect(a.id).toBe(b.id);
    expect(mock.state.segments.size).toBe(1);
  });

  it('after a 5xx on create, looks up before creating again (creation is not blindly retried)', async () => {
    mock.failNext({ type: 'status', status: 503 }, { match: { method: 'POST', path: '/dmpSegments' } });
    const segment = await testClient().ensureSegment({ sourceSegmentId: 'flaky', name: 'Flaky' });
    expect(mock.state.segments.size).toBe(1);
    expect(segment.id).toBe(mock.segmentBySourceId('flaky')?.id);
    const sequence = mock.calls.map((call) => `${call.method} ${call.status}`);
    expect(sequence).toEqual(['GET 200', 'POST 503', 'GET 200', 'POST 201']);
  });

  it('after a 429 on create, waits the Retry-After, looks up, then creates', async () => {
    mock.failNext({ type: 'status', status: 429, retryAfter: 0 }, { match: { method: 'POST' } });
    const segment = await testClient().ensureSegment({ sourceSegmentId: 'throttled', name: 'Throttled' });
    expect(segment.id).toBe(mock.segmentBySourceId('throttled')?.id);
    expect(mock.calls.map((call) => `${call.method} ${call.status}`)).toEqual(['GET 200', 'POST 429', 'GET 200', 'POST 201']);
  });

  it('a 409 whose segment never shows up is an error after the retries', async () => {
    mock.failNext({ type: 'status', status: 409, body: { status: 409, message: 'exists' } }, { match: { method: 'POST' } });
    const error = await testClient({ retry: { maxRetries: 2, initialDelayMs: 1 } })
      .ensureSegment({ sourceSegmentId: 'ghost', name: 'Ghost' })
      .catch((caught: unknown) => caught);
    expect((error as ApiCallError).statusCode).toBe(409);
    expect((error as ApiCallError).code).toBe('segment-conflict');
    expect(mock.calls.map((call) => call.method)).toEqual(['GET', 'POST', 'GET', 'GET', 'GET']);
  });

  it('after a network error on create, finds the segment the lost answer had created', async () => {
    mock.addSegment({ name: 'Lost answer', sourceSegmentId: 'lost', sourcePlatform: PLATFORM, adAccountId: ACCOUNT });
    mock.failNext({ type: 'status', status: 200, body: { elements: [] } }, { match: { method: 'GET' } });
    mock.failNext({ type: 'network-error' }, { match: { method: 'POST' } });

    const segment = await testClient().ensureSegment({ sourceSegmentId: 'lost', name: 'Lost answer' });

    expect(segment.id).toBe(mock.segmentBySourceId('lost')?.id);
    expect(mock.state.segments.size).toBe(1);
    expect(mock.calls.filter((call) => call.method === 'POST')).toHaveLength(1);
  });

  it('reads x-linkedin-id when x-restli-id is absent, and returns the bare id of a URN', async () => {
    const segment = await testClient({ baseUrl: 'https://li-alt.test/rest' }).ensureSegment({ sourceSegmentId: 'alt', name: 'Alt' });
    expect(segment.id).toBe('777');
    expect(alternative.calls.find((call) => call.method === 'POST')?.status).toBe(201);
  });

  it('a 400 on create is final and names the problem', async () => {
    mock.failNext(
      { type: 'status', status: 400, body: { status: 400, serviceErrorCode: 100, code: 'ILLEGAL_ARGUMENT', message: 'ERROR :: /name :: too long' } },
      { match: { method: 'POST' } },
    );
    const error = await testClient().ensureSegment({ sourceSegmentId: 'bad', name: 'x' }).catch((caught: unknown) => caught);
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect((error as ApiCallError).statusCode).toBe(400);
    expect((error as ApiCallError).code).toBe('ILLEGAL_ARGUMENT');
    expect((error as Error).message).toContain('/name :: too long');
    expect(mock.calls.filter((call) => call.method === 'POST')).toHaveLength(1);
  });
});
