import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AbortError, ApiCallError, ConfigurationError, sha256, type SyncReport } from '@x/core';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTtdCrmMock } from './msw/ttd-crm-mock.js';
import { createTtdCrmClient } from './ttd-crm-client.js';
import { TtdCrmMinimumRecordsError } from './ttd-crm-errors.js';
import type { TtdCrmClientOptions } from './ttd-crm-options.js';

const TOKEN = 'ttd-long-lived-token-0123456789';
const ADVERTISER = 'adv123';
const mock = createTtdCrmMock();
const server = setupServer(...mock.handlers);
let spoolDirectory: string;

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(async () => {
  spoolDirectory = await mkdtemp(join(tmpdir(), 'ttd-crm-drop-test-'));
});
afterEach(async () => {
  server.resetHandlers();
  mock.reset();
  await rm(spoolDirectory, { recursive: true, force: true });
});
afterAll(() => server.close());

const emails = (count: number, offset = 0) => Array.from({ length: count }, (_, i) => `user${i + offset}@example.com`);
const uid2 = (email: string) => sha256(email, 'base64');

function client(overrides: Partial<TtdCrmClientOptions> = {}) {
  return createTtdCrmClient({
    advertiserId: ADVERTISER,
    authToken: TOKEN,
    retry: { initialDelayMs: 1, maxDelayMs: 5 },
    spool: { directory: spoolDirectory },
    ...overrides,
  });
}

function segment() {
  return mock.addSegment({ advertiserId: ADVERTISER, name: 'Newsletter' }).crmDataId;
}

function expectInvariants(report: SyncReport) {
  expect(report.received).toBe(report.invalid + report.duplicates + report.sent);
  expect(report.sent).toBe(report.accepted + report.rejected);
}

const uploads = () => mock.calls.filter((call) => call.method === 'PUT');
const drops = () => mock.calls.filter((call) => call.method === 'POST');

