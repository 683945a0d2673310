import { AbortError, createRateLimiter, type RateLimiter, type SyncReport } from '@x/core';
import { createCriteoAudiencesClient } from '@x/criteo-audiences';
import { createCriteoAudiencesMock } from '@x/criteo-audiences/msw';
import { createLinkedInDmpClient } from '@x/linkedin-dmp';
import { createLinkedInDmpMock } from '@x/linkedin-dmp/msw';
import { createTtdDataClient } from '@x/ttd-crm';
import { createTtdDataMock } from '@x/ttd-crm/msw';
import { startQuotaServer, type QuotaServerStats, type WindowQuota } from './quota-server.js';

// Figure (c): does the client reach the platform's quota — and stay under it? Each platform's real
// client runs against a local server that enforces the quota scaled to a few seconds' window (same
// rate, shorter window), once with pacing on (0 429s wanted, ≥ 95% of the ceiling) and once off.

/** The quota ceiling of one platform, scaled down. */
interface QuotaCase {
  platform: string;
  quota: WindowQuota;
  /** Members in one full request. */
  perRequest: number;
  label: string;
}

const LINKEDIN: QuotaCase = { platform: 'LinkedIn', quota: { limit: 50, windowMs: 5_000, headers: false }, perRequest: 5_000, label: '600/min → 50 /users calls per 5 s' };
const CRITEO: QuotaCase = { platform: 'Criteo', quota: { limit: 25, windowMs: 6_000, headers: true }, perRequest: 50_000, label: '250/min → 25 calls per 6 s, x-ratelimit-*' };
const TTD_LATENCY_MS = 100;
const TTD_MAX_IN_FLIGHT = 4;
const TTD_PER_REQUEST = 1_000;

interface Row {
  platform: string;
  pacing: 'on' | 'off';
  seconds: number;
  achieved: string;
  ceiling: string;
  utilization: number;
  rejected429: number;
  syncs: string;
}

/**
 * Prints figure (c), quota utilization: members/s each platform client reaches against a server
 * enforcing its scaled quota, as a share of the ceiling, and the 429s it got — pacing on, then off.
 * A paced run lasts `seconds`, an unpaced one half as long; the whole figure takes about 4.5 × `seconds`.
 * @example
 * await runQuotaBenchmark({ seconds: 20 });
 */
export async function runQuotaBenchmark(options: { seconds: number }): Promise<void> {
  const paced = options.seconds * 1_000;
  const unpaced = Math.max(5_000, paced / 2);
  console.log(`\nFigure (c) — quota utilization: real clients against a local server enforcing each platform's quota`);
  console.log(`(scaled to a short window at the same rate; paced runs ${paced / 1_000} s, unpaced ${unpaced / 1_000} s; goal: ≥ 95% of the ceiling, 0 × 429 when paced)`);
  console.log(`  LinkedIn: ${LINKEDIN.label}, ${LINKEDIN.perRequest.toLocaleString('en-US')} members per call, 2 clients × 1 sync sharing one limiter`);
  console.log(`  Criteo:   ${CRITEO.label}, ${CRITEO.perRequest.toLocaleString('en-US')} members per call, 1 client × 2 syncs`);
  console.log(`  TTD Data: ≤ ${TTD_MAX_IN_FLIGHT} calls in flight (429 past it), ${TTD_LATENCY_MS} ms per call, ${TTD_PER_REQUEST.toLocaleString('en-US')} members per call, 1 client × 3 syncs`);
  const rows: Row[] = [];
  for (const pacing of ['on', 'off'] as const) rows.push(await runLinkedIn(pacing, pacing === 'on' ? paced : unpaced));
  for (const pacing of ['on', 'off'] as const) rows.push(await runCriteo(pacing, pacing === 'on' ? paced : unpaced));
  for (const pacing of ['on', 'off'] as const) rows.push(await runTtd(pacing, pacing === 'on' ? paced : unpaced));
  printRows(rows);
}

