import { inspect } from 'node:util';
import { sha256, type RetryOptions, type SyncReport } from '@x/core';
import { seededRandom, type Fault } from '@x/core/msw';
import { http } from 'msw';
import type { SetupServerApi } from 'msw/node';
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
 * real server), faults the token endpoint at random through the mock's own `failNext`, expires
 * every token now and then (the API then answers 401 `authorization-token-expired`, as when a
 * token's lifetime ends mid-sync), and can run a hook per API request (to abort a sync...).
 */
export function watchTraffic(
  server: SetupServerApi,
  mock: CriteoAudiencesMock,
  options: {
    seed?: number;
    tokenFaultRate?: number;
    tokenFaultDelayMs?: number;
    /** Share of API requests before which every token expires; `minGap` API requests at least between two expiries. */
    expiry?: { rate: number; minGap: number };
    onApiRequest?: (request: Request, count: number) => void;
  } = {},
) {
  const random = seededRandom(options.seed ?? 1);
  const faults = tokenFaults(options.tokenFaultDelayMs ?? 1_000);
  const started = new Map<string, number>();
  let apiRequests = 0;
  let tokenFaulted = 0;
  let expiries = 0;
  let lastExpiry = 0;
  server.use(
    http.all(`${API_HOST}/*`, ({ request }) => {
      const path = new URL(request.url).pathname;
      started.set(path, (started.get(path) ?? 0) + 1);
      if (path === new URL(TOKEN_URL).pathname) {
        if (random() < (options.tokenFaultRate ?? 0)) {
          tokenFaulted++;
          mock.failNext(faults[Math.floor(random() * faults.length)] as Fault, { match: { path: '/oauth2/token' } });
        }
        return undefined; // on to the mock
      }
      apiRequests++;
      const expiry = options.expiry;
      if (expiry !== undefined && apiRequests - lastExpiry >= expiry.minGap && random() < expiry.rate) {
        mock.expireTokens();
        expiries++;
        lastExpiry = apiRequests;
      }
      options.onApiRequest?.(request, apiRequests);
      return undefined;
    }),
  );

  const answered = (path?: string) => mock.calls.filter((call) => path === undefined || call.path === path).length;
  const startedCount = (path?: string) => (path === undefined ? [...started.values()].reduce((sum, count) => sum + count, 0) : (started.get(path) ?? 0));

  return {
    tokenFaults: () => tokenFaulted,
    expiries: () => expiries,
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

/** A fetch that records what the client sends and sees, in order (for token and abort checks). */
export function recordingFetch() {
  type Event = { kind: 'send'; method: string; path: string; token: string | undefined } | { kind: 'answer'; method: string; path: string; token: string | undefined; status: number } | { kind: 'failed'; method: string; path: string; name: string };
  const events: Event[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = input instanceof Request ? input : undefined;
    const method = init?.method ?? request?.method ?? 'GET';
    const path = new URL(request?.url ?? String(input)).pathname;
    const headers = new Headers(init?.headers ?? request?.headers);
    const token = /^Bearer (.+)$/.exec(headers.get('authorization') ?? '')?.[1];
    events.push({ kind: 'send', method, path, token, at: Date.now() } as Event); if (process.env.SOAK_DEBUG) console.log('SEND', method, path, Date.now() % 100000);
    try {
      const response = await globalThis.fetch(input, init);
      events.push({ kind: 'answer', method, path, token, status: response.status }); if (process.env.SOAK_DEBUG) console.log('ANSWER', method, path, response.status, Date.now() % 100000);
      return response;
    } catch (error) {
      events.push({ kind: 'failed', method, path, name: (error as Error).name });
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
