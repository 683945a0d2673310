import { AbortError, ApiCallError, ConfigurationError, sha256, type SyncReport } from '@x/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ADVERTISER_ID, setupCriteoMock, testClient } from './criteo-test-setup.test-helper.js';

const { mock } = setupCriteoMock();

const JANE_HASH = 'b4c9a289323b21a01c3e940f150eb9b8c542587f1abfd8f0e1cc1ffc5e475514'; // sha256('user@example.com')
const contactListPath = (id: string) => `/2026-07/marketing-solutions/audience-segments/${id}/contact-list`;
const patches = () => mock.calls.filter((call) => call.method === 'PATCH');
type Amendment = { data: { type: string; attributes: { operation: string; identifierType: string; identifiers: string[]; gumCallerId?: number } } };
const amendment = (index = 0) => patches()[index]?.body as Amendment;

function expectInvariants(report: SyncReport) {
  expect(report.received).toBe(report.invalid + report.duplicates + report.sent);
  expect(report.sent).toBe(report.accepted + report.rejected);
}

async function newSegment(name = 'Audience') {
  return mock.addSegment({ advertiserId: ADVERTISER_ID, name }).id;
}

async function* emails(count: number, prefix = 'user') {
  for (let index = 0; index < count; index++) yield `${prefix}${index}@example.com`;
}

