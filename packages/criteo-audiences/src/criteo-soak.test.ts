import { createRateLimiter, sha256, type SyncReport } from '@x/core';
import { seededRandom } from '@x/core/msw';
import { describe, expect, it } from 'vitest';
import { createCriteoAudiencesClient, type CriteoAudiencesClient } from './index.js';
import {
  apiFaults,
  emailHashes,
  expectInvariants,
  expectSameSet,
  recordingFetch,
  soakRetry,
  watchTraffic,
} from './criteo-hardening.test-helper.js';
import { ADVERTISER_ID, CLIENT_ID, CLIENT_SECRET, setupCriteoMock } from './criteo-test-setup.test-helper.js';

// The fake's clock: tokens expire after their 900 s lifetime of it, which the soak moves forward.
let clock = Date.UTC(2026, 10, 23, 9, 0, 0);
const { mock, server } = setupCriteoMock({ now: () => clock });

const FAULT_RATE = 0.2;
const API_PATHS = /\/marketing-solutions\//;

function soakClient(seed: number, timeoutMs: number) {
  const recorder = recordingFetch();
  const client = createCriteoAudiencesClient({
    advertiserId: ADVERTISER_ID,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    retry: soakRetry(seed, timeoutMs),
    fetch: recorder.fetch,
    // Pacing has its own tests: here a limiter that never slows the soak (its pauses stay capped by retry).
    rateLimiter: createRateLimiter({ requestsPerMinute: 6_000_000 }),
  });
  return { client, recorder };
}

/** What hit the API and the token endpoint, by kind, from the mock's call log and the client's view. */
function faultTally(recorder: ReturnType<typeof recordingFetch>) {
  const api = mock.calls.filter((call) => API_PATHS.test(call.path));
  const token = mock.calls.filter((call) => call.path === '/oauth2/token');
  const count = (calls: typeof api, test: (status: number) => boolean) => calls.filter((call) => test(call.status)).length;
  return {
    apiCalls: api.length,
    rateLimited: count(api, (status) => status === 429),
    serverErrors: count(api, (status) => status >= 500),
    networkErrors: count(api, (status) => status === 0),
    unauthorized: count(api, (status) => status === 401),
    // The client gives up on a delayed answer after its per-attempt timeout (the fetch is aborted).
    timeouts: recorder.events.filter((event) => event.kind === 'failed' && API_PATHS.test(event.path) && event.name !== 'TypeError').length,
    tokenRequests: token.length,
    tokenIssued: count(token, (status) => status === 200),
    tokenFaulted: count(token, (status) => status !== 200),
  };
}

/**
 * 200,000 members written in several casings and paddings, with invalid rows and duplicates mixed
 * in. Returns the input and the hashes Criteo must end up holding.
 */
function bigAudience(size: number) {
  const members: string[] = [];
  const expected = new Set<string>();
  let invalid = 0;
  let duplicates = 0;
  for (let index = 0; index < size; index++) {
    const email = `member${index}@example.com`;
    expected.add(sha256(email, 'hex'));
    members.push(index % 3 === 0 ? `  ${email.toUpperCase()} ` : email);
    if (index % 400 === 0) {
      members.push(`not an email ${index}`);
      invalid++;
    }
    if (index % 250 === 0) {
      members.push(email.replace('member', 'MEMBER'));
      duplicates++;
    }
  }
  return { members, expected, invalid, duplicates };
}

