import { sha256, type SyncIssue } from '@x/core';
import { describe, expect, it } from 'vitest';
import {
  ACCESS_TOKEN,
  ACCOUNT,
  CLIENT_SECRET,
  PLATFORM,
  REFRESH_TOKEN,
  everythingShown,
  refreshingClient,
  testClient,
  useLinkedInMock,
} from './linkedin-test-kit.test-helper.js';

const mock = useLinkedInMock();
const EMAIL = 'jane.private@example.com';
const HASH = sha256(EMAIL, 'hex');
const GAID = '6d92078a-8246-4ba4-ae5b-76104861e7dc';

function expectClean(shown: string, extra: string[] = []): void {
  for (const secret of [ACCESS_TOKEN, CLIENT_SECRET, REFRESH_TOKEN, EMAIL, HASH, GAID, ...extra]) expect(shown).not.toContain(secret);
}

describe('no raw identifier, token or secret in errors and reports', () => {
  it('an error body that echoes the token, an email, a hash and a device id is redacted', async () => {
    const echo = { status: 500, message: `token ${ACCESS_TOKEN} failed for ${EMAIL} (${HASH}, ${GAID})` };
    mock.failNext({ type: 'status', status: 500, body: echo }, { times: 2, match: { path: '/users' } });
    const id = mock.addSegment({ name: 'S', sourceSegmentId: 's', sourcePlatform: PLATFORM, adAccountId: ACCOUNT }).id;

    const error = await testClient({ retry: { maxRetries: 1, initialDelayMs: 1 } })
      .addMembers(id, [{ email: EMAIL }])
      .catch((caught: unknown) => caught);

    expect((error as { statusCode?: number }).statusCode).toBe(500);
    expectClean(everythingShown(error));
  });

  it('a network error keeps no request (and so no Authorization header) in its cause chain', async () => {
    mock.failNext({ type: 'network-error' }, { times: 3 });
    const error = await testClient({ retry: { maxRetries: 2, initialDelayMs: 1 } })
      .findSegment({ sourceSegmentId: 'k' })
      .catch((caught: unknown) => caught);
    expect(everythingShown(error)).toMatch(/network error/);
    expectClean(everythingShown(error));
  });

  it('refresh failures show neither the refresh token, the client secret nor an issued token', async () => {
    await refreshingClient().findSegment({ sourceSegmentId: 'k' });
    const issued = [...mock.state.tokens.accessTokens.keys()];
    mock.failNext(
      { type: 'status', status: 400, body: { error: 'invalid_request', error_description: `bad ${REFRESH_TOKEN} / ${CLIENT_SECRET}` } },
      { match: { path: '/oauth' } },
    );
    mock.expireCurrentToken();
    const error = await refreshingClient().findSegment({ sourceSegmentId: 'k' }).catch((caught: unknown) => caught);
    expect((error as { statusCode?: number }).statusCode).toBe(400);
    expectClean(everythingShown(error), issued);
  });

  it('a 401 after a refresh hides the issued tokens', async () => {
    const client = refreshingClient();
    await client.findSegment({ sourceSegmentId: 'k' });
    const issued = [...mock.state.tokens.accessTokens.keys()];
    mock.failNext({ type: 'status', status: 401, body: { status: 401, message: `token ${issued[0] ?? ''} refused` } }, { times: 2 });
    const error = await client.findSegment({ sourceSegmentId: 'k' }).catch((caught: unknown) => caught);
    expect((error as { statusCode?: number }).statusCode).toBe(401);
    expectClean(everythingShown(error), issued);
  });

  it('reports and issues hold positions and codes, never the members', async () => {
    const id = mock.addSegment({ name: 'S', sourceSegmentId: 's', sourcePlatform: PLATFORM, adAccountId: ACCOUNT }).id;
    mock.rejectMembers([EMAIL], { message: `Cannot match ${EMAIL} / ${HASH}` });
    const seen: SyncIssue[] = [];
    const report = await testClient().addMembers(
      id,
      [{ email: EMAIL }, { email: 'jane private@example.com' }, { sha256Email: 'jane@x' }, { googleAdvertisingId: `${GAID}x` }, { email: 'ok@example.com', country: 'Jane' }],
      { onIssue: (issue) => seen.push(issue) },
    );
    expect(report).toMatchObject({ received: 5, invalid: 4, sent: 1, rejected: 1 });
    expect(seen).toHaveLength(5);
    expectClean(JSON.stringify(report), ['jane private', 'jane@x', 'Jane']);
  });
});
