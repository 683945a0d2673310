import { AudienceSdkError, ConfigurationError, type SyncIssue, type SyncProgress, type SyncReport } from '@x/core';
import fc from 'fast-check';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTtdDataMock } from './msw/ttd-data-mock.js';
import { createTtdDataClient } from './ttd-data-client.js';
import type { TtdDataMember } from './ttd-data-member.js';
import { expectInvariants, expectNoneIn, printable } from './ttd-hardening.test-helper.js';

const ADVERTISER = 'fuzz-adv';
const SECRET = 'fuzz-secret-key-Lw83Nd1q';
const TOKEN = 'fuzz-data-token-Rb62Kp0z';

const mock = createTtdDataMock({ advertiserId: ADVERTISER, secretKey: SECRET, authToken: TOKEN });
const server = setupServer(...mock.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => mock.reset());
afterAll(() => server.close());

const ID_KEYS = ['tdid', 'daid', 'uid2', 'uid2Token', 'euid', 'euidToken', 'rampId'] as const;
/** Strings a caller might hold: random, unicode, lone surrogates, GUIDs in any case, huge ones. */
const stringish = fc.oneof(
  fc.string({ minLength: 10, maxLength: 60 }),
  fc.string({ unit: 'grapheme', minLength: 10, maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.uuid().map((uuid) => uuid.toUpperCase()),
  fc.uuid().map((uuid) => ` ${uuid}\n`),
  fc.stringMatching(/^[A-Za-z0-9+/]{43}=$/),
  fc.integer({ min: 1_000, max: 100_000 }).map((length) => 'U'.repeat(length)),
);
const value = fc.oneof({ weight: 5, arbitrary: stringish }, { weight: 2, arbitrary: fc.anything() }, { weight: 1, arbitrary: fc.constant(null) });
/** Anything a plain JavaScript caller might pass where a member object belongs. */
const member = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...ID_KEYS).chain((key) => value.map((id) => ({ [key]: id }))) },
  { weight: 2, arbitrary: fc.dictionary(fc.oneof(fc.constantFrom(...ID_KEYS), fc.string()), value, { maxKeys: 3 }) },
  { weight: 1, arbitrary: fc.oneof(stringish, fc.integer(), fc.constant(null), fc.constant(undefined), fc.array(value, { maxLength: 2 }), fc.bigInt()) },
);

/** The string values inside a fuzzed input long enough to be told apart from ordinary words. */
function rawStrings(input: unknown, into: Set<string> = new Set()): Set<string> {
  if (typeof input === 'string') {
    if (input.trim().length >= 10) into.add(input.trim());
  } else if (Array.isArray(input)) {
    for (const entry of input) rawStrings(entry, into);
  } else if (typeof input === 'object' && input !== null) {
    for (const [key, entry] of Object.entries(input)) {
      rawStrings(key, into);
      rawStrings(entry, into);
    }
  }
  return into;
}

const client = (overrides: Record<string, unknown> = {}) =>
  createTtdDataClient({
    advertiserId: ADVERTISER,
    region: 'us-west',
    secretKey: SECRET,
    maxItemsPerRequest: 7,
    maxBodyBytes: 20_000,
    retry: { initialDelayMs: 1, maxDelayMs: 2 },
    ...overrides,
  } as never);

