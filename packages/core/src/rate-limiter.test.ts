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

describe('createRateLimiter: quota window and sharing', () => {
  it('never grants more than the window quota, even with the cold-start burst', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    // 60/min counted over 10 s windows: 10 per window, a burst of 5.
    const limiter = createRateLimiter({ requestsPerMinute: 60, burst: 5, windowMs: 10_000 });
    const start = Date.now();
    const granted: number[] = [];
    const all = Array.from({ length: 25 }, () =>
      limiter.acquire().then((answered) => {
        granted.push(Date.now() - start);
        if (answered) answered(); // answered at once
      }),
    );
    await vi.advanceTimersByTimeAsync(30_000);
    await Promise.all(all);
    for (const at of granted) {
      expect(granted.filter((other) => other >= at && other < at + 10_000).length).toBeLessThanOrEqual(10);
    }
    // Still the full rate: 25 grants within 2 windows and a half.
    expect(granted.at(-1)).toBeLessThanOrEqual(25_000);
    expect(granted.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
  });

  it('counts a request in the window until a window after its answer (it reached the server in between)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const limiter = createRateLimiter({ requestsPerMinute: 6, burst: 1, windowMs: 10_000 }); // 1 per 10 s
    const start = Date.now();
    const first = await limiter.acquire();
    let secondAt: number | undefined;
    const second = limiter.acquire().then((answered) => {
      secondAt = Date.now() - start;
      return answered;
    });
    await vi.advanceTimersByTimeAsync(3_000);
    first?.(); // a slow answer: 3 s after the grant
    await vi.advanceTimersByTimeAsync(9_000);
    expect(secondAt).toBeUndefined(); // not at 10 s: the request may have arrived as late as 3 s
    await vi.advanceTimersByTimeAsync(1_100);
    expect(secondAt).toBe(13_000);
    (await second)?.();
    // Never answered: the grant leaves the window two windows after it was made.
    const unanswered = createRateLimiter({ requestsPerMinute: 6, burst: 1, windowMs: 10_000 });
    await unanswered.acquire();
    let nextAt: number | undefined;
    const next = unanswered.acquire().then(() => (nextAt = Date.now() - start));
    await vi.advanceTimersByTimeAsync(20_100);
    await next;
    expect(nextAt).toBeGreaterThanOrEqual(13_000 + 20_000);
  });

  it('paces every client that shares it as one', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const shared = createRateLimiter({ requestsPerMinute: 600, burst: 1 });
    const start = Date.now();
    const granted: number[] = [];
    const first = [shared.acquire(), shared.acquire()];
    const second = [shared.acquire(), shared.acquire()];
    const all = [...first, ...second].map((turn) => turn.then(() => granted.push(Date.now() - start)));
    await vi.advanceTimersByTimeAsync(1_000);
    await Promise.all(all);
    expect(granted).toEqual([0, 100, 200, 300]);
  });

  it('lets an aborted waiter leave without taking a slot', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const limiter = createRateLimiter({ requestsPerMinute: 600, burst: 1 });
    await limiter.acquire();
    const controller = new AbortController();
    const aborted = limiter.acquire(controller.signal);
    const next = limiter.acquire();
    controller.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    let granted = false;
    void next.then(() => (granted = true));
    await vi.advanceTimersByTimeAsync(100);
    expect(granted).toBe(true); // the next slot (at 100 ms) went to the waiter behind it
  });
});
