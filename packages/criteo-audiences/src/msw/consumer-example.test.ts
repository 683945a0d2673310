import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createCriteoAudiencesClient } from '../index.js';
import { createCriteoAudiencesMock } from './index.js';

// The README's consumer test, as written there: three lines of setup.
const criteo = createCriteoAudiencesMock();
const server = setupServer(...criteo.handlers);
beforeAll(() => server.listen()); afterEach(() => criteo.reset()); afterAll(() => server.close());

async function syncSubscribers() {
  const client = createCriteoAudiencesClient({ advertiserId: '4242', clientId: 'any', clientSecret: 'any-secret' });
  const segment = await client.ensureSegment({ name: 'Subscribers' });
  return client.addMembers(segment.id, ['jane@example.com', 'not an email']);
}

it('syncs subscribers', async () => {
  const report = await syncSubscribers();
  const [segment] = criteo.state.segments.values();
  expect(criteo.hasMember(segment!.id, 'jane@example.com')).toBe(true);
  expect(report).toMatchObject({ received: 2, invalid: 1, accepted: 1 });
});