async function runLinkedIn(pacing: 'on' | 'off', durationMs: number): Promise<Row> {
  const mock = createLinkedInDmpMock();
  const server = await startQuotaServer({
    handlers: mock.handlers,
    origin: 'https://api.linkedin.com',
    counts: (request) => new URL(request.url).pathname.endsWith('/users'),
    quota: LINKEDIN.quota,
    storedMembers: () => {
      let stored = 0;
      for (const segment of mock.state.segments.values()) {
        stored += segment.members.size;
        segment.members.clear(); // keeps the fake's memory flat over millions of members
      }
      mock.calls.length = 0;
      return stored;
    },
  });
  try {
    const limiter = pacing === 'on' ? createRateLimiter({ requestsPerMinute: 600, windowMs: LINKEDIN.quota.windowMs }) : NO_PACING;
    const clients = ['a', 'b'].map((name) =>
      createLinkedInDmpClient({ adAccountId: '512345678', sourcePlatform: 'BENCH', accessToken: 'bench-token', baseUrl: `${server.url}/rest`, rateLimiter: limiter }),
    );
    const segments = await Promise.all(clients.map((client, n) => client.ensureSegment({ sourceSegmentId: `bench-${n}`, name: `Bench ${n}` })));
    const outcome = await runFor(durationMs, (signal) =>
      clients.map((client, n) => client.addMembers(segments[n]!.id, mapIterable(hexIds(n), (sha256Email) => ({ sha256Email })), { signal })),
    );
    return windowRow(LINKEDIN, pacing, outcome, server.stats);
  } finally {
    await server.close();
  }
}

async function runCriteo(pacing: 'on' | 'off', durationMs: number): Promise<Row> {
  const mock = createCriteoAudiencesMock();
  const server = await startQuotaServer({
    handlers: mock.handlers,
    origin: 'https://api.criteo.com',
    counts: (request) => new URL(request.url).pathname.includes('/marketing-solutions/'),
    quota: CRITEO.quota,
    storedMembers: () => {
      let stored = 0;
      for (const segment of mock.state.segments.values()) {
        for (const members of segment.contactList.values()) stored += members.size;
        segment.contactList.clear();
      }
      mock.calls.length = 0;
      return stored;
    },
  });
  try {
    // Like the client's default limiter (a minute's quota may go out at once), on the scaled window.
    const limiter = pacing === 'on' ? createRateLimiter({ requestsPerMinute: 250, burst: CRITEO.quota.limit, windowMs: CRITEO.quota.windowMs }) : false;
    const client = createCriteoAudiencesClient({
      advertiserId: '12345',
      clientId: 'bench-app',
      clientSecret: 'bench-secret',
      baseUrl: server.url,
      tokenUrl: `${server.url}/oauth2/token`,
      rateLimiter: limiter,
    });
    const segments = await Promise.all(['a', 'b'].map((name) => client.ensureSegment({ name: `Bench ${name}` })));
    const outcome = await runFor(durationMs, (signal) => segments.map((segment, n) => client.addMembers(segment.id, hexIds(n), { signal })));
    return windowRow(CRITEO, pacing, outcome, server.stats);
  } finally {
    await server.close();
  }
}

async function runTtd(pacing: 'on' | 'off', durationMs: number): Promise<Row> {
  const origin = 'https://ttd.bench';
  const mock = createTtdDataMock({ baseUrls: [origin] });
  const server = await startQuotaServer({
    handlers: mock.handlers,
    origin,
    counts: (request) => new URL(request.url).pathname.startsWith('/data/'),
    maxInFlight: TTD_MAX_IN_FLIGHT,
    latencyMs: TTD_LATENCY_MS,
    storedMembers: () => {
      let stored = 0;
      for (const members of mock.state.segments.values()) stored += members.size;
      mock.state.segments.clear();
      mock.calls.length = 0;
      return stored;
    },
  });
  try {
    const client = createTtdDataClient({
      advertiserId: 'bench-advertiser',
      region: 'us-east',
      secretKey: 'bench-secret',
      baseUrl: server.url,
      maxItemsPerRequest: TTD_PER_REQUEST,
      maxConcurrency: pacing === 'on' ? TTD_MAX_IN_FLIGHT : Number.POSITIVE_INFINITY,
    });
    let atStart = server.inFlightNow();
    let atEnd = atStart;
    const outcome = await runFor(
      durationMs,
      (signal) => {
        atStart = server.inFlightNow();
        return [0, 1, 2].map((n) => client.addMembers(`cohort-${n}`, mapIterable(hexIds(n), (hex) => ({ tdid: guid(hex) })), { signal }));
      },
      () => {
        atEnd = server.inFlightNow();
      },
    );
    const meanInFlight = (atEnd.integral - atStart.integral) / (atEnd.at - atStart.at);
    const members = server.stats.accepted.filter((call) => call.at >= outcome.startedAt && call.at < outcome.startedAt + outcome.elapsedMs).reduce((sum, call) => sum + call.members, 0);
    return {
      platform: 'TTD Data',
      pacing,
      seconds: outcome.elapsedMs / 1_000,
      achieved: `${meanInFlight.toFixed(2)} in flight (${formatRate(members / (outcome.elapsedMs / 1_000))} members/s)`,
      ceiling: `${TTD_MAX_IN_FLIGHT} in flight`,
      utilization: meanInFlight / TTD_MAX_IN_FLIGHT,
      rejected429: server.stats.rejected429,
      syncs: outcome.syncs,
    };
  } finally {
    await server.close();
  }
}

