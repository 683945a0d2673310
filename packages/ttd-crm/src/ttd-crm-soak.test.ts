import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthenticationError, sha256, type SyncIssue } from '@x/core';
import type { Fault } from '@x/core/msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTtdCrmMock } from './msw/ttd-crm-mock.js';
import { createTtdCrmClient } from './ttd-crm-client.js';
import { expectInvariants, expectSameKeys, FAST_RETRY, trackRequests } from './ttd-hardening.test-helper.js';

// Soak of the CRM Data API client: a 200,000-member Add drop, then a Replace with a subset (CRM has
// no remove), while the mock fails ~20% of all calls at random. TTD-Auth is a static long-lived
// token: there is nothing to refresh, so a 401 is final (checked below instead of a token expiry).

const TOKEN = 'ttd-soak-token-5d8e0c1a9b7f';
const ADVERTISER = 'soakadv';
const TOTAL = 200_000;
// Seeds whose faults hit the big drops themselves (5xx, 429, resets and timeouts on the 9 MB upload).
const SEEDS = [119, 139, 167];
const ATTEMPT_TIMEOUT_MS = 150;
/** Upload attempt limits: a 9 MB body needs more time than the small churn drops. */
const BIG_UPLOAD_TIMEOUT_MS = 800;
const SMALL_UPLOAD_TIMEOUT_MS = 200;

const TRANSIENT: Fault[] = [
  { type: 'status', status: 429, retryAfter: 1 },
  { type: 'status', status: 500 },
  { type: 'status', status: 502 },
  { type: 'status', status: 503 },
  { type: 'status', status: 504 },
  { type: 'network-error' },
];
/**
 * Adds a delay longer than both attempt timeouts (API calls and the upload): the client retries,
 * and the mock still applies the late attempt afterwards, as a slow server would.
 */
const withTimeouts = (uploadTimeoutMs: number): Fault[] => [...TRANSIENT, { type: 'delay', ms: uploadTimeoutMs + 200 }];

const mock = createTtdCrmMock({ authToken: TOKEN, advertiserId: ADVERTISER });
const server = setupServer(...mock.handlers);
// Only a late upload changes a segment (a late drop creation leaves an unused slot).
const uploads = trackRequests(server, 'PUT');
let spoolDirectory: string;
beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' });
  spoolDirectory = await mkdtemp(join(tmpdir(), 'ttd-crm-soak-'));
});
afterAll(async () => {
  server.close();
  await rm(spoolDirectory, { recursive: true, force: true });
});

const canonical = (i: number) => (i % 50 === 7 ? `user${i}@gmail.com` : `user${i}@example.com`);
/** The upload line of member i: UID2 base64 SHA-256 of the normalized address. */
const line = (i: number) => sha256(canonical(i), 'base64');

/** Member i as a caller might hold it: plaintext in several spellings, hex or base64 hashes. */
function raw(i: number): string {
  if (i % 50 === 7) return `u.ser${i}+promo@GMail.com`;
  if (i % 10 === 1) return sha256(canonical(i), 'hex');
  if (i % 10 === 2) return line(i);
  if (i % 10 === 3) return `  User${i}@Example.COM `;
  return canonical(i);
}

const INVALID: unknown[] = ['not-an-email', '', 42, null, 'a@@example.com', { email: 'x@example.com' }, ['y@example.com'], sha256('z', 'hex').slice(1)];

/** The whole input: every member once, a re-spelled duplicate every 89th, an invalid row every 211th. */
function* input(counts: { duplicates: number; invalid: number }): Generator<string> {
  for (let i = 0; i < TOTAL; i++) {
    yield raw(i);
    if (i % 89 === 0) {
      counts.duplicates++;
      yield canonical(i).toUpperCase();
    }
    if (i % 211 === 0) {
      counts.invalid++;
      yield INVALID[(i / 211) % INVALID.length] as string;
    }
  }
}

