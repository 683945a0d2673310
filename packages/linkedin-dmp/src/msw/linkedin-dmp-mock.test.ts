import { sha256 } from '@x/core';
import { describe, expect, it } from 'vitest';
import { useMocks } from '../linkedin-test-kit.test-helper.js';
import { createLinkedInDmpMock } from './linkedin-dmp-mock.js';

const BASE = 'https://api.linkedin.com/rest';
const OAUTH = 'https://www.linkedin.com/oauth/v2/accessToken';
const ACCOUNT_URN = 'urn:li:sponsoredAccount:42';
const mock = createLinkedInDmpMock();
const strict = createLinkedInDmpMock({
  baseUrl: 'https://strict.test/rest',
  oauthUrl: 'https://strict.test/oauth',
  adAccountIds: ['42'],
  sourcePlatforms: ['PARTNER'],
  acceptAnyAccessToken: false,
  refreshTokens: ['good-refresh'],
  client: { clientId: 'app', clientSecret: 'app-secret' },
});
useMocks(mock, strict);

const headers = (extra: Record<string, string> = {}): Record<string, string> => ({
  authorization: 'Bearer any-token',
  'linkedin-version': '202604',
  'x-restli-protocol-version': '2.0.0',
  ...extra,
});
const json = { 'content-type': 'application/json' };
const usersHeaders = headers({ ...json, 'x-restli-method': 'BATCH_CREATE' });
const find = (base = BASE, init: RequestInit = { headers: headers() }) =>
  fetch(`${base}/dmpSegments?q=account&account=${encodeURIComponent(ACCOUNT_URN)}&sourceSegmentId=key&sourcePlatform=PARTNER`, init);
const createBody = { name: 'N', sourcePlatform: 'PARTNER', sourceSegmentId: 'key', account: ACCOUNT_URN, type: 'USER', destinations: [{ destination: 'LINKEDIN' }] };
const create = (body: unknown = createBody, base = BASE, init: Record<string, string> = headers(json)) =>
  fetch(`${base}/dmpSegments`, { method: 'POST', headers: init, body: JSON.stringify(body) });
const users = (id: string, elements: unknown, init: Record<string, string> = usersHeaders) =>
  fetch(`${BASE}/dmpSegments/${id}/users`, { method: 'POST', headers: init, body: JSON.stringify({ elements }) });
const refresh = (form: Record<string, string>, url = OAUTH) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
const hash = (email: string) => sha256(email, 'hex');
const element = (email: string, action = 'ADD') => ({ action, userIds: [{ idType: 'SHA256_EMAIL', idValue: hash(email) }] });

