import { createRateLimiter, type RateLimiter } from '@x/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ADVERTISER_ID, apiCalls, setupCriteoMock, testClient } from './criteo-test-setup.test-helper.js';

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

afterEach(() => vi.useRealTimers());

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

  it('paces by default: once x-ratelimit-remaining reaches 0, the next call waits for the reset', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const client = testClient();
    for (let call = 0; call < 3; call++) await client.findSegment({ name: 'a' }); // the mock allows 3 a minute
    const fourth = client.findSegment({ name: 'a' });
    await vi.advanceTimersByTimeAsync(100);
    expect(apiCalls(mock.calls)).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(61_000);
    await fourth;
    expect(apiCalls(mock.calls)).toHaveLength(4);
  });

  it('keeps to requestsPerMinute when given: the quota of a minute at once, then nothing until the minute is over', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const client = testClient({ requestsPerMinute: 2, rateLimiter: true });
    await client.findSegment({ name: 'a' });
    await client.findSegment({ name: 'a' });
    const third = client.findSegment({ name: 'a' });
    await vi.advanceTimersByTimeAsync(59_000);
    expect(apiCalls(mock.calls)).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1_100);
    await third;
    expect(apiCalls(mock.calls)).toHaveLength(3);
  });

  it('does not pace with rateLimiter: false', async () => {
    const client = testClient({ rateLimiter: false });
    for (let call = 0; call < 5; call++) await client.findSegment({ name: 'a' });
    expect(apiCalls(mock.calls)).toHaveLength(5);
  });

  it('a limiter shared by two clients paces them together', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const shared = createRateLimiter({ requestsPerMinute: 60, burst: 1 });
    await testClient({ rateLimiter: shared }).findSegment({ name: 'a' });
    const other = testClient({ rateLimiter: shared }).findSegment({ name: 'b' });
    await vi.advanceTimersByTimeAsync(900);
    expect(apiCalls(mock.calls)).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(200);
    await other;
    expect(apiCalls(mock.calls)).toHaveLength(2);
  });
});
