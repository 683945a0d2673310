import type { SyncReport } from '@x/core';
import { createCriteoAudiencesClient } from '@x/criteo-audiences';
import { createCriteoAudiencesMock } from '@x/criteo-audiences/msw';
import type { HttpHandler } from 'msw';

// One mock for the whole demo run: its handlers go into the shared msw server, and the client
// below talks to Criteo's real (default) URLs, which that server answers.
const mock = createCriteoAudiencesMock();

/** The Criteo mock's msw handlers, for the demo's single msw server. */
export function criteoDemoHandlers(): HttpHandler[] {
  return mock.handlers;
}

/**
 * Adds the audience's emails (hashed with SHA-256 by the client) to a Criteo contact list: find or
 * create the segment by name, then stream the members in amendments of up to 50,000 identifiers.
 */
export async function runCriteoDemo(audience: AsyncIterable<{ email: string }> | Iterable<{ email: string }>): Promise<SyncReport> {
  const criteo = createCriteoAudiencesClient({
    advertiserId: '12345',
    clientId: 'demo-criteo-client',
    clientSecret: 'demo-criteo-secret',
  });
  const segment = await criteo.ensureSegment({ name: 'x-demo-newsletter', description: 'Synced by the @x demo' });
  return criteo.addMembers(segment.id, emailsOf(audience));
}

async function* emailsOf(audience: AsyncIterable<{ email: string }> | Iterable<{ email: string }>): AsyncGenerator<string> {
  for await (const member of audience) yield member.email;
}
