import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRateLimiter } from './rate-limiter.js';

afterEach(() => vi.useRealTimers());

describe('createRateLimiter', () => {
  it('lets a burst through, then paces to the rate', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const limiter = createRateLimiter({ requestsPerMinute: 600, burst: 2 }); // one per 100 ms
    const granted: number[] = [];
    const start = Date.now();
    const all = Array.from({ length: 6 }, () => limiter.acquire().then(() => granted.push(Date.now() - start)));
    await vi.advanceTimersByTimeAsync(1_000);
    await Promise.all(all);
    expect(granted).toEqual([0, 0, 100, 200, 300, 400]);
  });

  it('holds everyone back after pauseFor (a Retry-After)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const limiter = createRateLimiter({ requestsPerMinute: 6_000, burst: 10 });
    limiter.pauseFor(2_000);
    let done = false;
    const pending = limiter.acquire().then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(1_900);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(200);
    await pending;
    expect(done).toBe(true);
  });

  it('waits for the window reset when the platform says none remain', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const limiter = createRateLimiter({ requestsPerMinute: 6_000, burst: 10 });
    limiter.observe({ remaining: 0, resetMs: 5_000 });
    let done = false;
    const pending = limiter.acquire().then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(4_900);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(200);
    await pending;
  });

  it('rejects a non-positive rate', () => {
    expect(() => createRateLimiter({ requestsPerMinute: 0 })).toThrow(RangeError);
  });
});
