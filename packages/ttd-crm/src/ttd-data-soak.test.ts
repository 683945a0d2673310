import { createHash } from 'node:crypto';
import { AuthenticationError, type SyncIssue, type SyncProgress, type SyncReport } from '@x/core';
import type { Fault } from '@x/core/msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTtdDataMock } from './msw/ttd-data-mock.js';
import { createTtdDataClient } from './ttd-data-client.js';
import type { TtdDataMember } from './ttd-data-member.js';
import { expectInvariants, expectSameKeys, FAST_RETRY, trackRequests } from './ttd-hardening.test-helper.js';

// Soak of the first-party Data API client: 200,000 members in, a quarter of them out again, while
// the mock fails ~20% of the requests at random. TTD authenticates by a static token or an HMAC
// signature of each body: nothing can be refreshed, so a 401/403 is final (no token-expiry fault).

const ADVERTISER = 'soak-adv';
const SECRET = 'soak-secret-key-Vb82kQ';
const SEGMENT = 'soak-cohort';
const TOTAL = 200_000;
const SEED = 20_240_601;
const ATTEMPT_TIMEOUT_MS = 150;

const FAULTS: Fault[] = [
  { type: 'status', status: 429, retryAfter: 1 },
  { type: 'status', status: 500 },
  { type: 'status', status: 502 },
  { type: 'status', status: 503 },
  { type: 'status', status: 504 },
  { type: 'network-error' },
  // Longer than the attempt timeout: the client gives up and retries; the mock still stores it later.
  { type: 'delay', ms: ATTEMPT_TIMEOUT_MS + 250 },
  // Not about size here: any 413 makes the client split the batch in two and send the halves.
  { type: 'status', status: 413 },
];

const mock = createTtdDataMock({ advertiserId: ADVERTISER, secretKey: SECRET });
const server = setupServer(...mock.handlers);
const requests = trackRequests(server);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(async () => {
  await requests.settled(mock.calls);
  mock.reset();
  requests.reset();
});
afterAll(() => server.close());

const hex12 = (n: number) => n.toString(16).padStart(12, '0');
const base64Of = (text: string) => createHash('sha256').update(text).digest('base64');

/** Member i (five id kinds in turn) and the key the mock files it under. */
function member(i: number): { member: TtdDataMember; key: string } {
  switch (i % 5) {
    case 0: {
      const tdid = `7a3c1e20-5b4d-4c6e-8f10-${hex12(i)}`;
      return { member: { tdid }, key: `TDID:${tdid}` };
    }
    case 1: {
      const daid = `B2D4F6A8-1C3E-4A5B-9D7F-${hex12(i).toUpperCase()}`;
      return { member: { daid }, key: `DAID:${daid.toLowerCase()}` };
    }
    case 2: {
      const uid2 = base64Of(`uid2-${i}`);
      return { member: { uid2 }, key: `UID2:${uid2}` };
    }
    case 3: {
      const euid = base64Of(`euid-${i}`);
      return { member: { euid }, key: `EUID:${euid}` };
    }
    default: {
      const rampId = `XY${String(i).padStart(10, '0')}RmpQ7w`;
      return { member: { rampId }, key: `RampID:${rampId}` };
    }
  }
}

const INVALID: unknown[] = [{}, { tdid: 'not-a-guid' }, { uid2: 'has whitespace' }, null, { tdid: '00000000-0000-0000-0000-000000000000' }, 'a string'];

/** The whole input, streamed: every member once, a duplicate every 97th (GUIDs re-cased), an invalid row every 251st. */
async function* input(counts: { duplicates: number; invalid: number }) {
  for (let i = 0; i < TOTAL; i++) {
    const { member: value } = member(i);
    yield value;
    if (i % 97 === 0) {
      counts.duplicates++;
      yield 'tdid' in value ? { tdid: value.tdid.toUpperCase() } : 'daid' in value ? { daid: value.daid.toLowerCase() } : { ...value };
    }
    if (i % 251 === 0) {
      counts.invalid++;
      yield INVALID[(i / 251) % INVALID.length];
    }
  }
}

