import type { RateLimiter } from '@x/core';
import { describe, expect, it } from 'vitest';
import { readRateLimitHeaders } from './criteo-rate-limit-headers.js';
import { ADVERTISER_ID, setupCriteoMock, testClient } from './criteo-test-setup.test-helper.js';

const { mock } = setupCriteoMock({ rateLimitPerMinute: 3 });

function recordingLimiter() {
  const events: Array<{ kind: string; value?: unknown }> = [];
  const limiter: RateLimiter = {
    requestsPerMinute: 250,
    acquire: async () => {
      events.push({ kind: 'acquire' });
    },
    pauseFor: (ms) => events.push({ kind: 'pause', value: ms }),
    observe: (value) => events.push({ kind: 'observe', value }),
  };
  return { limiter, events };
}

describe('readRateLimitHeaders', () => {
  const now = Date.UTC(2026, 10, 23, 10, 0, 0);
  it('reads x-ratelimit-reset as a Unix timestamp in seconds', () => {
    const headers = new Headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 42) });
    expect(readRateLimitHeaders(headers, now)).toEqual({ remaining: 0, resetMs: 42_000 });
  });
  it('tolerates milliseconds, a delay in seconds, missing and odd values', () => {
    expect(readRateLimitHeaders(new Headers({ 'x-ratelimit-reset': String(now + 5_000) }), now).resetMs).toBe(5_000);
    expect(readRateLimitHeaders(new Headers({ 'x-ratelimit-reset': '7' }), now).resetMs).toBe(7_000);
    expect(readRateLimitHeaders(new Headers({ 'x-ratelimit-remaining': 'many' }), now)).toEqual({ remaining: undefined, resetMs: undefined });
    expect(readRateLimitHeaders(new Headers({ 'x-ratelimit-reset': String(now / 1000 - 10) }), now).resetMs).toBe(0);
  });
});

describe('pacing', () => {
  it('waits for the limiter before every API call and feeds it the x-ratelimit headers', async () => {
    const { limiter, events } = recordingLimiter();
    const client = testClient({ rateLimiter: limiter });
    await client.findSegment({ name: 'a' });
    await client.findSegment({ name: 'a' });
    expect(events.map((event) => event.kind)).toEqual(['acquire', 'observe', 'acquire', 'observe']);
    expect(events[1]?.value).toMatchObject({ remaining: 2 });
    expect(events[3]?.value).toMatchObject({ remaining: 1 });
    const resetMs = (events[3]?.value as { resetMs: number }).resetMs;
    expect(resetMs).toBeGreaterThan(0);
    expect(resetMs).toBeLessThanOrEqual(61_000); // the header has whole seconds
  });

  it('pauses every caller for the Retry-After of a 429', async () => {
    const { limiter, events } = recordingLimiter();
    mock.failNext({ type: 'rate-limit', retryAfterSeconds: 0.001 });
    await testClient({ rateLimiter: limiter }).findSegment({ name: 'a' });
    expect(events.filter((event) => event.kind === 'pause')).toEqual([{ kind: 'pause', value: 1 }]);
    expect(events.filter((event) => event.kind === 'observe')[0]?.value).toMatchObject({ remaining: 0 });
  });

  it('with rateLimiter: true, syncs through a limiter at Criteo quota', async () => {
    const segment = mock.addSegment({ advertiserId: ADVERTISER_ID, name: 'Paced' });
    const report = await testClient({ rateLimiter: true }).addMembers(segment.id, ['a@example.com']);
    expect(report.accepted).toBe(1);
  });

  it('does not pace by default', async () => {
    const client = testClient();
    await Promise.all(Array.from({ length: 5 }, () => client.findSegment({ name: 'a' })));
    expect(mock.calls.at(-1)?.status).toBe(200);
  });
});
