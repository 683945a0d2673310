import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCriteoAudiencesMock } from './index.js';

let clock = Date.UTC(2026, 10, 23, 10, 0, 0);
const mock = createCriteoAudiencesMock({
  credentials: [{ clientId: 'app', clientSecret: 'app-secret' }],
  advertiserIds: ['12345', '777'],
  now: () => clock,
});
const server = setupServer(...mock.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  mock.reset();
});
afterAll(() => server.close());

const TOKEN_URL = 'https://api.criteo.com/oauth2/token';
const api = (path: string, version = '2026-07') => `https://api.criteo.com/${version}/marketing-solutions/audience-segments${path}`;
type Problem = { traceIdentifier: string; type: string; code: string; title: string; detail?: string };

async function token(form: Record<string, string> = { grant_type: 'client_credentials', client_id: 'app', client_secret: 'app-secret' }) {
  return fetch(TOKEN_URL, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });
}

async function bearer(): Promise<string> {
  const body = (await (await token()).json()) as { access_token: string };
  return `Bearer ${body.access_token}`;
}

async function call(method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method,
    headers: { authorization: await bearer(), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

const amend = (identifiers: string[], extra: Record<string, unknown> = {}) => ({
  data: { type: 'ContactlistAmendment', attributes: { operation: 'add', identifierType: 'email', identifiers, ...extra } },
});

function firstProblem(body: Record<string, unknown>): Problem {
  const [problem] = body.errors as Problem[];
  expect(problem).toMatchObject({ traceIdentifier: expect.any(String), type: expect.any(String), code: expect.any(String), title: expect.any(String) });
  return problem as Problem;
}

describe('token endpoint', () => {
  it('issues a bearer token with expires_in for valid client credentials', async () => {
    const response = await token();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 900 });
  });

  it('refuses JSON bodies, other grants and wrong credentials', async () => {
    const json = await fetch(TOKEN_URL, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect([json.status, ((await json.json()) as { error: string }).error]).toEqual([400, 'invalid_request']);
    const grant = await token({ grant_type: 'password', client_id: 'app', client_secret: 'app-secret' });
    expect([grant.status, ((await grant.json()) as { error: string }).error]).toEqual([400, 'unsupported_grant_type']);
    const wrong = await token({ grant_type: 'client_credentials', client_id: 'app', client_secret: 'nope' });
    expect([wrong.status, ((await wrong.json()) as { error: string }).error]).toEqual([401, 'invalid_client']);
  });
});

describe('gateway', () => {
  it('answers 401 authorization-token-invalid without a valid token, in Criteo error shape', async () => {
    const response = await fetch(api('/search'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(401);
    expect(firstProblem((await response.json()) as Record<string, unknown>).code).toBe('authorization-token-invalid');
  });

  it('answers 401 authorization-token-expired once the token lifetime is over', async () => {
    const authorization = await bearer();
    clock += 900_000;
    const response = await fetch(api('/search'), { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: '{}' });
    clock -= 900_000;
    expect(response.status).toBe(401);
    expect(firstProblem((await response.json()) as Record<string, unknown>)).toMatchObject({ type: 'authorization', code: 'authorization-token-expired' });
  });

  it('answers 410 for decommissioned versions', async () => {
    expect((await call('POST', api('/search', '2024-07'), {})).status).toBe(410);
    mock.decommissionVersion('2026-07');
    const retired = await call('POST', api('/search'), {});
    expect(retired.status).toBe(410);
    expect(firstProblem(retired.body).code).toBe('api-version-decommissioned');
    expect((await call('POST', api('/search', '2027-01'), {})).status).toBe(200);
  });

  it('counts calls in x-ratelimit-* headers and enforces the quota when asked', async () => {
    const strict = createCriteoAudiencesMock({ rateLimitPerMinute: 2, enforceRateLimit: true, now: () => clock });
    server.use(...strict.handlers);
    const answers = [await call('POST', api('/search'), {}), await call('POST', api('/search'), {}), await call('POST', api('/search'), {})];
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 429]);
    expect(answers.map((answer) => answer.headers.get('x-ratelimit-remaining'))).toEqual(['1', '0', '0']);
    expect(answers[2]?.headers.get('retry-after')).toBe('60');
    expect(answers[0]?.headers.get('x-ratelimit-reset')).toBe(String(clock / 1000 + 60));
    expect(firstProblem(answers[2]!.body).type).toBe('quota');
  });

  it('requires JSON bodies', async () => {
    const plain = await call('POST', api('/search'), 'limit=1', { 'content-type': 'text/plain' });
    expect(plain.status).toBe(415);
    const broken = await call('POST', api('/search'), '{"data":');
    expect([broken.status, firstProblem(broken.body).code]).toEqual([400, 'invalid-json']);
  });
});

describe('segments', () => {
  it('pages the search with meta.totalItems, filtering by advertiser and type', async () => {
    for (let index = 0; index < 5; index++) mock.addSegment({ advertiserId: '12345', name: `s${index}` });
    mock.addSegment({ advertiserId: '777', name: 'other advertiser' });
    mock.addSegment({ advertiserId: '12345', name: 'lookalike', type: 'Lookalike' });
    const filter = { data: { attributes: { advertiserIds: ['12345'], audienceSegmentTypes: ['ContactList'] } } };
    const page = await call('POST', `${api('/search')}?limit=2&offset=4`, filter);
    expect(page.body.meta).toEqual({ totalItems: 5, limit: 2, offset: 4 });
    expect((page.body.data as Array<{ attributes: { name: string } }>).map((item) => item.attributes.name)).toEqual(['s4']);
    expect((await call('POST', `${api('/search')}?limit=101`, filter)).status).toBe(400);
    expect((await call('POST', api('/search'), { data: { attributes: { audienceSegmentTypes: ['Event'] } } })).status).toBe(400);
    expect((await call('POST', api('/search'), { data: { attributes: { advertiserIds: ['999'] } } })).status).toBe(403);
  });

  it('keeps names unique per advertiser, answering duplicates as a 200 with empty data by default', async () => {
    const create = (advertiserId: string) => call('POST', api('/create'), { data: [{ attributes: { advertiserId, name: 'Same', contactList: {} } }] });
    const first = await create('12345');
    expect((first.body.data as Array<{ id: string }>)[0]?.id).toMatch(/^\d+$/);
    expect((await create('777')).status).toBe(200);
    const duplicate = await create('12345');
    expect(duplicate.status).toBe(200);
    expect(duplicate.body.data).toEqual([]);
    expect(firstProblem(duplicate.body).code).toBe('name-must-be-unique');
    expect(mock.state.segments.size).toBe(2);
  });

  it('answers duplicates as a 400 when configured or scripted', async () => {
    mock.addSegment({ advertiserId: '12345', name: 'Taken' });
    mock.failNext({ type: 'duplicate-name-race', answer: 'http-400' });
    const raced = await call('POST', api('/create'), { data: [{ attributes: { advertiserId: '12345', name: 'Fresh', contactList: {} } }] });
    expect([raced.status, firstProblem(raced.body).code]).toEqual([400, 'name-must-be-unique']);
    expect([...mock.state.segments.values()].filter((segment) => segment.name === 'Fresh')).toHaveLength(1);
  });

  it('validates create bodies', async () => {
    const bad = [
      {},
      { data: [] },
      { data: [{ attributes: { advertiserId: 12345, name: 'x', contactList: {} } }] },
      { data: [{ attributes: { advertiserId: '12345', name: '', contactList: {} } }] },
      { data: [{ attributes: { advertiserId: '12345', name: 'x' } }] },
    ];
    for (const body of bad) expect((await call('POST', api('/create'), body)).status).toBe(400);
    expect(mock.state.segments.size).toBe(0);
  });
});

describe('contact lists', () => {
  it('adds, removes and counts identifiers, sampling invalid ones', async () => {
    const { id } = mock.addSegment({ advertiserId: '12345', name: 'List' });
    const added = await call('PATCH', api(`/${id}/contact-list`), amend(['a@example.com', 'f'.repeat(64), 'not an email']));
    expect(added.body).toMatchObject({
      data: { type: 'ContactlistAmendment', attributes: { contactListId: Number(id), operation: 'add', nbValidIdentifiers: 2, nbInvalidIdentifiers: 1, sampleInvalidIdentifiers: ['not an email'] } },
      errors: [],
    });
    expect(mock.hasMember(id, 'A@example.com')).toBe(true);
    await call('PATCH', api(`/${id}/contact-list`), amend(['a@example.com'], { operation: 'remove' }));
    expect(mock.members(id)).toEqual(['f'.repeat(64)]);
    const stats = await call('GET', api(`/${id}/contact-list/statistics`));
    expect(stats.body.data).toEqual({ id, type: 'ContactListStatistics', attributes: { numberOfIdentifiers: 1, numberOfMatches: 1, matchRate: 1 } });
    const wiped = await call('DELETE', api(`/${id}/contact-list`));
    expect(wiped.body.data).toEqual({ id, type: 'AudienceContactlist' });
    expect(mock.members(id)).toEqual([]);
  });

  it('rejects malformed amendments with Criteo errors', async () => {
    const { id } = mock.addSegment({ advertiserId: '12345', name: 'List' });
    const path = api(`/${id}/contact-list`);
    const cases: Array<[unknown, string]> = [
      [{ data: { attributes: { operation: 'add', identifiers: [] } } }, 'invalid-body'],
      [amend(['x'], { operation: 'upsert' }), 'invalid-operation'],
      [amend(['x'], { identifierType: 'cookie' }), 'invalid-identifier-type'],
      [amend([1, 2] as unknown as string[]), 'invalid-identifiers'],
      [amend(Array.from({ length: 50_001 }, (_, index) => `${index}@x.com`)), 'too-many-identifiers'],
      [amend(['g'], { identifierType: 'gum' }), 'gum-caller-id-required'],
    ];
    for (const [body, code] of cases) {
      const answer = await call('PATCH', path, body);
      expect([answer.status, firstProblem(answer.body).code]).toEqual([400, code]);
    }
    const missing = await call('PATCH', api('/999999/contact-list'), amend(['a@example.com']));
    expect([missing.status, firstProblem(missing.body).code]).toEqual([404, 'audience-invalid']);
    expect((await call('PATCH', api('/abc/contact-list'), amend(['a@example.com']))).status).toBe(400);
  });
});

describe('faults, calls and reset', () => {
  it('scripts 429 with Retry-After and x-ratelimit headers, leaving the token endpoint alone', async () => {
    mock.failNext({ type: 'rate-limit', retryAfterSeconds: 3 });
    const limited = await call('POST', api('/search'), {});
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(limited.headers.get('x-ratelimit-reset')).toBe(String(clock / 1000 + 3));
    expect(firstProblem(limited.body).type).toBe('quota');
    expect(mock.calls.map((entry) => entry.status)).toEqual([200, 429]);
  });

  it('scripts server errors, network errors and token expiry', async () => {
    mock.failNext({ type: 'server-error', status: 502 });
    expect((await call('POST', api('/search'), {})).status).toBe(502);
    mock.failNext({ type: 'token-expired' });
    const expired = await call('POST', api('/search'), {});
    expect([expired.status, firstProblem(expired.body).code]).toEqual([401, 'authorization-token-expired']);
    mock.failNext({ type: 'network-error' }, { match: { method: 'DELETE' } });
    await expect(call('DELETE', api('/1/contact-list'))).rejects.toThrow();
  });

  it('records calls with parsed bodies and forgets everything on reset', async () => {
    const calls = mock.calls;
    mock.addSegment({ advertiserId: '12345', name: 'Kept?' });
    mock.failNext({ type: 'server-error' }, { times: 5 });
    await call('POST', api('/search'), { data: { attributes: { advertiserIds: ['12345'] } } });
    expect(calls[0]?.body).toEqual({ grant_type: 'client_credentials', client_id: 'app', client_secret: 'app-secret' });
    expect(calls[1]).toMatchObject({ method: 'POST', path: '/2026-07/marketing-solutions/audience-segments/search', body: { data: { attributes: { advertiserIds: ['12345'] } } } });
    mock.reset();
    expect(calls).toHaveLength(0);
    expect(mock.state.segments.size).toBe(0);
    expect((await call('POST', api('/search'), {})).status).toBe(200);
  });
});
