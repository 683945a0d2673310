import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTtdDataMock } from './msw/ttd-data-mock.js';
import { createTtdDataClient } from './ttd-data-client.js';
import { TTD_DATA_HOSTS, type TtdDataRegion } from './ttd-data-hosts.js';
import type { TtdDataMember } from './ttd-data-member.js';
import { ADVERTISER, bodies, guid, SECRET, setupTtdDataServer, tdids, testClient, TOKEN } from './ttd-data-test-server.test-helper.js';

const { mock, server } = setupTtdDataServer();

describe('createTtdDataClient: adding and removing', () => {
  it('adds members to a segment with the default 30-day TTL, signed with TtdSignature', async () => {
    const ttd = testClient();
    const members = tdids(3);
    const report = await ttd.addMembers('cohort-a', members);

    expect(report).toMatchObject({ operation: 'add', segmentId: 'cohort-a', received: 3, invalid: 0, duplicates: 0, sent: 3, accepted: 3, rejected: 0, batches: 1 });
    for (const member of members) expect(mock.state.has('cohort-a', member)).toBe(true);
    expect(mock.state.members('cohort-a').map((membership) => membership.ttlMinutes)).toEqual([43_200, 43_200, 43_200]);

    const [call] = mock.calls;
    expect(call?.method).toBe('POST');
    expect(call?.url).toBe(`${TTD_DATA_HOSTS['us-east']}/data/advertiser`);
    expect(call?.headers['content-type']).toContain('application/json');
    expect(call?.headers['ttd-auth']).toBeUndefined();
    expect(call?.headers.ttdsignature).toBe(createHmac('sha1', SECRET).update(Buffer.from(call?.rawBody ?? '', 'utf8')).digest('base64'));
    expect(call?.rawBody).not.toContain(SECRET);
  });

  it('sends one id per item with TTD field names, TTLInMinutes and no DataProviderId unless set', async () => {
    const ttd = testClient();
    const uid2 = 'Yk3vQ/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789a=';
    const members: TtdDataMember[] = [
      { tdid: guid(1) },
      { daid: guid(2).toUpperCase() },
      { uid2 },
      { uid2Token: 'AgAAAAN+MiXeDToKen==' },
      { euid: 'EuIdVaLuE+/=' },
      { euidToken: 'EuToKeN' },
      { rampId: 'XY1000RampIdValue' },
    ];
    await ttd.addMembers('cohort-b', members, { ttlMinutes: 60 });

    const [body] = bodies(mock.calls);
    expect(Object.keys(body ?? {})).toEqual(['AdvertiserId', 'Items']);
    expect(body?.AdvertiserId).toBe(ADVERTISER);
    expect(body?.Items).toEqual([
      { TDID: guid(1), Data: [{ Name: 'cohort-b', TTLInMinutes: 60 }] },
      { DAID: guid(2).toUpperCase(), Data: [{ Name: 'cohort-b', TTLInMinutes: 60 }] },
      { UID2: uid2, Data: [{ Name: 'cohort-b', TTLInMinutes: 60 }] },
      { UID2Token: 'AgAAAAN+MiXeDToKen==', Data: [{ Name: 'cohort-b', TTLInMinutes: 60 }] },
      { EUID: 'EuIdVaLuE+/=', Data: [{ Name: 'cohort-b', TTLInMinutes: 60 }] },
      { EUIDToken: 'EuToKeN', Data: [{ Name: 'cohort-b', TTLInMinutes: 60 }] },
      { RampID: 'XY1000RampIdValue', Data: [{ Name: 'cohort-b', TTLInMinutes: 60 }] },
    ]);
    for (const item of body?.Items ?? []) expect(Object.keys(item)).toHaveLength(2);
    expect(mock.state.has('cohort-b', { uid2 })).toBe(true);
    expect(mock.state.has('cohort-b', { uid2: uid2.toLowerCase() })).toBe(false);

    await testClient({ dataProviderId: 'my-cdp' }).addMembers('cohort-b', [{ tdid: guid(9) }]);
    expect(bodies(mock.calls)[1]?.DataProviderId).toBe('my-cdp');
  });

  it('removes members with TTL 0 and leaves the others in the segment', async () => {
    const ttd = testClient();
    await ttd.addMembers('cohort-c', tdids(4));
    const report = await ttd.removeMembers('cohort-c', tdids(2));

    expect(report).toMatchObject({ operation: 'remove', segmentId: 'cohort-c', sent: 2, accepted: 2 });
    expect(bodies(mock.calls)[1]?.Items.map((item) => item.Data)).toEqual([
      [{ Name: 'cohort-c', TTLInMinutes: 0 }],
      [{ Name: 'cohort-c', TTLInMinutes: 0 }],
    ]);
    expect(mock.state.members('cohort-c').map((membership) => membership.id)).toEqual([guid(2), guid(3)]);
  });

  it('authenticates with TTD-Auth instead when given a token', async () => {
    const ttd = testClient({ secretKey: undefined, authToken: TOKEN } as never);
    await ttd.addMembers('cohort-d', tdids(1));
    expect(mock.calls[0]?.headers['ttd-auth']).toBe(TOKEN);
    expect(mock.calls[0]?.headers.ttdsignature).toBeUndefined();
    expect(mock.state.has('cohort-d', { tdid: guid(0) })).toBe(true);
  });

  it('posts to the documented host of each region, or to baseUrl', async () => {
    const regions: Array<[TtdDataRegion, string]> = [
      ['us-east', 'https://use-data.adsrvr.org'],
      ['us-west', 'https://usw-data.adsrvr.org'],
      ['eu', 'https://euw-data.adsrvr.org'],
      ['apac', 'https://sin-data.adsrvr.org'],
      ['tokyo', 'https://tok-data.adsrvr.org'],
      ['china', 'https://data-cn2.adsrvr.cn'],
    ];
    for (const [region, host] of regions) {
      const ttd = testClient({ region });
      expect(ttd.baseUrl).toBe(host);
      await ttd.addMembers('cohort-e', tdids(1));
      expect(mock.calls.at(-1)?.url).toBe(`${host}/data/advertiser`);
    }
    expect(mock.calls).toHaveLength(6);

    const proxy = createTtdDataMock({ baseUrls: ['https://ttd-proxy.test/base'] });
    server.use(...proxy.handlers);
    const ttd = createTtdDataClient({ advertiserId: ADVERTISER, region: 'eu', authToken: TOKEN, baseUrl: 'https://ttd-proxy.test/base/' });
    await ttd.addMembers('cohort-e', tdids(1));
    expect(proxy.calls[0]?.url).toBe('https://ttd-proxy.test/base/data/advertiser');
  });

  it('uses an injected fetch', async () => {
    const seen: string[] = [];
    const ttd = testClient({
      fetch: (input, init) => {
        seen.push(input instanceof Request ? input.url : String(input));
        return globalThis.fetch(input, init);
      },
    });
    await ttd.addMembers('cohort-f', tdids(2));
    expect(seen).toEqual(['https://use-data.adsrvr.org/data/advertiser']);
  });
});

