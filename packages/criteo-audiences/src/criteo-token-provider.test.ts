import { AuthenticationError } from '@x/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CLIENT_ID, CLIENT_SECRET, setupCriteoMock, testClient } from './criteo-test-setup.test-helper.js';

const { mock } = setupCriteoMock({ credentials: [{ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }] });

const tokenCalls = () => mock.calls.filter((call) => call.path === '/oauth2/token');
const bearerOf = (call: { headers: Record<string, string> }) => call.headers.authorization;

afterEach(() => {
  vi.useRealTimers();
});

describe('OAuth client credentials', () => {
  it('posts a form-urlencoded client_credentials request to the token URL', async () => {
    await testClient().findSegment({ name: 'x' });
    const [token] = tokenCalls();
    expect(token?.method).toBe('POST');
    expect(token?.url).toBe('https://api.criteo.com/oauth2/token');
    expect(token?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(token?.body).toEqual({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
    const search = mock.calls.find((call) => call.path.endsWith('/search'));
    expect(bearerOf(search!)).toMatch(/^Bearer criteo-mock-/);
    expect(search?.headers.authorization).not.toContain(CLIENT_SECRET);
  });

  it('caches the token across calls and shares one token request among concurrent calls', async () => {
    const client = testClient();
    await Promise.all([client.findSegment({ name: 'a' }), client.findSegment({ name: 'b' }), client.findSegment({ name: 'c' })]);
    await client.findSegment({ name: 'd' });
    expect(tokenCalls()).toHaveLength(1);
    const bearers = new Set(mock.calls.filter((call) => call.path.includes('/marketing-solutions/')).map(bearerOf));
    expect(bearers.size).toBe(1);
  });

  it('fetches a new token shortly before expires_in', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-23T10:00:00Z'));
    const client = testClient();
    await client.findSegment({ name: 'a' });
    vi.setSystemTime(new Date('2026-11-23T10:13:00Z')); // 13 of 15 minutes: still cached
    await client.findSegment({ name: 'a' });
    expect(tokenCalls()).toHaveLength(1);
    vi.setSystemTime(new Date('2026-11-23T10:14:30Z')); // within the last minute: refreshed first
    await client.findSegment({ name: 'a' });
    expect(tokenCalls()).toHaveLength(2);
    expect(mock.calls.every((call) => call.status === 200)).toBe(true);
  });

  it('refreshes once and retries after a 401 authorization-token-expired', async () => {
    const client = testClient();
    const segment = await client.ensureSegment({ name: 'Expiring' });
    mock.expireTokens();
    const report = await client.addMembers(segment.id, ['jane@example.com']);
    expect(report.accepted).toBe(1);
    expect(report.retries).toBe(1);
    expect(tokenCalls()).toHaveLength(2);
    const patches = mock.calls.filter((call) => call.method === 'PATCH');
    expect(patches.map((call) => call.status)).toEqual([401, 200]);
    expect(bearerOf(patches[0]!)).not.toBe(bearerOf(patches[1]!));
  });

  it('refreshes after a scripted authorization-token-expired answer', async () => {
    const client = testClient();
    await client.findSegment({ name: 'a' });
    mock.failNext({ type: 'token-expired' });
    await expect(client.findSegment({ name: 'a' })).resolves.toBeUndefined();
    expect(tokenCalls()).toHaveLength(2);
  });

  it('gives up with an AuthenticationError when the refreshed token is refused too', async () => {
    const client = testClient();
    mock.failNext({ type: 'token-expired' }, { times: 2 });
    const error = await client.findSegment({ name: 'a' }).catch((caught: unknown) => caught);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect((error as AuthenticationError).code).toBe('authorization-token-expired');
    expect(tokenCalls()).toHaveLength(2);
  });

  it('reports refused credentials as an AuthenticationError naming the options, not the secret', async () => {
    const client = testClient({ clientSecret: 'wrong-secret-value-123' });
    const error = await client.findSegment({ name: 'a' }).catch((caught: unknown) => caught);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('clientSecret');
    expect((error as AuthenticationError).code).toBe('invalid_client');
    expect(JSON.stringify(error)).not.toContain('wrong-secret-value-123');
    expect((error as Error).message).not.toContain('wrong-secret-value-123');
    expect(mock.calls.filter((call) => call.path.includes('/marketing-solutions/'))).toEqual([]);
  });

  it('retries the token request after a network error or a 5xx', async () => {
    mock.failNext({ type: 'network-error' }, { match: { path: '/oauth2/token' } });
    mock.failNext({ type: 'status', status: 503 }, { match: { path: '/oauth2/token' } });
    await expect(testClient().findSegment({ name: 'a' })).resolves.toBeUndefined();
    expect(tokenCalls().map((call) => call.status)).toEqual([0, 503, 200]);
  });
});
