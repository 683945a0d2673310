import { createRateLimiter } from '@x/core';
import type { RecordedCall } from '@x/core/msw';
import { describe, expect, it } from 'vitest';
import { createCriteoAudiencesClient } from './index.js';
import { emailHashes, expectInvariants, expectSameSet, recordingFetch, soakRetry, watchTraffic } from './criteo-hardening.test-helper.js';
import { ADVERTISER_ID, CLIENT_ID, CLIENT_SECRET, setupCriteoMock } from './criteo-test-setup.test-helper.js';

// The fake's clock: a token expires 900 s of it after being issued.
let clock = Date.UTC(2026, 10, 23, 9, 0, 0);
const { mock, server } = setupCriteoMock({ now: () => clock });

const API_PATHS = /\/marketing-solutions\//;

function sharedClient(seed: number, timeoutMs = 2_000) {
  const recorder = recordingFetch();
  const client = createCriteoAudiencesClient({
    advertiserId: ADVERTISER_ID,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    retry: soakRetry(seed, timeoutMs),
    fetch: recorder.fetch,
    rateLimiter: createRateLimiter({ requestsPerMinute: 6_000_000 }),
  });
  return { client, recorder };
}

const bearer = (call: RecordedCall) => /^Bearer (.+)$/.exec(call.headers.authorization ?? '')?.[1];
const apiCalls = () => mock.calls.filter((call) => API_PATHS.test(call.path));
const tokenCalls = () => mock.calls.filter((call) => call.path === '/oauth2/token');

/**
 * The attempts of each amendment, in order (one amendment = one batch: same path, operation and
 * identifiers). After a 401 for a token, the next attempt of that amendment must carry another one.
 */
function expectNoStaleTokenTwice() {
  const chains = new Map<string, RecordedCall[]>();
  for (const call of apiCalls()) {
    if (call.method !== 'PATCH') continue;
    const attributes = (call.body as { data: { attributes: { operation: string; identifiers: string[] } } }).data.attributes;
    const key = `${call.path} ${attributes.operation} ${attributes.identifiers[0]} ${attributes.identifiers.length}`;
    chains.set(key, [...(chains.get(key) ?? []), call]);
  }
  let refusals = 0;
  for (const attempts of chains.values()) {
    attempts.forEach((attempt, position) => {
      const following = attempts[position + 1];
      if (attempt.status !== 401 || following === undefined) return;
      refusals++;
      expect(bearer(following)).not.toBe(bearer(attempt));
    });
  }
  return refusals;
}

/** Tokens the API refused with a 401, and the calls that carried each token after its replacement was issued. */
function staleUses(recorder: ReturnType<typeof recordingFetch>) {
  const refused = new Set(apiCalls().filter((call) => call.status === 401).map(bearer));
  const late: string[] = [];
  for (const token of refused) {
    // The first token issued after a 401 for this token replaced it for every caller.
    const firstRefusal = recorder.events.findIndex((event) => event.kind === 'answer' && event.token === token && event.status === 401);
    const replaced = recorder.events.findIndex((event, index) => index > firstRefusal && event.kind === 'answer' && event.path === '/oauth2/token' && event.status === 200);
    if (replaced === -1) continue;
    for (const event of recorder.events.slice(replaced)) if (event.kind === 'send' && event.token === token) late.push(event.path);
  }
  return { refused, late };
}

describe('several syncs on one client', () => {
  it('share one token request on a cold start', async () => {
    const segments = Array.from({ length: 6 }, (_, index) => mock.addSegment({ advertiserId: ADVERTISER_ID, name: `Cold ${index}` }));
    const { client } = sharedClient(1);
    const reports = await Promise.all(segments.map((segment, index) => client.addMembers(segment.id, emailHashes(3_000, `cold${index}-`))));
    expect(reports.map((report) => report.accepted)).toEqual(Array(6).fill(3_000));
    expect(tokenCalls()).toHaveLength(1);
    expect(new Set(apiCalls().map(bearer)).size).toBe(1);
  });

  it('share one refresh when the token expires mid-sync, and never send the refused token again', async () => {
    const segments = Array.from({ length: 5 }, (_, index) => mock.addSegment({ advertiserId: ADVERTISER_ID, name: `Expiry ${index}` }));
    const audiences = segments.map((_, index) => emailHashes(70_000, `exp${index}-`)); // two amendments each
    const { client, recorder } = sharedClient(2);
    let expired = false;
    const reports = await Promise.all(
      segments.map((segment, index) =>
        client.addMembers(segment.id, audiences[index] as string[], {
          concurrency: 1, // the second amendment of each sync leaves after the expiry
          onProgress: () => {
            if (!expired) mock.expireTokens(); // every token dies while the other amendments are in flight
            expired = true;
          },
        }),
      ),
    );
    reports.forEach((report) => {
      expect(report).toMatchObject({ sent: 70_000, accepted: 70_000 });
      expectInvariants(report);
    });
    segments.forEach((segment, index) => expectSameSet(mock.members(segment.id), new Set(audiences[index])));

    const refusals = expectNoStaleTokenTwice();
    expect(refusals).toBeGreaterThan(1); // several amendments hit the expired token at once...
    expect(tokenCalls().map((call) => call.status)).toEqual([200, 200]); // ...and shared one refresh
    const { refused, late } = staleUses(recorder);
    expect(refused.size).toBe(1);
    expect(late).toEqual([]);
  });

  it.each([3, 4])('keep one refresh per refused token through repeated expiries and a flaky token endpoint (seed %i)', async (seed) => {
    const segments = Array.from({ length: 4 }, (_, index) => mock.addSegment({ advertiserId: ADVERTISER_ID, name: `Churn ${index}` }));
    const traffic = watchTraffic(server, mock, {
      seed,
      tokenFaultRate: 0.4,
      tokenFaultDelayMs: 350,
      // Each API call moves the fake's clock 75 s: a token expires after about 12 calls.
      onApiRequest: () => {
        clock += 75_000;
      },
    });
    mock.failNext({ type: 'server-error', status: 503 }, { match: { path: '/oauth2/token' } });
    const { client, recorder } = sharedClient(seed, 300);
    const universe = emailHashes(8_000, `churn${seed}-`);
    await Promise.all(
      segments.map(async (segment, index) => {
        for (let round = 0; round < 8; round++) {
          const slice = universe.slice((index * 1_000 + round * 500) % 7_000, (index * 1_000 + round * 500) % 7_000 + 1_000);
          const report = await client.addMembers(segment.id, slice);
          expect(report.accepted).toBe(1_000);
        }
      }),
    );
    await traffic.settle();

    expectNoStaleTokenTwice();
    const { refused, late } = staleUses(recorder);
    expect(refused.size).toBeGreaterThan(2);
    expect(late).toEqual([]);
    // One token received at the start, then exactly one per refused token, however many callers saw it refused.
    const received = recorder.events.filter((event) => event.kind === 'answer' && event.path === '/oauth2/token' && event.status === 200);
    expect(received).toHaveLength(1 + refused.size);
    expect(tokenCalls().length).toBeGreaterThan(1 + refused.size); // the token endpoint failed too, and was retried
  });

  it('ensureSegment for one name from several callers at once leaves one segment', async () => {
    const { client } = sharedClient(5);
    const found = await Promise.all(Array.from({ length: 6 }, () => client.ensureSegment({ name: 'Shared name' })));
    expect(new Set(found.map((segment) => segment.id)).size).toBe(1);
    expect([...mock.state.segments.values()].filter((segment) => segment.name === 'Shared name')).toHaveLength(1);
    expect(tokenCalls()).toHaveLength(1);
  });
});
