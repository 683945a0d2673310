import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createLinkedInDmpClient } from './linkedin-dmp-client.js';
import type { LinkedInDmpClientOptions } from './linkedin-dmp-options.js';
import { createLinkedInDmpMock, type LinkedInDmpMock } from './msw/linkedin-dmp-mock.js';
import type { LinkedInDmpMockOptions } from './msw/linkedin-mock-types.js';

export const ACCOUNT = '512345678';
export const PLATFORM = 'TEST_PARTNER';
export const ACCESS_TOKEN = 'li-static-access-token-0123456789';
export const CLIENT_SECRET = 'li-client-secret-abcdefghij';
export const REFRESH_TOKEN = 'li-refresh-token-klmnopqrst';

/** The package's own mock behind an msw server for one test file; reset after each test. */
export function useLinkedInMock(options: LinkedInDmpMockOptions = {}): LinkedInDmpMock {
  const mock = createLinkedInDmpMock(options);
  useMocks(mock);
  return mock;
}

/** One msw server for several mocks (e.g. a second one on another base URL). */
export function useMocks(...mocks: LinkedInDmpMock[]): void {
  const server = setupServer(...mocks.flatMap((mock) => mock.handlers));
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    for (const mock of mocks) mock.reset();
  });
  afterAll(() => server.close());
}

/** A client with a static token and millisecond retries, pointed at the mock's default URLs. */
export function testClient(overrides: Partial<LinkedInDmpClientOptions> = {}) {
  return createLinkedInDmpClient({
    adAccountId: ACCOUNT,
    sourcePlatform: PLATFORM,
    accessToken: ACCESS_TOKEN,
    retry: { initialDelayMs: 1, maxDelayMs: 5 },
    requestsPerMinute: 60_000,
    ...overrides,
  });
}

/** A client that gets its tokens through the refresh-token grant. */
export function refreshingClient(overrides: Partial<LinkedInDmpClientOptions> = {}) {
  return testClient({
    accessToken: undefined,
    refresh: { clientId: 'li-client-id', clientSecret: CLIENT_SECRET, refreshToken: REFRESH_TOKEN },
    ...overrides,
  });
}

/** Every place a secret or an identifier could leak from an error: message, properties, cause chain, report. */
export function everythingShown(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    parts.push(String(current), JSON.stringify(current), (current as Error).stack ?? '');
    current = (current as { cause?: unknown }).cause;
  }
  return parts.join('\n');
}
