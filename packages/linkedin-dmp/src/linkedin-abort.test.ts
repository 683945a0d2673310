// Abort safety: a sync aborted anywhere (before a request, after LinkedIn applied one but before
// the client read the answer, between batches, on a timer) reports no more than LinkedIn holds,
// keeps its invariants, and a re-run of the same input ends with exactly the expected members.
import { AbortError, sha256, type SyncReport } from '@x/core';
import { seededRandom, type Fault } from '@x/core/msw';
import { describe, expect, it } from 'vitest';
import type { LinkedInDmpClient, LinkedInDmpMember } from './linkedin-dmp-types.js';
import { ACCOUNT, PLATFORM, refreshingClient, testClient, useLinkedInMock } from './linkedin-test-kit.test-helper.js';

const mock = useLinkedInMock();
const ROWS = 16_000;
const FAULTS: Fault[] = [
  { type: 'status', status: 429, retryAfter: 1 },
  { type: 'status', status: 503 },
  { type: 'status', status: 500 },
  { type: 'network-error' },
];
const POINTS = ['before-request', 'after-answer', 'on-progress', 'timer'] as const;
type AbortPoint = (typeof POINTS)[number];

/** 16,000 rows: every 40th repeats an earlier person, every 500th is invalid. */
function* rows(): Generator<LinkedInDmpMember> {
  let next = 0;
  for (let row = 0; row < ROWS; row++) {
    if (row % 500 === 499) yield { email: 'not an email' };
    else if (row % 40 === 39) yield { email: `p${next - 7}@example.com` };
    else yield { email: `p${next++}@example.com` };
  }
}
/** The same rows as a slow async source (a paged database read): the timer fires while it is read. */
async function* slowRows(): AsyncGenerator<LinkedInDmpMember> {
  let row = 0;
  for (const member of rows()) {
    if (row++ % 500 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    yield member;
  }
}
const source = (point: AbortPoint) => (point === 'timer' ? slowRows() : rows());
const everyone = (): Set<string> => {
  const hashes = new Set<string>();
  for (const member of rows()) if (member.email?.includes('@') === true) hashes.add(sha256(member.email, 'hex'));
  return hashes;
};

const isUsersCall = (input: RequestInfo | URL) => (input instanceof Request ? input.url : String(input)).endsWith('/users');
const held = (segmentId: string) => new Set(mock.membersOf(segmentId).flatMap((member) => member.userIds.map((userId) => userId.idValue)));

function expectInvariants(report: SyncReport): void {
  expect(report.received).toBe(report.invalid + report.duplicates + report.sent);
  expect(report.sent).toBe(report.accepted + report.rejected);
}

/** A client whose fetch aborts the sync at a seeded point. */
function abortingClient(point: AbortPoint, at: number, controller: AbortController): LinkedInDmpClient {
  let usersCalls = 0;
  return refreshingClient({
    retry: { maxRetries: 20, initialDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 5 },
    fetch: async (input, init) => {
      if (!isUsersCall(input)) return globalThis.fetch(input, init);
      const call = ++usersCalls;
      if (point === 'before-request' && call === at) controller.abort();
      const response = await globalThis.fetch(input, init);
      // LinkedIn applied the batch; the client has not read the answer yet.
      if (point === 'after-answer' && call === at) controller.abort();
      return response;
    },
  });
}

async function abortedReport(promise: Promise<SyncReport>): Promise<SyncReport> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  // An abort after the last answer may still come back as an AbortError (nothing more was sent).
  expect(AbortError.isInstance(error)).toBe(true);
  const report = (error as AbortError).report;
  expect(report).toBeDefined();
  return report as SyncReport;
}

// Each abort point twice (with and without 20% random faults); the seed picks which request or batch.
const CASES = Array.from({ length: 8 }, (_, n) => ({ seed: 1_000 + n * 17, point: POINTS[n % POINTS.length] as AbortPoint, faulty: n < POINTS.length }));

