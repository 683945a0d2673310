import { describe, expect, it, vi } from 'vitest';
import { AbortError } from './errors/abort-error.js';
import { ApiCallError } from './errors/api-call-error.js';
import { ConfigurationError } from './errors/configuration-error.js';
import { sha256 } from './hash.js';
import { normalizeEmail } from './normalize-email.js';
import { runSync, type BatchOutcome } from './run-sync.js';
import type { PreparedMember } from './prepare-members.js';
import type { SyncOptions, SyncProgress, SyncReport } from './sync-report.js';

const prepareEmail = (member: unknown) => {
  const hash = sha256(normalizeEmail(member));
  return { value: hash, key: hash };
};

function expectInvariants(report: SyncReport) {
  expect(report.received).toBe(report.invalid + report.duplicates + report.sent);
  expect(report.sent).toBe(report.accepted + report.rejected);
}

function sink(outcome: (batch: Array<PreparedMember<string>>) => BatchOutcome = () => ({})) {
  const received: string[][] = [];
  return {
    received,
    send: async (batch: Array<PreparedMember<string>>) => {
      await Promise.resolve();
      received.push(batch.map((member) => member.value));
      return outcome(batch);
    },
  };
}

type Send = (batch: Array<PreparedMember<string>>, context: { signal: AbortSignal | undefined }) => Promise<BatchOutcome>;

const sync = (members: Iterable<unknown> | AsyncIterable<unknown>, send: Send, options: SyncOptions = {}, maxItems = 2) =>
  runSync({ platform: 'core', operation: 'add', segmentId: 'seg-1', members, prepare: prepareEmail, batch: { maxItems }, send, options });

