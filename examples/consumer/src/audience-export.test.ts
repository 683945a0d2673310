import { normalizeEmail, sha256, type SyncReport } from '@x/core';
import { createCriteoAudiencesMock } from '@x/criteo-audiences/msw';
import { createLinkedInDmpMock } from '@x/linkedin-dmp/msw';
import { createTtdCrmMock, createTtdDataMock } from '@x/ttd-crm/msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { exportAudience, type AudienceExportSettings, type Customer, type ExportOutcome } from './audience-export.js';

// Every platform faked by the mock its package ships; an unmocked request fails the test.
const linkedIn = createLinkedInDmpMock(), criteo = createCriteoAudiencesMock(), ttdCrm = createTtdCrmMock(), ttdData = createTtdDataMock({ secretKey: 'ttd-secret' });
const server = setupServer(...linkedIn.handlers, ...criteo.handlers, ...ttdCrm.handlers, ...ttdData.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' })), afterEach(() => [linkedIn, criteo, ttdCrm, ttdData].forEach((mock) => mock.reset())), afterAll(() => server.close());

const settings: AudienceExportSettings = {
  linkedIn: { adAccountId: '512345678', sourcePlatform: 'ACME_PLATFORM', accessToken: 'linkedin-token' },
  criteo: { advertiserId: '12345', clientId: 'criteo-client', clientSecret: 'criteo-secret' },
  ttdCrm: { advertiserId: 'acme', authToken: 'ttd-token', minimumRecords: 1 },
  ttdData: { advertiserId: 'acme', region: 'us-east', secretKey: 'ttd-secret' },
  retry: { maxRetries: 2, initialDelayMs: 1, maxDelayMs: 5 },
};
const audience = { key: 'newsletter-2026', name: 'Newsletter subscribers' };
const ANN_TDID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const BOB_TDID = '6ba7b810-9dad-41d1-80b4-00c04fd430c8';
const customers: Customer[] = [
  { email: ' Ann.Lee@Example.com', firstName: 'Ann', lastName: 'Lee', country: 'us', tdid: ANN_TDID },
  { email: 'bob@example.org', country: 'FR', tdid: BOB_TDID },
  { email: 'carol@example.net' },
  { email: 'not an email' },
  { email: 'ann.lee@example.com' }, // the first customer again, other casing
];
const plainEmails = ['ann.lee@example.com', 'bob@example.org', 'carol@example.net'];

function reportOf<R extends SyncReport>(outcome: ExportOutcome<R>): R {
  if (!outcome.ok) throw new Error(`export failed (${outcome.kind}): ${outcome.message}`);
  expect(outcome.report.received).toBe(outcome.report.invalid + outcome.report.duplicates + outcome.report.sent);
  expect(outcome.report.sent).toBe(outcome.report.accepted + outcome.report.rejected);
  return outcome.report;
}

function onlySegmentId(): string {
  const segments = [...criteo.state.segments.values()];
  expect(segments).toHaveLength(1);
  return segments[0]!.id;
}

describe('exportAudience', () => {
  it('puts every valid customer in each platform, once, and reports the malformed and duplicate rows', async () => {
    const result = await exportAudience(audience, () => customers, settings);

    const linkedInReport = reportOf(result.linkedIn);
    expect(linkedInReport).toMatchObject({ received: 5, invalid: 1, duplicates: 1, sent: 3, accepted: 3 });
    expect(linkedInReport.issues).toEqual([expect.objectContaining({ index: 3 })]);
    const segment = linkedIn.segmentBySourceId(audience.key);
    expect(segment?.name).toBe(audience.name);
    expect(linkedIn.membersOf(segment!.id)).toHaveLength(3);
    for (const email of plainEmails) expect(linkedIn.hasMember(segment!.id, email)).toBe(true);

    expect(reportOf(result.criteo)).toMatchObject({ operation: 'replace', received: 5, invalid: 1, duplicates: 1, sent: 3, accepted: 3 });
    const criteoSegmentId = onlySegmentId();
    expect(criteo.members(criteoSegmentId).sort()).toEqual(plainEmails.map((email) => sha256(email, 'hex')).sort());

    const ttdCrmReport = reportOf(result.ttdCrm);
    expect(ttdCrmReport).toMatchObject({ operation: 'replace', received: 5, invalid: 1, duplicates: 1, sent: 3 });
    expect(ttdCrmReport.referenceId).toEqual(expect.any(String));
    const [crmSegment] = ttdCrm.state.segments.values();
    expect(crmSegment).toMatchObject({ advertiserId: 'acme', name: audience.name, region: 'US' });
    expect(ttdCrm.members(crmSegment!.crmDataId).sort()).toEqual(plainEmails.map((email) => sha256(normalizeEmail(email), 'base64')).sort());

    expect(reportOf(result.ttdData)).toMatchObject({ received: 2, invalid: 0, sent: 2, accepted: 2 });
    expect(ttdData.state.has(audience.key, { tdid: ANN_TDID })).toBe(true);
    expect(ttdData.state.has(audience.key, { tdid: BOB_TDID })).toBe(true);
  });

  it('sends no plaintext email to any platform', async () => {
    await exportAudience(audience, () => customers, settings);

    const wire = [linkedIn, criteo, ttdCrm, ttdData].flatMap((mock) => mock.calls.map((call) => `${call.url}\n${call.rawBody}`)).join('\n');
    expect(wire).toContain(sha256('bob@example.org', 'hex')); // the hashes did go out
    for (const email of plainEmails) expect(wire.toLowerCase()).not.toContain(email);
  });

  it('replaces Criteo and TTD CRM members on the next export, and only adds on LinkedIn', async () => {
    await exportAudience(audience, () => customers, settings);
    const second = await exportAudience(audience, () => [{ email: 'bob@example.org' }], settings);

    expect(reportOf(second.criteo).accepted).toBe(1);
    expect(criteo.members(onlySegmentId())).toEqual([sha256('bob@example.org', 'hex')]);
    const [crmSegment, ...more] = ttdCrm.state.segments.values();
    expect(more).toEqual([]);
    expect(ttdCrm.members(crmSegment!.crmDataId)).toEqual([sha256('bob@example.org', 'base64')]);
    expect(linkedIn.membersOf(linkedIn.segmentBySourceId(audience.key)!.id)).toHaveLength(3);
  });

  it('keeps exporting to the other platforms while Criteo is down', async () => {
    criteo.failNext({ type: 'server-error', status: 503 }, { times: 100 });

    const result = await exportAudience(audience, () => customers, settings);

    expect(result.criteo).toMatchObject({ ok: false, kind: 'api', statusCode: 503 });
    if (!result.criteo.ok) for (const email of plainEmails) expect(result.criteo.message).not.toContain(email);
    expect(criteo.state.segments.size).toBe(0);
    expect(reportOf(result.linkedIn).accepted).toBe(3);
    expect(reportOf(result.ttdCrm).sent).toBe(3);
    expect(reportOf(result.ttdData).accepted).toBe(2);
  });

  it("stops before any TTD CRM upload when the audience is below TTD's minimum", async () => {
    const result = await exportAudience(audience, () => customers, { ...settings, ttdCrm: { advertiserId: 'acme', authToken: 'ttd-token' } });

    expect(result.ttdCrm).toMatchObject({ ok: false, kind: 'sdk' });
    expect(result.ttdCrm.ok ? '' : result.ttdCrm.message).toMatch(/1,?500/);
    expect(ttdCrm.state.drops.size).toBe(0);
    expect(reportOf(result.linkedIn).accepted).toBe(3);
  });

  it('sends no member once the signal is aborted', async () => {
    const result = await exportAudience(audience, () => customers, settings, { signal: AbortSignal.abort() });

    for (const outcome of Object.values(result)) expect(outcome).toMatchObject({ ok: false, kind: 'aborted' });
    expect(ttdData.calls).toEqual([]);
    expect(ttdCrm.state.drops.size).toBe(0);
    const segment = linkedIn.segmentBySourceId(audience.key);
    if (segment) expect(linkedIn.membersOf(segment.id)).toEqual([]);
  });
});
