import { ApiCallError, ConfigurationError, sha256, type SyncIssue, type SyncProgress, type SyncReport } from '@x/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCriteoAudiencesClient, CRITEO_IDENTIFIER_TYPES } from './index.js';
import { expectInvariants, printable } from './criteo-hardening.test-helper.js';
import { ADVERTISER_ID, CLIENT_ID, CLIENT_SECRET, setupCriteoMock, testClient } from './criteo-test-setup.test-helper.js';

const { mock } = setupCriteoMock();

const HUGE = `${'a'.repeat(200_000)}@example.com`;
const loneSurrogates = fc.string({ unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)), minLength: 1, maxLength: 4 });

/** A member as a plain JavaScript caller might pass it: mostly strings of every kind, sometimes not a string at all. */
const member = fc.oneof(
  { weight: 3, arbitrary: fc.emailAddress() },
  { weight: 2, arbitrary: fc.emailAddress().map((email) => `  ${email.toUpperCase()}\t`) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  { weight: 1, arbitrary: fc.tuple(fc.string({ maxLength: 8 }), loneSurrogates).map(([text, surrogates]) => `${text}${surrogates}@example.com`) },
  { weight: 1, arbitrary: fc.stringMatching(/^[0-9a-fA-F]{64}$/) },
  { weight: 1, arbitrary: fc.stringMatching(/^[0-9a-fA-F]{32}$|^[A-Za-z0-9+/]{43}=$/) },
  { weight: 1, arbitrary: fc.uuid() },
  { weight: 1, arbitrary: fc.string({ minLength: 300, maxLength: 3_000 }) },
  { weight: 1, arbitrary: fc.constantFrom(HUGE, '', '   ', '\u0000', '@', 'a@b', 'x@y@z.com', '00000000-0000-0000-0000-000000000000') },
  { weight: 2, arbitrary: fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true }) },
);

/** Raw forms of a member that must never be printed: the input, its normalized form and what is sent for it. */
function rawForms(value: unknown): string[] {
  if (typeof value !== 'string') return [];
  const trimmed = value.trim();
  const forms = [value, trimmed, trimmed.toLowerCase(), sha256(trimmed.toLowerCase(), 'hex')];
  return forms.filter((form) => distinctive(form)).map((form) => (form.length > 200 ? form.slice(0, 200) : form));
}

/** Long and varied enough that finding it in a message cannot be a coincidence. */
function distinctive(text: string): boolean {
  return text.trim().length >= 8 && new Set(text).size >= 4 && /[\p{L}\p{N}]/u.test(text);
}

function expectAbsent(text: string, raws: string[]) {
  for (const raw of raws) {
    const escaped = JSON.stringify(raw).slice(1, -1);
    expect(text.includes(raw) || text.includes(escaped), 'a raw identifier was printed').toBe(false);
  }
}

describe('bad members: every one counted, none printed', () => {
  describe.each(CRITEO_IDENTIFIER_TYPES)('identifierType %s', (identifierType) => {
    it('resolves with a report that counts every member, issues at real indices, and no raw value anywhere', async () => {
      const segment = mock.addSegment({ advertiserId: ADVERTISER_ID, name: `Fuzz ${identifierType}` });
      const client = testClient();
      await fc.assert(
        fc.asyncProperty(fc.array(member, { maxLength: 40 }), async (members) => {
          // Criteo itself refuses some of what is sent (and samples it back in its answer).
          mock.state.invalidIdentifiers.clear();
          mock.rejectIdentifiers(members.filter((value, index): value is string => typeof value === 'string' && index % 2 === 0), identifierType);
          const issues: SyncIssue[] = [];
          const progress: SyncProgress[] = [];
          const report: SyncReport = await client.addMembers(segment.id, members as string[], {
            identifierType,
            ...(identifierType === 'gum' ? { gumCallerId: 42 } : {}),
            onIssue: (issue) => issues.push(issue),
            onProgress: (event) => progress.push(event),
          });
          expect(report.received).toBe(members.length);
          expectInvariants(report);
          expect(issues.length).toBeGreaterThanOrEqual(report.invalid);
          for (const issue of issues) {
            expect(Number.isInteger(issue.index) && issue.index >= 0 && issue.index < members.length).toBe(true);
            expect(issue.code).toMatch(/^[a-z-]+$/);
          }
          expectAbsent(printable({ report, issues, progress }), members.flatMap(rawForms));
        }),
        { seed: 20_261_123 + identifierType.length, numRuns: 60 },
      );
    });
  });
});

/** A value for each option: usually a valid one, otherwise anything at all. */
const optionValue = (valid: fc.Arbitrary<unknown>) => fc.oneof({ weight: 8, arbitrary: valid }, { weight: 1, arbitrary: fc.anything() }, fc.string({ minLength: 8 }));