describe('soak: nothing lost, nothing extra under ~20% random faults', () => {
  it('adds 200,000 members, then removes a third of them, through 429/5xx/resets/timeouts and a token expiry', async () => {
    const seed = 20_251_123;
    // 50,000 identifiers make a 3 MB body: allow it time, and make the slow answers slower still.
    const timeoutMs = 1_500;
    const traffic = watchTraffic(server, mock, { seed, tokenFaultRate: 0.3, tokenFaultDelayMs: timeoutMs + 100 });
    const segment = mock.addSegment({ advertiserId: ADVERTISER_ID, name: 'Soak 200k' });
    mock.randomFaults({ rate: FAULT_RATE, seed, faults: apiFaults(timeoutMs + 100), match: { path: API_PATHS } });
    // Four requests only: make sure a reset and a timeout hit them (scripted faults come first).
    mock.failNext({ type: 'network-error' }, { match: { method: 'PATCH' } });
    mock.failNext({ type: 'delay', ms: timeoutMs + 100 }, { match: { method: 'PATCH' } });
    const { client, recorder } = soakClient(seed, timeoutMs);
    const audience = bigAudience(200_000);

    // The token really expires once the first batch is answered: the next requests get a 401.
    let expired = false;
    const added = await client.addMembers(segment.id, audience.members, {
      onProgress: () => {
        if (!expired) mock.expireTokens();
        expired = true;
      },
    });
    await traffic.settle();
    expect(added).toMatchObject({
      received: audience.members.length,
      invalid: audience.invalid,
      duplicates: audience.duplicates,
      sent: 200_000,
      accepted: 200_000,
      rejected: 0,
      batches: 4,
    });
    expectInvariants(added);
    expect(added.retries).toBeGreaterThanOrEqual(3);
    expectSameSet(mock.members(segment.id), audience.expected);

    const leaving = audience.members.filter((_, position) => position % 3 === 1);
    const leavingHashes = new Set<string>();
    for (const member of leaving) if (member.includes('@')) leavingHashes.add(sha256(member.trim().toLowerCase(), 'hex'));
    const removed = await client.removeMembers(segment.id, leaving);
    await traffic.settle();
    expectInvariants(removed);
    expect(removed.accepted).toBe(leavingHashes.size);
    const remaining = new Set([...audience.expected].filter((hash) => !leavingHashes.has(hash)));
    expectSameSet(mock.members(segment.id), remaining);
    expect(mock.members(segment.id)).toHaveLength(added.accepted - removed.accepted);

    const tally = faultTally(recorder);
    expect(tally.unauthorized).toBeGreaterThan(0);
    expect(tally.networkErrors).toBeGreaterThan(0);
    expect(tally.timeouts).toBeGreaterThan(0);
    expect(tally.tokenIssued).toBeGreaterThanOrEqual(2);
  });

  describe.each([7, 8_675_309])('many syncs on one client (seed %i)', (seed) => {
    it('keeps every contact list exactly equal to the model across 60 faulted syncs', async () => {
      const timeoutMs = 250;
      const faults = apiFaults(timeoutMs + 50);
      const traffic = watchTraffic(server, mock, {
        seed,
        tokenFaultRate: 0.3,
        tokenFaultDelayMs: timeoutMs + 50,
        // Each API call moves the fake's clock 30 s: a token lives 30 calls, then the API answers
        // 401 authorization-token-expired mid-sync (the client's own clock still trusts it).
        onApiRequest: () => {
          clock += 30_000;
        },
        wipeFaults: { rate: FAULT_RATE, faults: faults.filter((fault) => fault.type !== 'delay') },
      });
      mock.randomFaults({ rate: FAULT_RATE, seed, faults, match: { path: API_PATHS } });
      // The first token request fails for sure; later ones at random.
      mock.failNext({ type: 'server-error', status: 503 }, { match: { path: '/oauth2/token' } });
      const universe = emailHashes(12_000, `s${seed}-`);
      // Criteo counts a few identifiers invalid: they are reported rejected and never held.
      const refused = new Set(universe.filter((_, index) => index % 997 === 5));
      mock.rejectIdentifiers(refused);
      const { client, recorder } = soakClient(seed, timeoutMs);

      // ensureSegment under faults: one segment per name, never a duplicate created by a blind retry.
      const names = ['Soak A', 'Soak B', 'Soak C', 'Soak D'];
      const segments = await Promise.all(names.map((name) => client.ensureSegment({ name })));
      expect(new Set(segments.map((segment) => segment.id)).size).toBe(4);
      expect([...mock.state.segments.values()].map((segment) => segment.name).sort()).toEqual(names);

      const run = async (segmentId: string) => {
        const random = seededRandom(seed + Number(segmentId));
        const model = new Set<string>();
        for (let step = 0; step < 15; step++) {
          const operation = step === 0 ? 'add' : (['add', 'add', 'remove', 'replace'] as const)[Math.floor(random() * 4)]!;
          const start = Math.floor(random() * universe.length);
          const slice = universe.slice(start, start + 500 + Math.floor(random() * 4_000));
          // A member given twice (once upper-cased) counts as a duplicate, a broken one as invalid.
          const input = [...slice, ...(slice[0] === undefined ? [] : [slice[0].toUpperCase()]), 'broken@@example.com'];
          const report = await syncOnce(client, operation, segmentId, input);
          await traffic.settle(`/2026-07/marketing-solutions/audience-segments/${segmentId}/contact-list`);
          const valid = slice.filter((hash) => !refused.has(hash));
          if (operation === 'replace') model.clear();
          for (const hash of valid) {
            if (operation === 'remove') model.delete(hash);
            else model.add(hash);
          }
          expect(report).toMatchObject({
            received: input.length,
            invalid: 1,
            duplicates: slice.length > 0 ? 1 : 0,
            sent: slice.length,
            accepted: valid.length,
            rejected: slice.length - valid.length,
          });
          expectInvariants(report);
          expectSameSet(mock.members(segmentId), model);
        }
        return model.size;
      };
      // allSettled: a failing run must not leave the others running into the next test.
      const outcomes = await Promise.allSettled(segments.map((segment) => run(segment.id)));
      const sizes = outcomes.map((outcome) => {
        if (outcome.status === 'rejected') throw outcome.reason;
        return outcome.value;
      });
      await traffic.settle();

      const tally = faultTally(recorder);
      expect(sizes.every((size) => size > 0)).toBe(true);
      // Faults really hit many calls, of every kind, the token endpoint included.
      expect(tally.apiCalls).toBeGreaterThan(80);
      expect(tally.rateLimited).toBeGreaterThan(0);
      expect(tally.serverErrors).toBeGreaterThan(0);
      expect(tally.networkErrors).toBeGreaterThan(0);
      expect(tally.timeouts).toBeGreaterThan(0);
      expect(tally.unauthorized).toBeGreaterThan(0);
      expect(tally.tokenFaulted).toBeGreaterThan(0);
      expect(tally.tokenRequests).toBeGreaterThan(tally.tokenIssued);
    });
  });
});

function syncOnce(client: CriteoAudiencesClient, operation: 'add' | 'remove' | 'replace', segmentId: string, members: string[]): Promise<SyncReport> {
  if (operation === 'add') return client.addMembers(segmentId, members);
  if (operation === 'remove') return client.removeMembers(segmentId, members);
  return client.replaceMembers(segmentId, members);
}
