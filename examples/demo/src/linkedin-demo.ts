import type { SyncReport } from '@x/core';
import { createLinkedInDmpClient, type LinkedInDmpClient } from '@x/linkedin-dmp';
import { createLinkedInDmpMock, type LinkedInDmpMock } from '@x/linkedin-dmp/msw';

const AD_ACCOUNT_ID = '512345678';

let demoMock: LinkedInDmpMock | undefined;

/** The demo's LinkedIn fake (created once): the lead's msw server runs its handlers. */
export function createLinkedInDemoMock(): LinkedInDmpMock {
  demoMock ??= createLinkedInDmpMock();
  return demoMock;
}

/** The handlers of the demo's LinkedIn fake, for the one msw server of the demo. */
export function linkedInDemoHandlers() {
  return createLinkedInDemoMock().handlers;
}

/** A client pointed at LinkedIn's real (default) URLs, which the msw server intercepts. */
export function createLinkedInDemoClient(): LinkedInDmpClient {
  return createLinkedInDmpClient({
    adAccountId: AD_ACCOUNT_ID,
    sourcePlatform: 'DEMO_PLATFORM',
    accessToken: 'demo-access-token',
  });
}

/**
 * Ensures the demo segment (by its stable key) and adds the audience: emails are hashed on the
 * way, malformed rows and duplicates are counted in the report. Starts no server itself.
 */
export async function runLinkedInDemo(audience: AsyncIterable<{ email: string }> | Iterable<{ email: string }>): Promise<SyncReport> {
  const client = createLinkedInDemoClient();
  const segment = await client.ensureSegment({ sourceSegmentId: 'demo-newsletter-subscribers', name: 'Demo: newsletter subscribers' });
  return client.addMembers(segment.id, audience);
}