/** No pacing at all: what a client without a limiter does (429s are still retried after Retry-After). */
const NO_PACING: RateLimiter = { requestsPerMinute: Number.POSITIVE_INFINITY, acquire: async () => undefined, pauseFor: () => undefined, observe: () => undefined };

interface RunOutcome {
  startedAt: number;
  elapsedMs: number;
  /** How the syncs ended: aborted at the deadline (still going) or failed. */
  syncs: string;
}

/** Starts the syncs, aborts them after `durationMs`, and says how they ended. */
async function runFor(durationMs: number, start: (signal: AbortSignal) => Array<Promise<SyncReport>>, atDeadline?: () => void): Promise<RunOutcome> {
  const controller = new AbortController();
  const startedAt = Date.now();
  const syncs = start(controller.signal);
  const deadline = setTimeout(() => {
    atDeadline?.();
    controller.abort(new Error('deadline'));
  }, durationMs);
  const settled = await Promise.allSettled(syncs);
  clearTimeout(deadline);
  const failed = settled.filter((result) => result.status === 'rejected' && !AbortError.isInstance(result.reason));
  const reasons = failed.map((result) => (result as PromiseRejectedResult).reason as { name?: string; statusCode?: number });
  const syncsText = failed.length === 0 ? `${syncs.length} ran to the end` : `${failed.length}/${syncs.length} failed (${reasons.map((reason) => `${reason.name ?? 'Error'} ${reason.statusCode ?? ''}`.trim()).join(', ')})`;
  return { startedAt, elapsedMs: durationMs, syncs: syncsText };
}

/** Members/s over the quota windows that lie wholly inside the run, against the ceiling. */
function windowRow(quotaCase: QuotaCase, pacing: 'on' | 'off', outcome: RunOutcome, stats: QuotaServerStats): Row {
  const { windowMs, limit } = quotaCase.quota;
  const first = Math.ceil(outcome.startedAt / windowMs);
  const last = Math.floor((outcome.startedAt + outcome.elapsedMs) / windowMs); // exclusive
  const windows = Math.max(0, last - first);
  let members = 0;
  for (const call of stats.accepted) {
    const window = Math.floor(call.at / windowMs);
    if (window >= first && window < last) members += call.members;
  }
  const seconds = (windows * windowMs) / 1_000;
  const ceiling = (limit / (windowMs / 1_000)) * quotaCase.perRequest;
  const achieved = seconds === 0 ? 0 : members / seconds;
  return {
    platform: quotaCase.platform,
    pacing,
    seconds: outcome.elapsedMs / 1_000,
    achieved: `${formatRate(achieved)} members/s (${windows} full windows)`,
    ceiling: `${formatRate(ceiling)} members/s`,
    utilization: ceiling === 0 ? 0 : achieved / ceiling,
    rejected429: stats.rejected429,
    syncs: outcome.syncs,
  };
}

function printRows(rows: Row[]): void {
  const table = rows.map((row) => ({
    platform: row.platform,
    pacing: row.pacing,
    's': row.seconds.toFixed(0),
    achieved: row.achieved,
    ceiling: row.ceiling,
    utilization: `${(row.utilization * 100).toFixed(1)}%`,
    '429s': String(row.rejected429),
    syncs: row.syncs,
  }));
  const columns = Object.keys(table[0] ?? {}) as Array<keyof (typeof table)[number]>;
  const widths = columns.map((column) => Math.max(column.length, ...table.map((row) => row[column].length)));
  const line = (cells: string[]) => `  ${cells.map((cell, n) => cell.padEnd(widths[n]!)).join('  ')}`;
  console.log(line(columns));
  for (const row of table) console.log(line(columns.map((column) => row[column])));
}

/** Distinct 64-hex ids (valid SHA-256 hex) forever: stream `n` never repeats another's. */
function* hexIds(stream: number): Generator<string> {
  const prefix = (stream + 1).toString(16).padStart(8, '0');
  for (let n = 0; ; n++) yield `${prefix}${n.toString(16).padStart(56, '0')}`;
}

function* mapIterable<T, U>(source: Iterable<T>, map: (value: T) => U): Generator<U> {
  for (const value of source) yield map(value);
}

/** A valid GUID (TDID) from a 64-hex id. */
function guid(hex: string): string {
  const digits = `${hex.slice(0, 8)}${hex.slice(-24)}`;
  return `${digits.slice(0, 8)}-${digits.slice(8, 12)}-4${digits.slice(13, 16)}-8${digits.slice(17, 20)}-${digits.slice(20, 32)}`;
}

function formatRate(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}
