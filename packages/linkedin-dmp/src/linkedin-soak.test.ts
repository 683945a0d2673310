// Soak: 200,000 members in and a third of them out again while ~20% of the calls fail at random
// (429, 5xx, resets, timeouts), tokens expire mid-sync and the new segment is not ready at first.
// The fake must end up holding exactly the expected people, and the reports must say so.
import { sha256, sleep, type SyncReport } from '@x/core';
import type { Fault } from '@x/core/msw';
import { describe, expect, it } from 'vitest';
import type { LinkedInDmpMember } from './linkedin-dmp-types.js';
import { ACCOUNT, PLATFORM, refreshingClient, useLinkedInMock } from './linkedin-test-kit.test-helper.js';

const mock = useLinkedInMock();
const OAUTH_PATH = '/oauth/v2/accessToken';
// Per-attempt timeout well above a 5,000-element call here (~50-300 ms); the delay fault outlasts it.
const TIMEOUT_MS = 450;
const LATE_MS = TIMEOUT_MS + 100;
const MEMBERS = 200_000;

const linkedInBody = (status: number) => ({ status, message: 'Internal Server Error' });
const FAULTS: Fault[] = [
  { type: 'status', status: 429, retryAfter: 1 },
  { type: 'status', status: 500, body: linkedInBody(500) },
  { type: 'status', status: 502 },
  { type: 'status', status: 503, retryAfter: 1 },
  { type: 'status', status: 504 },
  { type: 'network-error' },
  // Longer than the per-attempt timeout: the client gives up and retries (an abandoned attempt could
  // still land, so the fake is read only after waiting that out).
  { type: 'delay', ms: LATE_MS },
];

const email = (n: number) => `Person.${n}@Example.com`;
const hashOf = (n: number) => sha256(`person.${n}@example.com`, 'hex');

/** 200,000 rows: every 97th repeats an earlier person, every 401st is invalid; the rest are new people 0..k. */
function* addInput(): Generator<LinkedInDmpMember> {
  let next = 0;
  for (let row = 0; row < MEMBERS; row++) {
    if (row % 401 === 400) yield { email: `broken ${row} at example.com` };
    else if (row % 97 === 96 && next > 0) yield { email: email(row % next) };
    else yield { email: email(next++) };
  }
}

function expectConsistent(report: SyncReport): void {
  expect(report.received).toBe(report.invalid + report.duplicates + report.sent);
  expect(report.sent).toBe(report.accepted + report.rejected);
}

function heldHashes(segmentId: string): Set<string> {
  return new Set(mock.membersOf(segmentId).flatMap((member) => member.userIds.map((userId) => userId.idValue)));
}