describe('Data API soak: 200,000 members under ~20% random faults', () => {
  it('adds, then removes a subset: the mock ends with exactly the expected members and the reports match it', async () => {
    const ttd = createTtdDataClient({
      advertiserId: ADVERTISER,
      region: 'us-east',
      secretKey: SECRET,
      maxItemsPerRequest: 1_000,
      retry: { ...FAST_RETRY, maxRetries: 30, timeoutMs: ATTEMPT_TIMEOUT_MS },
    });
    // TTD refuses some ids (FailedLines in a 200): counted as rejected, never stored.
    const refused = new Set<number>();
    for (let i = 2; i < TOTAL; i += 1_000) refused.add(i);
    mock.rejectIds([...refused].map((i) => (member(i).member as { uid2: string }).uid2), 'UserNotMapped');
    mock.randomFaults({ rate: 0.2, seed: SEED, faults: FAULTS });

    const counts = { duplicates: 0, invalid: 0 };
    const issues: SyncIssue[] = [];
    let lastProgress: SyncProgress | undefined;
    // Invalid rows on purpose: as a plain JavaScript caller would pass them.
    const added = await ttd.addMembers(SEGMENT, input(counts) as AsyncIterable<TtdDataMember>, {
      onIssue: (issue) => issues.push(issue),
      onProgress: (progress) => (lastProgress = progress),
    });
    await requests.settled(mock.calls);

    const expected = new Set<string>();
    for (let i = 0; i < TOTAL; i++) if (!refused.has(i)) expected.add(member(i).key);
    expectSameKeys(mock.state.segments.get(SEGMENT)?.keys() ?? [], expected);
    expect(added).toMatchObject({
      operation: 'add',
      received: TOTAL + counts.duplicates + counts.invalid,
      invalid: counts.invalid,
      duplicates: counts.duplicates,
      sent: TOTAL,
      accepted: TOTAL - refused.size,
      rejected: refused.size,
    });
    expectInvariants(added);
    expect(added.accepted).toBe(mock.state.members(SEGMENT).length);
    expect(lastProgress).toMatchObject({ sent: TOTAL, accepted: added.accepted });
    expect(issues.filter((issue) => issue.code === 'UserNotMapped')).toHaveLength(refused.size);
    expect(issues).toHaveLength(counts.invalid + refused.size);
    expect(mock.state.members(SEGMENT).every((membership) => membership.ttlMinutes === 43_200)).toBe(true);

    // The faults really happened, and each retryable one cost a retry.
    const byStatus = new Map<number, number>();
    for (const call of mock.calls) byStatus.set(call.status, (byStatus.get(call.status) ?? 0) + 1);
    const retryable = [0, 429, 500, 502, 503, 504].reduce((sum, status) => sum + (byStatus.get(status) ?? 0), 0);
    expect(byStatus.get(413) ?? 0).toBeGreaterThan(0);
    expect(retryable).toBeGreaterThan(30);
    expect(retryable / mock.calls.length).toBeGreaterThan(0.1);
    expect(added.retries).toBeGreaterThanOrEqual(retryable);

    // Remove every fourth stored member, plus ids that were never in the segment (a no-op for TTD).
    const removed = [...Array(TOTAL).keys()].filter((i) => i % 4 === 3 && !refused.has(i));
    const strangers = Array.from({ length: 100 }, (_, n) => ({ tdid: `7a3c1e20-5b4d-4c6e-8f10-${hex12(TOTAL + n)}` }));
    const callsBefore = mock.calls.length;
    const removal = await ttd.removeMembers(SEGMENT, [...removed.map((i) => member(i).member), ...strangers]);
    await requests.settled(mock.calls);

    for (const i of removed) expected.delete(member(i).key);
    expectSameKeys(mock.state.segments.get(SEGMENT)?.keys() ?? [], expected);
    expect(removal).toMatchObject({ operation: 'remove', received: removed.length + 100, invalid: 0, duplicates: 0, sent: removed.length + 100, rejected: 0 });
    expectInvariants(removal);
    expect(added.accepted - mock.state.members(SEGMENT).length).toBe(removed.length);
    expect(mock.calls.slice(callsBefore).some((call) => call.status !== 200)).toBe(true);
  }, 60_000);

  it('a 401 mid-sync is final (HMAC or static token: nothing to refresh): the sync stops, the report matches what was stored', async () => {
    const ttd = createTtdDataClient({ advertiserId: ADVERTISER, region: 'us-east', secretKey: SECRET, maxItemsPerRequest: 100, retry: { ...FAST_RETRY, maxRetries: 30 } });
    let batches = 0;
    const error = await ttd
      .addMembers('auth-cohort', Array.from({ length: 1_000 }, (_, i) => member(i).member), {
        concurrency: 1,
        onProgress: (progress) => {
          batches = progress.batches;
          if (batches === 3) mock.failNext({ type: 'status', status: 401, body: 'Invalid authentication token.' });
        },
      })
      .catch((caught: unknown) => caught);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    const report = (error as AuthenticationError).report;
    expect(report).toMatchObject({ sent: 300, accepted: 300, batches: 3, retries: 0 });
    expectInvariants(report as SyncReport);
    expect(mock.state.members('auth-cohort')).toHaveLength(300);
    expect(mock.calls.map((call) => call.status)).toEqual([200, 200, 200, 401]);
  });
});
