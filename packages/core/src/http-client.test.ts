import { HttpResponse } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiCallError } from './errors/api-call-error.js';
import { AuthenticationError } from './errors/authentication-error.js';
import { RateLimitError } from './errors/rate-limit-error.js';
import { createHttpClient, type HttpClientOptions } from './http-client.js';
import { networkError, ok, status, createScriptedServer } from './test-server.test-helper.js';
import { createTokenProvider } from './token-provider.js';

const api = createScriptedServer();
beforeAll(() => api.server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  api.requests.length = 0;
  api.script();
  api.fallback(ok());
  vi.useRealTimers();
});
afterAll(() => api.server.close());

const fast = { initialDelayMs: 1, maxDelayMs: 2, random: () => 0.5 };
const client = (options: Partial<HttpClientOptions> = {}) =>
  createHttpClient({ platform: 'core', baseUrl: api.base, retry: fast, ...options });

describe('createHttpClient: basics', () => {
  it('sends base URL, default headers, user agent, query and JSON', async () => {
    const response = await client({ headers: { 'x-default': 'd' }, userAgent: 'my-app/1.0' }).request<{ ok: boolean }>({
      method: 'POST',
      path: '/things',
      searchParams: { q: 'account', account: 'urn:li:sponsoredAccount:1', skip: undefined },
      json: { a: 1 },
    });
    expect(response.data).toEqual({ ok: true });
    expect(response.retries).toBe(0);
    const [request] = api.requests;
    expect(request?.url).toBe(`${api.base}/things?q=account&account=urn%3Ali%3AsponsoredAccount%3A1`);
    expect(request?.headers.get('x-default')).toBe('d');
    expect(request?.headers.get('user-agent')).toBe('my-app/1.0');
    expect(request?.headers.get('content-type')).toBe('application/json');
    expect(request?.body).toBe('{"a":1}');
  });

  it('sends a static auth header, but not to absolute URLs unless asked', async () => {
    const http = client({ auth: { type: 'header', name: 'TTD-Auth', value: 'static-token-123' } });
    await http.request({ method: 'GET', path: '/a' });
    await http.request({ method: 'PUT', path: `${api.base}/upload`, body: 'x\n' });
    expect(api.requests[0]?.headers.get('ttd-auth')).toBe('static-token-123');
    expect(api.requests[1]?.headers.get('ttd-auth')).toBeNull();
  });

  it('returns accepted statuses instead of throwing, with an empty body as undefined data', async () => {
    api.script(() => new HttpResponse(null, { status: 404 }));
    const response = await client().request({ method: 'GET', path: '/missing', acceptStatus: [404] });
    expect(response.status).toBe(404);
    expect(response.data).toBeUndefined();
  });

  it('resolves fetch lazily and uses an injected fetch', async () => {
    const fetchSpy = vi.fn(async () => new Response('{"injected":true}', { status: 200 }));
    const response = await client({ fetch: fetchSpy as unknown as typeof fetch }).request({ method: 'GET', path: '/x' });
    expect(fetchSpy).toHaveBeenCalledTimes(1);
    expect(response.data).toEqual({ injected: true });
  });
});