describe('runSync', () => {
  it('counts invalid and duplicate rows, sends the rest once, and keeps the invariants', async () => {
    const members = ['a@x.com', 'bad', 'A@X.com ', 'b@x.com', null, 'c@x.com', 'b@x.com', 42, { email: 'no' }];
    const target = sink();
    const report = await sync(members, target.send);
    expect(report).toMatchObject({ operation: 'add', segmentId: 'seg-1', received: 9, invalid: 4, duplicates: 2, sent: 3, accepted: 3, rejected: 0, batches: 2 });
    expectInvariants(report);
    expect(target.received.flat()).toEqual([sha256('a@x.com'), sha256('b@x.com'), sha256('c@x.com')]);
    expect(report.issues.map((issue) => [issue.index, issue.code])).toEqual([
      [1, 'missing-at'],
      [4, 'not-a-string'],
      [7, 'not-a-string'],
      [8, 'not-a-string'],
    ]);
  });

  it('maps rejections by batch position back to input indices', async () => {
    const target = sink((batch) => ({ rejected: batch.length > 1 ? [{ position: 1, code: 'UserNotMapped', message: 'Not mapped.' }] : [] }));
    const report = await sync(['a@x.com', 'b@x.com', 'dup@x.com', 'dup@x.com', 'c@x.com'], target.send);
    expect(report).toMatchObject({ sent: 4, accepted: 2, rejected: 2 });
    expect(report.issues).toEqual([
      { index: 1, code: 'UserNotMapped', message: 'Not mapped.' },
      { index: 4, code: 'UserNotMapped', message: 'Not mapped.' },
    ]);
    expectInvariants(report);
  });

  it('counts rejections the platform does not name', async () => {
    const report = await sync(['a@x.com', 'b@x.com', 'c@x.com'], sink(() => ({ unattributedRejected: 1, retries: 2 })).send);
    expect(report).toMatchObject({ sent: 3, rejected: 2, accepted: 1, retries: 4 });
    expectInvariants(report);
  });

  it('streams an async source and reports progress after each batch', async () => {
    async function* generate() {
      for (let i = 0; i < 10; i++) yield `user${i}@example.com`;
    }
    const progress: SyncProgress[] = [];
    const report = await sync(generate(), sink().send, { onProgress: (p) => progress.push(p) }, 4);
    expect(report.batches).toBe(3);
    expect(progress.map((p) => p.sent)).toEqual([4, 8, 10]);
    expect(progress.at(-1)).toMatchObject({ received: 10, accepted: 10 });
  });

  it('keeps at most maxIssues issues but shows every one to onIssue', async () => {
    const seen: number[] = [];
    const report = await sync(['x', 'y', 'z', 'ok@x.com'], sink().send, { maxIssues: 2, onIssue: (issue) => seen.push(issue.index) });
    expect(report.invalid).toBe(3);
    expect(report.issues).toHaveLength(2);
    expect(seen).toEqual([0, 1, 2]);
  });

  it('never puts raw identifiers into issues', async () => {
    const report = await sync(['secret person@example.com', 'hidden@@example.com'], sink().send);
    expect(JSON.stringify(report)).not.toMatch(/secret|hidden/);
  });

  it('honours concurrency', async () => {
    let inFlight = 0;
    let peak = 0;
    const send = async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
      return {};
    };
    const members = Array.from({ length: 40 }, (_, i) => `u${i}@x.com`);
    const report = await runSync({ platform: 'core', operation: 'add', segmentId: 's', members, prepare: prepareEmail, batch: { maxItems: 2 }, send, options: { concurrency: 3 } });
    expect(peak).toBe(3);
    expect(report.sent).toBe(40);
  });

  it('stops at a failed batch and attaches the report so far to its error', async () => {
    let calls = 0;
    const send = async (): Promise<BatchOutcome> => {
      calls++;
      if (calls === 2) throw new ApiCallError('boom', { platform: 'core', statusCode: 400, isRetryable: false, retries: 1 });
      return {};
    };
    const members = Array.from({ length: 10 }, (_, i) => `u${i}@x.com`);
    const error = (await sync(members, send).catch((e: unknown) => e)) as ApiCallError;
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(calls).toBe(2);
    expect(error.report).toMatchObject({ sent: 2, accepted: 2, retries: 1 });
    expectInvariants(error.report as SyncReport);
  });

  it('on abort sends nothing more and reports only what was answered', async () => {
    const controller = new AbortController();
    const target = sink();
    const send = async (batch: Array<PreparedMember<string>>, context: { signal: AbortSignal | undefined }) => {
      const outcome = await target.send(batch);
      if (target.received.length === 2) controller.abort();
      if (context.signal?.aborted) throw context.signal.reason;
      return outcome;
    };
    const members = Array.from({ length: 20 }, (_, i) => `u${i}@x.com`);
    const error = (await sync(members, send, { signal: controller.signal }).catch((e: unknown) => e)) as AbortError;
    expect(AbortError.isInstance(error)).toBe(true);
    expect(error.name).toBe('AbortError');
    expect(target.received).toHaveLength(2);
    expect(error.report?.sent).toBe(2);
    expectInvariants(error.report as SyncReport);
  });

  it('rejects an aborted signal before sending anything', async () => {
    const target = sink();
    const error = await sync(['a@x.com'], target.send, { signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(AbortError.isInstance(error)).toBe(true);
    expect(target.received).toHaveLength(0);
  });

  it('rejects at once on abort while the caller\'s source is slow, and closes the source once it yields', async () => {
    const controller = new AbortController();
    const target = sink();
    let closed = false;
    async function* slow() {
      try {
        yield 'a@x.com';
        await new Promise((resolve) => setTimeout(resolve, 300));
        yield 'b@x.com';
      } finally {
        closed = true;
      }
    }
    setTimeout(() => controller.abort(), 20);
    const started = Date.now();
    const error = await sync(slow(), target.send, { signal: controller.signal }).catch((e: unknown) => e);
    expect(AbortError.isInstance(error)).toBe(true);
    expect(Date.now() - started).toBeLessThan(200);
    expect(target.received).toHaveLength(0);
    await vi.waitFor(() => expect(closed).toBe(true), { timeout: 1_000 });
  });

  it('rejects members that are not iterable with a ConfigurationError', async () => {
    await expect(sync(42 as unknown as string[], sink().send)).rejects.toBeInstanceOf(ConfigurationError);
    await expect(sync('a@x.com' as unknown as string[], sink().send)).rejects.toBeInstanceOf(ConfigurationError);
  });

  it('returns an empty report for an empty audience', async () => {
    const report = await sync([], sink().send);
    expect(report).toMatchObject({ received: 0, sent: 0, batches: 0, issues: [] });
  });
});
