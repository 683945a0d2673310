// Several syncs on one client at once: one token refresh shared by all of them, and a token
// LinkedIn refused is never sent again (checked on the mock's log and on the client's own timeline).
import { AbortError, type SyncReport } from '@x/core';
import type { RecordedCall } from '@x/core/msw';
import { describe, expect, it } from 'vitest';
import type { LinkedInDmpMember } from './linkedin-dmp-types.js';
import { ACCOUNT, PLATFORM, refreshingClient, useLinkedInMock } from './linkedin-test-kit.test-helper.js';

const mock = useLinkedInMock();
const OAUTH_PATH = '/oauth/v2/accessToken';
const tokenRequests = () => mock.calls.filter((call) => call.path === OAUTH_PATH);
const tokenOf = (call: RecordedCall) => call.headers.authorization?.replace(/^Bearer /, '');

const people = (sync: number, count: number): LinkedInDmpMember[] => Array.from({ length: count }, (_, n) => ({ email: `s${sync}.p${n}@example.com` }));
const segmentFor = (sync: number) => mock.addSegment({ name: `S${sync}`, sourceSegmentId: `sync-${sync}`, sourcePlatform: PLATFORM, adAccountId: ACCOUNT });

/** What the client sent and heard, in its own order (the mock logs a call when it answers). */
type Event = { kind: 'send' | 'refused'; token: string | undefined };

function timedClient(events: Event[]) {
  return refreshingClient({
    requestsPerMinute: 6_000_000,
    fetch: async (input, init) => {
      const request = input instanceof Request ? input : new Request(input, init);
      const token = request.headers.get('authorization')?.replace(/^Bearer /, '');
      if (token !== undefined) events.push({ kind: 'send', token });
      const response = await globalThis.fetch(input, init);
      if (response.status === 401) events.push({ kind: 'refused', token });
      return response;
    },
  });
}

function expectNoStaleTokenResent(events: Event[]): void {
  const refused = new Set<string | undefined>();
  for (const event of events) {
    if (event.kind === 'refused') refused.add(event.token);
    else expect(refused.has(event.token), 'a refused token was sent again').toBe(false);
  }
}

/** Attempts of each /users batch in order (the same body), so that a retry follows its 401. */
function expectRetriesUseAFreshToken(): number {
  const attempts = new Map<string, RecordedCall[]>();
  for (const call of mock.calls.filter((recorded) => recorded.path.endsWith('/users'))) {
    attempts.set(call.rawBody, [...(attempts.get(call.rawBody) ?? []), call]);
  }
  let afterRefusal = 0;
  for (const chain of attempts.values()) {
    for (let n = 1; n < chain.length; n++) {
      const previous = chain[n - 1] as RecordedCall;
      if (previous.status !== 401) continue;
      afterRefusal++;
      expect(tokenOf(chain[n] as RecordedCall)).not.toBe(tokenOf(previous));
    }
    expect(chain.at(-1)?.status).toBe(200);
  }
  return afterRefusal;
}

describe('several syncs on one client', () => {
  it('share the first token fetch and one refresh per expiry; a refused token is never sent twice', async () => {
    const events: Event[] = [];
    const client = timedClient(events);
    // The token endpoint is slow: every sync starts while the first fetch is still in flight.
    mock.failNext({ type: 'delay', ms: 50 }, { match: { path: OAUTH_PATH } });
    const segments = [0, 1, 2, 3].map(segmentFor);
    // 24 batches in all; the token LinkedIn holds as current expires after the 4th and the 14th answer.
    let answered = 0;
    const expire = () => {
      answered++;
      if (answered === 4 || answered === 14) mock.expireCurrentToken();
    };

    const reports = await Promise.all(segments.map((segment, sync) => client.addMembers(segment.id, people(sync, 30_000), { onProgress: expire })));

    for (const [sync, report] of reports.entries()) {
      expect(report).toMatchObject({ sent: 30_000, accepted: 30_000 });
      expect(mock.membersOf(segments[sync]?.id as string)).toHaveLength(30_000);
    }
    const refusedCalls = mock.calls.filter((call) => call.path !== OAUTH_PATH && call.status === 401);
    const refusedTokens = new Set(refusedCalls.map(tokenOf));
    expect(refusedTokens.size).toBe(2);
    // One fetch at the start, then one refresh per token LinkedIn refused, however many calls it refused.
    expect(tokenRequests()).toHaveLength(1 + refusedTokens.size);
    expect(expectRetriesUseAFreshToken()).toBe(refusedCalls.length);
    expectNoStaleTokenResent(events);
  });

  it('lookups, creates and syncs at once, with a 401 for everyone in flight: one refresh', async () => {
    const events: Event[] = [];
    const client = timedClient(events);
    await client.findSegment({ sourceSegmentId: 'warm-up' });
    const first = segmentFor(0);
    mock.expireCurrentToken();
    mock.failNext({ type: 'delay', ms: 30 }, { match: { path: OAUTH_PATH } });

    const [report, found, created, again] = await Promise.all([
      client.addMembers(first.id, people(0, 12_000), { concurrency: 3 }),
      client.findSegment({ sourceSegmentId: 'sync-0' }),
      client.ensureSegment({ sourceSegmentId: 'new-one', name: 'New' }),
      client.removeMembers(first.id, people(9, 6_000)),
    ]);

    expect((report as SyncReport).accepted).toBe(12_000);
    expect(found?.id).toBe(first.id);
    expect(created.sourceSegmentId).toBe('new-one');
    expect((again as SyncReport).accepted).toBe(6_000);
    expect(tokenRequests()).toHaveLength(2);
    expect(mock.calls.filter((call) => call.status === 401).length).toBeGreaterThanOrEqual(4);
    expectRetriesUseAFreshToken();
    expectNoStaleTokenResent(events);
  });

  it('aborting one sync during the shared refresh does not fail the others', async () => {
    const client = refreshingClient();
    const [a, b] = [segmentFor(0), segmentFor(1)];
    // Sync A starts the token fetch; B waits on the same fetch; A is aborted before it returns.
    mock.failNext({ type: 'delay', ms: 80 }, { match: { path: OAUTH_PATH } });
    const controller = new AbortController();
    const aborted = client.addMembers(a.id, people(0, 100), { signal: controller.signal }).catch((caught: unknown) => caught);
    const completed = client.addMembers(b.id, people(1, 100));
    setTimeout(() => controller.abort(), 20);

    expect(AbortError.isInstance(await aborted)).toBe(true);
    expect(await completed).toMatchObject({ sent: 100, accepted: 100 });
    expect(mock.membersOf(b.id)).toHaveLength(100);
    expect(mock.membersOf(a.id)).toHaveLength(0);
  });
});
