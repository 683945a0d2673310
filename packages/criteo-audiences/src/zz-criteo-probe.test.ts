import { it } from 'vitest';
import { setupCriteoMock, ADVERTISER_ID, CLIENT_ID, CLIENT_SECRET } from './criteo-test-setup.test-helper.js';
import { watchTraffic, emailHashes, soakRetry, recordingFetch, apiFaults } from './criteo-hardening.test-helper.js';
import { createCriteoAudiencesClient } from './index.js';
const { mock, server } = setupCriteoMock();
for (const variant of [0]) it('probe ' + variant, async () => {
  const seed = 7;
    mock.randomFaults({ rate: 0.2, seed, faults: [apiFaults(300)[variant]!], match: { path: /marketing-solutions/ } });
  const u = emailHashes(3000);
  const rec = recordingFetch();
  const client = createCriteoAudiencesClient({ advertiserId: ADVERTISER_ID, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, retry: soakRetry(seed, 1000), fetch: rec.fetch });
  const segs = ['a','b','c','d'].map((name) => mock.addSegment({ advertiserId: ADVERTISER_ID, name }));
  const T = Date.now();
  await Promise.all(segs.map(async (s) => { for (let i = 0; i < 3; i++) { await client.addMembers(s.id, u); } }));
  console.log('VARIANT', variant, Date.now() - T);
});