describe('addMembers', () => {
  it('sends hashed emails in one PATCH with the contract headers and body', async () => {
    const id = await newSegment();
    const report = await testClient().addMembers(id, [' User@Example.com ', JANE_HASH.toUpperCase(), 'second@example.com']);
    const [call] = patches();
    expect(call?.path).toBe(contactListPath(id));
    expect(call?.headers).toMatchObject({ authorization: expect.stringMatching(/^Bearer /), 'content-type': 'application/json', accept: 'application/json' });
    expect(amendment()).toEqual({
      data: {
        type: 'ContactlistAmendment',
        attributes: { operation: 'add', identifierType: 'email', identifiers: [JANE_HASH, sha256('second@example.com')] },
      },
    });
    expect(report).toMatchObject({ operation: 'add', segmentId: id, received: 3, invalid: 0, duplicates: 1, sent: 2, accepted: 2, rejected: 0, batches: 1 });
    expect(mock.hasMember(id, 'user@example.com')).toBe(true);
    expect(mock.hasMember(id, 'second@example.com')).toBe(true);
  });

  it('counts every member: invalid rows become issues with their input index, duplicates are dropped', async () => {
    const id = await newSegment();
    const members = ['a@example.com', 'not-an-email', 'A@example.com', '', 'b@example.com', 'x@y@z.com', 'f'.repeat(128)];
    const report = await testClient().addMembers(id, members);
    expect(report).toMatchObject({ received: 7, invalid: 4, duplicates: 1, sent: 2, accepted: 2, rejected: 0 });
    expect(report.issues.map((issue) => [issue.index, issue.code])).toEqual([
      [1, 'missing-at'],
      [3, 'empty'],
      [5, 'multiple-at'],
      [6, 'invalid-hash'],
    ]);
    expectInvariants(report);
    expect(mock.members(id)).toHaveLength(2);
  });

  it('splits a large audience into requests of at most 50,000 identifiers, streaming from an async iterable', async () => {
    const id = await newSegment();
    const report = await testClient().addMembers(id, emails(100_001));
    expect(patches().map((call) => (call.body as Amendment).data.attributes.identifiers.length)).toEqual([50_000, 50_000, 1]);
    expect(report).toMatchObject({ received: 100_001, sent: 100_001, accepted: 100_001, batches: 3 });
    expect(mock.members(id)).toHaveLength(100_001);
  });

  it('turns nbInvalidIdentifiers into rejections, naming the members in the sample by input index', async () => {
    const id = await newSegment();
    const members = Array.from({ length: 30 }, (_, index) => `member${index}@example.com`);
    const refused = members.filter((_, index) => index % 2 === 1); // 15 refused, Criteo samples 10
    mock.rejectIdentifiers(refused);
    const report = await testClient().addMembers(id, members);
    expect(report).toMatchObject({ received: 30, sent: 30, accepted: 15, rejected: 15 });
    expect(report.issues).toHaveLength(10);
    expect(report.issues.map((issue) => issue.index)).toEqual([1, 3, 5, 7, 9, 11, 13, 15, 17, 19]);
    expect(report.issues[0]).toEqual({ index: 1, code: 'criteo-invalid-identifier', message: 'Criteo counted this email identifier as invalid.' });
    expectInvariants(report);
  });

  it('sends mobile ad ids lowercased as madid', async () => {
    const id = await newSegment();
    const report = await testClient().addMembers(id, ['6D92078A-8246-4BA4-AE5B-76104861E7DC', 'nope', '00000000-0000-0000-0000-000000000000'], {
      identifierType: 'madid',
    });
    expect(amendment().data.attributes).toEqual({ operation: 'add', identifierType: 'madid', identifiers: ['6d92078a-8246-4ba4-ae5b-76104861e7dc'] });
    expect(report).toMatchObject({ invalid: 2, accepted: 1 });
    expect(mock.hasMember(id, '6d92078a-8246-4ba4-ae5b-76104861e7dc', 'madid')).toBe(true);
  });

  it('sends IdentityLink ids as given (trimmed, case kept)', async () => {
    const id = await newSegment();
    await testClient().addMembers(id, [' XY1005AbCdEf ', 'XY1005AbCdEf', 'has space'], { identifierType: 'identityLink' });
    expect(amendment().data.attributes).toEqual({ operation: 'add', identifierType: 'identityLink', identifiers: ['XY1005AbCdEf'] });
  });

  it('sends GUM ids with the gumCallerId as an integer, and requires it', async () => {
    const id = await newSegment();
    const client = testClient();
    await expect(client.addMembers(id, ['gum-1'], { identifierType: 'gum' })).rejects.toSatisfy(
      (error) => ConfigurationError.isInstance(error) && error.issues.some((issue) => issue.path === 'gumCallerId'),
    );
    expect(patches()).toEqual([]);
    await client.addMembers(id, ['gum-1', 'gum-2'], { identifierType: 'gum', gumCallerId: '123' });
    expect(amendment().data.attributes).toEqual({ operation: 'add', identifierType: 'gum', identifiers: ['gum-1', 'gum-2'], gumCallerId: 123 });
    expect(mock.members(id, 'gum')).toEqual(['gum-1', 'gum-2']);
  });

  it('retries a PATCH after 429, 5xx and network errors (it is idempotent) and counts the retries', async () => {
    const id = await newSegment();
    mock.failNext({ type: 'rate-limit', retryAfterSeconds: 0 }, { match: { method: 'PATCH' } });
    mock.failNext({ type: 'server-error', status: 500 }, { match: { method: 'PATCH' } });
    mock.failNext({ type: 'network-error' }, { match: { method: 'PATCH' } });
    const report = await testClient().addMembers(id, ['a@example.com', 'b@example.com']);
    expect(patches().map((call) => call.status)).toEqual([429, 500, 0, 200]);
    expect(report).toMatchObject({ sent: 2, accepted: 2, retries: 3 });
    expect(mock.members(id)).toHaveLength(2);
  });

  it('stops with the report so far when retries run out', async () => {
    const id = await newSegment();
    mock.failNext({ type: 'server-error' }, { times: 3, match: { method: 'PATCH' } });
    const error = await testClient({ retry: { maxRetries: 2, initialDelayMs: 1, maxDelayMs: 1 } })
      .addMembers(id, ['a@example.com'])
      .catch((caught: unknown) => caught);
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect((error as ApiCallError).statusCode).toBe(503);
    expect((error as ApiCallError).report).toMatchObject({ received: 0, sent: 0, retries: 2 });
  });

  it('treats 404 audience-invalid as final', async () => {
    const error = await testClient().addMembers('424242', ['a@example.com']).catch((caught: unknown) => caught);
    expect((error as ApiCallError).statusCode).toBe(404);
    expect((error as ApiCallError).code).toBe('audience-invalid');
    expect(patches()).toHaveLength(1);
  });

  it('stops sending after an abort and reports what was sent', async () => {
    const id = await newSegment();
    const controller = new AbortController();
    const error = await testClient()
      .addMembers(id, emails(120_000), {
        concurrency: 1,
        signal: controller.signal,
        onProgress: () => controller.abort(),
      })
      .catch((caught: unknown) => caught);
    expect(AbortError.isInstance(error)).toBe(true);
    expect((error as AbortError).report).toMatchObject({ sent: 50_000, batches: 1 });
    expect(patches()).toHaveLength(1);
  });
});