describe('malformed options: a ConfigurationError or a working client, never anything else', () => {
  it('refuses a quota below one call per minute (found by fuzzing: it crashed the limiter with a RangeError)', () => {
    expect(() => testClient({ requestsPerMinute: 5e-324 })).toThrow(ConfigurationError);
    expect(() => testClient({ requestsPerMinute: 0.5 })).toThrow(ConfigurationError);
    expect(() => testClient({ requestsPerMinute: 1 })).not.toThrow();
  });

  it('createCriteoAudiencesClient', () => {
    const settings = fc.oneof(
      { weight: 8, arbitrary: fc.record(
        {
          advertiserId: optionValue(fc.constantFrom(ADVERTISER_ID, 12345)),
          clientId: optionValue(fc.constant(CLIENT_ID)),
          clientSecret: optionValue(fc.constant(CLIENT_SECRET)),
          apiVersion: optionValue(fc.constantFrom('2026-07', 'preview')),
          baseUrl: optionValue(fc.constant('https://api.criteo.com')),
          tokenUrl: optionValue(fc.webUrl()),
          fetch: optionValue(fc.constant(globalThis.fetch)),
          retry: optionValue(fc.record({ maxRetries: optionValue(fc.nat(10)), timeoutMs: optionValue(fc.integer({ min: 1, max: 60_000 })) }, { requiredKeys: [] })),
          rateLimiter: optionValue(fc.boolean()),
          requestsPerMinute: optionValue(fc.integer({ min: 1, max: 1_000 })),
        },
        { requiredKeys: [] },
      ) },
      { weight: 1, arbitrary: fc.anything() },
    );
    fc.assert(
      fc.property(settings, (options) => {
        let error: unknown;
        try {
          createCriteoAudiencesClient(options as Parameters<typeof createCriteoAudiencesClient>[0]);
        } catch (caught) {
          error = caught;
        }
        if (error === undefined) return;
        expect(ConfigurationError.isInstance(error), `not a ConfigurationError: ${String(error)}`).toBe(true);
        expect((error as ConfigurationError).issues.length).toBeGreaterThan(0);
        const values = typeof options === 'object' && options !== null ? Object.values(options) : [options];
        expectAbsent(printable(error), [CLIENT_SECRET, ...values.filter((value): value is string => typeof value === 'string' && distinctive(value))]);
      }),
      { seed: 4_242, numRuns: 1_500 },
    );
    expect(mock.calls).toHaveLength(0);
  });

  it('addMembers / removeMembers / replaceMembers options, segment ids and member sources', async () => {
    const segment = mock.addSegment({ advertiserId: ADVERTISER_ID, name: 'Fuzz options' });
    const client = testClient();
    const callOptions = fc.oneof(
      { weight: 6, arbitrary: fc.record(
        {
          identifierType: optionValue(fc.constantFrom(...CRITEO_IDENTIFIER_TYPES)),
          gumCallerId: optionValue(fc.oneof(fc.integer({ min: 1, max: 9_999 }), fc.constant('77'))),
          signal: optionValue(fc.constant(new AbortController().signal)),
          onProgress: optionValue(fc.constant(() => undefined)),
          onIssue: optionValue(fc.constant(() => undefined)),
          maxIssues: optionValue(fc.nat(100)),
          concurrency: optionValue(fc.integer({ min: 1, max: 4 })),
        },
        { requiredKeys: [] },
      ) },
      { weight: 1, arbitrary: fc.anything() },
    );
    const segmentId = fc.oneof({ weight: 4, arbitrary: fc.constant(segment.id) }, { weight: 1, arbitrary: fc.anything() });
    const members = fc.oneof(
      { weight: 4, arbitrary: fc.array(member, { maxLength: 5 }) },
      { weight: 1, arbitrary: fc.anything() },
    );
    const operation = fc.constantFrom('addMembers', 'removeMembers', 'replaceMembers' as const);
    await fc.assert(
      fc.asyncProperty(operation, segmentId, members, callOptions, async (method, id, input, options) => {
        const before = mock.calls.length;
        const run = client[method] as (segmentId: unknown, members: unknown, options: unknown) => Promise<SyncReport>;
        let error: unknown;
        try {
          const report = await run(id, input, options);
          expectInvariants(report);
        } catch (caught) {
          error = caught;
        }
        if (error === undefined) return;
        const values = [id, ...(typeof options === 'object' && options !== null ? Object.values(options) : [options])];
        expectAbsent(printable(error), [...values.filter((value): value is string => typeof value === 'string' && distinctive(value)), ...(Array.isArray(input) ? input.flatMap(rawForms) : [])]);
        if (ApiCallError.isInstance(error) && String(id) !== segment.id) {
          // A well-formed id of a segment that does not exist: Criteo's final 404.
          expect([error.statusCode, error.code]).toEqual([404, 'audience-invalid']);
          return;
        }
        expect(ConfigurationError.isInstance(error), `not a ConfigurationError: ${String(error)}`).toBe(true);
        expect(mock.calls.length).toBe(before); // refused before any request
      }),
      { seed: 99, numRuns: 300 },
    );
  });
});
