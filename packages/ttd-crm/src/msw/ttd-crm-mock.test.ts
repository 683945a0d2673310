import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTtdCrmMock } from './ttd-crm-mock.js';

const TOKEN = 'mock-token';
const BASE = 'https://api.thetradedesk.com/v3';
const mock = createTtdCrmMock({ pageSize: 2 });
const server = setupServer(...mock.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => mock.reset());
afterAll(() => server.close());

const api = (path: string, init: { method?: string; json?: unknown; token?: string | null } = {}) =>
  fetch(`${BASE}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.token === null ? {} : { 'TTD-Auth': init.token ?? TOKEN }),
      ...(init.json === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
  });

async function createDrop(crmDataId: string, body: Record<string, unknown> = { PiiType: 'Email', MergeMode: 'Replace' }) {
  const response = await api(`/crmdata/targeting/segment/adv/${crmDataId}`, { method: 'POST', json: body });
  return (await response.json()) as { ReferenceId: string; Url: string };
}

const put = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'PUT', body, headers: { 'content-type': 'text/plain', 'content-length': String(Buffer.byteLength(body)), ...headers } });

describe('createTtdCrmMock: API', () => {
  it('answers 401 with a TTD message when TTD-Auth is missing, and 401 for a wrong token when one is configured', async () => {
    const missing = await api('/crmdata/segment/adv', { token: null });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ Message: expect.any(String) });

    const strict = createTtdCrmMock({ authToken: 'right', baseUrl: 'https://strict.mock/v3' });
    server.use(...strict.handlers);
    expect((await fetch('https://strict.mock/v3/crmdata/segment/adv', { headers: { 'TTD-Auth': 'wrong' } })).status).toBe(401);
    expect((await fetch('https://strict.mock/v3/crmdata/segment/adv', { headers: { 'TTD-Auth': 'right' } })).status).toBe(200);
    server.resetHandlers();
  });

  it('creates segments (typed and untyped path), allows duplicate names, and pages with PagingToken until an empty page', async () => {
    for (const path of ['/crmdata/targeting/segment', '/crmdata/segment', '/crmdata/targeting/segment']) {
      const response = await api(path, { method: 'POST', json: { AdvertiserId: 'adv', SegmentName: 'Same', Region: 'EU' } });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ CrmDataId: expect.any(String), FirstPartyDataId: expect.any(Number) });
    }
    const first = (await (await api('/crmdata/segment/adv')).json()) as { Segments: unknown[]; PagingToken: string };
    expect(first.Segments).toHaveLength(2);
    expect(first.Segments[0]).toEqual({ CrmDataId: expect.any(String), SegmentName: 'Same', Region: 'EU', FirstPartyDataId: expect.any(Number) });
    const second = (await (await api(`/crmdata/segment/adv?pagingToken=${first.PagingToken}`)).json()) as { Segments: unknown[]; PagingToken: string };
    expect(second.Segments).toHaveLength(1);
    const third = (await (await api(`/crmdata/segment/adv?pagingToken=${second.PagingToken}`)).json()) as { Segments: unknown[] };
    expect(third.Segments).toEqual([]);
    expect((await api('/crmdata/segment/adv?pagingToken=garbage')).status).toBe(400);
  });

  it('rejects an invalid create with TTD validation errors', async () => {
    const response = await api('/crmdata/targeting/segment', { method: 'POST', json: { AdvertiserId: 'adv', SegmentName: '', Region: 'MARS' } });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { Message: string; ErrorDetails: Array<{ Property: string; Reasons: string[] }> };
    expect(body.Message).toEqual(expect.any(String));
    expect(body.ErrorDetails.map((detail) => detail.Property)).toEqual(['SegmentName', 'Region']);
    expect(mock.state.segments.size).toBe(0);
  });

  it('rejects RetentionEnabled, unknown PiiType or MergeMode, and drops for unknown segments', async () => {
    const { crmDataId } = mock.addSegment({ advertiserId: 'adv', name: 'S' });
    const retention = await api(`/crmdata/targeting/segment/adv/${crmDataId}`, { method: 'POST', json: { PiiType: 'Email', MergeMode: 'Replace', RetentionEnabled: true } });
    expect(retention.status).toBe(400);
    expect(JSON.stringify(await retention.json())).toContain('RetentionEnabled');
    const wrong = await api(`/crmdata/targeting/segment/adv/${crmDataId}`, { method: 'POST', json: { PiiType: 'Phone', MergeMode: 'Merge' } });
    expect(((await wrong.json()) as { ErrorDetails: Array<{ Property: string }> }).ErrorDetails.map((detail) => detail.Property)).toEqual(['PiiType', 'MergeMode']);
    expect((await api(`/crmdata/targeting/segment/other/${crmDataId}`, { method: 'POST', json: { PiiType: 'Email', MergeMode: 'Add' } })).status).toBe(404);
    expect(mock.state.drops.size).toBe(0);
  });

  it('answers 403 for another advertiser when one is configured', async () => {
    const scoped = createTtdCrmMock({ advertiserId: 'adv', baseUrl: 'https://scoped.mock/v3' });
    server.use(...scoped.handlers);
    const get = (advertiser: string) => fetch(`https://scoped.mock/v3/crmdata/segment/${advertiser}`, { headers: { 'TTD-Auth': TOKEN } });
    expect((await get('adv')).status).toBe(200);
    expect((await get('other')).status).toBe(403);
    const create = await fetch('https://scoped.mock/v3/crmdata/targeting/segment', {
      method: 'POST',
      headers: { 'TTD-Auth': TOKEN, 'content-type': 'application/json' },
      body: JSON.stringify({ AdvertiserId: 'other', SegmentName: 'S', Region: 'US' }),
    });
    expect(create.status).toBe(403);
    expect(scoped.state.segments.size).toBe(0);
    server.resetHandlers();
  });

  it('answers 404 for unknown routes under the API', async () => {
    expect((await api('/crmdata/nothing/here/at/all/really/now')).status).toBe(404);
  });
});

