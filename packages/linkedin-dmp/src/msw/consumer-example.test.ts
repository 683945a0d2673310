// What a consumer's test looks like (the README shows this file): the published entry points,
// three lines of setup, assertions on who ended up in the segment.
import { createLinkedInDmpClient } from '@x/linkedin-dmp';
import { createLinkedInDmpMock } from '@x/linkedin-dmp/msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';

const linkedIn = createLinkedInDmpMock();
const server = setupServer(...linkedIn.handlers);
beforeAll(() => server.listen()); afterEach(() => linkedIn.reset()); afterAll(() => server.close());

it('syncs newsletter subscribers to LinkedIn', async () => {
  const client = createLinkedInDmpClient({ adAccountId: '512345678', sourcePlatform: 'MY_PLATFORM', accessToken: 'test-token' });
  const segment = await client.ensureSegment({ sourceSegmentId: 'newsletter', name: 'Newsletter' });
  const report = await client.addMembers(segment.id, [{ email: 'Ann@Example.com' }, { email: 'not an email' }]);

  expect(report).toMatchObject({ received: 2, invalid: 1, accepted: 1 });
  expect(linkedIn.hasMember(segment.id, 'ann@example.com')).toBe(true);
});
