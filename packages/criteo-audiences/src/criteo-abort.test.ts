import { AbortError, createRateLimiter, type SyncReport } from '@x/core';
import { seededRandom } from '@x/core/msw';
import { describe, expect, it } from 'vitest';
import { createCriteoAudiencesClient, type CriteoMemberOptions } from './index.js';
import { apiFaults, emailHashes, expectInvariants, expectSameSet, recordingFetch, soakRetry, watchTraffic } from './criteo-hardening.test-helper.js';
import { ADVERTISER_ID, CLIENT_ID, CLIENT_SECRET, setupCriteoMock } from './criteo-test-setup.test-helper.js';

const { mock, server } = setupCriteoMock();

const TIMEOUT_MS = 1_000;
const API_PATHS = /\/marketing-solutions\//;
const PATCH = 'PATCH';
// 110,000 distinct hashes: three amendments (50,000 + 50,000 + 10,000), two in flight.
const AUDIENCE = emailHashes(110_000, 'abort-');
const EARLIER = emailHashes(500, 'earlier-');
/** The input: the audience, a few broken rows and upper-cased repeats (duplicates). */
const INPUT = [...AUDIENCE, 'not-an-email', ...AUDIENCE.slice(0, 300).map((hash) => hash.toUpperCase()), ''];

function client(seed: number, onAnswer?: Parameters<typeof recordingFetch>[0]) {
  const recorder = recordingFetch(onAnswer);
  return {
    recorder,
    criteo: createCriteoAudiencesClient({
      advertiserId: ADVERTISER_ID,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      retry: soakRetry(seed, TIMEOUT_MS),
      fetch: recorder.fetch,
      rateLimiter: createRateLimiter({ requestsPerMinute: 6_000_000 }),
    }),
  };
}

/** Identifiers the fake applied (answered 200) in PATCH calls of one operation since `from`. */
function applied(operation: 'add' | 'remove', from = 0): Set<string> {
  const values = new Set<string>();
  for (const call of mock.calls.slice(from)) {
    if (call.method !== PATCH || call.status !== 200) continue;
    const attributes = (call.body as { data: { attributes: { operation: string; identifiers: string[] } } }).data.attributes;
    if (attributes.operation === operation) for (const value of attributes.identifiers) values.add(value);
  }
  return values;
}

async function expectAbort(promise: Promise<SyncReport>): Promise<SyncReport> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(AbortError.isInstance(error), `expected an AbortError, got ${String(error)}`).toBe(true);
  const report = (error as AbortError).report;
  expect(report).toBeDefined();
  expectInvariants(report as SyncReport);
  return report as SyncReport;
}

/**
 * Where a seeded abort happens: when the k-th API request reaches Criteo (before it is applied),
 * when the k-th API answer reaches the client (applied, not yet counted), or once j batches are counted.
 */
function abortPlan(seed: number) {
  const random = seededRandom(seed);
  const kind = (['request', 'answer', 'progress'] as const)[seed % 3]!;
  return { kind, at: 1 + Math.floor(random() * 3), afterBatches: 1 + Math.floor(random() * 2) };
}

describe('abort at random points, then run again', () => {
  describe.each([1, 2, 3, 4, 5, 6])('seed %i', (seed) => {
    it.each(['add', 'remove'] as const)('%s: the report counts only what Criteo holds, and a re-run completes the list exactly', async (operation) => {
      const segment = mock.addSegment({ advertiserId: ADVERTISER_ID, name: `Abort ${seed} ${operation}` });
      // Members already there: an add must keep them; a remove starts from the whole audience.
      const before = operation === 'add' ? EARLIER : [...EARLIER, ...AUDIENCE];
      mock.state.segments.get(segment.id)?.contactList.set('email', new Set(before));
      const expected = new Set(operation === 'add' ? [...EARLIER, ...AUDIENCE] : EARLIER);

      const plan = abortPlan(seed);
      const controller = new AbortController();
      let abortedAt = -1;
      const abort = () => {
        if (controller.signal.aborted) return;
        abortedAt = recorder.events.length;
        controller.abort();
      };
      let answers = 0;
      const { criteo, recorder } = client(seed, (answer) => {
        if (plan.kind === 'answer' && API_PATHS.test(answer.path) && ++answers === plan.at) abort();
      });
      const traffic = watchTraffic(server, mock, {
        seed,
        onApiRequest: (_request, count) => {
          if (plan.kind === 'request' && count === plan.at) abort();
        },
      });
      // Transient faults, so that aborts also land while a retry waits (slow answers: see the wipe test).
      const faults = apiFaults(TIMEOUT_MS).filter((fault) => fault.type !== 'delay');
      mock.randomFaults({ rate: 0.2, seed, faults, match: { path: API_PATHS } });
      const options: CriteoMemberOptions = {
        signal: controller.signal,
        onProgress: (progress) => {
          if (plan.kind === 'progress' && progress.batches === plan.afterBatches) abort();
        },
      };

      const sync = operation === 'add' ? criteo.addMembers(segment.id, INPUT, options) : criteo.removeMembers(segment.id, INPUT, options);
      const report = await expectAbort(sync);
      // Nothing more is sent once aborted: an attempt the client starts after the abort never gets through.
      const late = recorder.events.slice(abortedAt).filter((event) => event.kind === 'send' && event.method === PATCH).map((event) => event.id);
      const answeredLate = recorder.events.filter((event) => event.kind === 'answer' && late.includes(event.id));
      expect(answeredLate).toEqual([]);
      await traffic.settle(); // attempts abandoned in flight may still land, as on a real server

      // Counted as sent = really answered by Criteo: never more than what it applied.
      const held = new Set(mock.members(segment.id));
      const delivered = applied(operation);
      expect(report.sent).toBeLessThanOrEqual(delivered.size);
      expect(report.accepted).toBeLessThanOrEqual(delivered.size);
      const changed = operation === 'add' ? AUDIENCE.filter((hash) => held.has(hash)).length : AUDIENCE.filter((hash) => !held.has(hash)).length;
      expect(report.accepted).toBeLessThanOrEqual(changed);
      expect(report.rejected).toBe(0);
      // Whatever happened, nothing outside the input was touched.
      for (const hash of EARLIER) expect(held.has(hash)).toBe(true);
      expect(held.size).toBeLessThanOrEqual(EARLIER.length + AUDIENCE.length);

      // Same input again, without abort: the list ends exactly as asked, nothing lost or extra.
      const again = operation === 'add' ? await client(seed + 100).criteo.addMembers(segment.id, INPUT) : await client(seed + 100).criteo.removeMembers(segment.id, INPUT);
      await traffic.settle();
      expect(again).toMatchObject({ received: INPUT.length, invalid: 2, duplicates: 300, sent: AUDIENCE.length, accepted: AUDIENCE.length, rejected: 0 });
      expectSameSet(mock.members(segment.id), expected);
    });
  });
});

