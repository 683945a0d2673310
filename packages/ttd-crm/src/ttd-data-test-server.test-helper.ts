import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createTtdDataMock, type TtdDataMockOptions } from './msw/ttd-data-mock.js';
import { createTtdDataClient } from './ttd-data-client.js';
import type { TtdDataClientOptions } from './ttd-data-options.js';

export const ADVERTISER = 'adv1234';
export const SECRET = 'adv-secret-key-Zq81xWv';
export const TOKEN = 'data-api-token-Hk29pLm';

/** A deterministic, valid, non-zero GUID per n. */
export function guid(n: number): string {
  return `5e1c0a7b-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

export function tdids(count: number, from = 0): Array<{ tdid: string }> {
  return Array.from({ length: count }, (_, i) => ({ tdid: guid(from + i) }));
}

/** One msw server per test file around a fresh mock; state and calls are reset after each test. */
export function setupTtdDataServer(options: TtdDataMockOptions = {}) {
  const mock = createTtdDataMock({ advertiserId: ADVERTISER, secretKey: SECRET, authToken: TOKEN, ...options });
  const server = setupServer(...mock.handlers);
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    mock.reset();
    server.resetHandlers();
  });
  afterAll(() => server.close());
  return { mock, server };
}

/** A client on the mock with fast retries; HMAC mode unless overridden. */
export function testClient(overrides: Partial<TtdDataClientOptions> = {}) {
  return createTtdDataClient({
    advertiserId: ADVERTISER,
    region: 'us-east',
    secretKey: SECRET,
    retry: { initialDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 5 },
    ...overrides,
  } as TtdDataClientOptions);
}

/** The JSON bodies the mock received. */
export function bodies(calls: Array<{ body: unknown }>): Array<Record<string, unknown> & { Items: Array<Record<string, unknown>> }> {
  return calls.map((call) => call.body as Record<string, unknown> & { Items: Array<Record<string, unknown>> });
}
