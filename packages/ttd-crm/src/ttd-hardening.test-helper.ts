import { inspect } from 'node:util';
import type { SyncReport } from '@x/core';
import type { SetupServer } from 'msw/node';
import { expect } from 'vitest';

/** Fast retries for soaks: tiny backoff, Retry-After capped at 5 ms. */
export const FAST_RETRY = { initialDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 5 } as const;

export function expectInvariants(report: SyncReport): void {
  expect(report.received).toBe(report.invalid + report.duplicates + report.sent);
  expect(report.sent).toBe(report.accepted + report.rejected);
}

/**
 * Everything a user could print or log about these values: JSON, `util.inspect` at full depth,
 * and for errors their message, stack, redacted body and whole cause chain.
 */
export function printable(...values: unknown[]): string {
  const parts: string[] = [];
  for (const value of values) {
    parts.push(safeJson(value), inspect(value, { depth: Infinity, showHidden: true }));
    let current: unknown = value;
    for (let depth = 0; depth < 10 && typeof current === 'object' && current !== null; depth++) {
      const error = current as { message?: unknown; stack?: unknown; redactedBody?: unknown; code?: unknown };
      parts.push(String(error.message ?? ''), String(error.stack ?? ''), String(error.redactedBody ?? ''), String(error.code ?? ''));
      current = (current as { cause?: unknown }).cause;
    }
  }
  return parts.join('\n');
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}

/** Fails naming how many of `raw` appear in `text` (never printing thousands of values). */
export function expectNoneIn(text: string, raw: Iterable<string>): void {
  const leaked: string[] = [];
  for (const value of raw) if (text.includes(value)) leaked.push(value);
  expect(leaked.slice(0, 5), `${leaked.length} raw values leaked`).toEqual([]);
}

/**
 * Counts requests msw started (of one method, if given), so a test can wait until the mock
 * answered all of them. An attempt the client timed out on is still handled by the mock once its
 * delay ends, as a slow server would: waiting keeps such late writes out of the next phase.
 */
export function trackRequests(
  server: SetupServer,
  method?: string,
): { settled(calls: ReadonlyArray<{ method: string }>, maxMs?: number): Promise<void>; reset(): void } {
  let started = 0;
  server.events.on('request:start', ({ request }) => {
    if (method === undefined || request.method === method) started++;
  });
  const answered = (calls: ReadonlyArray<{ method: string }>) => (method === undefined ? calls.length : calls.filter((call) => call.method === method).length);
  return {
    async settled(calls, maxMs = 10_000) {
      const deadline = Date.now() + maxMs;
      while (answered(calls) < started) {
        if (Date.now() > deadline) throw new Error(`${started - answered(calls)} requests still unanswered after ${maxMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    /** Call together with the mock's `reset()` (which empties its call log). */
    reset() {
      started = 0;
    },
  };
}

/** Compares two sets of keys; fails with the counts and a few examples, never huge diffs. */
export function expectSameKeys(actual: Iterable<string>, expected: ReadonlySet<string>): void {
  const actualSet = new Set(actual);
  const missing = [...expected].filter((key) => !actualSet.has(key));
  const extra = [...actualSet].filter((key) => !expected.has(key));
  expect({ missing: missing.length, extra: extra.length, someMissing: missing.slice(0, 3), someExtra: extra.slice(0, 3) }).toEqual({
    missing: 0,
    extra: 0,
    someMissing: [],
    someExtra: [],
  });
  expect(actualSet.size).toBe(expected.size);
}
