import { ApiCallError, sha256 } from '@x/core';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { CRITEO_IDENTIFIER_TYPES, type CriteoIdentifierType } from './index.js';
import { printable } from './criteo-hardening.test-helper.js';
import { ADVERTISER_ID, CLIENT_ID, CLIENT_SECRET, setupCriteoMock, testClient } from './criteo-test-setup.test-helper.js';

const { mock, server } = setupCriteoMock();

const API = 'https://api.criteo.com/2026-07/marketing-solutions/audience-segments';
const TOKEN_URL = 'https://api.criteo.com/oauth2/token';

/** Members of each identifier type, as the caller gives them, and what goes on the wire for them. */
const MEMBERS: Record<CriteoIdentifierType, { input: string[]; sent: string[] }> = {
  email: {
    input: ['Jane.Doe+vip@Example.com', ' john.smith@example.org '],
    sent: [sha256('jane.doe+vip@example.com'), sha256('john.smith@example.org')],
  },
  madid: {
    input: ['6D92078A-8246-4BA4-AE5B-76104861E7DC', 'b2a1c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d'],
    sent: ['6d92078a-8246-4ba4-ae5b-76104861e7dc', 'b2a1c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d'],
  },
  identityLink: {
    input: ['XY1005wXyWPB1SgpMUKIpzA0I3UaLEz-2lg0wFAr1PWK29Ky-JOGoRyNjMdjAAcXn', 'Xi7rT2kLp9'],
    sent: ['XY1005wXyWPB1SgpMUKIpzA0I3UaLEz-2lg0wFAr1PWK29Ky-JOGoRyNjMdjAAcXn', 'Xi7rT2kLp9'],
  },
  gum: {
    input: ['M2NhY2Q3NjgtOWY0Mi00YjgxLTgzOGQtNzM1ZTg2N2U0MzQy', '4815162342'],
    sent: ['M2NhY2Q3NjgtOWY0Mi00YjgxLTgzOGQtNzM1ZTg2N2U0MzQy', '4815162342'],
  },
};

/** Error bodies in every shape a server (or a proxy in front of it) might use, echoing what it was sent. */
function echoingBodies(echo: string, authorization: string): Array<{ shape: string; body: string; json: boolean }> {
  const criteo = {
    errors: [
      {
        traceIdentifier: 'a1b2c3d4e5f6',
        type: 'validation',
        code: 'invalid-identifiers',
        title: `Rejected identifiers ${echo}`,
        detail: `${authorization} client_secret=${CLIENT_SECRET} sent ${echo}`,
      },
    ],
  };
  return [
    { shape: 'criteo errors', body: JSON.stringify(criteo), json: true },
    { shape: 'message + fields', body: JSON.stringify({ message: `Bad members: ${echo}`, identifiers: echo.split(', '), authorization, secret: CLIENT_SECRET }), json: true },
    { shape: 'oauth style', body: JSON.stringify({ error: 'invalid_request', error_description: `${echo} (${authorization})` }), json: true },
    { shape: 'plain text', body: `Request with ${authorization} failed for ${echo}; secret ${CLIENT_SECRET}`, json: false },
    { shape: 'html', body: `<html><body><h1>Error</h1><pre>${echo}\n${authorization}\n${CLIENT_SECRET}</pre></body></html>`, json: false },
  ];
}

function respond(status: number, body: { body: string; json: boolean }): Response {
  return new HttpResponse(body.body, { status, headers: { 'content-type': body.json ? 'application/json' : 'text/html', 'retry-after': '0' } });
}

/** Every raw value that must not appear: the inputs, what was sent, every token issued, the client secret. */
function expectClean(error: unknown, raws: string[]) {
  expect(ApiCallError.isInstance(error), `expected an ApiCallError, got ${String(error)}`).toBe(true);
  const text = printable(error);
  const secrets = [...raws, ...raws.map((raw) => raw.trim()), ...raws.map((raw) => raw.trim().toLowerCase()), ...mock.state.tokens.keys(), CLIENT_SECRET];
  for (const secret of secrets) expect(text.includes(secret), `leaked ${secret.slice(0, 12)}…`).toBe(false);
}

