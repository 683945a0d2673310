import { createHmac } from 'node:crypto';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TTD_DATA_HOSTS } from '../ttd-data-hosts.js';
import { createTtdDataMock } from './ttd-data-mock.js';

const SECRET = 'mock-secret-1';
const TOKEN = 'mock-token-1';
const ADVERTISER = 'adv1';
const TDID = '7d4c8e2a-1b3f-4a5e-9c6d-0e1f2a3b4c5d';
const HOST = TTD_DATA_HOSTS['us-west'];
let clock = 1_000_000;

const mock = createTtdDataMock({ advertiserId: ADVERTISER, secretKey: SECRET, authToken: TOKEN, maxBodyBytes: 4_000, now: () => clock });
const open = createTtdDataMock({ baseUrls: ['https://open.test'] });
const server = setupServer(...mock.handlers, ...open.handlers.filter((handler) => handler.info.header.includes('open.test')));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  mock.reset();
  open.reset();
  server.resetHandlers();
});
afterAll(() => server.close());

async function post(body: unknown, options: { secret?: string; token?: string; path?: string; host?: string; signature?: string } = {}) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.secret !== undefined) headers.TtdSignature = createHmac('sha1', options.secret).update(raw).digest('base64');
  if (options.signature !== undefined) headers.TtdSignature = options.signature;
  if (options.token !== undefined) headers['TTD-Auth'] = options.token;
  const response = await fetch(`${options.host ?? HOST}${options.path ?? '/data/advertiser'}`, { method: 'POST', headers, body: raw });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json: json as { FailedLines?: Array<Record<string, unknown>> } | undefined, headers: response.headers };
}

const item = (id: Record<string, unknown>, name = 'seg', ttl: number | undefined = 43_200) => ({ ...id, Data: [{ Name: name, ...(ttl === undefined ? {} : { TTLInMinutes: ttl }) }] });
const request = (...items: unknown[]) => ({ AdvertiserId: ADVERTISER, Items: items });

describe('createTtdDataMock: auth', () => {
  it('verifies TtdSignature against the advertiser secret over the raw body', async () => {
    expect((await post(request(item({ TDID })), { secret: SECRET })).status).toBe(200);
    expect((await post(request(item({ TDID })), { secret: 'other' })).status).toBe(403);
    expect((await post(request(item({ TDID })), { signature: 'not base64 at all' })).status).toBe(403);
    const missing = await post(request(item({ TDID })));
    expect(missing.status).toBe(401);
    expect(missing.headers.get('content-type')).toContain('application/json');
    expect(() => JSON.parse(missing.text) as unknown).toThrow(); // plain text, as TTD sometimes does
  });

  it('accepts the TTD-Auth token alternative', async () => {
    expect((await post(request(item({ TDID })), { token: TOKEN })).status).toBe(200);
    expect((await post(request(item({ TDID })), { token: 'nope' })).status).toBe(401);
  });

  it('refuses another advertiser with 403', async () => {
    expect((await post({ AdvertiserId: 'someone-else', Items: [item({ TDID })] }, { secret: SECRET })).status).toBe(403);
  });

  it('without configured credentials takes any token or well-formed signature, but not none', async () => {
    const base = { host: 'https://open.test' };
    expect((await post(request(item({ TDID })), { ...base, token: 'anything' })).status).toBe(200);
    expect((await post(request(item({ TDID })), { ...base, secret: 'any-secret' })).status).toBe(200);
    expect((await post(request(item({ TDID })), base)).status).toBe(401);
  });
});