describe('createLinkedInDmpMock: requests are checked the way LinkedIn checks them', () => {
  it('refuses a call without a bearer token (401, LinkedIn error shape)', async () => {
    const { authorization: _omitted, ...anonymous } = headers();
    const response = await find(BASE, { headers: anonymous });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ status: 401, serviceErrorCode: 65600, code: 'INVALID_ACCESS_TOKEN', message: 'Invalid access token' });
  });

  it('answers 401 EXPIRED_ACCESS_TOKEN once the current token is expired', async () => {
    expect((await find()).status).toBe(200);
    mock.expireCurrentToken();
    const response = await find();
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 'EXPIRED_ACCESS_TOKEN', serviceErrorCode: 65601 });
  });

  it('requires LinkedIn-Version, answers 426 for an old or sunset version', async () => {
    const { 'linkedin-version': _omitted, ...unversioned } = headers();
    const missing = await find(BASE, { headers: unversioned });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ code: 'VERSION_MISSING' });

    const old = await find(BASE, { headers: headers({ 'linkedin-version': '202301' }) });
    expect(old.status).toBe(426);
    expect(await old.json()).toEqual({ status: 426, code: 'NONEXISTENT_VERSION', message: 'Requested version 202301 is not active' });

    mock.sunsetVersion('202604');
    expect((await find()).status).toBe(426);
  });

  it('requires X-Restli-Protocol-Version: 2.0.0', async () => {
    const { 'x-restli-protocol-version': _omitted, ...legacy } = headers();
    const response = await find(BASE, { headers: legacy });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ status: 400, message: expect.stringContaining('X-Restli-Protocol-Version') });
  });

  it('checks the finder and the account URN, and the accounts the token may manage', async () => {
    expect((await fetch(`${BASE}/dmpSegments?q=name&account=${encodeURIComponent(ACCOUNT_URN)}`, { headers: headers() })).status).toBe(400);
    expect((await fetch(`${BASE}/dmpSegments?q=account&account=42`, { headers: headers() })).status).toBe(400);
    const strictHeaders = headers({ authorization: 'Bearer unknown' });
    expect((await find('https://strict.test/rest', { headers: strictHeaders })).status).toBe(401);
  });

  it('creates a segment: 201 with x-restli-id, finds it by key, and answers 409 for the same key', async () => {
    const created = await create();
    expect(created.status).toBe(201);
    const id = created.headers.get('x-restli-id');
    expect(id).toBe('1000001');

    const found = (await (await find()).json()) as { elements: Array<Record<string, unknown>>; paging: { total: number } };
    expect(found.paging.total).toBe(1);
    expect(found.elements[0]).toMatchObject({ id: 1000001, name: 'N', sourceSegmentId: 'key', sourcePlatform: 'PARTNER', account: ACCOUNT_URN, type: 'USER' });

    const again = await create();
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ status: 409 });
    expect((await fetch(`${BASE}/dmpSegments/${id}`, { headers: headers() })).status).toBe(200);
  });

  it('validates the create body', async () => {
    const { name: _omitted, ...nameless } = createBody;
    expect((await create(nameless)).status).toBe(400);
    expect((await create({ ...createBody, account: '42' })).status).toBe(400);
    expect((await create({ ...createBody, type: 'PEOPLE' })).status).toBe(400);
    expect((await create({ ...createBody, destinations: [] })).status).toBe(400);
    const { 'content-type': _type, ...untyped } = headers(json);
    expect((await create(createBody, BASE, untyped)).status).toBe(415);
    expect(mock.state.segments.size).toBe(0);
  });

  it('the strict mock refuses another account (403) and an unknown source platform (400)', async () => {
    const token = (await (await refresh({ grant_type: 'refresh_token', refresh_token: 'good-refresh', client_id: 'app', client_secret: 'app-secret' }, 'https://strict.test/oauth')).json()) as { access_token: string };
    const authorized = headers({ ...json, authorization: `Bearer ${token.access_token}` });
    expect((await create({ ...createBody, account: 'urn:li:sponsoredAccount:7' }, 'https://strict.test/rest', authorized)).status).toBe(403);
    expect((await create({ ...createBody, sourcePlatform: 'OTHER' }, 'https://strict.test/rest', authorized)).status).toBe(400);
    expect((await create(createBody, 'https://strict.test/rest', authorized)).status).toBe(201);
  });

  it('/users: needs BATCH_CREATE, a known segment, 1..5000 elements; answers per-element statuses in order', async () => {
    const id = mock.addSegment({ name: 'S', sourceSegmentId: 's', sourcePlatform: 'P', adAccountId: '42' }).id;
    const { 'x-restli-method': _omitted, ...plain } = usersHeaders;
    expect((await users(id, [element('a@b.com')], plain)).status).toBe(400);
    expect((await users('999', [element('a@b.com')])).status).toBe(404);
    expect((await users(id, [])).status).toBe(400);
    expect((await users(id, Array.from({ length: 5_001 }, (_, i) => element(`p${i}@b.com`)))).status).toBe(400);

    const response = await users(id, [
      element('a@b.com'),
      { action: 'ADD', userIds: [{ idType: 'SHA256_EMAIL', idValue: 'a@b.com' }] },
      { action: 'ADD', userIds: [] },
      { action: 'ADD', userIds: [{ idType: 'EMAIL', idValue: 'x' }] },
      { action: 'UPSERT', userIds: [{ idType: 'GOOGLE_AID', idValue: '6d92078a-8246-4ba4-ae5b-76104861e7dc' }] },
      { ...element('c@b.com'), country: 'XX' },
      { action: 'ADD', userIds: [{ idType: 'GOOGLE_AID', idValue: '6d92078a-8246-4ba4-ae5b-76104861e7dc' }], firstName: 'A', country: 'us' },
    ]);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { elements: Array<{ status: number; error?: { message: string } }> };
    expect(body.elements.map((item) => item.status)).toEqual([201, 400, 400, 400, 400, 400, 201]);
    expect(body.elements[1]?.error?.message).toContain('SHA256_EMAIL');
    expect(mock.membersOf(id)).toHaveLength(2);
    expect(mock.hasMember(id, 'A@B.com')).toBe(true);
    expect(mock.hasMember(id, { googleAdvertisingId: '6D92078A-8246-4BA4-AE5B-76104861E7DC' })).toBe(true);
  });

  it('/users: re-adding and re-removing are idempotent (201 each time)', async () => {
    const id = mock.addSegment({ name: 'S', sourceSegmentId: 's', sourcePlatform: 'P', adAccountId: '42' }).id;
    for (let round = 0; round < 2; round++) {
      const added = (await (await users(id, [element('a@b.com')])).json()) as { elements: Array<{ status: number }> };
      expect(added.elements[0]?.status).toBe(201);
    }
    expect(mock.membersOf(id)).toHaveLength(1);
    for (let round = 0; round < 2; round++) {
      const removed = (await (await users(id, [element('a@b.com', 'REMOVE')])).json()) as { elements: Array<{ status: number }> };
      expect(removed.elements[0]?.status).toBe(201);
    }
    expect(mock.membersOf(id)).toHaveLength(0);
  });

  it('scripted faults: a new segment not ready for N calls, per-element rejections, statuses with Retry-After', async () => {
    mock.notReadyAfterCreate(2);
    const id = (await create()).headers.get('x-restli-id') as string;
    expect((await users(id, [element('a@b.com')])).status).toBe(404);
    expect((await users(id, [element('a@b.com')])).status).toBe(404);
    expect((await users(id, [element('a@b.com')])).status).toBe(200);

    mock.rejectMembers([{ sha256Email: hash('b@b.com') }], { status: 422, message: 'nope' });
    const rejected = (await (await users(id, [element('b@b.com'), element('c@b.com')])).json()) as { elements: unknown[] };
    expect(rejected.elements).toEqual([{ status: 422, error: { message: 'nope' } }, { status: 201 }]);

    mock.failNext({ type: 'status', status: 429, retryAfter: 3 }, { match: { path: '/users' } });
    const throttled = await users(id, [element('d@b.com')]);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('3');
    mock.failNext({ type: 'network-error' });
    await expect(find()).rejects.toThrow();
  });
});