describe('error bodies that echo identifiers, tokens and secrets are redacted before they reach the error', () => {
  describe.each(CRITEO_IDENTIFIER_TYPES)('%s members', (identifierType) => {
    it.each([400, 403, 404, 409, 422, 429, 500, 502, 503])('HTTP %i in every body shape', async (status) => {
      const { input, sent } = MEMBERS[identifierType];
      const segment = mock.addSegment({ advertiserId: ADVERTISER_ID, name: `Echo ${identifierType} ${status}` });
      for (const shape of echoingBodies('', '').map((body) => body.shape)) {
        server.use(
          http.patch(`${API}/:id/contact-list`, async ({ request }) => {
            const identifiers = ((await request.json()) as { data: { attributes: { identifiers: string[] } } }).data.attributes.identifiers;
            const echo = [...input, ...identifiers].join(', ');
            const body = echoingBodies(echo, request.headers.get('authorization') ?? '').find((candidate) => candidate.shape === shape)!;
            return respond(status, body);
          }),
        );
        const client = testClient({ retry: { maxRetries: 1, initialDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 } });
        const error = await client
          .addMembers(segment.id, input, { identifierType, ...(identifierType === 'gum' ? { gumCallerId: 7 } : {}) })
          .catch((caught: unknown) => caught);
        expectClean(error, [...input, ...sent]);
        const apiError = error as ApiCallError;
        expect(apiError.statusCode).toBe(status);
        // Still useful: the body is kept, with the values cut out, and the report says nothing was accepted.
        expect(apiError.redactedBody).toContain('[redacted]');
        expect(apiError.report).toMatchObject({ received: 0, sent: 0, accepted: 0 });
        server.resetHandlers();
      }
    });
  });

  it('the token endpoint echoing the client credentials', async () => {
    for (const status of [400, 401, 403, 500]) {
      for (const body of echoingBodies(`${CLIENT_ID}:${CLIENT_SECRET}`, `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`)) {
        server.use(http.post(TOKEN_URL, () => respond(status, body)));
        const error = await testClient({ retry: { maxRetries: 1, initialDelayMs: 1, maxDelayMs: 1 } })
          .findSegment({ name: 'Any' })
          .catch((caught: unknown) => caught);
        expectClean(error, [CLIENT_SECRET, Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')]);
        expect((error as ApiCallError).statusCode).toBe(status);
        server.resetHandlers();
      }
    }
  });

  it('segment search, creation and statistics echoing the token and the secret', async () => {
    const segment = mock.addSegment({ advertiserId: ADVERTISER_ID, name: 'Stats' });
    const echoOf = (request: Request) => echoingBodies(`${MEMBERS.email.input[0]}`, request.headers.get('authorization') ?? '');
    const cases: Array<{ handler: ReturnType<typeof http.post>; run: () => Promise<unknown> }> = [
      { handler: http.post(`${API}/search`, ({ request }) => respond(500, echoOf(request)[0]!)), run: () => testClient({ retry: { maxRetries: 0 } }).findSegment({ name: 'x' }) },
      { handler: http.get(`${API}/:id/contact-list/statistics`, ({ request }) => respond(403, echoOf(request)[1]!)), run: () => testClient().getStatistics(segment.id) },
      // A create answered 200 with a non-duplicate problem: its title reaches the error message.
      {
        handler: http.post(`${API}/create`, ({ request }) =>
          HttpResponse.json({ data: [], errors: [{ code: 'invalid-name', title: `Refused for ${request.headers.get('authorization')} ${CLIENT_SECRET} ${MEMBERS.email.input[0]}` }] }),
        ),
        run: () => testClient().ensureSegment({ name: 'New one' }),
      },
      // A 200 whose body the client cannot read: the excerpt kept on the error is redacted too.
      {
        handler: http.patch(`${API}/:id/contact-list`, ({ request }) =>
          HttpResponse.text(`OK ${request.headers.get('authorization')} ${CLIENT_SECRET} ${MEMBERS.email.input[0]} ${MEMBERS.email.sent[0]}`),
        ),
        run: () => testClient().addMembers(segment.id, MEMBERS.email.input),
      },
    ];
    for (const { handler, run } of cases) {
      server.use(handler);
      const error = await run().catch((caught: unknown) => caught);
      expectClean(error, [...MEMBERS.email.input, ...MEMBERS.email.sent]);
      server.resetHandlers();
    }
  });

  it('network failures and timeouts: the cause chain holds no request, header or token', async () => {
    const segment = mock.addSegment({ advertiserId: ADVERTISER_ID, name: 'Down' });
    mock.failNext({ type: 'network-error' }, { times: 2, match: { method: 'PATCH' } });
    const reset = await testClient({ retry: { maxRetries: 1, initialDelayMs: 1, maxDelayMs: 1 } })
      .addMembers(segment.id, MEMBERS.email.input)
      .catch((caught: unknown) => caught);
    expectClean(reset, [...MEMBERS.email.input, ...MEMBERS.email.sent]);
    expect((reset as Error).cause).toBeInstanceOf(Error);

    mock.failNext({ type: 'delay', ms: 200 }, { times: 2, match: { method: 'PATCH' } });
    const slow = await testClient({ retry: { maxRetries: 1, initialDelayMs: 1, maxDelayMs: 1, timeoutMs: 50 } })
      .addMembers(segment.id, MEMBERS.email.input)
      .catch((caught: unknown) => caught);
    expectClean(slow, [...MEMBERS.email.input, ...MEMBERS.email.sent]);
    expect((slow as Error).message).toContain('timed out');
  });
});
