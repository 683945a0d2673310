import { inspect } from 'node:util';
import { sha256, type RetryOptions, type SyncReport } from '@x/core';
import { seededRandom, type Fault } from '@x/core/msw';
import { http } from 'msw';
import type { SetupServer } from 'msw/node';
import { expect } from 'vitest';
import type { CriteoAudiencesMock } from './msw/index.js';

export const TOKEN_URL = 'https://api.criteo.com/oauth2/token';
const API_HOST = 'https://api.criteo.com';

/** Retries that never really wait, a per-attempt timeout, and jitter from a seed. */
export function soakRetry(seed: number, timeoutMs: number): RetryOptions {
  return { initialDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 5, maxRetries: 40, timeoutMs, random: seededRandom(seed) };
}

const problem = (type: string, code: string, title: string) => ({ errors: [{ traceIdentifier: 'trace-soak', type, code, title }] });

/** 429 as Criteo sends it: Retry-After plus the `x-ratelimit-*` headers. */
export const RATE_LIMITED: Fault = {
  type: 'status',
  status: 429,
  retryAfter: 1,
  headers: { 'x-ratelimit-limit': '250', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 1) },
  body: problem('quota', 'rate-limit-exceeded', 'API rate limit exceeded'),
};
const serverError = (status: number): Fault => ({ type: 'status', status, body: problem('availability', 'service-unavailable', 'Temporarily unavailable') });

/**
 * Transient faults of the API: 429, 5xx, connection resets and answers slower than the client's
 * per-attempt timeout (`delayMs`). Token expiry comes from the fake itself (see `watchTraffic`).
 */
export function apiFaults(delayMs: number): Fault[] {
  return [RATE_LIMITED, serverError(500), serverError(502), serverError(503), serverError(504), { type: 'network-error' }, { type: 'delay', ms: delayMs }];
}

/** Transient faults of the token endpoint (a 401 there means refused credentials, not a fault). */
export function tokenFaults(delayMs: number): Fault[] {
  return [
    { type: 'status', status: 429, retryAfter: 1, body: { error: 'slow_down' } },
    { type: 'status', status: 500 },
    { type: 'status', status: 503 },
    { type: 'network-error' },
    { type: 'delay', ms: delayMs },
  ];
}

/**
 * Watches the traffic in front of the mock: counts requests as they arrive (so that a test can
 * wait for attempts the client abandoned on timeout, which the fake still applies later, like a
 * real server), faults the token endpoint at random through the mock's own `failNext`, and runs
 * a hook per API request (to move the mock's clock, abort a sync...).
 */
