import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getResponse, type RequestHandler } from 'msw';

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
  /** Whether a call (by path) counts against the quota (LinkedIn: `/users` only). */
  counts: (path: string) => boolean;
  quota?: WindowQuota;
  /** Counted calls handled at once; more get a 429 (TTD: at most 4 concurrent calls). */
  maxInFlight?: number;
  /** Time each counted call takes before the mock answers it. @default 0 */
  latencyMs?: number;
  /** Called after each accepted counted call: returns how many members it stored (and may forget them to keep memory flat). */
  storedMembers?: () => number;
}

/** What the server saw, for the figures. */
export interface QuotaServerStats {
  /** Accepted counted calls: when they arrived (Date.now()), and the members each stored. */
  accepted: Array<{ at: number; members: number }>;
  rejected429: number;
  /** Time integral of counted calls in flight, from arrival to the end of the answer (ms × calls). */
  inFlightIntegral: number;
  peakInFlight: number;
  /** Time spent in the mock's handlers (ms), over all calls. */
  mockMs: number;
}

/**
 * A local HTTP server (node:http, real sockets) that puts a platform mock's msw handlers behind a
 * quota gate: a fixed clock-aligned window of N calls (429 + Retry-After past it, optional
 * x-ratelimit headers), a cap of calls in flight (429 past it) and a fixed latency. A call is in
 * flight from the moment it reaches the server until its answer is written, as the platform would count it.
 */
export async function startQuotaServer(options: QuotaServerOptions) {
  const stats: QuotaServerStats = { accepted: [], rejected429: 0, inFlightIntegral: 0, peakInFlight: 0, mockMs: 0 };
  const windows = new Map<number, number>();
  let inFlight = 0;
  let changedAt = performance.now();
  const track = (delta: number) => {
    const at = performance.now();
    stats.inFlightIntegral += inFlight * (at - changedAt);
    inFlight += delta;
    stats.peakInFlight = Math.max(stats.peakInFlight, inFlight);
    changedAt = at;
  };

  const server = createServer((incoming, outgoing) => {
    void handle(incoming, outgoing).catch(() => outgoing.destroy());
  });

  async function handle(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
    const path = incoming.url ?? '/';
    if (!options.counts(path)) {
      await answer(incoming, outgoing, {});
      return;
    }
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
      const retryAfter = String(Math.max(1, Math.ceil((windowEnd - now) / 1_000)));
      await refuse(incoming, outgoing, { 'retry-after': retryAfter, ...quotaHeaders(0) });
      return;
    }
    if (options.maxInFlight !== undefined && inFlight >= options.maxInFlight) {
      await refuse(incoming, outgoing, { 'retry-after': '1' });
      return;
    }
    if (quota !== undefined) windows.set(window, used + 1);
    track(+1);
    try {
      if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
      const status = await answer(incoming, outgoing, quotaHeaders(quota === undefined ? 0 : quota.limit - used - 1));
      if (status >= 200 && status < 300) stats.accepted.push({ at: now, members: options.storedMembers?.() ?? 0 });
    } finally {
      track(-1);
    }
  }

  async function refuse(incoming: IncomingMessage, outgoing: ServerResponse, headers: Record<string, string>): Promise<void> {
    stats.rejected429++;
    incoming.resume(); // drain the body unread
    await new Promise((resolve) => incoming.once('end', resolve));
    await write(outgoing, 429, { 'content-type': 'application/json', ...headers }, Buffer.from('{"message":"Too many requests"}'));
  }

  /** Runs the mock on the request; resolves with the status once the answer is written. */
  async function answer(incoming: IncomingMessage, outgoing: ServerResponse, extraHeaders: Record<string, string>): Promise<number> {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(incoming.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const method = incoming.method ?? 'GET';
    const body = chunks.length > 0 && method !== 'GET' && method !== 'HEAD' ? Buffer.concat(chunks) : undefined;
    const request = new Request(`${options.origin}${incoming.url ?? '/'}`, { method, headers, ...(body ? { body } : {}) });
    const started = performance.now();
    const response = await getResponse(options.handlers, request);
    stats.mockMs += performance.now() - started;
    if (response === undefined || response.type === 'error') {
      outgoing.destroy();
      return 0;
    }
    const payload = Buffer.from(await response.arrayBuffer());
    const outHeaders: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      outHeaders[name] = value;
    });
    delete outHeaders['content-length'];
    delete outHeaders['transfer-encoding'];
    await write(outgoing, response.status, { ...outHeaders, ...extraHeaders }, payload);
    return response.status;
  }

  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    /** The time integral of calls in flight up to now (ms × calls), and now (performance.now()). */
    inFlightNow: () => {
      const at = performance.now();
      return { at, integral: stats.inFlightIntegral + inFlight * (at - changedAt) };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function write(outgoing: ServerResponse, status: number, headers: Record<string, string>, payload: Buffer): Promise<void> {
  return new Promise((resolve) => {
    outgoing.writeHead(status, { ...headers, 'content-length': String(payload.length) });
    outgoing.end(payload, () => resolve());
  });
}
