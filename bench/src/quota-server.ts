import { getResponse, http, type RequestHandler } from 'msw';
import { serveHandlers } from './serve-handlers.js';

/** A platform's quota, scaled down: `limit` calls per fixed window of `windowMs`, aligned to the clock. */
export interface WindowQuota {
  limit: number;
  /** Whole seconds, so that a reset given as a Unix time in seconds is exact. */
  windowMs: number;
  /** Send `x-ratelimit-limit/-remaining/-reset` (Unix seconds) like Criteo. */
  headers: boolean;
}

export interface QuotaServerOptions {
  /** The platform mock's handlers, answered behind the gate. */
  handlers: RequestHandler[];
  /** Origin the mock's handlers expect, for a path arriving at the local server. */
  origin: string;
  /** Whether a request counts against the quota (LinkedIn: `/users` only). */
  counts: (request: Request) => boolean;
  quota?: WindowQuota;
  /** Calls handled at once; more get a 429 (TTD: at most 4 concurrent calls). */
  maxInFlight?: number;
  /** Time each counted call takes before the mock answers it. @default 0 */
  latencyMs?: number;
  /** Called after each accepted counted call: returns how many members it stored (and may forget them to keep memory flat). */
  storedMembers?: () => number;
}

/** What the server saw, for the figures. */
export interface QuotaServerStats {
  /** Accepted counted calls: when they arrived, and the members each stored. */
  accepted: Array<{ at: number; members: number }>;
  rejected429: number;
  /** Time integral of the calls in flight (ms × calls) and the span it covers. */
  inFlightIntegral: number;
  firstAt: number | undefined;
  lastAt: number | undefined;
  peakInFlight: number;
}

/**
 * A local HTTP server (real sockets, via `serveHandlers`) that puts a platform mock behind a quota
 * gate: a fixed clock-aligned window of N calls (429 + Retry-After past it, optional x-ratelimit
 * headers), a cap of calls in flight (429 past it) and a fixed latency, and that records what it let through.
 */
export async function startQuotaServer(options: QuotaServerOptions) {
  const stats: QuotaServerStats = { accepted: [], rejected429: 0, inFlightIntegral: 0, firstAt: undefined, lastAt: undefined, peakInFlight: 0 };
  const windows = new Map<number, number>();
  let inFlight = 0;
  let changedAt = 0;
  const track = (delta: number) => {
    const at = performance.now();
    if (stats.firstAt === undefined) stats.firstAt = at;
    else stats.inFlightIntegral += inFlight * (at - changedAt);
    inFlight += delta;
    stats.peakInFlight = Math.max(stats.peakInFlight, inFlight);
    changedAt = at;
    stats.lastAt = at;
  };

  const gate = http.all('*', async ({ request }) => {
    if (!options.counts(request)) return getResponse(options.handlers, request);
    const now = Date.now();
    const quota = options.quota;
    const window = quota === undefined ? 0 : Math.floor(now / quota.windowMs);
    const windowEnd = quota === undefined ? 0 : (window + 1) * quota.windowMs;
    const used = windows.get(window) ?? 0;
    const quotaHeaders = (remaining: number): Record<string, string> =>
      quota?.headers === true
        ? { 'x-ratelimit-limit': String(quota.limit), 'x-ratelimit-remaining': String(Math.max(0, remaining)), 'x-ratelimit-reset': String(windowEnd / 1_000) }
        : {};
    if (quota !== undefined && used >= quota.limit) {
      stats.rejected429++;
      const retryAfter = String(Math.max(1, Math.ceil((windowEnd - now) / 1_000)));
      return new Response('{"message":"Too many requests"}', { status: 429, headers: { 'content-type': 'application/json', 'retry-after': retryAfter, ...quotaHeaders(0) } });
    }
    if (options.maxInFlight !== undefined && inFlight >= options.maxInFlight) {
      stats.rejected429++;
      return new Response('{"Message":"Too many concurrent requests"}', { status: 429, headers: { 'content-type': 'application/json', 'retry-after': '1' } });
    }
    if (quota !== undefined) windows.set(window, used + 1);
    track(+1);
    try {
      if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
      const answer = await getResponse(options.handlers, request);
      if (answer === undefined) return answer;
      if (answer.ok) stats.accepted.push({ at: now, members: options.storedMembers?.() ?? 0 });
      const headers = new Headers(answer.headers);
      for (const [name, value] of Object.entries(quotaHeaders(quota === undefined ? 0 : quota.limit - used - 1))) headers.set(name, value);
      return new Response(answer.body, { status: answer.status, statusText: answer.statusText, headers });
    } finally {
      track(-1);
    }
  });

  const served = await serveHandlers([gate], { origin: () => options.origin });
  /** The time integral of calls in flight up to now (ms × calls), and now. */
  const inFlightNow = () => {
    const at = performance.now();
    return { at, integral: stats.inFlightIntegral + (stats.firstAt === undefined ? 0 : inFlight * (at - changedAt)) };
  };
  return { url: served.url, stats, inFlightNow, close: served.close };
}