export function watchTraffic(
  server: SetupServer,
  mock: CriteoAudiencesMock,
  options: {
    seed?: number;
    tokenFaultRate?: number;
    tokenFaultDelayMs?: number;
    /**
     * Faults for the wipes (DELETE) instead of the mock's random ones: the same kinds but never a
     * slow answer. A wipe abandoned on timeout that the server applies after the add that follows
     * would empty the list; no client can prevent that (it is why `replaceMembers` says to re-run).
     */
    wipeFaults?: { rate: number; faults: Fault[] };
    onApiRequest?: (request: Request, count: number) => void;
  } = {},
) {
  const random = seededRandom(options.seed ?? 1);
  const faults = tokenFaults(options.tokenFaultDelayMs ?? 1_000);
  const started = new Map<string, number>();
  const arrivals: Array<{ method: string; path: string }> = [];
  let apiRequests = 0;
  let tokenFaulted = 0;
  server.use(
    http.all(`${API_HOST}/*`, ({ request }) => {
      const path = new URL(request.url).pathname;
      started.set(path, (started.get(path) ?? 0) + 1);
      arrivals.push({ method: request.method, path });
      if (path === new URL(TOKEN_URL).pathname) {
        if (random() < (options.tokenFaultRate ?? 0)) {
          tokenFaulted++;
          mock.failNext(faults[Math.floor(random() * faults.length)] as Fault, { match: { path: '/oauth2/token' } });
        }
        return undefined; // on to the mock
      }
      apiRequests++;
      const wipe = options.wipeFaults;
      if (wipe !== undefined && request.method === 'DELETE') {
        const fault = random() < wipe.rate ? wipe.faults[Math.floor(random() * wipe.faults.length)] : undefined;
        // A zero delay is no fault, but it keeps the mock's random faults off this call.
        mock.failNext(fault ?? { type: 'delay', ms: 0 }, { match: { method: 'DELETE' } });
      }
      options.onApiRequest?.(request, apiRequests);
      return undefined;
    }),
  );

  const answered = (path?: string) => mock.calls.filter((call) => path === undefined || call.path === path).length;
  const startedCount = (path?: string) => (path === undefined ? [...started.values()].reduce((sum, count) => sum + count, 0) : (started.get(path) ?? 0));

  return {
    tokenFaults: () => tokenFaulted,
    /** Requests in the order they reached the server (token requests included). */
    arrivals,
    /** Waits until the mock has answered every request that reached it (of one path, or all). */
    async settle(path?: string): Promise<void> {
      const deadline = Date.now() + 5_000;
      while (answered(path) < startedCount(path)) {
        if (Date.now() > deadline) throw new Error(`requests still unanswered: ${startedCount(path) - answered(path)}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
  };
}

/** What the client's fetch saw, in order; `id` ties an attempt's send to its outcome. */
export type FetchEvent =
  | { kind: 'send'; id: number; method: string; path: string; token: string | undefined }
  | { kind: 'answer'; id: number; method: string; path: string; token: string | undefined; status: number }
  | { kind: 'failed'; id: number; method: string; path: string; name: string };

/** A fetch that records what the client sends and sees, in order (for token and abort checks). */
export function recordingFetch(onAnswer?: (answer: { method: string; path: string; status: number }) => void) {
  const events: FetchEvent[] = [];
  let next = 0;
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const id = ++next;
    const request = input instanceof Request ? input : undefined;
    const method = init?.method ?? request?.method ?? 'GET';
    const path = new URL(request?.url ?? String(input)).pathname;
    const headers = new Headers(init?.headers ?? request?.headers);
    const token = /^Bearer (.+)$/.exec(headers.get('authorization') ?? '')?.[1];
    events.push({ kind: 'send', id, method, path, token });
    try {
      const response = await globalThis.fetch(input, init);
      events.push({ kind: 'answer', id, method, path, token, status: response.status });
      onAnswer?.({ method, path, status: response.status });
      return response;
    } catch (error) {
      events.push({ kind: 'failed', id, method, path, name: (error as Error).name });
      throw error;
    }
  };
  return { fetch, events };
}

/** SHA-256 hex of `count` distinct emails, as Criteo stores them. */
export function emailHashes(count: number, prefix = 'member'): string[] {
  return Array.from({ length: count }, (_, index) => sha256(`${prefix}${index}@example.com`, 'hex'));
}

export function expectInvariants(report: SyncReport): void {
  expect(report.received).toBe(report.invalid + report.duplicates + report.sent);
  expect(report.sent).toBe(report.accepted + report.rejected);
}

/** Exact set equality without printing 200,000 hashes on failure. */
export function expectSameSet(actual: Iterable<string>, expected: Set<string>): void {
  const held = new Set(actual);
  const missing = [...expected].filter((value) => !held.has(value)).length;
  const extra = [...held].filter((value) => !expected.has(value)).length;
  expect({ missing, extra, size: held.size }).toEqual({ missing: 0, extra: 0, size: expected.size });
}

/** Everything a logger could print of a value: inspect (deep), JSON, and each error's message and stack down the cause chain. */
export function printable(value: unknown): string {
  const parts = [inspect(value, { depth: Infinity, showHidden: true }), safeJson(value), String(value)];
  let current: unknown = value;
  for (let depth = 0; current instanceof Error && depth < 10; depth++) {
    parts.push(current.message, current.stack ?? '', safeJson(Object.assign({}, current)));
    current = current.cause;
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