describe('replaceMembers', () => {
  it('uploads the whole audience in one drop and the segment then holds exactly it (hashed UID2)', async () => {
    const crmDataId = mock.addSegment({ advertiserId: ADVERTISER, name: 'N', members: ['old-member-line'] }).crmDataId;
    const audience = emails(1600);
    const report = await client().replaceMembers(crmDataId, audience, { piiType: 'EmailHashedUnifiedId2' });

    expect(report).toMatchObject({ operation: 'replace', segmentId: crmDataId, received: 1600, invalid: 0, duplicates: 0, sent: 1600, accepted: 1600, rejected: 0, batches: 1, retries: 0, issues: [] });
    expect(report.referenceId).toBe([...mock.state.drops.keys()][0]);
    expectInvariants(report);
    expect(mock.members(crmDataId)).toEqual(audience.map(uid2).sort());
    expect(drops()).toHaveLength(1);
    expect(uploads()).toHaveLength(1);
  });

  it('takes the options every platform takes, concurrency and an unlimited maxIssues included', async () => {
    const crmDataId = segment();
    const report = await client({ minimumRecords: 2 }).replaceMembers(crmDataId, ['a@example.com', 'b@example.com', 'not an email'], {
      piiType: 'Email',
      concurrency: 3,
      maxIssues: Number.POSITIVE_INFINITY,
    });
    expect(report).toMatchObject({ received: 3, invalid: 1, sent: 2, accepted: 2 });
    expect(report.issues).toHaveLength(1);
  });

  it('puts the documented request on the wire: drop body, then a PUT of text/plain lines with Content-Length and no TTD-Auth', async () => {
    const crmDataId = segment();
    await client({ minimumRecords: 2 }).replaceMembers(crmDataId, [' Jane.Doe@Example.com', 'b@example.com'], { piiType: 'Email' });

    const [drop] = drops();
    expect(drop?.path).toBe(`/v3/crmdata/targeting/segment/${ADVERTISER}/${crmDataId}`);
    expect(drop?.headers['ttd-auth']).toBe(TOKEN);
    expect(drop?.headers['content-type']).toContain('application/json');
    expect(drop?.body).toEqual({ PiiType: 'Email', MergeMode: 'Replace' });
    expect(drop?.body).not.toHaveProperty('RetentionEnabled');

    const [upload] = uploads();
    const dropRecord = [...mock.state.drops.values()][0];
    expect(upload?.url).toBe(dropRecord?.url);
    expect(new URL(upload?.url ?? '').host).toBe('ttd-crm-uploads.mock');
    expect(upload?.headers['ttd-auth']).toBeUndefined();
    expect(upload?.headers['content-type']).toBe('text/plain');
    expect(upload?.rawBody).toBe('jane.doe@example.com\nb@example.com\n');
    expect(upload?.headers['content-length']).toBe(String(Buffer.byteLength(upload?.rawBody ?? '')));
  });

  it('prepares, dedupes and counts every row; invalid rows become issues by input index', async () => {
    const crmDataId = segment();
    const input = ['a@example.com', 'A@EXAMPLE.COM ', 'not-an-email', 'b4c9a289323b21a01c3e940f150eb9b8c542587f1abfd8f0e1cc1ffc5e475514', 'c@example.com', 'a@ex ample.com'];
    const report = await client({ minimumRecords: 1 }).replaceMembers(crmDataId, input, { piiType: 'Email' });
    expect(report).toMatchObject({ received: 6, invalid: 3, duplicates: 1, sent: 2, accepted: 2, rejected: 0, batches: 1 });
    expect(report.issues.map((issue) => [issue.index, issue.code])).toEqual([
      [2, 'missing-at'],
      [3, 'invalid-value'],
      [5, 'contains-whitespace'],
    ]);
    expectInvariants(report);
    expect(mock.members(crmDataId)).toEqual(['a@example.com', 'c@example.com']);
  });

  it('dedupes the hashed forms: an address, its hex hash and its base64 hash are one member', async () => {
    const crmDataId = segment();
    const report = await client({ minimumRecords: 1 }).replaceMembers(
      crmDataId,
      ['user@example.com', 'b4c9a289323b21a01c3e940f150eb9b8c542587f1abfd8f0e1cc1ffc5e475514', 'tMmiiTI7IaAcPpQPFQ65uMVCWH8av9jw4cwf/F5HVRQ=', 'JANE.SAOIRSE@gmail.com', 'janesaoirse+x@gmail.com'],
      { piiType: 'EmailHashedUnifiedId2' },
    );
    expect(report).toMatchObject({ received: 5, duplicates: 3, sent: 2 });
    expect(uploads()[0]?.rawBody).toBe('tMmiiTI7IaAcPpQPFQ65uMVCWH8av9jw4cwf/F5HVRQ=\nku4mBX7Z3qJTXWyLFB1INzkyR2WZGW4ANSJUiW21iI8=\n');
  });

  it('reads async iterables', async () => {
    const crmDataId = segment();
    async function* audience() {
      for (const email of emails(1500)) yield email;
    }
    const report = await client().replaceMembers(crmDataId, audience(), { piiType: 'EmailHashedUnifiedId2' });
    expect(report.sent).toBe(1500);
    expect(mock.members(crmDataId)).toHaveLength(1500);
  });

  it('a second Replace leaves only its own members', async () => {
    const crmDataId = segment();
    await client().replaceMembers(crmDataId, emails(1500), { piiType: 'Email' });
    await client().replaceMembers(crmDataId, emails(1500, 10_000), { piiType: 'Email' });
    expect(mock.members(crmDataId)).toEqual(emails(1500, 10_000).sort());
  });
});

describe('addMembers', () => {
  it('sends MergeMode Add and keeps the members already there', async () => {
    const crmDataId = segment();
    await client().replaceMembers(crmDataId, emails(1500), { piiType: 'Email' });
    const report = await client().addMembers(crmDataId, emails(1500, 1000), { piiType: 'Email', ttlInMinutes: 43_200 });
    expect(report).toMatchObject({ operation: 'add', sent: 1500, batches: 1 });
    expect(drops()[1]?.body).toEqual({ PiiType: 'Email', MergeMode: 'Add', TtlInMinutes: 43_200 });
    expect(mock.members(crmDataId)).toHaveLength(2500);
  });
});

describe('minimumRecords', () => {
  it('fails before any request when fewer distinct valid ids than the default 1500, stating the count', async () => {
    const crmDataId = segment();
    const input = [...emails(1499), 'user0@example.com', 'broken'];
    const error = await client().replaceMembers(crmDataId, input, { piiType: 'EmailHashedUnifiedId2' }).catch((caught: unknown) => caught);
    expect(TtdCrmMinimumRecordsError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ distinctCount: 1499, minimumRecords: 1500, received: 1501, invalid: 1, duplicates: 1 });
    expect((error as Error).message).toContain('1499');
    expect((error as Error).message).toContain('1500');
    expect(mock.calls).toHaveLength(0);
    expect(await readdir(spoolDirectory)).toEqual([]);
  });

  it('honours a configured floor', async () => {
    const crmDataId = segment();
    await expect(client({ minimumRecords: 3 }).addMembers(crmDataId, emails(2), { piiType: 'Email' })).rejects.toThrow(/found 2 distinct valid ids/);
    expect((await client({ minimumRecords: 2 }).addMembers(crmDataId, emails(2), { piiType: 'Email' })).sent).toBe(2);
  });
});