describe.each([
  { seed: 20_260_401, concurrency: 2 },
  { seed: 7, concurrency: 4 },
])('soak with ~20% random faults (seed $seed, concurrency $concurrency)', ({ seed, concurrency }) => {
  let timedOut = 0;
  const countTimeouts: typeof fetch = async (input, init) => {
    try {
      return await globalThis.fetch(input, init);
    } catch (error) {
      const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
      if (signal?.aborted === true) timedOut++;
      throw error;
    }
  };

  it('adds 200,000 rows and removes a third: nothing lost, nothing extra, reports match the fake', async () => {
    const client = refreshingClient({
      retry: { maxRetries: 40, initialDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 5, timeoutMs: TIMEOUT_MS },
      requestsPerMinute: 6_000_000,
      segmentReadyTimeoutMs: 60_000,
      fetch: countTimeouts,
    });
    mock.notReadyAfterCreate(3);
    mock.randomFaults({ rate: 0.2, seed, faults: FAULTS });
    // The token endpoint fails too, on top of its share of the random faults.
    mock.failNext({ type: 'status', status: 503 }, { match: { path: OAUTH_PATH } });
    mock.failNext({ type: 'network-error' }, { match: { path: OAUTH_PATH } });

    const segment = await client.ensureSegment({ sourceSegmentId: `soak-${seed}`, name: 'Soak' });

    const refused = [11, 12_345, 54_321];
    mock.rejectMembers(refused.map(email), { status: 422, message: 'Cannot process this member' });
    const expiries = new Set([3, 12, 25]);
    const added = await client.addMembers(segment.id, addInput(), {
      concurrency,
      onProgress: (progress) => {
        // Two more timeouts for sure, whatever the random draw.
        if (progress.batches === 8) mock.failNext({ type: 'delay', ms: LATE_MS }, { times: 2, match: { path: '/users' } });
        // A token expires mid-sync (and its refresh fails once): the next calls answer 401 until the client refreshes.
        if (expiries.delete(progress.batches)) {
          mock.failNext({ type: 'status', status: 502 }, { match: { path: OAUTH_PATH } });
          mock.expireCurrentToken();
        }
      },
    });
    await sleep(LATE_MS); // timed-out attempts still land on the fake; let them before reading it

    let people = 0;
    let invalid = 0;
    const refusedRows: number[] = [];
    for (let row = 0; row < MEMBERS; row++) {
      if (row % 401 === 400) invalid++;
      else if (!(row % 97 === 96 && people > 0)) {
        if (refused.includes(people)) refusedRows.push(row);
        people++;
      }
    }
    const expected = new Set<string>();
    for (let n = 0; n < people; n++) if (!refused.includes(n)) expected.add(hashOf(n));

    expectConsistent(added);
    expect(added).toMatchObject({ received: MEMBERS, invalid, duplicates: MEMBERS - invalid - people, sent: people, rejected: refused.length });
    expect(added.accepted).toBe(expected.size);
    // Each refusal is mapped back to its input row.
    expect(added.issues.filter((issue) => issue.code === 'status-422').map((issue) => issue.index).sort((a, b) => a - b)).toEqual(refusedRows);
    const afterAdd = heldHashes(segment.id);
    expect(afterAdd.size).toBe(expected.size);
    expect([...expected].filter((hash) => !afterAdd.has(hash))).toEqual([]);
    expect(mock.membersOf(segment.id)).toHaveLength(added.accepted);

    // The faults really happened: retries, 404s of the new segment, 401s and token-endpoint failures.
    const usersCalls = mock.calls.filter((call) => call.path.endsWith('/users'));
    const tokenCalls = mock.calls.filter((call) => call.path === OAUTH_PATH);
    expect(added.retries).toBeGreaterThan(5);
    expect(usersCalls.filter((call) => call.status === 404).length).toBeGreaterThanOrEqual(3);
    expect(usersCalls.filter((call) => call.status === 401).length).toBeGreaterThanOrEqual(3);
    expect(usersCalls.filter((call) => call.status === 0).length).toBeGreaterThan(0);
    expect(usersCalls.filter((call) => call.status === 429).length).toBeGreaterThan(0);
    expect(tokenCalls.filter((call) => call.status !== 200).length).toBeGreaterThanOrEqual(5);
    expect(tokenCalls.filter((call) => call.status === 200).length).toBeGreaterThanOrEqual(4);
    expect(timedOut).toBeGreaterThanOrEqual(2);

    // Remove every third person, plus people who were never added (a no-op LinkedIn accepts).
    const removedPeople: number[] = [];
    for (let n = 0; n < people; n += 3) removedPeople.push(n);
    const strangers = 500;
    function* removeInput(): Generator<LinkedInDmpMember> {
      for (const n of removedPeople) yield { email: email(n) };
      for (let n = 0; n < strangers; n++) yield { sha256Email: sha256(`stranger.${n}@example.com`, 'hex') };
    }
    const removed = await client.removeMembers(segment.id, removeInput(), { concurrency });
    await sleep(LATE_MS);

    for (const n of removedPeople) expected.delete(hashOf(n));
    const refusedRemovals = removedPeople.filter((n) => refused.includes(n)).length;
    expectConsistent(removed);
    expect(removed).toMatchObject({ received: removedPeople.length + strangers, invalid: 0, duplicates: 0, rejected: refusedRemovals });
    expect(removed.accepted).toBe(removedPeople.length + strangers - refusedRemovals);
    const afterRemove = heldHashes(segment.id);
    expect(afterRemove.size).toBe(expected.size);
    expect([...expected].filter((hash) => !afterRemove.has(hash))).toEqual([]);
    expect(afterAdd.size - afterRemove.size).toBe(removedPeople.length - refusedRemovals);
    // One segment, whatever the create attempts met.
    expect([...mock.state.segments.values()].filter((stored) => stored.sourceSegmentId === `soak-${seed}`)).toHaveLength(1);
  });
});

describe('pacing under faults', () => {
  it('a long Retry-After holds the /users pacing back no longer than retry.maxRetryAfterMs', async () => {
    const segment = mock.addSegment({ name: 'S', sourceSegmentId: 'paced', sourcePlatform: PLATFORM, adAccountId: ACCOUNT });
    mock.failNext({ type: 'status', status: 429, retryAfter: 30 }, { times: 2, match: { path: '/users' } });
    const client = refreshingClient({ retry: { initialDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 5 }, requestsPerMinute: 6_000_000 });
    const started = Date.now();
    const report = await client.addMembers(segment.id, Array.from({ length: 12_000 }, (_, n) => ({ email: email(n) })));
    expect(report).toMatchObject({ accepted: 12_000, retries: 2 });
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