describe.each(CASES)('abort $point (seed $seed)', ({ seed, point, faulty }) => {
  const at = 1 + Math.floor(seededRandom(seed)() * 4);

  it(`add aborted (${point} #${at}${faulty ? ', 20% faults' : ''}): the report never exceeds what LinkedIn holds; a re-run completes it`, async () => {
    const segment = mock.addSegment({ name: 'S', sourceSegmentId: `abort-${seed}`, sourcePlatform: PLATFORM, adAccountId: ACCOUNT });
    if (faulty) mock.randomFaults({ rate: 0.2, seed, faults: FAULTS });
    const controller = new AbortController();
    const client = abortingClient(point, at, controller);
    const timer = point === 'timer' ? setTimeout(() => controller.abort(), at * 12) : undefined;

    const report = await abortedReport(
      client.addMembers(segment.id, source(point), {
        signal: controller.signal,
        onProgress: (progress) => {
          if (point === 'on-progress' && progress.batches === at) controller.abort();
        },
      }),
    );
    clearTimeout(timer);

    expectInvariants(report);
    const holding = held(segment.id);
    expect(report.accepted).toBeLessThanOrEqual(holding.size);
    const delivered = new Set(
      mock.calls
        .filter((call) => call.path.endsWith('/users') && call.status === 200)
        .flatMap((call) => (call.body as { elements: Array<{ userIds: Array<{ idValue: string }> }> }).elements.map((element) => element.userIds[0]?.idValue)),
    );
    expect(report.sent).toBeLessThanOrEqual(delivered.size);
    expect(report.received).toBeLessThanOrEqual(ROWS);

    // Same input again, without the abort.
    const again = await client.addMembers(segment.id, source(point));
    const expected = everyone();
    expectInvariants(again);
    expect(again).toMatchObject({ received: ROWS, sent: expected.size, accepted: expected.size });
    const final = held(segment.id);
    expect(final.size).toBe(expected.size);
    expect([...expected].every((hash) => final.has(hash))).toBe(true);
  });

  it(`remove aborted (${point} #${at}${faulty ? ', 20% faults' : ''}): nothing counted that LinkedIn did not do; a re-run completes it`, async () => {
    const segment = mock.addSegment({ name: 'S', sourceSegmentId: `abort-rm-${seed}`, sourcePlatform: PLATFORM, adAccountId: ACCOUNT });
    await testClient().addMembers(segment.id, rows());
    const before = held(segment.id).size;
    mock.calls.length = 0;
    if (faulty) mock.randomFaults({ rate: 0.2, seed: seed + 1, faults: FAULTS });
    const controller = new AbortController();
    const client = abortingClient(point, at, controller);
    const timer = point === 'timer' ? setTimeout(() => controller.abort(), at * 12) : undefined;

    const report = await abortedReport(
      client.removeMembers(segment.id, source(point), {
        signal: controller.signal,
        onProgress: (progress) => {
          if (point === 'on-progress' && progress.batches === at) controller.abort();
        },
      }),
    );
    clearTimeout(timer);

    expectInvariants(report);
    expect(report.accepted).toBeLessThanOrEqual(before - held(segment.id).size);

    const again = await client.removeMembers(segment.id, rows());
    expectInvariants(again);
    expect(again.accepted).toBe(before);
    expect(held(segment.id).size).toBe(0);
  });
});

describe('abort while waiting', () => {
  it('for the rate limiter: the paced batch is never sent, the report counts only answered batches', async () => {
    const segment = mock.addSegment({ name: 'S', sourceSegmentId: 'paced', sourcePlatform: PLATFORM, adAccountId: ACCOUNT });
    // One /users call per second: the second batch waits for the limiter when the abort comes.
    const client = testClient({ requestsPerMinute: 60 });
    const controller = new AbortController();
    const started = Date.now();
    const report = await abortedReport(
      client.addMembers(segment.id, rows(), {
        concurrency: 1,
        signal: controller.signal,
        onProgress: () => setTimeout(() => controller.abort(), 50),
      }),
    );
    expect(Date.now() - started).toBeLessThan(900);
    expectInvariants(report);
    expect(report).toMatchObject({ batches: 1, sent: 5_000, accepted: 5_000 });
    expect(mock.calls.filter((call) => call.path.endsWith('/users'))).toHaveLength(1);
    expect(held(segment.id).size).toBe(5_000);
  });

  it('for a just-created segment to become available: nothing counted, nothing held', async () => {
    mock.notReadyAfterCreate(1_000);
    const client = testClient({ retry: { initialDelayMs: 200, maxDelayMs: 200 } });
    const segment = await client.ensureSegment({ sourceSegmentId: 'slow', name: 'Slow' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const report = await abortedReport(client.addMembers(segment.id, rows(), { signal: controller.signal }));
    expectInvariants(report);
    expect(report).toMatchObject({ sent: 0, accepted: 0, batches: 0 });
    expect(held(segment.id).size).toBe(0);
  });

  it('an already aborted signal sends nothing', async () => {
    const segment = mock.addSegment({ name: 'S', sourceSegmentId: 'never', sourcePlatform: PLATFORM, adAccountId: ACCOUNT });
    const report = await abortedReport(testClient().addMembers(segment.id, rows(), { signal: AbortSignal.abort() }));
    expectInvariants(report);
    expect(report.sent).toBe(0);
    expect(mock.calls).toHaveLength(0);
  });
});
