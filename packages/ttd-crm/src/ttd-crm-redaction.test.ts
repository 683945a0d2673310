import { ApiCallError, AuthenticationError, normalizeEmail, sha256 } from '@x/core';
import fc from 'fast-check';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTtdCrmMock } from './msw/ttd-crm-mock.js';
import { createTtdCrmClient } from './ttd-crm-client.js';
import { expectNoneIn, printable } from './ttd-hardening.test-helper.js';

// TTD and its storage host may echo what they were sent (emails, hashes, the token) in an error
// body. None of it may reach the error a caller logs: message, redactedBody, inspect, cause chain.

const TOKEN = 'ttd-redaction-token-9XkQ2mWv';
const ADVERTISER = 'redactadv';
const EMAILS = ['jane.doe@example.com', 'o.brien+news@example.co.uk', 'x_y-z@sub.example.org'];
const HASHES = EMAILS.map((email) => sha256(email, 'base64'));
const HEX = EMAILS.map((email) => sha256(email, 'hex'));

const mock = createTtdCrmMock({ authToken: TOKEN, advertiserId: ADVERTISER });
const server = setupServer(...mock.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => mock.reset());
afterAll(() => server.close());

const client = () => createTtdCrmClient({ advertiserId: ADVERTISER, authToken: TOKEN, minimumRecords: 1, retry: { initialDelayMs: 1, maxDelayMs: 2, maxRetries: 2 } });
const echo = [...EMAILS, ...HASHES, ...HEX, TOKEN].join(', ');
const storageError = (message: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>InvalidRequest</Code><Message>${message}</Message></Error>`;

async function failure(run: () => Promise<unknown>): Promise<ApiCallError> {
  const error = await run().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(ApiCallError.isInstance(error), String(error)).toBe(true);
  return error as ApiCallError;
}

function expectClean(error: ApiCallError, raw: string[] = [...EMAILS, ...HASHES, ...HEX, TOKEN]): void {
  expect(error.redactedBody ?? '').toContain('[redacted]');
  expectNoneIn(printable(error), raw);
  const signature = [...mock.state.drops.values()][0]?.signature;
  if (signature !== undefined) expect(printable(error)).not.toContain(signature);
}

describe('CRM: identifiers echoed in error bodies never reach the error', () => {
  it.each([400, 422, 500, 503])('drop creation answering %i with TTD\'s error shape echoing emails, hashes and the token', async (status) => {
    const { crmDataId } = mock.addSegment({ advertiserId: ADVERTISER, name: 'echo' });
    mock.failNext(
      { type: 'status', status, body: { Message: `Rejected lines: ${echo}`, ErrorDetails: [{ Property: 'Lines', Reasons: [`bad ${EMAILS[0]}`, `bad ${HASHES[1]}`] }] } },
      { times: 3, match: { method: 'POST' } },
    );
    const error = await failure(() => client().replaceMembers(crmDataId, EMAILS, { piiType: 'EmailHashedUnifiedId2' }));
    expect(error.statusCode).toBe(status);
    expect(error.message).toContain('Rejected lines');
    expectClean(error);
  });

  it.each([
    [400, 'Email' as const],
    [403, 'EmailHashedUnifiedId2' as const],
    [500, 'Email' as const],
    [503, 'EmailHashedUnifiedId2' as const],
  ])('the storage host answering the upload %i in XML echoing the lines (%s)', async (status, piiType) => {
    const { crmDataId } = mock.addSegment({ advertiserId: ADVERTISER, name: 'echo' });
    mock.failNext({ type: 'status', status, body: storageError(`Line 1 '${EMAILS[0]}' / '${HASHES[0]}': ${echo}`) }, { times: 3, match: { method: 'PUT' } });
    const error = await failure(() => client().addMembers(crmDataId, EMAILS, { piiType }));
    expect(error.statusCode).toBe(status);
    expect(error.report).toMatchObject({ sent: 0 });
    expectClean(error);
  });

  it('a 401 echoing the token, and a drop status 404 echoing the email', async () => {
    const { crmDataId } = mock.addSegment({ advertiserId: ADVERTISER, name: 'echo' });
    mock.failNext({ type: 'status', status: 401, body: { Message: `Token ${TOKEN} is not valid for ${EMAILS[0]}` } });
    const auth = await failure(() => client().findSegment({ name: 'echo' }));
    expect(AuthenticationError.isInstance(auth)).toBe(true);
    expectClean(auth);

    mock.failNext({ type: 'status', status: 404, body: { Message: `No drop for ${EMAILS[1]} (${HEX[1]})` } });
    expectClean(await failure(() => client().getDropStatus(crmDataId, 'drop-1')));
  });

  it('any address the client accepts is redacted when the storage host echoes it back', async () => {
    const { crmDataId } = mock.addSegment({ advertiserId: ADVERTISER, name: 'echo-fuzz' });
    const address = fc.oneof(
      fc.emailAddress(),
      fc.tuple(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 24 }), fc.domain()).map(([local, domain]) => `${local}@${domain}`),
    );
    await fc.assert(
      fc.asyncProperty(address, fc.constantFrom(400, 500), async (raw, status) => {
        let line: string;
        try {
          line = normalizeEmail(raw);
        } catch {
          return; // not an address the client would upload
        }
        mock.failNext({ type: 'status', status, body: storageError(`Line 1 (${line}) is not valid`) }, { times: 3, match: { method: 'PUT' } });
        const error = await failure(() => client().addMembers(crmDataId, [raw], { piiType: 'Email' }));
        // Neither the address nor the part before the @ (when long enough to identify someone).
        const local = line.slice(0, line.lastIndexOf('@'));
        expectNoneIn(printable(error), [line, ...(local.trim().length >= 6 ? [local] : [])]);
        mock.reset();
        mock.addSegment({ advertiserId: ADVERTISER, name: 'echo-fuzz' });
      }),
      { seed: 31_337, numRuns: 150 },
    );
    expect(crmDataId).toBeDefined();
  });
});
