// Bad input from plain JavaScript callers (fast-check, fixed seeds): members, factory options and
// per-call arguments of any shape end as per-row issues or a typed error, never a crash, and no
// identifier, token or secret they carried shows up in an error, an issue or a progress event.
import { ApiCallError, AudienceSdkError, ConfigurationError, sha256, type SyncIssue, type SyncProgress, type SyncReport } from '@x/core';
import fc from 'fast-check';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createLinkedInDmpClient } from './linkedin-dmp-client.js';
import type { LinkedInDmpClient, LinkedInDmpMember } from './linkedin-dmp-types.js';
import { ACCOUNT, PLATFORM, testClient, useLinkedInMock } from './linkedin-test-kit.test-helper.js';

const mock = useLinkedInMock();
const SEEDS = [20_260_401, 42];

// What a JavaScript caller may pass where a string belongs.
const stringish = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.emailAddress(),
  fc.emailAddress().map((email) => `  ${email.toUpperCase()}\t`),
  fc.string({ minLength: 2_000, maxLength: 20_000 }),
  fc.stringMatching(/^[0-9a-fA-F]{64}$/),
  fc.stringMatching(/^[0-9a-f]{128}$/),
  fc.uuid(),
  fc.constantFrom('\uD800', 'seg\uDC00ment', '%E0%A4%A', 'urn:li:dmpSegment:', '../../dmpSegments'),
  fc.integer(),
  fc.double(),
  fc.constantFrom(null, undefined, true, Number.NaN, Number.POSITIVE_INFINITY),
  fc.object({ maxDepth: 1 }),
  fc.array(fc.anything({ maxDepth: 1 }), { maxLength: 3 }),
);
const memberish = fc.oneof(
  fc.record(
    {
      email: stringish,
      sha256Email: stringish,
      googleAdvertisingId: stringish,
      firstName: stringish,
      lastName: stringish,
      title: stringish,
      company: stringish,
      country: fc.oneof(stringish, fc.constantFrom('us', 'DE', ' fr ', 'XX', 'USA')),
    },
    { requiredKeys: [] },
  ),
  fc.record({ email: fc.emailAddress() }),
  fc.anything({ maxDepth: 2 }),
);

/** Every string the input holds (at any depth), with its likely hashed forms. */
function rawValues(value: unknown, found: Set<string> = new Set(), depth = 0): Set<string> {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    // Short values could match any word of a fixed message by chance.
    if (trimmed.length >= 8) {
      found.add(trimmed.length > 200 ? trimmed.slice(0, 200) : trimmed);
      found.add(sha256(trimmed.toLowerCase(), 'hex'));
    }
  } else if (typeof value === 'object' && value !== null && depth < 4) {
    for (const key of Object.keys(value)) rawValues((value as Record<string, unknown>)[key], found, depth + 1);
  }
  return found;
}

/** Everything a caller could see or log: message, properties, the cause chain, inspected deeply. */
function shown(...things: unknown[]): string {
  const parts: string[] = [];
  for (const thing of things) {
    parts.push(inspect(thing, { depth: 10, showHidden: true, maxStringLength: Number.POSITIVE_INFINITY }));
    try {
      parts.push(JSON.stringify(thing) ?? '');
    } catch {
      // Circular or BigInt: inspect covers it.
    }
    for (let cause = (thing as { cause?: unknown } | null)?.cause, n = 0; cause !== undefined && n < 5; n++) {
      parts.push(String(cause), inspect(cause, { depth: 10 }));
      cause = (cause as { cause?: unknown } | null)?.cause;
    }
  }
  return parts.join('\n');
}

function expectNoneShown(text: string, raw: Iterable<string>): void {
  for (const value of raw) {
    if (text.includes(value)) expect.fail(`a raw value leaked: ${JSON.stringify(value.slice(0, 40))}…`);
  }
}

async function outcome<T>(run: () => Promise<T>): Promise<{ value?: T; error?: unknown }> {
  try {
    return { value: await run() };
  } catch (error) {
    return { error };
  }
}