describe('replaceMembers aborted', () => {
  const next = emailHashes(60_000, 'next-');

  async function replaceAborted(abortWhen: (answer: { method: string; status: number }, count: number) => boolean) {
    const segment = mock.addSegment({ advertiserId: ADVERTISER_ID, name: 'Replace abort' });
    mock.state.segments.get(segment.id)?.contactList.set('email', new Set(EARLIER));
    const traffic = watchTraffic(server, mock);
    const controller = new AbortController();
    let answers = 0;
    const { criteo } = client(11, (answer) => {
      if (API_PATHS.test(answer.path) && abortWhen(answer, ++answers)) controller.abort();
    });
    const report = await expectAbort(criteo.replaceMembers(segment.id, next, { signal: controller.signal }));
    await traffic.settle();
    return { segment, report, traffic };
  }

  it('between the wipe and the add: the list is left empty, nothing counted, and a re-run fills it exactly', async () => {
    const { segment, report, traffic } = await replaceAborted((answer) => answer.method === 'DELETE' && answer.status === 200);
    expect(report).toMatchObject({ operation: 'replace', sent: 0, accepted: 0, batches: 0 });
    expect(traffic.arrivals.filter((arrival) => arrival.method === PATCH)).toEqual([]);
    expect(mock.members(segment.id)).toEqual([]);

    const again = await client(12).criteo.replaceMembers(segment.id, next);
    expect(again).toMatchObject({ received: 60_000, sent: 60_000, accepted: 60_000 });
    expectSameSet(mock.members(segment.id), new Set(next));
  });

  it('during the add: what was counted is held, and a re-run leaves exactly the new members', async () => {
    const { segment, report } = await replaceAborted((answer) => answer.method === PATCH && answer.status === 200);
    const held = new Set(mock.members(segment.id));
    expect(report.accepted).toBeGreaterThan(0);
    expect(report.accepted).toBeLessThanOrEqual(held.size);
    expect(EARLIER.some((hash) => held.has(hash))).toBe(false);

    await client(13).criteo.replaceMembers(segment.id, next);
    expectSameSet(mock.members(segment.id), new Set(next));
  });

  it('during the wipe: nothing was sent, and a re-run replaces the list', async () => {
    const segment = mock.addSegment({ advertiserId: ADVERTISER_ID, name: 'Replace abort wipe' });
    mock.state.segments.get(segment.id)?.contactList.set('email', new Set(EARLIER));
    const traffic = watchTraffic(server, mock);
    const controller = new AbortController();
    mock.failNext({ type: 'delay', ms: 200 }, { match: { method: 'DELETE' } });
    setTimeout(() => controller.abort(), 50);
    const report = await expectAbort(client(14).criteo.replaceMembers(segment.id, next, { signal: controller.signal }));
    expect(report).toMatchObject({ sent: 0, accepted: 0 });
    await traffic.settle();
    expect(traffic.arrivals.filter((arrival) => arrival.method === PATCH)).toEqual([]);

    await client(15).criteo.replaceMembers(segment.id, next);
    expectSameSet(mock.members(segment.id), new Set(next));
  });
});

describe('abort while the caller’s own source is slow', () => {
  it('rejects promptly with AbortError instead of waiting for the next member', async () => {
    const segment = mock.addSegment({ advertiserId: ADVERTISER_ID, name: 'Slow source' });
    const controller = new AbortController();
    async function* slowSource() {
      yield 'first@example.com';
      await new Promise((resolve) => setTimeout(resolve, 3_000)); // e.g. a slow database cursor
      yield 'second@example.com';
    }
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    const report = await expectAbort(client(16).criteo.addMembers(segment.id, slowSource(), { signal: controller.signal }));
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(report.sent).toBe(0);
    expect(mock.calls.filter((call) => call.method === PATCH)).toEqual([]);
  });
});
