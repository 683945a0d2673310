import { ApiCallError, AuthenticationError } from '@x/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ACCESS_TOKEN,
  CLIENT_SECRET,
  REFRESH_TOKEN,
  everythingShown,
  refreshingClient,
  testClient,
  useLinkedInMock,
} from './linkedin-test-kit.test-helper.js';

const mock = useLinkedInMock();
const OAUTH = 'https://www.linkedin.com/oauth/v2/accessToken';
const tokenCalls = () => mock.calls.filter((call) => call.url === OAUTH);
const bearerOf = (index: number) => mock.calls.filter((call) => call.url !== OAUTH)[index]?.headers.authorization;

afterEach(() => {
  vi.useRealTimers();
});

describe('static access token', () => {
  it('sends it as a bearer token; a 401 is final and says how to fix it', async () => {
    await testClient().findSegment({ sourceSegmentId: 'k' });
    mock.expireCurrentToken();

    const error = await testClient().findSegment({ sourceSegmentId: 'k' }).catch((caught: unknown) => caught);

    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect((error as AuthenticationError).statusCode).toBe(401);
    expect((error as Error).message).toMatch(/new `accessToken`|refresh/);
    expect(mock.calls.map((call) => call.status)).toEqual([200, 401]);
    expect(everythingShown(error)).not.toContain(ACCESS_TOKEN);
  });
});

describe('refresh credentials', () => {
  it('gets a token through the refresh-token grant (form-urlencoded) and uses it', async () => {
    await refreshingClient().findSegment({ sourceSegmentId: 'k' });

    expect(tokenCalls()).toHaveLength(1);
    const tokenCall = tokenCalls()[0];
    expect(tokenCall?.method).toBe('POST');
    expect(tokenCall?.headers['content-type']).toContain('application/x-www-form-urlencoded');
    expect(tokenCall?.body).toEqual({
      grant_type: 'refresh_token',
      refresh_token: REFRESH_TOKEN,
      client_id: 'li-client-id',
      client_secret: CLIENT_SECRET,
    });
    const issued = [...mock.state.tokens.accessTokens.keys()][0];
    expect(bearerOf(0)).toBe(`Bearer ${issued}`);
    // The token endpoint gets no API headers.
    expect(tokenCall?.headers['linkedin-version']).toBeUndefined();
  });

  it('concurrent calls share one refresh', async () => {
    const client = refreshingClient();
    await Promise.all([1, 2, 3, 4, 5].map((n) => client.findSegment({ sourceSegmentId: `k${n}` })));
    expect(tokenCalls()).toHaveLength(1);
  });

  it('a 401 (the token expired) refreshes once and retries; concurrent 401s share the refresh', async () => {
    const client = refreshingClient();
    await client.findSegment({ sourceSegmentId: 'warm-up' });
    mock.expireCurrentToken();

    const found = await Promise.all([1, 2, 3].map((n) => client.findSegment({ sourceSegmentId: `k${n}` })));

    expect(found).toEqual([undefined, undefined, undefined]);
    expect(tokenCalls()).toHaveLength(2);
    const api = mock.calls.filter((call) => call.url !== OAUTH);
    expect(api.filter((call) => call.status === 401)).toHaveLength(3);
    expect(api.filter((call) => call.status === 200)).toHaveLength(4);
  });

  it('refreshes before the token expires, without waiting for a 401', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    mock.reset();
    const shortLived = refreshingClient();
    // The mock issues 60-day tokens; jump past that.
    await shortLived.findSegment({ sourceSegmentId: 'k' });
    vi.setSystemTime(Date.now() + 61 * 24 * 3600 * 1000);
    await shortLived.findSegment({ sourceSegmentId: 'k' });

    expect(tokenCalls()).toHaveLength(2);
    expect(mock.calls.some((call) => call.status === 401)).toBe(false);
  });

  it('uses a given access token first, then renews it when LinkedIn refuses it', async () => {
    const client = refreshingClient({ accessToken: ACCESS_TOKEN });
    await client.findSegment({ sourceSegmentId: 'k' });
    expect(tokenCalls()).toHaveLength(0);
    expect(bearerOf(0)).toBe(`Bearer ${ACCESS_TOKEN}`);

    mock.expireCurrentToken();
    await client.findSegment({ sourceSegmentId: 'k' });
    expect(tokenCalls()).toHaveLength(1);
    expect(bearerOf(2)).not.toBe(`Bearer ${ACCESS_TOKEN}`);
  });

  it('invalid_grant becomes an AuthenticationError telling the user to re-authorize, without secrets', async () => {
    mock.revokeRefreshToken(REFRESH_TOKEN);
    const error = await refreshingClient().ensureSegment({ sourceSegmentId: 'k', name: 'K' }).catch((caught: unknown) => caught);

    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect((error as AuthenticationError).code).toBe('invalid_grant');
    expect((error as Error).message).toMatch(/re-authorize/i);
    const shown = everythingShown(error);
    expect(shown).not.toContain(REFRESH_TOKEN);
    expect(shown).not.toContain(CLIENT_SECRET);
    expect(mock.calls.filter((call) => call.url !== OAUTH)).toHaveLength(0);
  });

  it('invalid_client becomes an AuthenticationError naming the credentials to check', async () => {
    mock.failNext({ type: 'status', status: 401, body: { error: 'invalid_client', error_description: 'Client authentication failed' } }, { match: { path: '/oauth' } });
    const error = await refreshingClient().findSegment({ sourceSegmentId: 'k' }).catch((caught: unknown) => caught);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('refresh.clientSecret');
  });

  it('retries a token endpoint that fails transiently', async () => {
    mock.failNext({ type: 'status', status: 503 }, { match: { path: '/oauth' } });
    await refreshingClient().findSegment({ sourceSegmentId: 'k' });
    expect(tokenCalls().map((call) => call.status)).toEqual([503, 200]);
  });
});

describe('LinkedIn-Version', () => {
  it('defaults to 202604 and can be changed', async () => {
    await testClient({ apiVersion: '202607' }).findSegment({ sourceSegmentId: 'k' });
    expect(mock.calls[0]?.headers['linkedin-version']).toBe('202607');
  });

  it('a 426 (sunset version) names the version and the option to change', async () => {
    mock.sunsetVersion('202604');
    const error = await testClient().addMembers('123', [{ email: 'a@example.com' }]).catch((caught: unknown) => caught);

    expect(ApiCallError.isInstance(error)).toBe(true);
    expect((error as ApiCallError).statusCode).toBe(426);
    expect((error as ApiCallError).code).toBe('NONEXISTENT_VERSION');
    expect((error as Error).message).toContain('202604');
    expect((error as Error).message).toContain('apiVersion');
    expect(mock.calls).toHaveLength(1); // not retried
  });

  it('an old version is refused by the mock the way LinkedIn does', async () => {
    const error = await testClient({ apiVersion: '202301' }).findSegment({ sourceSegmentId: 'k' }).catch((caught: unknown) => caught);
    expect((error as ApiCallError).statusCode).toBe(426);
    expect((error as Error).message).toContain('202301');
  });
});

describe('permissions', () => {
  it('a 403 says which permission and role are needed', async () => {
    mock.failNext(
      { type: 'status', status: 403, body: { status: 403, serviceErrorCode: 100, code: 'ACCESS_DENIED', message: 'Not enough permissions' } },
      { match: { method: 'GET' } },
    );
    const error = await testClient().findSegment({ sourceSegmentId: 'k' }).catch((caught: unknown) => caught);
    expect((error as ApiCallError).statusCode).toBe(403);
    expect((error as Error).message).toContain('rw_dmp_segments');
  });
});
