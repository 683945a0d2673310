import { AbortError, ApiCallError, ConfigurationError, sha256, type SyncReport } from '@x/core';
import { describe, expect, it } from 'vitest';
import { ACCESS_TOKEN, ACCOUNT, PLATFORM, testClient, useLinkedInMock } from './linkedin-test-kit.test-helper.js';

const mock = useLinkedInMock();

const GAID = '6d92078a-8246-4ba4-ae5b-76104861e7dc';
const hashOf = (email: string) => sha256(email, 'hex');

function segment(): string {
  return mock.addSegment({ name: 'Test', sourceSegmentId: 'test', sourcePlatform: PLATFORM, adAccountId: ACCOUNT }).id;
}

function expectInvariants(report: SyncReport): void {
  expect(report.received).toBe(report.invalid + report.duplicates + report.sent);
  expect(report.sent).toBe(report.accepted + report.rejected);
}

async function* generate(count: number): AsyncGenerator<{ email: string }> {
  for (let i = 0; i < count; i++) yield { email: `person.${i}@example.com` };
}

describe('addMembers', () => {
  it('hashes emails and sends one BATCH_CREATE with the documented element shape', async () => {
    const id = segment();
    const report = await testClient().addMembers(id, [
      { email: '  Jane.Doe@Example.COM ', firstName: ' Jane ', lastName: 'Doe', title: 'CTO', company: 'Acme', country: 'us' },
      { googleAdvertisingId: GAID.toUpperCase() },
    ]);

    expect(report).toMatchObject({ operation: 'add', segmentId: id, received: 2, sent: 2, accepted: 2, rejected: 0, batches: 1, issues: [] });
    expect(mock.hasMember(id, 'jane.doe@example.com')).toBe(true);
    expect(mock.hasMember(id, { googleAdvertisingId: GAID })).toBe(true);
    const call = mock.calls.find((recorded) => recorded.path.endsWith('/users'));
    expect(call?.url).toBe(`https://api.linkedin.com/rest/dmpSegments/${id}/users`);
    expect(call?.headers).toMatchObject({
      authorization: `Bearer ${ACCESS_TOKEN}`,
      'x-restli-method': 'BATCH_CREATE',
      'linkedin-version': '202604',
      'x-restli-protocol-version': '2.0.0',
      'content-type': 'application/json',
    });
    expect(call?.body).toEqual({
      elements: [
        {
          action: 'ADD',
          userIds: [{ idType: 'SHA256_EMAIL', idValue: hashOf('jane.doe@example.com') }],
          firstName: 'Jane',
          lastName: 'Doe',
          title: 'CTO',
          company: 'Acme',
          country: 'US',
        },
        { action: 'ADD', userIds: [{ idType: 'GOOGLE_AID', idValue: GAID }] },
      ],
    });
    expect(call?.rawBody).not.toContain('jane');
  });

  it('passes a SHA-256 given as sha256Email or email through, lowercased, never hashed again', async () => {
    const id = segment();
    const hash = hashOf('user@example.com');
    await testClient().addMembers(id, [{ sha256Email: hash.toUpperCase() }, { email: hashOf('other@example.com').toUpperCase() }]);
    const body = mock.calls.find((call) => call.path.endsWith('/users'))?.body as { elements: Array<{ userIds: unknown[] }> };
    expect(body.elements.map((element) => element.userIds)).toEqual([
      [{ idType: 'SHA256_EMAIL', idValue: hash }],
      [{ idType: 'SHA256_EMAIL', idValue: hashOf('other@example.com') }],
    ]);
    expect(hash).toBe('b4c9a289323b21a01c3e940f150eb9b8c542587f1abfd8f0e1cc1ffc5e475514');
  });

  it('counts invalid rows and duplicates with their input positions, and sends the rest', async () => {
    const id = segment();
    const report = await testClient().addMembers(id, [
      { email: 'a@example.com' }, // 0 sent
      { email: 'not-an-email' }, // 1 invalid
      { email: ' A@EXAMPLE.com' }, // 2 duplicate of 0
      { firstName: 'No', lastName: 'Id' }, // 3 invalid: no user id
      { sha256Email: 'abc' }, // 4 invalid hash
      { email: 'b@example.com', country: 'Germany' }, // 5 invalid country
      { googleAdvertisingId: 'nope' }, // 6 invalid GAID
      { sha256Email: hashOf('a@example.com') }, // 7 duplicate of 0 (same user id)
      { email: 'c@example.com', googleAdvertisingId: GAID }, // 8 sent
    ]);

    expect(report).toMatchObject({ received: 9, invalid: 5, duplicates: 2, sent: 2, accepted: 2, rejected: 0 });
    expect(report.issues.map((issue) => [issue.index, issue.code])).toEqual([
      [1, 'missing-at'],
      [3, 'missing-id'],
      [4, 'invalid-hash'],
      [5, 'invalid-country'],
      [6, 'invalid-mobile-ad-id'],
    ]);
    expectInvariants(report);
    expect(mock.membersOf(id)).toHaveLength(2);
  });

  it('splits large audiences into requests of at most 5,000 elements, streaming an async iterable', async () => {
    const id = segment();
    const report = await testClient().addMembers(id, generate(12_001));
    const sizes = mock.calls
      .filter((call) => call.path.endsWith('/users'))
      .map((call) => (call.body as { elements: unknown[] }).elements.length)
      .sort((a, b) => b - a);
    expect(sizes).toEqual([5_000, 5_000, 2_001]);
    expect(report).toMatchObject({ received: 12_001, sent: 12_001, accepted: 12_001, batches: 3 });
    expect(mock.membersOf(id)).toHaveLength(12_001);
  });

  it('maps per-element statuses of the 200 answer to the caller’s input positions', async () => {
    const id = segment();
    mock.rejectMembers(['b@example.com', 'd@example.com'], { status: 400, message: 'Member b@example.com could not be matched' });
    const report = await testClient().addMembers(id, [
      { email: 'a@example.com' },
      { email: 'broken' },
      { email: 'b@example.com' },
      { email: 'c@example.com' },
      { email: 'd@example.com' },
    ]);

    expect(report).toMatchObject({ received: 5, invalid: 1, sent: 4, accepted: 2, rejected: 2 });
    expect(report.issues.filter((issue) => issue.code !== 'missing-at').map((issue) => issue.index)).toEqual([2, 4]);
    expect(report.issues[1]?.message).toContain('status 400');
    expect(JSON.stringify(report)).not.toContain('b@example.com');
    expect(mock.hasMember(id, 'a@example.com')).toBe(true);
    expect(mock.hasMember(id, 'b@example.com')).toBe(false);
    expectInvariants(report);
  });

  it('waits out the 404s of a just-created segment, then adds everyone', async () => {
    mock.notReadyAfterCreate(3);
    const client = testClient();
    const created = await client.ensureSegment({ sourceSegmentId: 'fresh', name: 'Fresh' });
    const report = await client.addMembers(created.id, [{ email: 'a@example.com' }]);

    expect(report).toMatchObject({ sent: 1, accepted: 1, retries: 3 });
    const statuses = mock.calls.filter((call) => call.path.endsWith('/users')).map((call) => call.status);
    expect(statuses).toEqual([404, 404, 404, 200]);
    expect(mock.hasMember(created.id, 'a@example.com')).toBe(true);
  });

  it('gives up on a segment that stays 404 past segmentReadyTimeoutMs, with the report so far', async () => {
    const error = await testClient({ segmentReadyTimeoutMs: 30 })
      .addMembers('424242', [{ email: 'a@example.com' }])
      .catch((caught: unknown) => caught);
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect((error as ApiCallError).statusCode).toBe(404);
    expect((error as Error).message).toContain('segmentReadyTimeoutMs');
    expect((error as ApiCallError).report).toMatchObject({ received: 0, sent: 0 });
    expect(mock.calls.filter((call) => call.path.endsWith('/users')).length).toBeGreaterThan(1);
  });

  it('retries 429 (honouring Retry-After), 5xx and network errors: the request is safe to repeat', async () => {
    const id = segment();
    mock.failNext({ type: 'status', status: 429, retryAfter: 0 }, { match: { path: '/users' } });
    mock.failNext({ type: 'status', status: 503 }, { match: { path: '/users' } });
    mock.failNext({ type: 'network-error' }, { match: { path: '/users' } });
    const report = await testClient().addMembers(id, [{ email: 'a@example.com' }]);
    expect(report).toMatchObject({ accepted: 1, retries: 3 });
    expect(mock.calls.filter((call) => call.path.endsWith('/users')).map((call) => call.status)).toEqual([429, 503, 0, 200]);
  });

  it('a whole-request 400 stops the sync with a typed error carrying the report', async () => {
    const id = segment();
    mock.failNext({ type: 'status', status: 400, body: { status: 400, message: 'Bad request' } }, { match: { path: '/users' } });
    const error = await testClient().addMembers(id, [{ email: 'a@example.com' }]).catch((caught: unknown) => caught);
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect((error as ApiCallError).report).toMatchObject({ received: 0, sent: 0 });
  });

  it('an aborted sync sends nothing more and rejects with AbortError and the counts so far', async () => {
    const id = segment();
    const controller = new AbortController();
    const report = testClient().addMembers(id, generate(20_000), {
      concurrency: 1,
      onProgress: () => controller.abort(),
      signal: controller.signal,
    });
    const error = await report.catch((caught: unknown) => caught);
    expect(AbortError.isInstance(error)).toBe(true);
    const partial = (error as AbortError).report as SyncReport;
    expect(partial.sent).toBe(5_000);
    expect(mock.membersOf(id)).toHaveLength(5_000);
    expectInvariants(partial);
  });

  it('rejects a missing segment id before any call', async () => {
    await expect(testClient().addMembers('', [{ email: 'a@example.com' }])).rejects.toSatisfy(ConfigurationError.isInstance);
    expect(mock.calls).toHaveLength(0);
  });

  it('accepts a segment URN as the id', async () => {
    const id = segment();
    const report = await testClient().addMembers(`urn:li:dmpSegment:${id}`, [{ email: 'a@example.com' }]);
    expect(report.segmentId).toBe(id);
    expect(mock.hasMember(id, 'a@example.com')).toBe(true);
  });
});