describe('createHttpClient: retries', () => {
  it.each([408, 429, 500, 502, 503, 504])('retries %i and reports the retry count', async (code) => {
    api.script(status(code), status(code));
    const response = await client().request({ method: 'GET', path: '/r' });
    expect(response.status).toBe(200);
    expect(response.retries).toBe(2);
    expect(api.requests).toHaveLength(3);
  });

  it('retries network errors', async () => {
    api.script(networkError, networkError);
    const response = await client().request({ method: 'DELETE', path: '/r' });
    expect(response.retries).toBe(2);
  });

  it.each([400, 403, 404, 409, 422])('does not retry %i', async (code) => {
    api.script(status(code));
    await expect(client().request({ method: 'GET', path: '/r' })).rejects.toMatchObject({ statusCode: code, isRetryable: false });
    expect(api.requests).toHaveLength(1);
  });

  it('does not retry a POST that is not marked safe to repeat', async () => {
    api.script(status(503));
    await expect(client().request({ method: 'POST', path: '/create', json: {} })).rejects.toMatchObject({ statusCode: 503, isRetryable: true });
    api.script(networkError);
    await expect(client().request({ method: 'PATCH', path: '/create', json: {} })).rejects.toBeInstanceOf(ApiCallError);
    expect(api.requests).toHaveLength(2);
  });

  it('retries a POST marked safe to repeat', async () => {
    api.script(status(503), networkError);
    const response = await client().request({ method: 'POST', path: '/add', json: {}, safeToRetry: true });
    expect(response.retries).toBe(2);
  });

  it('gives up after maxRetries with a RateLimitError carrying Retry-After', async () => {
    api.fallback(status(429, { 'retry-after': '0' }));
    const error = await client({ retry: { ...fast, maxRetries: 3 } }).request({ method: 'GET', path: '/r' }).catch((e: unknown) => e);
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: 429, retries: 3, retryAfterMs: 0, isRetryable: true });
    expect(api.requests).toHaveLength(4);
  });

  it('waits what Retry-After says (seconds), with fake timers', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    api.script(status(429, { 'retry-after': '5' }));
    const pending = client({ retry: { ...fast, timeoutMs: 600_000 } }).request({ method: 'GET', path: '/r' });
    await vi.advanceTimersByTimeAsync(4_900);
    expect(api.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(200);
    await expect(pending).resolves.toMatchObject({ status: 200, retries: 1 });
    expect(api.requests).toHaveLength(2);
  });

  it('waits until a Retry-After HTTP date', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(Date.parse('2026-11-23T10:00:00Z'));
    api.script(status(503, { 'retry-after': 'Mon, 23 Nov 2026 10:00:03 GMT' }));
    const pending = client({ retry: { ...fast, timeoutMs: 600_000 } }).request({ method: 'GET', path: '/r' });
    await vi.advanceTimersByTimeAsync(2_900);
    expect(api.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(200);
    await expect(pending).resolves.toMatchObject({ retries: 1 });
  });

  it('caps a long Retry-After at maxRetryAfterMs', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    api.script(status(429, { 'retry-after': '3600' }));
    const pending = client({ retry: { ...fast, maxRetryAfterMs: 2_000, timeoutMs: 600_000 } }).request({ method: 'GET', path: '/r' });
    await vi.advanceTimersByTimeAsync(2_050);
    await expect(pending).resolves.toMatchObject({ retries: 1 });
  });

  it('backs off exponentially with full jitter, capped at maxDelayMs', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    api.script(status(500), status(500), status(500), status(500));
    const retry = { initialDelayMs: 1_000, maxDelayMs: 3_000, random: () => 0.999, timeoutMs: 600_000 };
    const pending = createHttpClient({ platform: 'core', baseUrl: api.base, retry }).request({ method: 'GET', path: '/r' });
    // ceilings 1000, 2000, 3000 (capped), 3000; random 0.999 → 999, 1998, 2997, 2997
    const expected = [999, 1998, 2997, 2997];
    let elapsed = 0;
    let due = 0;
    for (const [attempt, wait] of expected.entries()) {
      due += wait;
      await vi.advanceTimersByTimeAsync(due - 5 - elapsed);
      expect(api.requests).toHaveLength(attempt + 1);
      await vi.advanceTimersByTimeAsync(10);
      elapsed = due + 5;
      expect(api.requests).toHaveLength(attempt + 2);
    }
    await expect(pending).resolves.toMatchObject({ retries: 4 });
  });

  it('times out one attempt and retries it', async () => {
    api.script(async () => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      return HttpResponse.json({ slow: true });
    });
    const response = await client({ retry: { ...fast, timeoutMs: 50 } }).request({ method: 'GET', path: '/slow' });
    expect(response.retries).toBe(1);
    expect(response.data).toEqual({ ok: true });
  });

  it('stops waiting and rejects when aborted', async () => {
    api.fallback(status(503, { 'retry-after': '30' }));
    const controller = new AbortController();
    const pending = client({ retry: { ...fast, timeoutMs: 600_000 } }).request({ method: 'GET', path: '/r', signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    const started = Date.now();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(api.requests).toHaveLength(1);
  });
});

