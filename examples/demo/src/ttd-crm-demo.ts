import type { SyncReport } from '@x/core';
import { createTtdCrmClient } from '@x/ttd-crm';
import { createTtdCrmMock } from '@x/ttd-crm/msw';
import type { HttpHandler } from 'msw';

// One mock for the whole demo run: its handlers go into the shared msw server, the client below
// talks to its default URLs (TTD's real API base and the fake storage host of the uploads).
const mock = createTtdCrmMock();

/** The TTD CRM mock's msw handlers, for the demo's single msw server. */
export function ttdCrmDemoHandlers(): HttpHandler[] {
  return mock.handlers;
}

/**
 * Replaces a CRM segment's members with the audience's emails, UID2-hashed, in one drop: find or
 * create the segment, then prepare, dedupe, spool and upload the whole audience at once.
 */
export async function runTtdCrmDemo(
  audience: AsyncIterable<{ email: string }> | Iterable<{ email: string }>,
): Promise<SyncReport & { referenceId: string }> {
  const ttd = createTtdCrmClient({
    advertiserId: 'demo-advertiser',
    authToken: 'demo-ttd-auth-token',
    // TTD asks for 1,500 distinct ids per drop; the demo lowers the floor so that a small
    // DEMO_AUDIENCE_SIZE still runs. Bodies above 1 MB go through a temporary file.
    minimumRecords: 1,
    spool: { thresholdBytes: 1_000_000 },
  });
  const segment = await ttd.ensureSegment({ name: 'x-demo-newsletter', region: 'US' });
  return ttd.replaceMembers(segment.crmDataId, emailsOf(audience), { piiType: 'EmailHashedUnifiedId2' });
}

async function* emailsOf(audience: AsyncIterable<{ email: string }> | Iterable<{ email: string }>): AsyncGenerator<string> {
  for await (const member of audience) yield member.email;
}
