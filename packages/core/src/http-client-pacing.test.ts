import { HttpResponse } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createConcurrencyLimiter } from './concurrency-limiter.js';
import { createHttpClient, type HttpClientOptions } from './http-client.js';
import { createRateLimiter } from './rate-limiter.js';
import { createScriptedServer, ok, status } from './test-server.test-helper.js';

const api = createScriptedServer('https://pacing.test');
beforeAll(() => api.server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  api.requests.length = 0;
  api.script();
  api.fallback(ok());
  vi.useRealTimers();
});
afterAll(() => api.server.close());

const retry = { initialDelayMs: 1, maxDelayMs: 2, random: () => 0.5, timeoutMs: 600_000 };
const client = (options: Partial<HttpClientOptions> = {}) => createHttpClient({ platform: 'core', baseUrl: api.base, retry, ...options });
const fakeClock = () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  return Date.now();
};

describe('createHttpClient: rateLimiter', () => {
  it('sends each attempt only when the limiter grants it', async () => {
    const start = fakeClock();
    const http = client({ rateLimiter: createRateLimiter({ requestsPerMinute: 600, burst: 1 }) });
    const all = Promise.all([1, 2, 3].map((n) => http.request({ method: 'GET', path: `/r${n}` })));
    await vi.advanceTimersByTimeAsync(1_000);
    await all;
    expect(api.requests.map((request) => request.at - start)).toEqual([0, 100, 200]);
  });

  it('a 429 with Retry-After holds back every client sharing the limiter, not only the refused one', async () => {
    const start = fakeClock();
    const shared = createRateLimiter({ requestsPerMinute: 6_000, burst: 10 });
    api.script(status(429, { 'retry-after': '2' }));
    const refused = client({ rateLimiter: shared }).request({ method: 'GET', path: '/refused' });
    await vi.advanceTimersByTimeAsync(10);
    const other = client({ rateLimiter: shared }).request({ method: 'GET', path: '/other' });
    await vi.advanceTimersByTimeAsync(1_900);
    expect(api.requests.map((request) => new URL(request.url).pathname)).toEqual(['/refused']);
    await vi.advanceTimersByTimeAsync(200);
    await Promise.all([refused, other]);
    expect(api.requests.map((request) => new URL(request.url).pathname).sort()).toEqual(['/other', '/refused', '/refused']);
    expect(Math.min(...api.requests.slice(1).map((request) => request.at - start))).toBeGreaterThanOrEqual(2_000);
  });

  it('waits for the reset when x-ratelimit-remaining says the window is spent', async () => {
    const start = fakeClock();
    api.script(status(200, { 'x-ratelimit-limit': '250', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '3' }, { ok: true }));
    const http = client({ rateLimiter: createRateLimiter({ requestsPerMinute: 6_000 }) });
    await http.request({ method: 'GET', path: '/a' });
    const second = http.request({ method: 'GET', path: '/b' });
    await vi.advanceTimersByTimeAsync(2_900);
    expect(api.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(200);
    await second;
    expect(api.requests[1]!.at - start).toBeGreaterThanOrEqual(3_000);
  });
});

describe('createHttpClient: maxConcurrency', () => {
  it('keeps at most maxConcurrency requests in flight over all concurrent callers', async () => {
    let inFlight = 0;
    let peak = 0;
    api.fallback(async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
      return HttpResponse.json({ ok: true });
    });
    const http = client({ maxConcurrency: 2 });
    const responses = await Promise.all(Array.from({ length: 6 }, (_, n) => http.request({ method: 'GET', path: `/c${n}` })));
    expect(responses.every((response) => response.status === 200)).toBe(true);
    expect(peak).toBe(2);
  });

  it('frees the slot while a request waits to retry', async () => {
    fakeClock();
    api.script(status(503, { 'retry-after': '5' }));
    const http = client({ maxConcurrency: 1 });
    const retried = http.request({ method: 'GET', path: '/retried' });
    await vi.advanceTimersByTimeAsync(10);
    await http.request({ method: 'GET', path: '/meanwhile' });
    expect(api.requests.map((request) => new URL(request.url).pathname)).toEqual(['/retried', '/meanwhile']);
    await vi.advanceTimersByTimeAsync(5_000);
    await expect(retried).resolves.toMatchObject({ status: 200, retries: 1 });
  });

  it('shares one cap between clients given the same concurrency limiter', async () => {
    let inFlight = 0;
    let peak = 0;
    api.fallback(async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
      return HttpResponse.json({ ok: true });
    });
    const slots = createConcurrencyLimiter(1);
    const first = client({ maxConcurrency: slots });
    const second = client({ maxConcurrency: slots });
    await Promise.all([first, second, first, second].map((http, n) => http.request({ method: 'GET', path: `/s${n}` })));
    expect(peak).toBe(1);
  });
});
