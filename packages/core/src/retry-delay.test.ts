import { describe, expect, it } from 'vitest';
import { parseRetryAfter, retryDelay } from './retry-delay.js';

const retry = { initialDelayMs: 500, maxDelayMs: 30_000, maxRetryAfterMs: 120_000, random: () => 0.999_999 };

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-23T10:00:00Z');

  it('reads seconds', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after': '7' }), now)).toBe(7000);
    expect(parseRetryAfter(new Headers({ 'retry-after': '0' }), now)).toBe(0);
    expect(parseRetryAfter(new Headers({ 'retry-after': '1.5' }), now)).toBe(1500);
  });

  it('reads an HTTP date', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Mon, 23 Nov 2026 10:00:12 GMT' }), now)).toBe(12_000);
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Mon, 23 Nov 2026 09:59:00 GMT' }), now)).toBe(0);
  });

  it('prefers retry-after-ms', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }), now)).toBe(250);
  });

  it('ignores missing and unusable values', () => {
    expect(parseRetryAfter(new Headers(), now)).toBeUndefined();
    expect(parseRetryAfter(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(parseRetryAfter(new Headers({ 'retry-after': '-3' }), now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

describe('retryDelay', () => {
  it('uses the server wait when given, capped', () => {
    expect(retryDelay({ attempt: 5, retryAfterMs: 3000, retry })).toBe(3000);
    expect(retryDelay({ attempt: 0, retryAfterMs: 600_000, retry })).toBe(120_000);
  });

  it('grows the jitter ceiling exponentially up to the cap', () => {
    const ceilings = [0, 1, 2, 3, 6, 10].map((attempt) => retryDelay({ attempt, retryAfterMs: undefined, retry }));
    expect(ceilings).toEqual([499, 999, 1999, 3999, 29_999, 29_999]);
  });

  it('draws full jitter from zero', () => {
    expect(retryDelay({ attempt: 4, retryAfterMs: undefined, retry: { ...retry, random: () => 0 } })).toBe(0);
    expect(retryDelay({ attempt: 4, retryAfterMs: undefined, retry: { ...retry, random: () => 0.5 } })).toBe(4000);
  });
});