describe.each(SEEDS)('fuzzing with seed %i', (seed) => {
  it('members of any shape: each one counted, bad ones become issues, nothing echoed', async () => {
    const segment = mock.addSegment({ name: 'S', sourceSegmentId: 'fuzz', sourcePlatform: PLATFORM, adAccountId: ACCOUNT });
    const client = testClient();
    await fc.assert(
      fc.asyncProperty(fc.array(memberish, { maxLength: 30 }), async (members) => {
        const issues: SyncIssue[] = [];
        const progress: SyncProgress[] = [];
        const result = await outcome(() =>
          client.addMembers(segment.id, members as LinkedInDmpMember[], { onIssue: (issue) => issues.push(issue), onProgress: (event) => progress.push(event) }),
        );
        expect(result.error).toBeUndefined();
        const report = result.value as SyncReport;
        expect(report.received).toBe(members.length);
        expect(report.received).toBe(report.invalid + report.duplicates + report.sent);
        expect(report.sent).toBe(report.accepted + report.rejected);
        expect(issues).toHaveLength(report.invalid + report.rejected);
        for (const issue of issues) expect(issue.code).toMatch(/^[a-z0-9-]+$/);
        expectNoneShown(shown(report, issues, progress), rawValues(members));
      }),
      { seed, numRuns: 120 },
    );
  });

  it('factory options of any shape: a client or a ConfigurationError that echoes no value', () => {
    const secrets = { accessToken: 'canary-access-token-0001', clientSecret: 'canary-client-secret-0002', refreshToken: 'canary-refresh-token-0003' };
    const junk = fc.oneof(stringish, fc.anything({ maxDepth: 2 }));
    const options = fc.oneof(
      fc.record(
        {
          adAccountId: fc.oneof(fc.constantFrom('512345678', 512345678, 'urn:li:sponsoredAccount:5', '', -1, 1.5, 1e21), junk),
          sourcePlatform: fc.oneof(fc.constantFrom('PARTNER', ' ', 'WITH SPACE'), junk),
          accessToken: fc.oneof(fc.constantFrom(secrets.accessToken, ''), junk),
          refresh: fc.oneof(
            fc.record(
              {
                clientId: fc.oneof(fc.constant('client'), junk),
                clientSecret: fc.oneof(fc.constant(secrets.clientSecret), junk),
                refreshToken: fc.oneof(fc.constant(secrets.refreshToken), junk),
              },
              { requiredKeys: [] },
            ),
            junk,
          ),
          apiVersion: fc.oneof(fc.constantFrom('202604', '2026-04', '202604.01', 202604), junk),
          baseUrl: fc.oneof(fc.constantFrom('https://example.test/rest', 'ftp://x', 'not a url'), fc.webUrl(), junk),
          oauthUrl: fc.oneof(fc.webUrl(), junk),
          fetch: fc.oneof(fc.constant(globalThis.fetch), junk),
          retry: fc.oneof(
            fc.record(
              {
                maxRetries: fc.oneof(fc.integer({ min: -5, max: 50 }), fc.double(), junk),
                initialDelayMs: fc.oneof(fc.double(), junk),
                maxDelayMs: fc.oneof(fc.double(), junk),
                maxRetryAfterMs: fc.oneof(fc.double(), junk),
                timeoutMs: fc.oneof(fc.double(), junk),
                random: fc.oneof(fc.constant(Math.random), junk),
              },
              { requiredKeys: [] },
            ),
            junk,
          ),
          requestsPerMinute: fc.oneof(fc.double(), fc.integer(), junk),
          rateLimiter: junk,
          segmentReadyTimeoutMs: fc.oneof(fc.double(), junk),
        },
        { requiredKeys: [] },
      ),
      fc.anything({ maxDepth: 2 }),
    );
    fc.assert(
      fc.property(options, (given) => {
        let client: LinkedInDmpClient | undefined;
        let error: unknown;
        try {
          client = createLinkedInDmpClient(given as Parameters<typeof createLinkedInDmpClient>[0]);
        } catch (caught) {
          error = caught;
        }
        if (error === undefined) {
          expect(typeof client?.addMembers).toBe('function');
          return;
        }
        expect(ConfigurationError.isInstance(error), inspect(error)).toBe(true);
        expect((error as ConfigurationError).issues.length).toBeGreaterThan(0);
        expectNoneShown(shown(error), [...Object.values(secrets), ...rawValues(given)]);
      }),
      { seed, numRuns: 400 },
    );
  });

  it('per-call arguments of any shape: a report or a typed error, never a crash or an echoed value', async () => {
    const segment = mock.addSegment({ name: 'S', sourceSegmentId: 'calls', sourcePlatform: PLATFORM, adAccountId: ACCOUNT });
    // A segment id that does not exist fails at once instead of being waited for.
    const client = testClient({ segmentReadyTimeoutMs: 0, retry: { maxRetries: 1, initialDelayMs: 1, maxDelayMs: 2 } });
    const junk = fc.oneof(stringish, fc.anything({ maxDepth: 2 }));
    const syncOptions = fc.oneof(
      fc.record(
        {
          signal: fc.oneof(fc.constant(new AbortController().signal), junk),
          onProgress: fc.oneof(fc.constant(() => undefined), junk),
          onIssue: fc.oneof(fc.constant(() => undefined), junk),
          maxIssues: fc.oneof(fc.integer({ min: -3, max: 5 }), fc.double(), junk),
          concurrency: fc.oneof(fc.integer({ min: -3, max: 8 }), fc.double(), junk),
        },
        { requiredKeys: [] },
      ),
      junk,
    );
    const call = fc.oneof(
      fc.record({ kind: fc.constant('add' as const), segmentId: fc.oneof(fc.constant(segment.id), fc.constant(`urn:li:dmpSegment:${segment.id}`), junk), members: fc.oneof(fc.array(memberish, { maxLength: 5 }), junk), options: syncOptions }),
      fc.record({ kind: fc.constant('remove' as const), segmentId: fc.oneof(fc.constant(segment.id), junk), members: fc.oneof(fc.array(memberish, { maxLength: 5 }), junk), options: syncOptions }),
      fc.record({ kind: fc.constant('find' as const), input: fc.oneof(fc.record({ sourceSegmentId: junk, signal: junk }, { requiredKeys: [] }), junk) }),
      fc.record({ kind: fc.constant('ensure' as const), input: fc.oneof(fc.record({ sourceSegmentId: junk, name: junk, signal: junk }, { requiredKeys: [] }), junk) }),
    );
    await fc.assert(
      fc.asyncProperty(call, async (given) => {
        const loose = client as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
        const result = await outcome(() => {
          if (given.kind === 'find') return loose.findSegment!(given.input);
          if (given.kind === 'ensure') return loose.ensureSegment!(given.input);
          return loose[given.kind === 'add' ? 'addMembers' : 'removeMembers']!(given.segmentId, given.members, given.options);
        });
        if (result.error !== undefined) {
          expect(AudienceSdkError.isInstance(result.error), inspect(result.error)).toBe(true);
          const typed = ConfigurationError.isInstance(result.error) || ApiCallError.isInstance(result.error);
          expect(typed, inspect(result.error)).toBe(true);
        }
        // Segment ids and names are not personal data; what the members and options carried must not show.
        const carried = given.kind === 'add' || given.kind === 'remove' ? rawValues([given.members, given.options]) : new Set<string>();
        expectNoneShown(shown(result.error, result.value), carried);
      }),
      { seed, numRuns: 300 },
    );
  });
});