describe('CRM soak: a 200,000-member Add, then a Replace with a subset, under ~20% random faults', () => {
  it.each(SEEDS)('seed %i: one segment, exact members after each drop, reports matching the mock', async (seed) => {
    const client = (uploadTimeoutMs: number) =>
      createTtdCrmClient({
        advertiserId: ADVERTISER,
        authToken: TOKEN,
        minimumRecords: 100,
        retry: { ...FAST_RETRY, maxRetries: 30, timeoutMs: ATTEMPT_TIMEOUT_MS },
        uploadTimeoutMs,
        // The Add body (~9 MB) goes through a temporary file, the Replace body stays in memory.
        spool: { thresholdBytes: 4_000_000, directory: spoolDirectory },
      });
    const ttd = client(BIG_UPLOAD_TIMEOUT_MS);
    const callsBefore = mock.calls.length;

    // Creating a segment cannot be repeated safely: a late create would leave a second segment of
    // the same name on TTD too, so this phase injects no delays.
    mock.randomFaults({ rate: 0.2, seed, faults: TRANSIENT });
    const name = `soak-${seed}`;
    const { crmDataId } = await ttd.ensureSegment({ name, region: 'US' });
    expect([...mock.state.segments.values()].filter((segment) => segment.name === name)).toHaveLength(1);
    const stale = ['stale-line-1', 'stale-line-2'];
    for (const value of stale) mock.state.segments.get(crmDataId)?.members.add(value);

    mock.randomFaults({ rate: 0.2, seed: seed + 1, faults: withTimeouts(BIG_UPLOAD_TIMEOUT_MS) });
    const counts = { duplicates: 0, invalid: 0 };
    const issues: SyncIssue[] = [];
    const added = await ttd.addMembers(crmDataId, input(counts), { piiType: 'EmailHashedUnifiedId2', onIssue: (issue) => issues.push(issue) });
    await uploads.settled(mock.calls);

    const all = new Set(stale);
    for (let i = 0; i < TOTAL; i++) all.add(line(i));
    expectSameKeys(mock.members(crmDataId), all);
    expect(added).toMatchObject({
      operation: 'add',
      segmentId: crmDataId,
      received: TOTAL + counts.duplicates + counts.invalid,
      invalid: counts.invalid,
      duplicates: counts.duplicates,
      sent: TOTAL,
      accepted: TOTAL,
      rejected: 0,
      batches: 1,
    });
    expectInvariants(added);
    expect(issues).toHaveLength(counts.invalid);
    expect(mock.state.drops.get(added.referenceId)?.lineCount).toBe(added.sent);
    expect((await ttd.getDropStatus(crmDataId, added.referenceId)).status).toBe('Processed');

    const subset = [...Array(TOTAL).keys()].filter((i) => i % 3 === 0);
    const replaced = await ttd.replaceMembers(crmDataId, subset.map(raw), { piiType: 'EmailHashedUnifiedId2' });
    await uploads.settled(mock.calls);

    expectSameKeys(mock.members(crmDataId), new Set(subset.map(line)));
    expect(replaced).toMatchObject({ operation: 'replace', received: subset.length, invalid: 0, duplicates: 0, sent: subset.length, accepted: subset.length, batches: 1 });
    expectInvariants(replaced);
    expect(mock.state.drops.get(replaced.referenceId)?.lineCount).toBe(replaced.accepted);

    // Churn: small Replace + Add pairs, each checked exactly, so many more calls meet a fault.
    const small = client(SMALL_UPLOAD_TIMEOUT_MS);
    mock.randomFaults({ rate: 0.2, seed: seed + 2, faults: withTimeouts(SMALL_UPLOAD_TIMEOUT_MS) });
    for (let round = 0; round < 10; round++) {
      const base = TOTAL + round * 2_000;
      const kept = Array.from({ length: 1_500 }, (_, n) => base + n);
      const extra = Array.from({ length: 300 }, (_, n) => base + 1_500 + n);
      const replacedRound = await small.replaceMembers(crmDataId, kept.map(raw), { piiType: 'EmailHashedUnifiedId2' });
      // A Replace upload that TTD applied late would wipe the Add below: let it land first.
      await uploads.settled(mock.calls);
      const addedRound = await small.addMembers(crmDataId, [...extra, ...kept.slice(0, 50)].map(raw), { piiType: 'EmailHashedUnifiedId2' });
      await uploads.settled(mock.calls);
      expectSameKeys(mock.members(crmDataId), new Set([...kept, ...extra].map(line)));
      expect([replacedRound.accepted, addedRound.accepted]).toEqual([1_500, 350]);
    }

    const calls = mock.calls.slice(callsBefore);
    expect(calls.every((call) => (call.method === 'PUT' ? call.headers['ttd-auth'] === undefined : call.headers['ttd-auth'] === TOKEN))).toBe(true);
    expect(calls.filter((call) => call.status !== 200).length / calls.length).toBeGreaterThan(0.1);
    expect(added.retries + replaced.retries).toBeGreaterThan(0);
    expect(await readdir(spoolDirectory)).toEqual([]);
  }, 60_000);

  it('the seeds together injected every kind of transient fault that reached the mock', () => {
    const statuses = new Set(mock.calls.map((call) => call.status));
    for (const status of [0, 429, 500, 502, 503, 504]) expect(statuses).toContain(status);
  });

  it('a 401 is final: the static token is not retried and nothing is uploaded', async () => {
    const ttd = createTtdCrmClient({ advertiserId: ADVERTISER, authToken: TOKEN, minimumRecords: 1, retry: { ...FAST_RETRY, maxRetries: 30 } });
    const crmDataId = mock.addSegment({ advertiserId: ADVERTISER, name: 'auth' }).crmDataId;
    mock.randomFaults({ rate: 0, seed: 1, faults: [] });
    mock.failNext({ type: 'status', status: 401, body: { Message: 'Authentication failed.' } });
    const before = mock.calls.length;
    const error = await ttd.addMembers(crmDataId, ['a@example.com', 'bad'], { piiType: 'Email' }).catch((caught: unknown) => caught);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect((error as AuthenticationError).report).toMatchObject({ received: 1, invalid: 1, sent: 0, accepted: 0, retries: 0 });
    expect(mock.calls.slice(before).map((call) => `${call.method} ${call.status}`)).toEqual(['POST 401']);
    expect(mock.members(crmDataId)).toEqual([]);
  });
});
