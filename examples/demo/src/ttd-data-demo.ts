import type { SyncReport } from '@x/core';
import { createTtdDataClient } from '@x/ttd-crm';
import { createTtdDataMock } from '@x/ttd-crm/msw';
import type { HttpHandler } from 'msw';

// Demo credentials: the mock verifies every body's HMAC signature against this secret.
const ADVERTISER_ID = 'demo-advertiser';
const SECRET_KEY = 'demo-advertiser-secret-key';
const SEGMENT_NAME = 'demo-high-value-cohort';

const mock = createTtdDataMock({ advertiserId: ADVERTISER_ID, secretKey: SECRET_KEY });

/** The TTD Data API mock's handlers (every regional host), for the demo's msw server. */
export function ttdDataDemoHandlers(): HttpHandler[] {
  return mock.handlers;
}

/** Adds the audience to a TTD first-party segment through the mock, signed by HMAC, 30-day TTL. */
export async function runTtdDataDemo(audience: AsyncIterable<{ tdid: string }> | Iterable<{ tdid: string }>): Promise<SyncReport> {
  mock.reset();
  const ttd = createTtdDataClient({ advertiserId: ADVERTISER_ID, region: 'us-east', secretKey: SECRET_KEY });
  const report = await ttd.addMembers(SEGMENT_NAME, audience);
  // The mock's state is what TTD would now hold: check the report against it.
  const members = mock.state.members(SEGMENT_NAME).length;
  if (members !== report.accepted) throw new Error(`TTD Data demo: ${report.accepted} accepted but ${members} in the segment.`);
  return report;
}