describe('createTtdDataClient: the report', () => {
  it('counts every member: received = invalid + duplicates + sent, sent = accepted + rejected', async () => {
    const ttd = testClient();
    mock.rejectIds([guid(3)], 'UserNotMapped');
    const input: unknown[] = [
      { tdid: guid(1) },
      { tdid: guid(1).toUpperCase() }, // duplicate of 0 (GUIDs compare case-insensitively)
      { tdid: 'nope' },
      { tdid: guid(3) },
      {},
      { tdid: guid(4), uid2: 'x' },
      null,
      { uid2: 'Same' },
      { uid2: 'same' }, // not a duplicate: UID2 is case-sensitive
      { uid2: 'Same' },
    ];
    const report = await ttd.addMembers('cohort-g', input as TtdDataMember[]);

    expect(report).toMatchObject({ received: 10, invalid: 4, duplicates: 2, sent: 4, accepted: 3, rejected: 1 });
    expect(report.received).toBe(report.invalid + report.duplicates + report.sent);
    expect(report.sent).toBe(report.accepted + report.rejected);
    expect(report.issues.map((issue) => [issue.index, issue.code])).toEqual([
      [2, 'invalid-guid'],
      [4, 'missing-id'],
      [5, 'multiple-ids'],
      [6, 'not-an-object'],
      [3, 'UserNotMapped'],
    ]);
    expect(bodies(mock.calls)[0]?.Items).toHaveLength(4);
  });

  it('keeps the invariants for any mix of valid, invalid, duplicate and refused members', async () => {
    const row = fc.oneof(
      fc.nat({ max: 30 }).map((n) => ({ tdid: guid(n) })),
      fc.nat({ max: 30 }).map((n) => ({ daid: guid(n).toUpperCase() })),
      fc.constantFrom({ tdid: 'x' }, {}, null, 'garbage', { uid2: 'a', euid: 'b' }, { rampId: ' ' }),
      fc.string({ minLength: 1, maxLength: 6 }).map((uid2) => ({ uid2 })),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 40 }), fc.nat({ max: 30 }), async (rows, refused) => {
        mock.reset();
        mock.rejectIds([guid(refused)]);
        const report = await testClient({ maxItemsPerRequest: 7 }).addMembers('prop', rows as TtdDataMember[]);
        expect(report.received).toBe(rows.length);
        expect(report.received).toBe(report.invalid + report.duplicates + report.sent);
        expect(report.sent).toBe(report.accepted + report.rejected);
        expect(report.issues).toHaveLength(report.invalid + report.rejected);
        expect(mock.state.members('prop')).toHaveLength(report.accepted);
      }),
      { numRuns: 25 },
    );
  });

  it('streams an async iterable in batches bounded by maxItemsPerRequest, at most 4 requests in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const ttd = testClient({
      maxItemsPerRequest: 10,
      fetch: async (input, init) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        try {
          await new Promise((resolve) => setTimeout(resolve, 5));
          return await globalThis.fetch(input, init);
        } finally {
          inFlight--;
        }
      },
    });
    async function* audience() {
      for (let i = 0; i < 95; i++) yield { tdid: guid(i) };
    }
    const progress: number[] = [];
    const report = await ttd.addMembers('cohort-h', audience(), { onProgress: (p) => progress.push(p.sent) });
    expect(report).toMatchObject({ received: 95, sent: 95, accepted: 95, batches: 10 });
    expect(mock.state.members('cohort-h')).toHaveLength(95);
    expect(peak).toBe(4);
    expect(progress).toHaveLength(10);
    expect(Math.max(...progress)).toBe(95);
  });

  it('cuts batches by body size only (no item cap of its own): 30,000 TDIDs go in two requests under 2.5 MB', async () => {
    const members = tdids(30_000);
    const report = await testClient().addMembers('cohort-big', members, { maxIssues: Number.POSITIVE_INFINITY });
    const sizes = mock.calls.map((call) => Buffer.byteLength(call.rawBody ?? '', 'utf8'));
    expect(report).toMatchObject({ received: 30_000, sent: 30_000, accepted: 30_000, batches: 2 });
    expect(Math.max(...sizes)).toBeLessThanOrEqual(2_500_000);
    expect(Math.max(...sizes)).toBeGreaterThan(2_000_000);
    expect(bodies(mock.calls).reduce((total, body) => total + (body?.Items.length ?? 0), 0)).toBe(30_000);
    expect(mock.state.members('cohort-big')).toHaveLength(30_000);
  });

  it('records opt-outs and deletions on /data/deletion-optout/advertiser', async () => {
    const ttd = testClient();
    await ttd.addMembers('cohort-i', tdids(2));
    const report = await ttd.optOut([{ tdid: guid(0) }, { uid2: 'OptMeOut=' }, { nothing: true } as never], { requestType: 'OptOut' });

    expect(report).toMatchObject({ operation: 'opt-out', received: 3, invalid: 1, sent: 2, accepted: 2 });
    const call = mock.calls.at(-1);
    expect(call?.url).toBe('https://use-data.adsrvr.org/data/deletion-optout/advertiser');
    expect(call?.body).toEqual({ AdvertiserId: ADVERTISER, Items: [{ TDID: guid(0) }, { UID2: 'OptMeOut=' }], RequestType: 'OptOut' });
    expect(mock.state.optOuts.map((record) => [record.idType, record.id, record.requestType])).toEqual([
      ['TDID', guid(0), 'OptOut'],
      ['UID2', 'OptMeOut=', 'OptOut'],
    ]);
    expect(mock.state.has('cohort-i', { tdid: guid(0) })).toBe(false);
    expect(mock.state.has('cohort-i', { tdid: guid(1) })).toBe(true);

    const deletion = await ttd.optOut([{ rampId: 'XY99' }], { requestType: 'Deletion' });
    expect(deletion.operation).toBe('deletion');
    expect((mock.calls.at(-1)?.body as { RequestType: string }).RequestType).toBe('Deletion');
  });

  it('stops sending after an abort and reports what was answered', async () => {
    const controller = new AbortController();
    const ttd = testClient({ maxItemsPerRequest: 5 });
    const error = await ttd
      .addMembers('cohort-j', tdids(50), {
        signal: controller.signal,
        concurrency: 1,
        onProgress: (progress) => {
          if (progress.batches === 2) controller.abort();
        },
      })
      .catch((caught: unknown) => caught);
    expect((error as Error).name).toBe('AbortError');
    const report = (error as { report: { sent: number } }).report;
    expect(report.sent).toBe(10);
    expect(mock.state.members('cohort-j')).toHaveLength(10);
  });
});