describe('createTtdDataMock: memberships', () => {
  it('stores memberships per Name with TTL expiry; TTL 0 removes; UID2 case kept', async () => {
    await post(request(item({ TDID }, 'seg', 10), item({ UID2: 'CaSe+/=' }, 'seg', 60), item({ DAID: TDID }, 'other', 5)), { secret: SECRET });
    expect(mock.state.has('seg', { tdid: TDID.toUpperCase() })).toBe(true);
    expect(mock.state.has('seg', { uid2: 'CaSe+/=' })).toBe(true);
    expect(mock.state.has('seg', { uid2: 'case+/=' })).toBe(false);
    expect(mock.state.has('other', { daid: TDID })).toBe(true);
    expect(mock.state.has('other', { tdid: TDID })).toBe(false);

    clock += 11 * 60_000;
    expect(mock.state.has('seg', { tdid: TDID })).toBe(false);
    expect(mock.state.members('seg').map((membership) => membership.id)).toEqual(['CaSe+/=']);

    await post(request(item({ UID2: 'CaSe+/=' }, 'seg', 0)), { secret: SECRET });
    expect(mock.state.members('seg')).toEqual([]);
  });

  it('binds property names case-insensitively (TtlInMinutes as in the swagger, TTLInMinutes as sent)', async () => {
    const answer = await post({ advertiserid: ADVERTISER, items: [{ tdid: TDID, data: [{ name: 'seg', TtlInMinutes: 30 }] }] }, { secret: SECRET });
    expect(answer.status).toBe(200);
    expect(mock.state.members('seg')[0]).toMatchObject({ idType: 'TDID', ttlMinutes: 30 });
  });

  it('records opt-outs and deletions and drops those ids from segments', async () => {
    await post(request(item({ TDID })), { secret: SECRET });
    const answer = await post({ AdvertiserId: ADVERTISER, Items: [{ TDID }, { RampID: 'XY1' }], RequestType: 'Deletion' }, { secret: SECRET, path: '/data/deletion-optout/advertiser' });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({});
    expect(mock.state.optOuts).toEqual([
      { advertiserId: ADVERTISER, requestType: 'Deletion', idType: 'TDID', id: TDID },
      { advertiserId: ADVERTISER, requestType: 'Deletion', idType: 'RampID', id: 'XY1' },
    ]);
    expect(mock.state.isOptedOut({ tdid: TDID })).toBe(true);
    expect(mock.state.has('seg', { tdid: TDID })).toBe(false);
    const bad = await post({ AdvertiserId: ADVERTISER, Items: [{ TDID }], RequestType: 'Forget' }, { secret: SECRET, path: '/data/deletion-optout/advertiser' });
    expect(bad.status).toBe(400);
    const noId = await post({ AdvertiserId: ADVERTISER, Items: [{ TDID }, {}], RequestType: 'OptOut' }, { secret: SECRET, path: '/data/deletion-optout/advertiser' });
    expect(noId.json?.FailedLines).toEqual([expect.objectContaining({ ErrorCode: 'InvalidUserId', ItemNumber: 2 })]);
  });

  it('serves every regional host', async () => {
    for (const host of Object.values(TTD_DATA_HOSTS)) expect((await post(request(item({ TDID })), { secret: SECRET, host })).status).toBe(200);
    expect(mock.calls.map((call) => new URL(call.url).host)).toEqual(Object.values(TTD_DATA_HOSTS).map((host) => new URL(host).host));
  });
});

