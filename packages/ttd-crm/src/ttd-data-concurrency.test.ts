import { createHmac } from 'node:crypto';
import type { SyncReport } from '@x/core';
import type { Fault } from '@x/core/msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTtdDataMock } from './msw/ttd-data-mock.js';
import { createTtdDataClient } from './ttd-data-client.js';
import type { TtdDataMember } from './ttd-data-member.js';
import type { TtdDataClientOptions } from './ttd-data-options.js';
import { expectInvariants, expectSameKeys, FAST_RETRY, trackRequests } from './ttd-hardening.test-helper.js';

// TTD's Data API has nothing to refresh: a static TTD-Auth token, or an HMAC-SHA1 signature of
// each body. Under concurrency the header must be on every call and each signature must match the
// exact bytes of its own request (413 halves and retries included).

const ADVERTISER = 'conc-adv';
const SECRET = 'conc-secret-key-P4s9Lq';
const TOKEN = 'conc-data-token-Xe72Mb';
const FAULTS: Fault[] = [
  { type: 'status', status: 429, retryAfter: 1 },
  { type: 'status', status: 503 },
  { type: 'status', status: 500 },
  { type: 'network-error' },
  { type: 'status', status: 413 },
  { type: 'delay', ms: 120 },
];

const mock = createTtdDataMock({ advertiserId: ADVERTISER, secretKey: SECRET, authToken: TOKEN });
const server = setupServer(...mock.handlers);
const requests = trackRequests(server);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(async () => {
  await requests.settled(mock.calls);
  mock.reset();
  requests.reset();
});
afterAll(() => server.close());

const tdid = (i: number) => `3e8a1f44-2c6b-4d0a-a1b2-${i.toString(16).padStart(12, '0')}`;
const uid2 = (i: number) => createHmac('sha256', 'k').update(String(i)).digest('base64');
/** Alternating TDIDs and UID2s; ranges of different segments overlap on purpose. */
const member = (i: number): { member: TtdDataMember; key: string } =>
  i % 2 === 0 ? { member: { tdid: tdid(i) }, key: `TDID:${tdid(i)}` } : { member: { uid2: uid2(i) }, key: `UID2:${uid2(i)}` };
const range = (from: number, count: number) => Array.from({ length: count }, (_, n) => member(from + n));

interface Sent {
  bytes: Buffer;
  headers: Headers;
}

/** A fetch that records the exact bytes and headers of every request the client makes. */
function recordingFetch(sent: Sent[]): typeof globalThis.fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    sent.push({ bytes: Buffer.from(await request.clone().arrayBuffer()), headers: request.headers });
    return globalThis.fetch(request);
  };
}

function client(auth: Pick<TtdDataClientOptions, 'secretKey'> | Pick<TtdDataClientOptions, 'authToken'>, sent: Sent[]) {
  return createTtdDataClient({
    advertiserId: ADVERTISER,
    region: 'apac',
    ...auth,
    fetch: recordingFetch(sent),
    maxItemsPerRequest: 150,
    retry: { ...FAST_RETRY, maxRetries: 30, timeoutMs: 80 },
  } as TtdDataClientOptions);
}

/** Six adds to six segments, a remove and an opt-out, all at once on one client. */
async function runConcurrently(ttd: ReturnType<typeof createTtdDataClient>) {
  const removeFrom = 'conc-remove';
  await ttd.addMembers(removeFrom, range(50_000, 1_000).map((entry) => entry.member));
  mock.randomFaults({ rate: 0.2, seed: 99, faults: FAULTS });
  const adds = Array.from({ length: 6 }, (_, k) => ({ name: `conc-${k}`, entries: range(k * 1_000, 2_500) }));
  const removed = range(50_000, 400);
  const optedOut = range(90_000, 300);
  const reports = await Promise.all([
    ...adds.map(({ name, entries }) => ttd.addMembers(name, entries.map((entry) => entry.member))),
    ttd.removeMembers(removeFrom, removed.map((entry) => entry.member)),
    ttd.optOut(optedOut.map((entry) => entry.member), { requestType: 'OptOut' }),
  ]);
  await requests.settled(mock.calls);
  mock.randomFaults({ rate: 0, seed: 0, faults: [] });

  adds.forEach(({ name, entries }, k) => {
    expectSameKeys(mock.state.segments.get(name)?.keys() ?? [], new Set(entries.map((entry) => entry.key)));
    expect(reports[k]).toMatchObject({ operation: 'add', segmentId: name, received: 2_500, sent: 2_500, accepted: 2_500, rejected: 0 });
  });
  expectSameKeys(mock.state.segments.get(removeFrom)?.keys() ?? [], new Set(range(50_400, 600).map((entry) => entry.key)));
  expect(mock.state.optOuts).toHaveLength(300);
  expect(optedOut.every((entry) => mock.state.isOptedOut(entry.member))).toBe(true);
  for (const report of reports as SyncReport[]) expectInvariants(report);
  expect(reports.reduce((sum, report) => sum + report.retries, 0)).toBeGreaterThan(10);
  expect(mock.calls.some((call) => call.status === 413)).toBe(true);
}

describe('Data API: concurrent syncs on one client', () => {
  it('HMAC: all complete exactly, and every signature matches the exact bytes of its own request', async () => {
    const sent: Sent[] = [];
    await runConcurrently(client({ secretKey: SECRET }, sent));

    expect(sent.length).toBeGreaterThan(100);
    const bodies = new Set<string>();
    for (const { bytes, headers } of sent) {
      expect(headers.get('ttdsignature')).toBe(createHmac('sha1', SECRET).update(bytes).digest('base64'));
      expect(headers.get('ttd-auth')).toBeNull();
      bodies.add(bytes.toString('utf8'));
    }
    // Retries resend the same bytes with the same signature; the mock checked each one too.
    expect(bodies.size).toBeLessThan(sent.length);
    expect(mock.calls.every((call) => call.status !== 401 && call.status !== 403)).toBe(true);
    const everything = sent.map(({ bytes, headers }) => `${bytes.toString('utf8')} ${JSON.stringify([...headers])}`).join('\n');
    expect(everything).not.toContain(SECRET);
  });

  it('token: all complete exactly, with the static TTD-Auth header on every call and no signature', async () => {
    const sent: Sent[] = [];
    await runConcurrently(client({ authToken: TOKEN }, sent));

    expect(sent.length).toBeGreaterThan(100);
    for (const { headers } of sent) {
      expect(headers.get('ttd-auth')).toBe(TOKEN);
      expect(headers.get('ttdsignature')).toBeNull();
    }
    expect(mock.calls.every((call) => call.headers['ttd-auth'] === TOKEN)).toBe(true);
  });
});
