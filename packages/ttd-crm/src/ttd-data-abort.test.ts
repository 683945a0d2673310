import { AbortError, type SyncReport } from '@x/core';
import { seededRandom, type Fault } from '@x/core/msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTtdDataMock } from './msw/ttd-data-mock.js';
import { createTtdDataClient } from './ttd-data-client.js';
import type { TtdDataMember } from './ttd-data-member.js';
import { expectInvariants, expectSameKeys, FAST_RETRY, trackRequests } from './ttd-hardening.test-helper.js';

const ADVERTISER = 'abort-adv';
const SECRET = 'abort-secret-Jw3nR8';
const COUNT = 4_000;
const PER_REQUEST = 200;
const TRIALS = Array.from({ length: 20 }, (_, n) => 5_000 + n);
const FAULTS: Fault[] = [
  { type: 'status', status: 503 },
  { type: 'status', status: 429, retryAfter: 1 },
  { type: 'network-error' },
  { type: 'status', status: 413 },
  { type: 'delay', ms: 80 },
];

const mock = createTtdDataMock({ advertiserId: ADVERTISER, secretKey: SECRET });
const server = setupServer(...mock.handlers);
const requests = trackRequests(server);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

const tdid = (i: number) => `0c9f4d2e-6a1b-4e3c-9d8f-${i.toString(16).padStart(12, '0')}`;
const KEYS = new Set(Array.from({ length: COUNT }, (_, i) => `TDID:${tdid(i)}`));

/** COUNT members, every 9th repeated in capitals, every 31st followed by a bad row. */
function* input(): Generator<unknown> {
  for (let i = 0; i < COUNT; i++) {
    yield { tdid: tdid(i) } satisfies TtdDataMember;
    if (i % 9 === 0) yield { tdid: tdid(i).toUpperCase() };
    if (i % 31 === 0) yield { tdid: `bad-${i}` };
  }
}
const ROWS = COUNT + Math.ceil(COUNT / 9) + Math.ceil(COUNT / 31);

const KINDS = ['member', 'before-call', 'during-call', 'after-call', 'progress'] as const;
type Point = { kind: (typeof KINDS)[number]; at: number };

/**
 * A seeded abort point: while reading the input; just before a request; while it is in flight
 * (the mock still stores it, as a server would); right after an answer; or after n batches were
 * accounted. Requests run four at a time, so others are usually in flight when it comes.
 */
function pickPoint(random: () => number): Point {
  const kind = KINDS[Math.floor(random() * KINDS.length)] ?? 'member';
  if (kind === 'progress') return { kind, at: 1 + Math.floor(random() * (COUNT / PER_REQUEST)) };
  return { kind, at: Math.floor(random() * (kind === 'member' ? ROWS : (COUNT / PER_REQUEST) * 1.2)) };
}

describe('Data API abort at seeded random points', () => {
  it.each(TRIALS)('trial %i: the report never counts what TTD did not store, and a re-run ends exact', async (seed) => {
    const random = seededRandom(seed);
    const operation = random() < 0.6 ? 'add' : 'remove';
    const point = pickPoint(random);
    const segment = `abort-${seed}`;
    if (operation === 'remove') {
      const seeded = await client(globalThis.fetch).addMembers(segment, input() as Iterable<TtdDataMember>);
      expect(seeded.accepted).toBe(COUNT);
    }
    mock.randomFaults({ rate: 0.15, seed, faults: FAULTS });

    const controller = new AbortController();
    let calls = 0;
    // Requests that reached the mock after the abort; a fetch given an aborted signal sends nothing.
    let sentAfterAbort = 0;
    const countLate = () => {
      if (controller.signal.aborted) sentAfterAbort++;
    };
    server.events.on('request:start', countLate);
    const fetch: typeof globalThis.fetch = async (request, init) => {
      const call = calls++;
      if (point.kind === 'before-call' && call === point.at) controller.abort();
      const pending = globalThis.fetch(request, init);
      if (point.kind === 'during-call' && call === point.at) setImmediate(() => controller.abort());
      const response = await pending;
      if (point.kind === 'after-call' && call === point.at) controller.abort();
      return response;
    };
    function* members(): Generator<unknown> {
      let n = 0;
      for (const member of input()) {
        if (point.kind === 'member' && n++ === point.at) controller.abort();
        yield member;
      }
    }
    const ttd = client(fetch);
    const run = (options: { signal?: AbortSignal; onProgress?: (progress: { batches: number }) => void }) =>
      operation === 'add' ? ttd.addMembers(segment, members() as Iterable<TtdDataMember>, options) : ttd.removeMembers(segment, members() as Iterable<TtdDataMember>, options);

    const outcome = await run({
      signal: controller.signal,
      onProgress: (progress) => {
        if (point.kind === 'progress' && progress.batches === point.at) controller.abort();
      },
    }).catch((error: unknown) => error);
    const stored = mock.state.members(segment).length;
    await requests.settled(mock.calls);
    server.events.removeListener('request:start', countLate);

    let report: SyncReport;
    if (AbortError.isInstance(outcome)) {
      expect(outcome.report).toBeDefined();
      report = outcome.report as SyncReport;
    } else {
      // The abort came after the last batch was answered: the call finished and says so.
      report = outcome as SyncReport;
      expect(report).toMatchObject({ sent: COUNT, accepted: COUNT });
    }
    expect(sentAfterAbort).toBe(0);
    expectInvariants(report);
    // Counted as accepted ⇒ really stored (or removed) by the mock, at the moment of the abort.
    expect(report.accepted).toBeLessThanOrEqual(operation === 'add' ? stored : COUNT - stored);
    expect(report.rejected).toBe(0);

    // The same input again, without an abort: exactly the expected members.
    const rerun = await run({});
    await requests.settled(mock.calls);
    expectSameKeys(mock.state.segments.get(segment)?.keys() ?? [], operation === 'add' ? KEYS : new Set());
    expect(rerun).toMatchObject({ received: ROWS, invalid: Math.ceil(COUNT / 31), duplicates: Math.ceil(COUNT / 9), sent: COUNT, accepted: COUNT });
    expectInvariants(rerun);
    mock.randomFaults({ rate: 0, seed, faults: [] });
  });

  it('the trials covered every kind of abort point and both operations', () => {
    const seen = new Set(
      TRIALS.map((seed) => {
        const random = seededRandom(seed);
        const operation = random() < 0.6 ? 'add' : 'remove';
        return `${operation}:${pickPoint(random).kind}`;
      }),
    );
    for (const kind of KINDS) expect([...seen].some((entry) => entry.endsWith(`:${kind}`))).toBe(true);
    expect([...seen].some((entry) => entry.startsWith('remove:'))).toBe(true);
  });
});

function client(fetch: typeof globalThis.fetch) {
  return createTtdDataClient({
    advertiserId: ADVERTISER,
    region: 'eu',
    secretKey: SECRET,
    fetch,
    maxItemsPerRequest: PER_REQUEST,
    retry: { ...FAST_RETRY, maxRetries: 20, timeoutMs: 50 },
  });
}
