import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createCriteoAudiencesClient } from './criteo-audiences-client.js';
import type { CriteoAudiencesClientOptions } from './criteo-options.js';
import { createCriteoAudiencesMock, type CriteoAudiencesMockOptions } from './msw/index.js';

export const ADVERTISER_ID = '12345';
export const CLIENT_ID = 'test-client-id';
export const CLIENT_SECRET = 'test-client-secret-0f9e8d7c';
/** Retries without real waiting. */
export const FAST_RETRY = { initialDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 2 };

/** One msw server with the package's own mock for a test file; state is reset after each test. */
export function setupCriteoMock(options: CriteoAudiencesMockOptions = {}) {
  const mock = createCriteoAudiencesMock(options);
  const server = setupServer(...mock.handlers);
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    server.resetHandlers();
    mock.reset();
  });
  afterAll(() => server.close());
  return { mock, server };
}

export function testClient(overrides: Partial<CriteoAudiencesClientOptions> = {}) {
  return createCriteoAudiencesClient({
    advertiserId: ADVERTISER_ID,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    retry: FAST_RETRY,
    ...overrides,
  });
}

/** API calls only (the token endpoint left out), as `METHOD path`. */
export function apiCalls(calls: Array<{ method: string; path: string }>): string[] {
  return calls.filter((call) => call.path.includes('/marketing-solutions/')).map((call) => `${call.method} ${call.path}`);
}
