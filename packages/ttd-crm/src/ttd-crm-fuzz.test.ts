import { AudienceSdkError, ConfigurationError, type SyncIssue, type SyncProgress } from '@x/core';
import fc from 'fast-check';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTtdCrmMock } from './msw/ttd-crm-mock.js';
import { createTtdCrmClient } from './ttd-crm-client.js';
import type { TtdCrmSyncReport } from './ttd-crm-drop.js';
import { TtdCrmMinimumRecordsError } from './ttd-crm-errors.js';
import { expectInvariants, expectNoneIn, printable } from './ttd-hardening.test-helper.js';

const TOKEN = 'ttd-fuzz-token-Qm41xZ08rT';
const ADVERTISER = 'fuzzadv';

const mock = createTtdCrmMock({ authToken: TOKEN });
const server = setupServer(...mock.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => mock.reset());
afterAll(() => server.close());

/** Strings a caller might hold: random, unicode, lone surrogates, emails in any case, hashes, huge ones. */
const stringish = fc.oneof(
  fc.string({ minLength: 10, maxLength: 60 }),
  fc.string({ unit: 'grapheme', minLength: 10, maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.emailAddress(),
  fc.emailAddress().map((email) => `  ${email.toUpperCase()}\t`),
  fc.tuple(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }), fc.domain()).map(([local, domain]) => `${local}@${domain}`),
  fc.stringMatching(/^[0-9a-f]{64}$/),
  fc.stringMatching(/^[A-Za-z0-9+/]{43}=$/),
  fc.integer({ min: 1_000, max: 200_000 }).map((length) => `${'h'.repeat(length)}@example.com`),
);
/** Anything a plain JavaScript caller might pass where an email string belongs. */
const member = fc.oneof(
  { weight: 6, arbitrary: stringish },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.constant(null), fc.constant(undefined), fc.boolean(), fc.bigInt()) },
  { weight: 1, arbitrary: fc.object() },
  { weight: 1, arbitrary: fc.array(stringish, { maxLength: 3 }) },
);

/** The string values inside a fuzzed input long enough to be told apart from ordinary words. */
function rawStrings(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string') {
    if (value.trim().length >= 10) into.add(value.trim());
  } else if (Array.isArray(value)) {
    for (const entry of value) rawStrings(entry, into);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, entry] of Object.entries(value)) {
      rawStrings(key, into);
      rawStrings(entry, into);
    }
  }
  return into;
}

const client = (overrides: Record<string, unknown> = {}) =>
  createTtdCrmClient({ advertiserId: ADVERTISER, authToken: TOKEN, minimumRecords: 1, retry: { initialDelayMs: 1, maxDelayMs: 2 }, ...overrides });

