import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AbortError, type SyncReport } from '@x/core';
import { seededRandom, type Fault } from '@x/core/msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTtdCrmMock } from './msw/ttd-crm-mock.js';
import { createTtdCrmClient } from './ttd-crm-client.js';
import type { TtdCrmSyncReport } from './ttd-crm-drop.js';
import { expectInvariants, expectSameKeys, FAST_RETRY, trackRequests } from './ttd-hardening.test-helper.js';

const TOKEN = 'ttd-abort-token-77aa31c9e0';
const ADVERTISER = 'abortadv';
const COUNT = 3_000;
const TRIALS = Array.from({ length: 16 }, (_, n) => 1_000 + n);
const FAULTS: Fault[] = [{ type: 'status', status: 503 }, { type: 'status', status: 429, retryAfter: 1 }, { type: 'network-error' }];

const mock = createTtdCrmMock({ authToken: TOKEN, advertiserId: ADVERTISER });
const server = setupServer(...mock.handlers);
const uploads = trackRequests(server, 'PUT');
let spoolDirectory: string;
beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' });
  spoolDirectory = await mkdtemp(join(tmpdir(), 'ttd-crm-abort-'));
});
afterAll(async () => {
  server.close();
  await rm(spoolDirectory, { recursive: true, force: true });
});

/** The input: COUNT distinct addresses, every 7th repeated in capitals, every 13th followed by a bad row. */
function* input(): Generator<string> {
  for (let i = 0; i < COUNT; i++) {
    yield `person${i}@example.org`;
    if (i % 7 === 0) yield `PERSON${i}@EXAMPLE.ORG`;
    if (i % 13 === 0) yield `not an email ${i}`;
  }
}
const EXPECTED = new Set(Array.from({ length: COUNT }, (_, i) => `person${i}@example.org`));
const STALE = ['stale@example.org', 'old@example.org'];

type Point = { kind: 'member' | 'before-call' | 'during-call' | 'after-call'; at: number };
const KINDS = ['member', 'before-call', 'during-call', 'after-call'] as const;

/**
 * A seeded abort point: while reading the input; just before a request; while it is in flight
 * (the mock still handles it, as a server would); or right after its answer arrived.
 */
function pickPoint(random: () => number): Point {
  const kind = KINDS[Math.floor(random() * KINDS.length)] ?? 'member';
  // Calls: create the drop, then upload (more when a fault forces a retry).
  return { kind, at: Math.floor(random() * (kind === 'member' ? COUNT * 1.2 : 2)) };
}

describe('CRM abort at seeded random points', () => {
  it.each(TRIALS)('trial %i: the report never counts what TTD did not get, and a re-run ends exact', async (seed) => {
    const random = seededRandom(seed);
    const mergeMode = random() < 0.5 ? 'Replace' : 'Add';
    const point = pickPoint(random);
    mock.randomFaults({ rate: 0.15, seed, faults: FAULTS });
    const crmDataId = mock.addSegment({ advertiserId: ADVERTISER, name: `abort-${seed}`, members: STALE }).crmDataId;

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
    function* members(): Generator<string> {
      let n = 0;
      for (const member of input()) {
        if (point.kind === 'member' && n++ === point.at) controller.abort();
        yield member;
      }
    }
    const ttd = createTtdCrmClient({
      advertiserId: ADVERTISER,
      authToken: TOKEN,
      minimumRecords: 1,
      fetch,
      retry: { ...FAST_RETRY, maxRetries: 20 },
      // Half the trials stream the body from a temporary file.
      spool: { thresholdBytes: seed % 2 === 0 ? 0 : 1_000_000, directory: spoolDirectory },
    });
    const sync = (options: { signal?: AbortSignal }) =>
      mergeMode === 'Replace'
        ? ttd.replaceMembers(crmDataId, members(), { piiType: 'Email', ...options })
        : ttd.addMembers(crmDataId, members(), { piiType: 'Email', ...options });

    const outcome = await sync({ signal: controller.signal }).catch((error: unknown) => error);
    await uploads.settled(mock.calls);
    server.events.removeListener('request:start', countLate);
    const held = mock.members(crmDataId);
    const heldFromSync = held.filter((member) => EXPECTED.has(member)).length;
    const after = mergeMode === 'Replace' ? EXPECTED : new Set([...STALE, ...EXPECTED]);
    // One drop: TTD has either all of it or none of it.
    expect([STALE.length, after.size]).toContain(held.length);
    expect(sentAfterAbort).toBe(0);
    expect(await readdir(spoolDirectory)).toEqual([]);

    let report: SyncReport;
    if (AbortError.isInstance(outcome)) {
      expect(outcome.report).toBeDefined();
      report = outcome.report as SyncReport;
    } else {
      // The abort came once TTD had answered the upload: the call finished and says so.
      expect(['during-call', 'after-call']).toContain(point.kind);
      expect(held.length).toBe(after.size);
      report = outcome as TtdCrmSyncReport;
      expect(report.accepted).toBe(COUNT);
    }
    expectInvariants(report);
    expect(report.accepted).toBeLessThanOrEqual(heldFromSync);
    expect(report.batches).toBe(report.sent > 0 ? 1 : 0);

    // The same input again, without an abort: exactly the expected members, once.
    const rerun = await sync({});
    await uploads.settled(mock.calls);
    expectSameKeys(mock.members(crmDataId), after);
    expect(rerun).toMatchObject({ received: COUNT + Math.ceil(COUNT / 7) + Math.ceil(COUNT / 13), sent: COUNT, accepted: COUNT, rejected: 0 });
    expectInvariants(rerun);
    expect(mock.state.drops.get(rerun.referenceId)?.lineCount).toBe(COUNT);
  });

  it('the trials covered every kind of abort point', () => {
    const kinds = new Set(TRIALS.map((seed) => {
      const random = seededRandom(seed);
      random();
      return pickPoint(random).kind;
    }));
    expect([...kinds].sort()).toEqual([...KINDS].sort());
  });
});