describe('removeMembers', () => {
  it('sends REMOVE elements and takes the people out of the segment', async () => {
    const id = segment();
    const client = testClient();
    await client.addMembers(id, [{ email: 'a@example.com' }, { email: 'b@example.com' }]);
    const report = await client.removeMembers(id, [{ email: 'A@example.com' }, { email: 'nobody@example.com' }]);

    expect(report).toMatchObject({ operation: 'remove', sent: 2, accepted: 2 });
    const last = mock.calls.at(-1)?.body as { elements: Array<{ action: string }> };
    expect(last.elements.map((element) => element.action)).toEqual(['REMOVE', 'REMOVE']);
    expect(mock.hasMember(id, 'a@example.com')).toBe(false);
    expect(mock.hasMember(id, 'b@example.com')).toBe(true);
  });
});

describe('pacing', () => {
  it('waits for the rate limiter before every /users attempt, not for lookups', async () => {
    const acquired: string[] = [];
    const rateLimiter = {
      requestsPerMinute: 600,
      acquire: async () => {
        acquired.push('slot');
      },
      pauseFor: () => undefined,
      observe: () => undefined,
    };
    const client = testClient({ rateLimiter });
    const created = await client.ensureSegment({ sourceSegmentId: 'paced', name: 'Paced' });
    expect(acquired).toHaveLength(0);
    mock.failNext({ type: 'status', status: 503 }, { match: { path: '/users' } });
    await client.addMembers(created.id, generate(6_000));
    expect(acquired).toHaveLength(3); // two batches, one retry
  });

  it('a 429 with Retry-After holds the shared limiter back', async () => {
    const paused: number[] = [];
    const rateLimiter = { requestsPerMinute: 600, acquire: async () => undefined, pauseFor: (ms: number) => void paused.push(ms), observe: () => undefined };
    const id = segment();
    mock.failNext({ type: 'status', status: 429, retryAfter: 0.002 }, { match: { path: '/users' } });
    await testClient({ rateLimiter }).addMembers(id, [{ email: 'a@example.com' }]);
    expect(paused).toEqual([2]);
  });
});