describe('CRM fuzzing', () => {
  it('any member list: per-row issues or a typed error, every row counted, no raw value or token anywhere', async () => {
    const { crmDataId } = mock.addSegment({ advertiserId: ADVERTISER, name: 'fuzz' });
    await fc.assert(
      fc.asyncProperty(fc.array(member, { maxLength: 30 }), fc.constantFrom('Email' as const, 'EmailHashedUnifiedId2' as const), fc.boolean(), async (members, piiType, replace) => {
        const issues: SyncIssue[] = [];
        const progress: SyncProgress[] = [];
        const options = { piiType, onIssue: (issue: SyncIssue) => issues.push(issue), onProgress: (event: SyncProgress) => progress.push(event) };
        const ttd = client();
        const outcome: TtdCrmSyncReport | Error = await (
          replace ? ttd.replaceMembers(crmDataId, members as string[], options) : ttd.addMembers(crmDataId, members as string[], options)
        ).catch((error: unknown) => error as Error);
        if (outcome instanceof Error) {
          expect(TtdCrmMinimumRecordsError.isInstance(outcome), String(outcome)).toBe(true);
          expect((outcome as TtdCrmMinimumRecordsError).received).toBe(members.length);
        } else {
          expect(outcome.received).toBe(members.length);
          expectInvariants(outcome);
          expect(issues).toHaveLength(outcome.invalid);
          expect(mock.state.drops.get(outcome.referenceId)?.lineCount).toBe(outcome.sent);
        }
        expect(issues.every((issue) => Number.isInteger(issue.index) && issue.index >= 0 && issue.index < members.length)).toBe(true);
        const text = printable(outcome, issues, progress);
        expectNoneIn(text, [...rawStrings(members), TOKEN]);
      }),
      { seed: 8_080_001, numRuns: 150 },
    );
  });

  it('malformed client options: a ConfigurationError naming fields, never the values', () => {
    const garbage = fc.oneof(fc.anything(), fc.string({ minLength: 12, maxLength: 40 }), fc.constant(undefined));
    fc.assert(
      fc.property(
        fc.record(
          {
            advertiserId: garbage,
            authToken: fc.oneof(garbage, fc.constant('   '), fc.string({ minLength: 12, maxLength: 40 })),
            baseUrl: garbage,
            fetch: garbage,
            retry: fc.oneof(garbage, fc.record({ maxRetries: garbage, timeoutMs: garbage }, { requiredKeys: [] })),
            minimumRecords: garbage,
            spool: garbage,
            uploadTimeoutMs: garbage,
            extra: garbage,
          },
          { requiredKeys: [] },
        ),
        (options) => {
          try {
            createTtdCrmClient(options as never);
          } catch (error) {
            expect(ConfigurationError.isInstance(error), String(error)).toBe(true);
            expect((error as ConfigurationError).issues.length).toBeGreaterThan(0);
            expectNoneIn(printable(error), rawStrings([options.advertiserId, options.authToken, options.baseUrl]));
          }
        },
      ),
      { seed: 8_080_002, numRuns: 500 },
    );
    for (const options of [undefined, null, 42, 'abc', [], () => undefined]) expect(() => createTtdCrmClient(options as never)).toThrow(ConfigurationError);
  });

  it('malformed call arguments: a typed error or a result, never a TypeError', async () => {
    const { crmDataId } = mock.addSegment({ advertiserId: ADVERTISER, name: 'fuzz-calls' });
    const garbage = fc.oneof(fc.anything(), fc.constant(undefined));
    const callOptions = fc.record(
      {
        piiType: fc.oneof(fc.constantFrom('Email', 'EmailHashedUnifiedId2'), garbage),
        ttlInMinutes: garbage,
        signal: fc.oneof(garbage, fc.constant(new AbortController().signal)),
        onIssue: garbage,
        onProgress: garbage,
        maxIssues: garbage,
        name: fc.oneof(fc.constant('fuzz-calls'), garbage),
        region: fc.oneof(fc.constantFrom('US', 'EU', 'APAC'), garbage),
      },
      { requiredKeys: [] },
    );
    const argument = fc.oneof(fc.anything(), fc.constant(crmDataId), callOptions);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('replace', 'add', 'find', 'ensure', 'status'), argument, argument, argument, async (method, a, b, c) => {
        const ttd = client();
        const call = (): Promise<unknown> => {
          switch (method) {
            case 'replace':
              return ttd.replaceMembers(a as string, b as string[], c as never);
            case 'add':
              return ttd.addMembers(a as string, ['a@example.com'], b as never);
            case 'find':
              return ttd.findSegment(a as never);
            case 'ensure':
              return ttd.ensureSegment(a as never);
            default:
              return ttd.getDropStatus(a as string, b as string, c as never);
          }
        };
        const outcome = await Promise.resolve()
          .then(call)
          .catch((error: unknown) => error);
        if (outcome instanceof Error) expect(AudienceSdkError.isInstance(outcome), `${method}: ${String(outcome)}`).toBe(true);
        expectNoneIn(printable(outcome), [TOKEN]);
      }),
      { seed: 8_080_003, numRuns: 400 },
    );
  });
});

it('bad callbacks, a bad signal or no input at all are a ConfigurationError (a rejected promise) before any request', async () => {
  const { crmDataId } = mock.addSegment({ advertiserId: ADVERTISER, name: 'typed' });
  const ttd = client();
  const calls: Array<() => Promise<unknown>> = [
    () => ttd.replaceMembers(crmDataId, ['a@example.com'], { piiType: 'Email', onProgress: [] as never }),
    () => ttd.addMembers(crmDataId, ['a@example.com'], { piiType: 'Email', onIssue: 'log' as never }),
    () => ttd.addMembers(crmDataId, ['a@example.com'], { piiType: 'Email', signal: {} as AbortSignal }),
    () => ttd.findSegment(null as never),
    () => ttd.ensureSegment(undefined as never),
    () => ttd.findSegment({ name: 'typed', signal: 'stop' as never }),
    () => ttd.getDropStatus(crmDataId, 'drop1', { signal: 1 as never }),
  ];
  for (const call of calls) {
    const pending = call();
    expect(pending).toBeInstanceOf(Promise);
    await expect(pending).rejects.toSatisfy((error: unknown) => ConfigurationError.isInstance(error));
  }
  expect(mock.calls).toHaveLength(0);
});
