import { ApiCallError } from '@x/core';
import { describe, expect, it } from 'vitest';
import { ADVERTISER_ID, apiCalls, setupCriteoMock, testClient } from './criteo-test-setup.test-helper.js';

const { mock } = setupCriteoMock();

const SEARCH = '/2026-07/marketing-solutions/audience-segments/search';
const CREATE = '/2026-07/marketing-solutions/audience-segments/create';
const segmentsNamed = (name: string) => [...mock.state.segments.values()].filter((segment) => segment.name === name);
const searchCalls = () => mock.calls.filter((call) => call.path === SEARCH);
const createCalls = () => mock.calls.filter((call) => call.path === CREATE);

describe('findSegment', () => {
  it('pages the search 100 at a time until it finds the name', async () => {
    for (let index = 0; index < 250; index++) mock.addSegment({ advertiserId: ADVERTISER_ID, name: `segment ${index}` });
    const target = mock.addSegment({ advertiserId: ADVERTISER_ID, name: 'Target' });

    await expect(testClient().findSegment({ name: 'Target' })).resolves.toEqual({ id: target.id, name: 'Target' });

    expect(searchCalls().map((call) => Object.fromEntries(call.query))).toEqual([
      { limit: '100', offset: '0' },
      { limit: '100', offset: '100' },
      { limit: '100', offset: '200' },
    ]);
    expect(searchCalls()[0]?.body).toEqual({
      data: { attributes: { audienceSegmentTypes: ['ContactList'], advertiserIds: [ADVERTISER_ID] } },
    });
    expect(searchCalls()[0]?.headers).toMatchObject({ 'content-type': 'application/json', accept: 'application/json' });
  });

  it('resolves to undefined after reading every page (offset >= totalItems)', async () => {
    for (let index = 0; index < 200; index++) mock.addSegment({ advertiserId: ADVERTISER_ID, name: `segment ${index}` });
    await expect(testClient().findSegment({ name: 'Missing' })).resolves.toBeUndefined();
    expect(searchCalls().map((call) => call.query.get('offset'))).toEqual(['0', '100']);
  });

  it("ignores other advertisers' segments and other segment types of the same name", async () => {
    mock.addSegment({ advertiserId: '999', name: 'Shared name' });
    mock.addSegment({ advertiserId: ADVERTISER_ID, name: 'Shared name', type: 'Lookalike' });
    await expect(testClient().findSegment({ name: 'Shared name' })).resolves.toBeUndefined();
  });

  it('matches the name exactly', async () => {
    mock.addSegment({ advertiserId: ADVERTISER_ID, name: 'Buyers 2026' });
    await expect(testClient().findSegment({ name: 'buyers 2026' })).resolves.toBeUndefined();
  });
});

describe('ensureSegment', () => {
  it('creates a missing contact list with the advertiser, name and description', async () => {
    const segment = await testClient().ensureSegment({ name: 'Newsletter', description: 'From the CRM' });
    expect(segment).toEqual({ id: expect.stringMatching(/^\d+$/), name: 'Newsletter' });
    expect(createCalls()[0]?.body).toEqual({
      data: [{ attributes: { advertiserId: ADVERTISER_ID, name: 'Newsletter', description: 'From the CRM', contactList: {} } }],
    });
    expect(mock.state.segments.get(segment.id)).toMatchObject({ advertiserId: ADVERTISER_ID, name: 'Newsletter', type: 'ContactList' });
  });

  it('returns an existing segment without creating one', async () => {
    const existing = mock.addSegment({ advertiserId: ADVERTISER_ID, name: 'Newsletter' });
    await expect(testClient().ensureSegment({ name: 'Newsletter' })).resolves.toEqual({ id: existing.id, name: 'Newsletter' });
    expect(createCalls()).toEqual([]);
  });

  it.each(['partial-200', 'http-400'] as const)('uses the segment another process created first (name-must-be-unique as %s)', async (answer) => {
    mock.failNext({ type: 'duplicate-name-race', answer });
    const segment = await testClient().ensureSegment({ name: 'Raced' });
    expect(segmentsNamed('Raced')).toHaveLength(1);
    expect(segment.id).toBe(segmentsNamed('Raced')[0]?.id);
    expect(createCalls().map((call) => call.status)).toEqual([answer === 'http-400' ? 400 : 200]);
    expect(apiCalls(mock.calls)).toEqual([`POST ${SEARCH}`, `POST ${CREATE}`, `POST ${SEARCH}`]);
  });

  it('ends with one segment when two calls race for the same name', async () => {
    const [first, second] = await Promise.all([testClient().ensureSegment({ name: 'Twice' }), testClient().ensureSegment({ name: 'Twice' })]);
    expect(first.id).toBe(second.id);
    expect(segmentsNamed('Twice')).toHaveLength(1);
  });

  it('searches again instead of repeating a create that failed ambiguously', async () => {
    mock.failNext({ type: 'network-error' }, { match: { path: CREATE } });
    mock.failNext({ type: 'server-error', status: 502 }, { match: { path: CREATE } });
    const segment = await testClient().ensureSegment({ name: 'Flaky' });
    expect(segmentsNamed('Flaky').map((entry) => entry.id)).toEqual([segment.id]);
    expect(apiCalls(mock.calls)).toEqual([
      `POST ${SEARCH}`,
      `POST ${CREATE}`,
      `POST ${SEARCH}`,
      `POST ${CREATE}`,
      `POST ${SEARCH}`,
      `POST ${CREATE}`,
    ]);
  });

  it('finds the segment when a create succeeded but its answer was lost', async () => {
    let creates = 0;
    const losingFetch: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const url = input instanceof Request ? input.url : String(input);
      if (url.endsWith('/audience-segments/create') && creates++ === 0) throw new TypeError('fetch failed: socket hang up');
      return response;
    };
    const segment = await testClient({ fetch: losingFetch }).ensureSegment({ name: 'Lost answer' });
    expect(segmentsNamed('Lost answer').map((entry) => entry.id)).toEqual([segment.id]);
    expect(createCalls()).toHaveLength(1);
  });

  it('fails clearly when the name is taken by a segment that is not a contact list', async () => {
    mock.addSegment({ advertiserId: ADVERTISER_ID, name: 'Taken', type: 'Lookalike' });
    const error = await testClient({ retry: { maxRetries: 1, initialDelayMs: 1, maxDelayMs: 1 } })
      .ensureSegment({ name: 'Taken' })
      .catch((caught: unknown) => caught);
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect((error as ApiCallError).code).toBe('name-must-be-unique');
    expect((error as Error).message).toContain('another type');
    expect(createCalls().length).toBeLessThanOrEqual(2);
  });

  it('does not retry a create refused for another reason', async () => {
    mock.failNext({ type: 'status', status: 400, body: { errors: [{ type: 'validation', code: 'advertiser-not-found', title: 'Unknown advertiser' }] } }, { match: { path: CREATE } });
    const error = await testClient().ensureSegment({ name: 'Refused' }).catch((caught: unknown) => caught);
    expect((error as ApiCallError).statusCode).toBe(400);
    expect((error as ApiCallError).code).toBe('advertiser-not-found');
    expect(createCalls()).toHaveLength(1);
  });
});