describe('what the fuzzing found', () => {
  it('per-call options of the wrong type are a ConfigurationError before anything is sent', async () => {
    const segment = mock.addSegment({ name: 'S', sourceSegmentId: 'k', sourcePlatform: PLATFORM, adAccountId: ACCOUNT });
    const client = testClient();
    for (const options of [{ onIssue: 0 }, { onProgress: 'log' }, { concurrency: Number.NaN }, { concurrency: '4' }, { maxIssues: -1 }, { signal: 'stop' }, 'fast']) {
      const error = await client.addMembers(segment.id, [{ email: 'a@example.com' }, { email: 'bad' }], options as never).catch((caught: unknown) => caught);
      expect(ConfigurationError.isInstance(error), inspect(options)).toBe(true);
      expect((error as ConfigurationError).issues[0]?.path).toMatch(/^(onIssue|onProgress|concurrency|maxIssues|signal|sync options)$/);
    }
    expect(mock.calls).toHaveLength(0);
    expect(await client.addMembers(segment.id, [{ email: 'a@example.com' }], { maxIssues: Number.POSITIVE_INFINITY, concurrency: 3 })).toMatchObject({ accepted: 1 });
  });

  it('a segment id or key that cannot be put in a URL, or a signal that is not one, is a ConfigurationError', async () => {
    const client = testClient();
    await expect(client.addMembers('12\uD800', [{ email: 'a@example.com' }])).rejects.toMatchObject({ name: 'ConfigurationError' });
    await expect(client.findSegment({ sourceSegmentId: 'key\uDC00' })).rejects.toMatchObject({ name: 'ConfigurationError' });
    await expect(client.ensureSegment({ sourceSegmentId: 'k', name: 'N', signal: 'stop' as never })).rejects.toMatchObject({ name: 'ConfigurationError' });
    expect(mock.calls).toHaveLength(0);
  });
});
