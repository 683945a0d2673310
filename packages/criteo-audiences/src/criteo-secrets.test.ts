import { inspect } from 'node:util';
import { sha256 } from '@x/core';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { ADVERTISER_ID, CLIENT_SECRET, setupCriteoMock, testClient } from './criteo-test-setup.test-helper.js';

const { mock, server } = setupCriteoMock();

const EMAIL = 'Secret.Person@example.com';
const HASH = sha256('secret.person@example.com');
const PATCH_URL = 'https://api.criteo.com/2026-07/marketing-solutions/audience-segments/:id/contact-list';

/** Everything `console.error(error)` or a log serializer could print, cause chain included. */
function printable(value: unknown): string {
  const parts = [inspect(value, { depth: 10 }), JSON.stringify(value) ?? ''];
  let current: unknown = value;
  while (current instanceof Error) {
    parts.push(current.message, current.stack ?? '');
    current = current.cause;
  }
  return parts.join('\n');
}

function issuedTokens(): string[] {
  return [...mock.state.tokens.keys()];
}

function expectClean(text: string) {
  expect(text).not.toContain(CLIENT_SECRET);
  expect(text).not.toContain(EMAIL);
  expect(text.toLowerCase()).not.toContain(EMAIL.toLowerCase());
  expect(text).not.toContain(HASH);
  for (const token of issuedTokens()) expect(text).not.toContain(token);
}

describe('no identifier, token or secret in errors and reports', () => {
  it('redacts an API error body that echoes the request, its token and identifiers', async () => {
    const segment = mock.addSegment({ advertiserId: ADVERTISER_ID, name: 'Echo' });
    server.use(
      http.patch(PATCH_URL, async ({ request }) =>
        HttpResponse.json(
          {
            errors: [
              {
                type: 'validation',
                code: 'invalid-identifiers',
                title: `Rejected ${request.headers.get('authorization')}`,
                detail: `${await request.text()} for ${EMAIL}`,
              },
            ],
          },
          { status: 400 },
        ),
      ),
    );
    const error = await testClient().addMembers(segment.id, [EMAIL]).catch((caught: unknown) => caught);
    expect(issuedTokens()).toHaveLength(1);
    expect((error as { statusCode: number }).statusCode).toBe(400);
    expectClean(printable(error));
  });

  it('redacts a token endpoint answer that echoes the client secret', async () => {
    server.use(
      http.post('https://api.criteo.com/oauth2/token', () =>
        HttpResponse.json({ error: 'invalid_client', error_description: `secret ${CLIENT_SECRET} is not valid` }, { status: 401 }),
      ),
    );
    const error = await testClient().findSegment({ name: 'x' }).catch((caught: unknown) => caught);
    expect((error as Error).name).toBe('AuthenticationError');
    expectClean(printable(error));
  });

  it('keeps tokens out of a network error and of a refused token', async () => {
    const segment = mock.addSegment({ advertiserId: ADVERTISER_ID, name: 'Down' });
    mock.failNext({ type: 'network-error' }, { times: 3, match: { method: 'PATCH' } });
    const client = testClient({ retry: { maxRetries: 2, initialDelayMs: 1, maxDelayMs: 1 } });
    const networkError = await client.addMembers(segment.id, [EMAIL]).catch((caught: unknown) => caught);
    expect((networkError as Error).name).toBe('ApiCallError');
    expectClean(printable(networkError));

    mock.failNext({ type: 'token-expired' }, { times: 2 });
    const authError = await client.addMembers(segment.id, [EMAIL]).catch((caught: unknown) => caught);
    expect((authError as Error).name).toBe('AuthenticationError');
    expect(issuedTokens().length).toBeGreaterThan(1);
    expectClean(printable(authError));
  });

  it('keeps identifiers out of reports and issues', async () => {
    const segment = mock.addSegment({ advertiserId: ADVERTISER_ID, name: 'Report' });
    mock.rejectIdentifiers([EMAIL]);
    const seen: unknown[] = [];
    const report = await testClient().addMembers(segment.id, [EMAIL, 'broken secret@example.com', 'other@example.com'], {
      onIssue: (issue) => seen.push(issue),
    });
    expect(report).toMatchObject({ invalid: 1, rejected: 1, accepted: 1 });
    expect(seen).toHaveLength(2);
    const text = printable(report) + printable(seen);
    expectClean(text);
    expect(text).not.toContain('broken secret');
    expect(text).not.toContain('other@example.com');
  });
});