describe('spooling', () => {
  it('streams a large body from a temporary file and removes it after success', async () => {
    const crmDataId = segment();
    const audience = emails(5000);
    const report = await client({ spool: { thresholdBytes: 10_000, directory: spoolDirectory } }).replaceMembers(crmDataId, audience, { piiType: 'Email' });
    expect(report.sent).toBe(5000);
    const [upload] = uploads();
    expect(upload?.rawBody).toBe(`${audience.join('\n')}\n`);
    expect(upload?.headers['content-length']).toBe(String(Buffer.byteLength(upload?.rawBody ?? '')));
    expect(mock.members(crmDataId)).toEqual([...audience].sort());
    expect(await readdir(spoolDirectory)).toEqual([]);
  });

  it('replays the file on a retried upload (PUT is idempotent) and removes it afterwards', async () => {
    const crmDataId = segment();
    mock.failNext({ type: 'status', status: 503 }, { match: { method: 'PUT' } });
    mock.failNext({ type: 'network-error' }, { match: { method: 'PUT' } });
    const report = await client({ spool: { thresholdBytes: 0, directory: spoolDirectory } }).replaceMembers(crmDataId, emails(1500), { piiType: 'Email' });
    expect(report).toMatchObject({ sent: 1500, retries: 2, batches: 1 });
    expect(uploads().map((call) => call.status)).toEqual([503, 0, 200]);
    expect(uploads()[2]?.rawBody).toBe(`${emails(1500).join('\n')}\n`);
    expect(mock.members(crmDataId)).toHaveLength(1500);
    expect(await readdir(spoolDirectory)).toEqual([]);
  });

  it('removes the file after a failed upload, and the error carries the report so far', async () => {
    const crmDataId = segment();
    mock.failNext({ type: 'status', status: 500 }, { times: 3, match: { method: 'PUT' } });
    const error = await client({ retry: { maxRetries: 2, initialDelayMs: 1 }, spool: { thresholdBytes: 0, directory: spoolDirectory } })
      .replaceMembers(crmDataId, [...emails(1500), 'bad'], { piiType: 'Email' })
      .catch((caught: unknown) => caught);
    expect(ApiCallError.isInstance(error)).toBe(true);
    const report = (error as ApiCallError).report;
    expect(report).toMatchObject({ invalid: 1, sent: 0, accepted: 0, batches: 0, retries: 2 });
    expect(mock.members(crmDataId)).toEqual([]);
    expect(await readdir(spoolDirectory)).toEqual([]);
  });
});

describe('faults on the drop', () => {
  it('retries a 429 on drop creation honouring Retry-After, then uploads once', async () => {
    const crmDataId = segment();
    mock.failNext({ type: 'status', status: 429, retryAfter: 0 }, { match: { method: 'POST' } });
    const report = await client().replaceMembers(crmDataId, emails(1500), { piiType: 'Email' });
    expect(report.retries).toBe(1);
    expect(drops().map((call) => call.status)).toEqual([429, 200]);
    expect(uploads()).toHaveLength(1);
  });

  it('reports an unknown segment as a 404 with TTD message, without uploading', async () => {
    const error = await client().replaceMembers('missing', emails(1500), { piiType: 'Email' }).catch((caught: unknown) => caught);
    expect((error as ApiCallError).statusCode).toBe(404);
    expect((error as Error).message).toContain('not found');
    expect(uploads()).toHaveLength(0);
  });

  it('validates the call options before reading members', async () => {
    const crmDataId = segment();
    await expect(client().replaceMembers(crmDataId, emails(1500), { piiType: 'Phone' as 'Email' })).rejects.toThrow(ConfigurationError);
    await expect(client().replaceMembers('', emails(1500), { piiType: 'Email' })).rejects.toThrow(ConfigurationError);
    await expect(client().replaceMembers(crmDataId, 42 as unknown as string[], { piiType: 'Email' })).rejects.toThrow(ConfigurationError);
    expect(mock.calls).toHaveLength(0);
  });

  it('aborts: nothing is sent and the AbortError holds the counts so far', async () => {
    const crmDataId = segment();
    const controller = new AbortController();
    controller.abort();
    const error = await client().replaceMembers(crmDataId, emails(1500), { piiType: 'Email', signal: controller.signal }).catch((caught: unknown) => caught);
    expect(AbortError.isInstance(error)).toBe(true);
    expect((error as AbortError).report?.sent).toBe(0);
    expect(mock.calls).toHaveLength(0);
    expect(await readdir(spoolDirectory)).toEqual([]);
  });
});

