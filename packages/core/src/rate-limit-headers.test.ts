import { describe, expect, it } from 'vitest';
import { readRateLimitHeaders } from './rate-limit-headers.js';

describe('readRateLimitHeaders', () => {
  const now = Date.UTC(2026, 10, 23, 10, 0, 0);

  it('reads limit, remaining and a reset given as a Unix time in seconds (Criteo)', () => {
    const headers = new Headers({ 'x-ratelimit-limit': '250', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 42) });
    expect(readRateLimitHeaders(headers, { now })).toEqual({ limit: 250, remaining: 0, resetMs: 42_000 });
  });

  it('reads a reset in epoch milliseconds or as a delay in seconds, and the IETF ratelimit-* names', () => {
    expect(readRateLimitHeaders(new Headers({ 'x-ratelimit-reset': String(now + 5_000) }), { now }).resetMs).toBe(5_000);
    expect(readRateLimitHeaders(new Headers({ 'x-ratelimit-reset': '7' }), { now }).resetMs).toBe(7_000);
    expect(readRateLimitHeaders(new Headers({ 'ratelimit-remaining': '3', 'ratelimit-reset': '2' }), { now })).toEqual({
      limit: undefined,
      remaining: 3,
      resetMs: 2_000,
    });
  });

  it('reads missing and odd values as undefined, a past reset as 0 and a far one as the cap', () => {
    expect(readRateLimitHeaders(new Headers(), { now })).toEqual({ limit: undefined, remaining: undefined, resetMs: undefined });
    expect(readRateLimitHeaders(new Headers({ 'x-ratelimit-remaining': 'many', 'x-ratelimit-limit': ' ' }), { now }).remaining).toBeUndefined();
    expect(readRateLimitHeaders(new Headers({ 'x-ratelimit-reset': String(now / 1000 - 10) }), { now }).resetMs).toBe(0);
    expect(readRateLimitHeaders(new Headers({ 'x-ratelimit-reset': String(now / 1000 + 3_600) }), { now, maxResetMs: 60_000 }).resetMs).toBe(60_000);
  });
});