describe('report invariants', () => {
  it('hold for any mix of valid, invalid, duplicate, hashed and refused members', async () => {
    const pool = [
      'a@example.com',
      ' A@Example.com',
      sha256('a@example.com').toUpperCase(),
      'b@example.com',
      'refused@example.com',
      'also-refused@example.com',
      'missing-at',
      'x@y@z',
      '',
      'c@example.com',
    ];
    mock.rejectIdentifiers(['refused@example.com', 'also-refused@example.com']);
    const client = testClient();
    const id = await newSegment();
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...pool), { maxLength: 40 }), async (members) => {
        const report = await client.addMembers(id, members);
        expectInvariants(report);
        expect(report.received).toBe(members.length);
        const refused = new Set(members.filter((member) => member.includes('refused')));
        expect(report.rejected).toBe(refused.size);
        expect(report.issues).toHaveLength(report.invalid + report.rejected);
        return true;
      }),
      { numRuns: 40 },
    );
  });
});

describe('removeMembers', () => {
  it('sends operation remove and takes the members out', async () => {
    const id = await newSegment();
    const client = testClient();
    await client.addMembers(id, ['a@example.com', 'b@example.com']);
    const report = await client.removeMembers(id, ['A@example.com']);
    expect(amendment(1).data.attributes).toMatchObject({ operation: 'remove', identifierType: 'email', identifiers: [sha256('a@example.com')] });
    expect(report).toMatchObject({ operation: 'remove', sent: 1, accepted: 1 });
    expect(mock.hasMember(id, 'a@example.com')).toBe(false);
    expect(mock.hasMember(id, 'b@example.com')).toBe(true);
  });
});

describe('replaceMembers', () => {
  it('wipes the contact list with DELETE, then adds the new members', async () => {
    const id = await newSegment();
    const client = testClient();
    await client.addMembers(id, ['old@example.com']);
    const report = await client.replaceMembers(id, ['new@example.com']);
    const calls = mock.calls.filter((call) => call.path.startsWith(contactListPath(id))).map((call) => call.method);
    expect(calls).toEqual(['PATCH', 'DELETE', 'PATCH']);
    expect(amendment(1).data.attributes.operation).toBe('add');
    expect(report).toMatchObject({ operation: 'replace', sent: 1, accepted: 1 });
    expect(mock.members(id)).toEqual([sha256('new@example.com')]);
  });

  it('takes an unlimited maxIssues, like every platform', async () => {
    const id = await newSegment();
    const report = await testClient().replaceMembers(id, ['a@example.com', 'not an email'], { maxIssues: Number.POSITIVE_INFINITY });
    expect(report).toMatchObject({ received: 2, invalid: 1, sent: 1, accepted: 1 });
    expect(report.issues).toHaveLength(1);
  });

  it('does not wipe when the members are not iterable', async () => {
    const id = await newSegment();
    await expect(testClient().replaceMembers(id, undefined as unknown as string[])).rejects.toSatisfy((error) => ConfigurationError.isInstance(error));
    expect(mock.calls.filter((call) => call.method === 'DELETE')).toEqual([]);
  });

  it('carries the report when the wipe fails', async () => {
    const error = await testClient().replaceMembers('424242', ['a@example.com']).catch((caught: unknown) => caught);
    expect((error as ApiCallError).statusCode).toBe(404);
    expect((error as ApiCallError).report).toMatchObject({ operation: 'replace', sent: 0 });
    expect(patches()).toEqual([]);
  });
});

describe('getStatistics', () => {
  it("returns the contact list's identifiers, matches and match rate", async () => {
    const id = await newSegment();
    const client = testClient();
    await client.addMembers(id, ['a@example.com', 'b@example.com', 'c@example.com', 'd@example.com']);
    await expect(client.getStatistics(id)).resolves.toEqual({ segmentId: id, numberOfIdentifiers: 4, numberOfMatches: 4, matchRate: 1 });
    const call = mock.calls.at(-1);
    expect(`${call?.method} ${call?.path}`).toBe(`GET ${contactListPath(id)}/statistics`);
  });
});