describe('createLinkedInDmpMock: OAuth token endpoint', () => {
  it('issues tokens for a refresh token and the app credentials', async () => {
    const response = await refresh({ grant_type: 'refresh_token', refresh_token: 'r', client_id: 'c', client_secret: 's' });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ expires_in: 5_184_000, refresh_token: 'r', refresh_token_expires_in: expect.any(Number) });
    expect(mock.state.tokens.accessTokens.has(body.access_token as string)).toBe(true);
  });

  it('answers invalid_grant for a revoked or unknown refresh token, invalid_client for wrong credentials', async () => {
    mock.revokeRefreshToken('r');
    const revoked = await refresh({ grant_type: 'refresh_token', refresh_token: 'r', client_id: 'c', client_secret: 's' });
    expect(revoked.status).toBe(400);
    expect(await revoked.json()).toMatchObject({ error: 'invalid_grant' });

    const strictUrl = 'https://strict.test/oauth';
    expect(await (await refresh({ grant_type: 'refresh_token', refresh_token: 'other', client_id: 'app', client_secret: 'app-secret' }, strictUrl)).json()).toMatchObject({ error: 'invalid_grant' });
    const badClient = await refresh({ grant_type: 'refresh_token', refresh_token: 'good-refresh', client_id: 'app', client_secret: 'wrong' }, strictUrl);
    expect(badClient.status).toBe(401);
    expect(await badClient.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('refuses a missing field, another grant type or a JSON body', async () => {
    expect(await (await refresh({ grant_type: 'refresh_token', client_id: 'c', client_secret: 's' })).json()).toMatchObject({ error: 'invalid_request' });
    expect(await (await refresh({ grant_type: 'client_credentials', client_id: 'c', client_secret: 's' })).json()).toMatchObject({ error: 'unsupported_grant_type' });
    const asJson = await fetch(OAUTH, { method: 'POST', headers: json, body: '{}' });
    expect(asJson.status).toBe(400);
  });
});

describe('createLinkedInDmpMock: calls log and reset', () => {
  it('records method, url, headers and the parsed body of every call, then forgets everything on reset()', async () => {
    const id = (await create()).headers.get('x-restli-id') as string;
    await users(id, [element('a@b.com')]);
    expect(mock.calls.map((call) => [call.method, call.path, call.status])).toEqual([
      ['POST', '/rest/dmpSegments', 201],
      ['POST', `/rest/dmpSegments/${id}/users`, 200],
    ]);
    expect(mock.calls[1]?.headers['x-restli-method']).toBe('BATCH_CREATE');
    expect(mock.calls[1]?.body).toEqual({ elements: [element('a@b.com')] });

    mock.failNext({ type: 'status', status: 500 });
    mock.notReadyAfterCreate(5);
    mock.reset();
    expect(mock.calls).toHaveLength(0);
    expect(mock.state.segments.size).toBe(0);
    expect((await create()).status).toBe(201);
    expect((await users('1000001', [element('a@b.com')])).status).toBe(200);
  });
});