describe('soak', () => {
  it('survives 20% random faults on every call: one segment, one effective drop per call, exact members', async () => {
    mock.randomFaults({
      rate: 0.2,
      seed: 7,
      faults: [{ type: 'status', status: 503 }, { type: 'status', status: 429, retryAfter: 0 }, { type: 'network-error' }],
    });
    const ttd = client({ spool: { thresholdBytes: 20_000, directory: spoolDirectory } });
    for (let round = 0; round < 5; round++) {
      const { crmDataId } = await ttd.ensureSegment({ name: 'Soak', region: 'US' });
      const report = await ttd.replaceMembers(crmDataId, emails(1500, round * 100), { piiType: 'EmailHashedUnifiedId2' });
      expect(report).toMatchObject({ sent: 1500, accepted: 1500, batches: 1 });
      expect(mock.members(crmDataId)).toEqual(emails(1500, round * 100).map(uid2).sort());
    }
    expect(mock.state.segments.size).toBe(1);
    expect(mock.calls.some((call) => call.status !== 200)).toBe(true);
    expect(await readdir(spoolDirectory)).toEqual([]);
  });
});

describe('getDropStatus', () => {
  it('reads the drop status leniently: raw status string and safe fields', async () => {
    const crmDataId = segment();
    const ttd = client({ minimumRecords: 1 });
    const { referenceId } = await ttd.replaceMembers(crmDataId, ['a@example.com'], { piiType: 'Email' });
    const status = await ttd.getDropStatus(crmDataId, referenceId);
    expect(status).toMatchObject({ crmDataId, referenceId, status: 'Processed' });
    expect(status.raw).toMatchObject({ ReferenceId: referenceId, Status: 'Processed', ReceivedLines: 1 });
    const call = mock.calls.at(-1);
    expect(call?.path).toBe(`/v3/crmdata/targeting/segment/${ADVERTISER}/${crmDataId}/${referenceId}`);
    expect(call?.headers['ttd-auth']).toBe(TOKEN);
  });

  it('drops URLs and credentials from unknown shapes and finds other status spellings', async () => {
    const { http, HttpResponse } = await import('msw');
    server.use(
      http.get('https://api.thetradedesk.com/v3/crmdata/targeting/segment/:a/:c/:r', () =>
        HttpResponse.json({ dropStatus: 'Failed', Url: 'https://x.mock/?X-Amz-Signature=abc', Detail: { Lines: 3, Note: 'bad a@b.com' } }),
      ),
    );
    const status = await client().getDropStatus('c1', 'r1');
    expect(status.status).toBe('Failed');
    expect(status.raw).toEqual({ dropStatus: 'Failed', 'Detail.Lines': 3, 'Detail.Note': 'bad [redacted]' });
  });
});

describe('privacy', () => {
  it('never shows a raw email, hash or the token in reports and errors', async () => {
    const crmDataId = segment();
    const secretEmail = 'secret.person@example.com';
    const report = await client({ minimumRecords: 1 }).replaceMembers(crmDataId, [secretEmail, 'x y@example.com', 'b4c9a289323b21a01c3e940f150eb9b8c542587f1abfd8f0e1cc1ffc5e475514'], {
      piiType: 'Email',
    });
    const reportText = JSON.stringify(report);
    for (const secret of [secretEmail, 'x y@example.com', 'b4c9a289323b21a01c3e940f150eb9b8c542587f1abfd8f0e1cc1ffc5e475514', TOKEN]) {
      expect(reportText).not.toContain(secret);
    }

    mock.failNext({ type: 'status', status: 400, body: { Message: `bad ${secretEmail} token ${TOKEN}` } }, { match: { method: 'POST' } });
    const error = await client({ minimumRecords: 1 }).replaceMembers(crmDataId, [secretEmail], { piiType: 'Email' }).catch((caught: unknown) => caught);
    const errorText = `${String(error)} ${JSON.stringify(error)} ${String((error as Error).cause ?? '')}`;
    expect(errorText).not.toContain(secretEmail);
    expect(errorText).not.toContain(TOKEN);

    const minimum = await client().replaceMembers(crmDataId, [secretEmail], { piiType: 'Email' }).catch((caught: unknown) => caught);
    expect(`${String(minimum)} ${JSON.stringify(minimum)}`).not.toContain(secretEmail);
  });

  it('never leaks the upload signature in an upload error', async () => {
    const crmDataId = segment();
    mock.failNext({ type: 'status', status: 403 }, { match: { method: 'PUT' } });
    const error = await client({ minimumRecords: 1 }).replaceMembers(crmDataId, ['a@example.com'], { piiType: 'Email' }).catch((caught: unknown) => caught);
    const signature = [...mock.state.drops.values()][0]?.signature ?? 'none';
    expect((error as ApiCallError).statusCode).toBe(403);
    expect(`${String(error)} ${JSON.stringify(error)}`).not.toContain(signature);
  });
});