describe('createTtdCrmMock: uploads', () => {
  it('applies Replace and Add when the upload arrives, and reports the drop status', async () => {
    const { crmDataId } = mock.addSegment({ advertiserId: 'adv', name: 'S', members: ['old@example.com'] });
    const replace = await createDrop(crmDataId);
    expect(new URL(replace.Url).host).toBe('ttd-crm-uploads.mock');
    expect(new URL(replace.Url).searchParams.get('X-Amz-Signature')).toEqual(expect.any(String));
    const pending = (await (await api(`/crmdata/targeting/segment/adv/${crmDataId}/${replace.ReferenceId}`)).json()) as { Status: string };
    expect(pending.Status).toBe('Pending');

    expect((await put(replace.Url, 'a@example.com\nb@example.com\n')).status).toBe(200);
    expect(mock.members(crmDataId)).toEqual(['a@example.com', 'b@example.com']);
    const add = await createDrop(crmDataId, { PiiType: 'Email', MergeMode: 'Add' });
    expect((await put(add.Url, 'c@example.com\n')).status).toBe(200);
    expect(mock.members(crmDataId)).toEqual(['a@example.com', 'b@example.com', 'c@example.com']);
    const done = (await (await api(`/crmdata/targeting/segment/adv/${crmDataId}/${add.ReferenceId}`)).json()) as { Status: string; ReceivedLines: number };
    expect(done).toMatchObject({ Status: 'Processed', ReceivedLines: 1 });
  });

  it('rejects an upload carrying TTD-Auth, lacking Content-Length, with a wrong signature, or a wrong length', async () => {
    const { crmDataId } = mock.addSegment({ advertiserId: 'adv', name: 'S' });
    const drop = await createDrop(crmDataId);
    expect((await put(drop.Url, 'a@example.com\n', { 'TTD-Auth': TOKEN })).status).toBe(400);
    expect((await fetch(drop.Url, { method: 'PUT', body: 'a@example.com\n', headers: { 'content-type': 'text/plain' } })).status).toBe(411);
    expect((await put(drop.Url.replace(/X-Amz-Signature=[^&]+/, 'X-Amz-Signature=forged'), 'a@example.com\n')).status).toBe(403);
    expect((await put(drop.Url, 'a@example.com\n', { 'content-length': '3' })).status).toBe(400);
    expect((await put(drop.Url, 'a@example.com\n', { 'content-type': 'application/json' })).status).toBe(400);
    expect(mock.members(crmDataId)).toEqual([]);
  });

  it('rejects lines that do not match the drop PiiType, naming the line number only', async () => {
    const { crmDataId } = mock.addSegment({ advertiserId: 'adv', name: 'S' });
    const email = await createDrop(crmDataId);
    const hashedLine = 'tMmiiTI7IaAcPpQPFQ65uMVCWH8av9jw4cwf/F5HVRQ=';
    const rejected = await put(email.Url, `a@example.com\n${hashedLine}\n`);
    expect(rejected.status).toBe(400);
    const text = await rejected.text();
    expect(text).toContain('Line 2');
    expect(text).not.toContain(hashedLine);
    expect((await put(email.Url, 'Upper@Example.com\n')).status).toBe(400);
    expect((await put(email.Url, 'a@example.com')).status).toBe(400);

    const hashed = await createDrop(crmDataId, { PiiType: 'EmailHashedUnifiedId2', MergeMode: 'Replace' });
    expect((await put(hashed.Url, 'a@example.com\n')).status).toBe(400);
    expect((await put(hashed.Url, `${'b4c9a289323b21a01c3e940f150eb9b8c542587f1abfd8f0e1cc1ffc5e475514'}\n`)).status).toBe(400);
    expect((await put(hashed.Url, `${hashedLine}\n`)).status).toBe(200);
    expect(mock.members(crmDataId)).toEqual([hashedLine]);
  });
});

describe('createTtdCrmMock: faults, calls, reset', () => {
  it('scripts 429 with Retry-After, 5xx and network errors, records every call, and resets', async () => {
    mock.failNext({ type: 'status', status: 429, retryAfter: 7 });
    mock.failNext({ type: 'status', status: 503 });
    mock.failNext({ type: 'network-error' });
    const limited = await api('/crmdata/segment/adv');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect((await api('/crmdata/segment/adv')).status).toBe(503);
    await expect(api('/crmdata/segment/adv')).rejects.toThrow();
    expect((await api('/crmdata/segment/adv')).status).toBe(200);
    expect(mock.calls.map((call) => call.status)).toEqual([429, 503, 0, 200]);
    expect(mock.calls[0]?.headers['ttd-auth']).toBe(TOKEN);

    mock.addSegment({ advertiserId: 'adv', name: 'S' });
    mock.failNext({ type: 'status', status: 500 });
    mock.reset();
    expect(mock.calls).toEqual([]);
    expect(mock.state.segments.size).toBe(0);
    expect((await api('/crmdata/segment/adv')).status).toBe(200);
  });

  it('failAfterHandlingNext changes state but loses the answer', async () => {
    mock.failAfterHandlingNext({ type: 'status', status: 504 }, { match: { method: 'POST' } });
    const response = await api('/crmdata/targeting/segment', { method: 'POST', json: { AdvertiserId: 'adv', SegmentName: 'S', Region: 'US' } });
    expect(response.status).toBe(504);
    expect(mock.state.segments.size).toBe(1);
  });
});