describe('Data API fuzzing', () => {
  it('any member list: per-row issues, every row counted, no raw value, token or secret anywhere', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(member, { maxLength: 30 }), fc.constantFrom('add', 'remove', 'optOut'), fc.boolean(), async (members, operation, useToken) => {
        const issues: SyncIssue[] = [];
        const progress: SyncProgress[] = [];
        const options = { onIssue: (issue: SyncIssue) => issues.push(issue), onProgress: (event: SyncProgress) => progress.push(event) };
        const ttd = client(useToken ? { secretKey: undefined, authToken: TOKEN } : {});
        const list = members as TtdDataMember[];
        const outcome = await (operation === 'add'
          ? ttd.addMembers('fuzz-cohort', list, options)
          : operation === 'remove'
            ? ttd.removeMembers('fuzz-cohort', list, options)
            : ttd.optOut(list, { ...options, requestType: 'Deletion' })
        ).catch((error: unknown) => error);
        expect(outcome instanceof Error, String(outcome)).toBe(false);
        const report = outcome as SyncReport;
        expect(report.received).toBe(members.length);
        expectInvariants(report);
        expect(issues).toHaveLength(report.invalid + report.rejected);
        expect(issues.every((issue) => Number.isInteger(issue.index) && issue.index >= 0 && issue.index < members.length)).toBe(true);
        expectNoneIn(printable(report, issues, progress), [...rawStrings(members), SECRET, TOKEN]);
      }),
      { seed: 9_090_001, numRuns: 200 },
    );
  });

  it('malformed client options: a ConfigurationError naming fields, never the values', () => {
    const garbage = fc.oneof(fc.anything(), fc.string({ minLength: 12, maxLength: 40 }), fc.constant(undefined));
    fc.assert(
      fc.property(
        fc.record(
          {
            advertiserId: fc.oneof(garbage, fc.constant('adv')),
            region: fc.oneof(garbage, fc.constantFrom('us-east', 'eu', 'mars')),
            secretKey: fc.oneof(garbage, fc.constant(SECRET), fc.constant('')),
            authToken: fc.oneof(garbage, fc.constant(TOKEN)),
            dataProviderId: garbage,
            baseUrl: garbage,
            fetch: garbage,
            retry: fc.oneof(garbage, fc.record({ maxRetries: garbage, timeoutMs: garbage }, { requiredKeys: [] })),
            maxBodyBytes: garbage,
            maxItemsPerRequest: garbage,
          },
          { requiredKeys: [] },
        ),
        (options) => {
          try {
            createTtdDataClient(options as never);
          } catch (error) {
            expect(ConfigurationError.isInstance(error), String(error)).toBe(true);
            expect((error as ConfigurationError).issues.length).toBeGreaterThan(0);
            expectNoneIn(printable(error), [...rawStrings([options.advertiserId, options.secretKey, options.authToken, options.baseUrl]), SECRET, TOKEN]);
          }
        },
      ),
      { seed: 9_090_002, numRuns: 500 },
    );
    for (const options of [undefined, null, 42, 'abc', [], () => undefined]) expect(() => createTtdDataClient(options as never)).toThrow(ConfigurationError);
  });

  it('malformed call arguments: a ConfigurationError or a report, never a TypeError', async () => {
    const garbage = fc.oneof(fc.anything(), fc.constant(undefined));
    const callOptions = fc.record(
      {
        ttlMinutes: fc.oneof(fc.integer({ min: -5, max: 300_000 }), garbage),
        requestType: fc.oneof(fc.constantFrom('OptOut', 'Deletion'), garbage),
        signal: fc.oneof(garbage, fc.constant(new AbortController().signal)),
        onIssue: garbage,
        onProgress: garbage,
        maxIssues: garbage,
        concurrency: garbage,
      },
      { requiredKeys: [] },
    );
    const name = fc.oneof(fc.string({ maxLength: 300 }), garbage);
    const members = fc.oneof(fc.constant([{ tdid: '9b2f6c1e-0d4a-4e8b-8c3d-5f7a9e1b2c4d' }]), garbage);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('add', 'remove', 'optOut'), name, members, fc.oneof(callOptions, garbage), async (method, segment, list, options) => {
        const ttd = client();
        const outcome = await Promise.resolve()
          .then(() =>
            method === 'add'
              ? ttd.addMembers(segment as string, list as never, options as never)
              : method === 'remove'
                ? ttd.removeMembers(segment as string, list as never, options as never)
                : ttd.optOut(list as never, options as never),
          )
          .catch((error: unknown) => error);
        if (outcome instanceof Error) expect(ConfigurationError.isInstance(outcome), `${method}: ${String(outcome)}`).toBe(true);
        expectNoneIn(printable(outcome), [SECRET, TOKEN]);
      }),
      { seed: 9_090_003, numRuns: 400 },
    );
  });
});

it('rejects a signal that is not an AbortSignal as a ConfigurationError, before sending', async () => {
  const outcome = await client()
    .addMembers('cohort', [{ tdid: '9b2f6c1e-0d4a-4e8b-8c3d-5f7a9e1b2c4d' }], { signal: {} as AbortSignal })
    .catch((error: unknown) => error);
  expect(ConfigurationError.isInstance(outcome)).toBe(true);
  expect(mock.calls).toHaveLength(0);
  expect(AudienceSdkError.isInstance(outcome)).toBe(true);
});
