import { ConfigurationError, createConcurrencyLimiter } from '@x/core';
import { http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTtdCrmMock } from './msw/ttd-crm-mock.js';
import { createTtdDataMock } from './msw/ttd-data-mock.js';
import { createTtdCrmClient } from './ttd-crm-client.js';
import { ADVERTISER, SECRET, tdids, testClient, TOKEN } from './ttd-data-test-server.test-helper.js';

const dataMock = createTtdDataMock({ advertiserId: ADVERTISER, secretKey: SECRET, authToken: TOKEN });
const crmMock = createTtdCrmMock({ authToken: TOKEN });
const server = setupServer(...dataMock.handlers, ...crmMock.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  dataMock.reset();
  crmMock.reset();
});
afterAll(() => server.close());

/** Holds every matching request 5 ms before the mock answers it, and records the most in flight. */
function slowServer(path: string) {
  const seen = { inFlight: 0, peak: 0 };
  server.use(
    http.all(path, async () => {
      seen.inFlight++;
      seen.peak = Math.max(seen.peak, seen.inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      seen.inFlight--;
      return undefined; // on to the mock
    }),
  );
  return seen;
}

describe('TTD Data client: requests in flight per client', () => {
  const twoCalls = (options: Parameters<typeof testClient>[0] = {}) => {
    const ttd = testClient({ maxItemsPerRequest: 1, ...options });
    return Promise.all([ttd.addMembers('cohort-a', tdids(12)), ttd.addMembers('cohort-b', tdids(12, 100))]);
  };

  it('keeps two concurrent calls (4 batches in flight each) to 4 requests at once by default', async () => {
    const seen = slowServer('*/data/advertiser');
    const reports = await twoCalls();
    expect(reports.map((report) => report.accepted)).toEqual([12, 12]);
    expect(dataMock.state.members('cohort-a')).toHaveLength(12);
    expect(seen.peak).toBe(4);
  });

  it('takes a lower maxConcurrency, Infinity for no cap, and a limiter shared by two clients', async () => {
    const seen = slowServer('*/data/advertiser');
    await twoCalls({ maxConcurrency: 2 });
    expect(seen.peak).toBe(2);
    seen.peak = 0;
    await twoCalls({ maxConcurrency: Number.POSITIVE_INFINITY });
    expect(seen.peak).toBe(8);
    seen.peak = 0;
    const shared = createConcurrencyLimiter(3);
    await Promise.all([twoCalls({ maxConcurrency: shared }), twoCalls({ maxConcurrency: shared })]);
    expect(seen.peak).toBe(3);
  });

  it('rejects a maxConcurrency that is not a whole number of 1 or more', () => {
    expect(() => testClient({ maxConcurrency: 0 })).toThrow(ConfigurationError);
    expect(() => testClient({ maxConcurrency: 2.5 })).toThrow(/maxConcurrency/);
  });
});

describe('TTD CRM client: API calls in flight per client', () => {
  const client = (overrides: Record<string, unknown> = {}) =>
    createTtdCrmClient({ advertiserId: ADVERTISER, authToken: TOKEN, retry: { initialDelayMs: 1, maxDelayMs: 5 }, ...overrides });

  it('keeps concurrent API calls to 4 at once by default, or to maxConcurrency', async () => {
    const seen = slowServer('*/crmdata/segment/:advertiserId');
    const lookups = (ttd: ReturnType<typeof client>) => Promise.all(Array.from({ length: 8 }, (_, n) => ttd.findSegment({ name: `segment-${n}` })));
    expect(await lookups(client())).toEqual(Array.from({ length: 8 }, () => undefined));
    expect(seen.peak).toBe(4);
    seen.peak = 0;
    await lookups(client({ maxConcurrency: 1 }));
    expect(seen.peak).toBe(1);
    expect(() => client({ maxConcurrency: -1 })).toThrow(ConfigurationError);
  });
});
