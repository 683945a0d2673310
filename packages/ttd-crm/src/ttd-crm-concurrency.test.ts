import type { Fault } from '@x/core/msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTtdCrmMock } from './msw/ttd-crm-mock.js';
import { createTtdCrmClient } from './ttd-crm-client.js';
import { expectInvariants, expectSameKeys, FAST_RETRY, trackRequests } from './ttd-hardening.test-helper.js';

// TTD-Auth is a static token (nothing to refresh): under concurrency it must be on every API call,
// and never on an upload to a presigned URL.

const TOKEN = 'ttd-conc-token-a81c55e2f0';
const ADVERTISER = 'concadv';
const FAULTS: Fault[] = [
  { type: 'status', status: 429, retryAfter: 1 },
  { type: 'status', status: 503 },
  { type: 'status', status: 502 },
  { type: 'network-error' },
  { type: 'delay', ms: 150 },
];

const mock = createTtdCrmMock({ authToken: TOKEN, advertiserId: ADVERTISER, pageSize: 3 });
const server = setupServer(...mock.handlers);
const requests = trackRequests(server);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(async () => {
  await requests.settled(mock.calls);
  mock.reset();
  requests.reset();
});
afterAll(() => server.close());

const emails = (from: number, count: number) => Array.from({ length: count }, (_, n) => `member${from + n}@example.net`);

function client() {
  return createTtdCrmClient({
    advertiserId: ADVERTISER,
    authToken: TOKEN,
    minimumRecords: 1,
    retry: { ...FAST_RETRY, maxRetries: 30, timeoutMs: 100 },
    uploadTimeoutMs: 100,
  });
}

describe('CRM: concurrent syncs on one client', () => {
  it('six drops at once (Replace and Add, overlapping members) all land exactly, with TTD-Auth on every API call only', async () => {
    const ttd = client();
    const segments = Array.from({ length: 6 }, (_, k) => mock.addSegment({ advertiserId: ADVERTISER, name: `conc-${k}`, members: [`stale${k}@example.net`] }));
    mock.randomFaults({ rate: 0.2, seed: 34, faults: FAULTS });
    const reports = await Promise.all(
      segments.map(({ crmDataId }, k) =>
        k % 2 === 0
          ? ttd.replaceMembers(crmDataId, emails(k * 500, 2_000), { piiType: 'Email' })
          : ttd.addMembers(crmDataId, emails(k * 500, 2_000), { piiType: 'Email' }),
      ),
    );
    await requests.settled(mock.calls);

    segments.forEach(({ crmDataId }, k) => {
      const expected = new Set(emails(k * 500, 2_000));
      if (k % 2 === 1) expected.add(`stale${k}@example.net`);
      expectSameKeys(mock.members(crmDataId), expected);
      expect(reports[k]).toMatchObject({ segmentId: crmDataId, received: 2_000, sent: 2_000, accepted: 2_000, batches: 1 });
      expectInvariants(reports[k] as (typeof reports)[number]);
      expect(mock.state.drops.get(reports[k]?.referenceId ?? '')?.crmDataId).toBe(crmDataId);
    });
    expect(mock.calls.some((call) => call.status !== 200)).toBe(true);
    for (const call of mock.calls) {
      if (call.method === 'PUT') {
        expect(call.headers['ttd-auth']).toBeUndefined();
        expect(Number(call.headers['content-length'])).toBe(Buffer.byteLength(call.rawBody));
      } else {
        expect(call.headers['ttd-auth']).toBe(TOKEN);
      }
    }
  });

  it('ensureSegment for several names at once creates each exactly once', async () => {
    const ttd = client();
    mock.addSegment({ advertiserId: ADVERTISER, name: 'existing' });
    mock.randomFaults({ rate: 0.2, seed: 77, faults: FAULTS.filter((fault) => fault.type !== 'delay') });
    const names = ['existing', 'a', 'b', 'c', 'd', 'e'];
    const found = await Promise.all(names.map((name) => ttd.ensureSegment({ name, region: 'EU' })));
    expect(found.map((segment) => segment.name)).toEqual(names);
    for (const name of names) expect([...mock.state.segments.values()].filter((segment) => segment.name === name)).toHaveLength(1);
  });

  it('ensureSegment for the same name twice at once, on one client, creates one segment', async () => {
    const ttd = client();
    const [first, second, third] = await Promise.all([
      ttd.ensureSegment({ name: 'same', region: 'US' }),
      ttd.ensureSegment({ name: 'same', region: 'US' }),
      ttd.ensureSegment({ name: 'same', region: 'US' }),
    ]);
    expect(mock.state.segments.size).toBe(1);
    expect(second?.crmDataId).toBe(first?.crmDataId);
    expect(third?.crmDataId).toBe(first?.crmDataId);
    expect(mock.calls.filter((call) => call.method === 'POST')).toHaveLength(1);
  });
});