describe('createTtdDataMock: validation with TTD error shapes', () => {
  it('answers 400 with FailedLines (1-based ItemNumber) for bad items and stores the good ones', async () => {
    const answer = await post(
      request(
        item({ TDID }),
        item({}),
        item({ TDID, UID2: 'x' }),
        item({ UID2: 'ok' }, 'n'.repeat(257)),
        item({ UID2: 'ok2' }, 'seg', 259_201),
        item({ UID2: 'ok3' }, 'seg', -1),
        { UID2: 'ok4' },
        item({ TDID: 'not-a-guid' }),
        { ...item({ UID2: 'ok5' }), Unknown: 1 },
      ),
      { secret: SECRET },
    );
    expect(answer.status).toBe(400);
    expect(answer.json?.FailedLines?.map((line) => [line.ItemNumber, line.ErrorCode])).toEqual([
      [2, 'MissingUserId'],
      [3, 'InvalidParameterFormat'],
      [4, 'DataNameTooLong'],
      [5, 'InvalidTtlInMinutes'],
      [6, 'InvalidTtlInMinutes'],
      [7, 'ItemDeserializationError'],
      [8, 'InvalidParameterFormat'],
      [9, 'ItemDeserializationError'],
    ]);
    expect(mock.state.members('seg').map((membership) => membership.id)).toEqual([TDID]);
  });

  it('refuses bodies that are not JSON or lack AdvertiserId or Items, as plain text', async () => {
    for (const body of ['{not json', { Items: [item({ TDID })] }, { AdvertiserId: ADVERTISER }, { AdvertiserId: ADVERTISER, Items: [] }]) {
      const answer = await post(body, { secret: SECRET });
      expect(answer.status).toBe(400);
      expect(answer.json).toBeUndefined();
    }
  });

  it('can answer bad items with 200 instead (invalidItemStatus)', async () => {
    const lenient = createTtdDataMock({ invalidItemStatus: 200, baseUrls: ['https://lenient.test'] });
    server.use(...lenient.handlers);
    const answer = await post(request(item({})), { token: 't', host: 'https://lenient.test' });
    expect(answer.status).toBe(200);
    expect(answer.json?.FailedLines?.[0]).toMatchObject({ ErrorCode: 'MissingUserId', ItemNumber: 1 });
  });
});

describe('createTtdDataMock: faults, calls, reset', () => {
  it('scripts 429 with Retry-After, 5xx and network errors, then answers normally', async () => {
    mock.failNext({ type: 'status', status: 429, retryAfter: 3 });
    mock.failNext({ type: 'status', status: 502 });
    mock.failNext({ type: 'network-error' });
    const first = await post(request(item({ TDID })), { secret: SECRET });
    expect([first.status, first.headers.get('retry-after')]).toEqual([429, '3']);
    expect((await post(request(item({ TDID })), { secret: SECRET })).status).toBe(502);
    await expect(post(request(item({ TDID })), { secret: SECRET })).rejects.toThrow();
    expect((await post(request(item({ TDID })), { secret: SECRET })).status).toBe(200);
    expect(mock.calls.map((call) => call.status)).toEqual([429, 502, 0, 200]);
  });

  it('answers 413 above maxBodyBytes', async () => {
    const items = Array.from({ length: 60 }, () => item({ TDID }));
    expect((await post(request(...items), { secret: SECRET })).status).toBe(413);
    expect(mock.state.members('seg')).toEqual([]);
  });

  it('answers FailedLines for chosen ids (UserNotMapped) in a 200 and does not store them', async () => {
    mock.rejectIds([TDID.toUpperCase()]);
    mock.rejectIds(['Uid2Bad'], 'Uid2Error');
    const answer = await post(request(item({ UID2: 'fine' }), item({ TDID }), item({ UID2: 'Uid2Bad' })), { secret: SECRET });
    expect(answer.status).toBe(200);
    expect(answer.json?.FailedLines?.map((line) => [line.ItemNumber, line.ErrorCode])).toEqual([
      [2, 'UserNotMapped'],
      [3, 'Uid2Error'],
    ]);
    expect(mock.state.members('seg').map((membership) => membership.id)).toEqual(['fine']);
  });

  it('logs calls with headers and parsed bodies; reset forgets everything', async () => {
    mock.rejectIds([TDID]);
    mock.failNext({ type: 'status', status: 500 }, { times: 5 });
    await post(request(item({ UID2: 'a' })), { token: TOKEN });
    expect(mock.calls[0]).toMatchObject({ method: 'POST', path: '/data/advertiser', status: 500, headers: { 'ttd-auth': TOKEN }, body: request(item({ UID2: 'a' })) });
    mock.reset();
    expect(mock.calls).toEqual([]);
    const answer = await post(request(item({ TDID })), { token: TOKEN });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({});
    expect(mock.state.has('seg', { tdid: TDID })).toBe(true);
  });
});