describe('createHttpClient: bearer tokens', () => {
  it('refreshes once on 401 and retries with the new token', async () => {
    let issued = 0;
    const tokens = createTokenProvider({ fetchToken: async () => ({ accessToken: `token-${++issued}`, expiresInSeconds: 3600 }) });
    api.script(status(401));
    const response = await client({ auth: { type: 'bearer', tokens } }).request({ method: 'GET', path: '/me' });
    expect(response.retries).toBe(1);
    expect(api.requests.map((r) => r.headers.get('authorization'))).toEqual(['Bearer token-1', 'Bearer token-2']);
  });

  it('throws AuthenticationError when the refreshed token is refused too', async () => {
    let issued = 0;
    const tokens = createTokenProvider({ fetchToken: async () => ({ accessToken: `secret-token-${++issued}` }) });
    api.fallback(status(401, {}, { message: 'token secret-token-2 is invalid' }));
    const error = await client({ auth: { type: 'bearer', tokens } }).request({ method: 'GET', path: '/me' }).catch((e: unknown) => e);
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(api.requests).toHaveLength(2);
    expect(JSON.stringify(error)).not.toContain('secret-token');
    expect(String((error as Error).message)).not.toContain('secret-token');
  });

  it('shares one refresh among concurrent requests that all got 401', async () => {
    let issued = 0;
    const fetchToken = vi.fn(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { accessToken: `token-${++issued}`, expiresInSeconds: 3600 };
    });
    const tokens = createTokenProvider({ fetchToken });
    await tokens.getToken();
    api.fallback((request) =>
      request.headers.get('authorization') === 'Bearer token-1' ? HttpResponse.json({}, { status: 401 }) : HttpResponse.json({ ok: true }),
    );
    const http = client({ auth: { type: 'bearer', tokens } });
    const results = await Promise.all(Array.from({ length: 5 }, () => http.request({ method: 'GET', path: '/x' })));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(fetchToken).toHaveBeenCalledTimes(2);
    expect(api.requests.filter((r) => r.headers.get('authorization') === 'Bearer token-2')).toHaveLength(5);
  });

  it('refreshes again when the new token expires later in the same request (401 after other retries)', async () => {
    let issued = 0;
    const tokens = createTokenProvider({ fetchToken: async () => ({ accessToken: `token-${++issued}`, expiresInSeconds: 3600 }) });
    api.script(status(401), status(503), status(401));
    const response = await client({ auth: { type: 'bearer', tokens } }).request({ method: 'GET', path: '/me' });
    expect(response.retries).toBe(3);
    expect(api.requests.map((r) => r.headers.get('authorization'))).toEqual(['Bearer token-1', 'Bearer token-2', 'Bearer token-2', 'Bearer token-3']);
  });

  it('does not refresh a static header token on 401', async () => {
    api.script(status(401));
    await expect(client({ auth: { type: 'header', name: 'TTD-Auth', value: 'abc-token' } }).request({ method: 'GET', path: '/x' })).rejects.toBeInstanceOf(
      AuthenticationError,
    );
    expect(api.requests).toHaveLength(1);
  });
});

describe('createHttpClient: errors', () => {
  it('maps status, request id, platform code and a redacted body', async () => {
    api.script(
      status(
        400,
        { 'x-request-id': 'req-42' },
        { code: 'invalid-identifier', message: 'bad member jane.doe@example.com', token: 'abcd-secret' },
      ),
    );
    const error = (await client({ parseErrorBody: (body) => ({ code: (body as { code?: string }).code, message: (body as { message?: string }).message }) })
      .request({ method: 'GET', path: '/x?signature=s3cr3t' })
      .catch((e: unknown) => e)) as ApiCallError;
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: 400, requestId: 'req-42', code: 'invalid-identifier', isRetryable: false, method: 'GET' });
    expect(error.url).toBe(`${api.base}/x`);
    const everything = `${error.message} ${error.redactedBody} ${JSON.stringify(error)}`;
    expect(everything).not.toContain('jane.doe');
    expect(everything).not.toContain('abcd-secret');
    expect(everything).not.toContain('s3cr3t');
  });

  it('falls back to the status text on an empty or non-JSON error body', async () => {
    api.script(() => new HttpResponse('<html>Bad Gateway</html>', { status: 418, statusText: 'I am a teapot' }));
    const error = (await client().request({ method: 'GET', path: '/x' }).catch((e: unknown) => e)) as ApiCallError;
    expect(error.message).toContain('HTTP 418');
    expect(error.redactedBody).toContain('Bad Gateway');
  });

  it('keeps no Request object (and so no Authorization header) in the cause chain of a network error', async () => {
    api.fallback(networkError);
    const error = (await client({ auth: { type: 'header', name: 'authorization', value: 'Bearer very-secret-token' }, retry: { ...fast, maxRetries: 1 } })
      .request({ method: 'GET', path: '/x' })
      .catch((e: unknown) => e)) as ApiCallError;
    expect(error.statusCode).toBeUndefined();
    expect(error.isRetryable).toBe(true);
    const { inspect } = await import('node:util');
    expect(inspect(error, { depth: 10 })).not.toContain('very-secret-token');
  });
});

describe('createHttpClient: per-request redaction', () => {
  it('removes the values a request names from the error, even when no pattern matches them', async () => {
    api.script(status(400, {}, { message: 'identifier Xi7rT2kLp9 is unknown' }));
    const error = (await client({ parseErrorBody: (body) => ({ message: (body as { message?: string }).message }) })
      .request({ method: 'PATCH', path: '/x', json: {}, redactValues: ['Xi7rT2kLp9', 'abc'] })
      .catch((e: unknown) => e)) as ApiCallError;
    expect(error.statusCode).toBe(400);
    const { inspect } = await import('node:util');
    expect(`${error.message} ${error.redactedBody} ${inspect(error, { depth: 10 })}`).not.toContain('Xi7rT2kLp9');
    expect(error.message).toContain('identifier [redacted] is unknown');
  });
});
