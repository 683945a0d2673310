import { AbortError, createRateLimiter, type RateLimiter, type SyncReport } from '@x/core';
import { createCriteoAudiencesClient } from '@x/criteo-audiences';
import { createLinkedInDmpClient } from '@x/linkedin-dmp';
import { createTtdDataClient } from '@x/ttd-crm';
import type { QuotaServerStats, WindowQuota } from './quota-server.js';
import { spawnQuotaServer, type InFlightSnapshot } from './quota-server-spawn.js';

// Figure (c): does the client reach the platform's quota, and stay under it? Each platform's real
// client runs against a local server (a child process, real sockets) that enforces the platform's
// quota scaled to a window of a few seconds at the same rate, once with pacing on (goal: ≥ 95% of
// the ceiling, no 429) and once with pacing off (429s retried after Retry-After, nothing shared).

/** The quota ceiling of one platform, scaled down. */
interface QuotaCase {
  platform: string;
  quota: WindowQuota;
  /** Members in one full call. */
  perRequest: number;
  label: string;
}

const LINKEDIN: QuotaCase = { platform: 'LinkedIn', quota: { limit: 50, windowMs: 5_000, headers: false }, perRequest: 5_000, label: '600/min as 50 /users calls per 5 s' };
const CRITEO: QuotaCase = { platform: 'Criteo', quota: { limit: 25, windowMs: 6_000, headers: true }, perRequest: 50_000, label: '250/min as 25 calls per 6 s, x-ratelimit-* headers' };
const TTD = { maxInFlight: 4, latencyMs: 250, perRequest: 1_000, warmupMs: 1_000 };
/** Syncs run at once, each with its client's default concurrency: the offered load exceeds the quota. */
const SYNCS = 4;

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
 * Prints figure (c), quota utilization: the members/s each platform's client reaches against a
 * server enforcing its (scaled) quota, as a share of the ceiling, and the 429s it met, with pacing
 * on and off. A paced run lasts `seconds`, an unpaced one about half as long: some 5 × `seconds` in all.
 * @example
 * await runQuotaBenchmark({ seconds: 20 });
 */
export async function runQuotaBenchmark(options: { seconds: number }): Promise<void> {
  const paced = options.seconds * 1_000;
  // An unpaced run is half as long, but long enough to hold one whole quota window.
  const unpaced = (windowMs: number) => Math.max(paced / 2, 2 * windowMs);
  const count = (value: number) => value.toLocaleString('en-US');
  console.log(`\nFigure (c) — quota utilization: each real client against a local server enforcing the platform's quota, scaled to a short window`);
  console.log(`  (paced runs ${paced / 1_000} s, unpaced about half as long; ${SYNCS} syncs at once; goal when paced: ≥ 95% of the ceiling, 0 × 429)`);
  console.log(`  LinkedIn: ${LINKEDIN.label}, ${count(LINKEDIN.perRequest)} members per call; 2 clients sharing one limiter (pacing off: none)`);
  console.log(`  Criteo:   ${CRITEO.label}, ${count(CRITEO.perRequest)} members per call; 1 client (pacing off: rateLimiter false)`);
  console.log(`  TTD Data: ≤ ${TTD.maxInFlight} calls in flight (429 past it), ${TTD.latencyMs} ms per call, ${count(TTD.perRequest)} members per call; 1 client (pacing off: maxConcurrency Infinity)`);
  const rows: Row[] = [];
  for (const pacing of ['on', 'off'] as const) rows.push(await runLinkedIn(pacing, pacing === 'on' ? paced : unpaced(LINKEDIN.quota.windowMs)));
  for (const pacing of ['on', 'off'] as const) rows.push(await runCriteo(pacing, pacing === 'on' ? paced : unpaced(CRITEO.quota.windowMs)));
  for (const pacing of ['on', 'off'] as const) rows.push(await runTtd(pacing, pacing === 'on' ? paced : unpaced(0)));
  printRows(rows);
  console.log('  LinkedIn/Criteo: members/s over the quota windows wholly inside the run. TTD: mean calls in flight as the server counts them');
  console.log('  (from arrival to the end of the answer) from 1 s in to the end, and as the client counts them (fetch to body read).');
}

async function runLinkedIn(pacing: 'on' | 'off', durationMs: number): Promise<Row> {
  const server = await spawnQuotaServer({ platform: 'linkedin', quota: LINKEDIN.quota });
  try {
    const limiter = pacing === 'on' ? createRateLimiter({ requestsPerMinute: 600, windowMs: LINKEDIN.quota.windowMs }) : NO_PACING;
    const clients = [0, 1].map(() =>
      createLinkedInDmpClient({ adAccountId: '512345678', sourcePlatform: 'BENCH', accessToken: 'bench-token', baseUrl: `${server.url}/rest`, rateLimiter: limiter }),
    );
    const segments = await Promise.all(
      range(SYNCS).map(async (n) => ({ client: clients[n % 2]!, id: (await clients[n % 2]!.ensureSegment({ sourceSegmentId: `bench-${n}`, name: `Bench ${n}` })).id })),
    );
    const outcome = await runFor(durationMs, (signal) =>
      segments.map(({ client, id }, n) => client.addMembers(id, mapIterable(hexIds(n), (sha256Email) => ({ sha256Email })), { signal })),
    );
    return windowRow(LINKEDIN, pacing, outcome, await server.stats());
  } finally {
    await server.close();
  }
}

async function runCriteo(pacing: 'on' | 'off', durationMs: number): Promise<Row> {
  const server = await spawnQuotaServer({ platform: 'criteo', quota: CRITEO.quota });
  try {
    // Shaped like the client's default limiter (a window's quota may go out at once), on the scaled window.
    const limiter = pacing === 'on' ? createRateLimiter({ requestsPerMinute: 250, burst: CRITEO.quota.limit, windowMs: CRITEO.quota.windowMs }) : false;
    const client = createCriteoAudiencesClient({
      advertiserId: '12345',
      clientId: 'bench-app',
      clientSecret: 'bench-secret',
      baseUrl: server.url,
      tokenUrl: `${server.url}/oauth2/token`,
      rateLimiter: limiter,
    });
    const segments = await Promise.all(range(SYNCS).map((n) => client.ensureSegment({ name: `Bench ${n}` })));
    const outcome = await runFor(durationMs, (signal) => segments.map((segment, n) => client.addMembers(segment.id, hexIds(n), { signal })));
    return windowRow(CRITEO, pacing, outcome, await server.stats());
  } finally {
    await server.close();
  }
}

async function runTtd(pacing: 'on' | 'off', durationMs: number): Promise<Row> {
  const server = await spawnQuotaServer({ platform: 'ttd', maxInFlight: TTD.maxInFlight, latencyMs: TTD.latencyMs });
  try {
    const counting = countingFetch();
    const client = createTtdDataClient({
      advertiserId: 'bench-advertiser',
      region: 'us-east',
      secretKey: 'bench-secret',
      baseUrl: server.url,
      maxItemsPerRequest: TTD.perRequest,
      maxConcurrency: pacing === 'on' ? TTD.maxInFlight : Number.POSITIVE_INFINITY,
      fetch: counting.fetch,
    });
    let serverFrom: Promise<InFlightSnapshot> | undefined;
    let clientFrom: InFlightSnapshot | undefined;
    let serverTo: Promise<InFlightSnapshot> | undefined;
    let clientTo: InFlightSnapshot | undefined;
    const outcome = await runFor(
      durationMs,
      (signal) => {
        setTimeout(() => {
          serverFrom = server.inFlightNow();
          clientFrom = counting.inFlightNow();
        }, TTD.warmupMs);
        return range(3).map((n) => client.addMembers(`cohort-${n}`, mapIterable(hexIds(n), (hex) => ({ tdid: guid(hex) })), { signal }));
      },
      () => {
        serverTo = server.inFlightNow();
        clientTo = counting.inFlightNow();
      },
    );
    const mean = (from: InFlightSnapshot | undefined, to: InFlightSnapshot | undefined) =>
      from === undefined || to === undefined || to.at <= from.at ? 0 : (to.integral - from.integral) / (to.at - from.at);
    const atServer = mean(await serverFrom, await serverTo);
    const atClient = mean(clientFrom, clientTo);
    const stats = await server.stats();
    const from = outcome.startedAt + TTD.warmupMs;
    const members = stats.accepted.filter((call) => call.at >= from && call.at < outcome.startedAt + outcome.elapsedMs).reduce((sum, call) => sum + call.members, 0);
    const seconds = Math.max(0.001, (outcome.elapsedMs - TTD.warmupMs) / 1_000);
    return {
      platform: 'TTD Data',
      pacing,
      seconds: outcome.elapsedMs / 1_000,
      achieved: `${atServer.toFixed(2)} in flight at the server, ${atClient.toFixed(2)} in the client; ${formatRate(members / seconds)} members/s`,
      ceiling: `${TTD.maxInFlight} in flight`,
      utilization: atServer / TTD.maxInFlight,
      rejected429: stats.rejected429,
      syncs: outcome.syncs,
    };
  } finally {
    await server.close();
  }
}

/** No pacing at all, as a client without a limiter: each 429 is retried after its own Retry-After. */
const NO_PACING: RateLimiter = { requestsPerMinute: Number.POSITIVE_INFINITY, acquire: async () => undefined, pauseFor: () => undefined, observe: () => undefined };

interface RunOutcome {
  startedAt: number;
  elapsedMs: number;
  /** How the syncs ended: stopped at the deadline, or failed before. */
  syncs: string;
}

/** Starts the syncs, aborts them after `durationMs` (or when they all ended), and says how they ended. */
async function runFor(durationMs: number, start: (signal: AbortSignal) => Array<Promise<SyncReport>>, atEnd?: () => void): Promise<RunOutcome> {
  const controller = new AbortController();
  const startedAt = Date.now();
  let elapsedMs = durationMs;
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    elapsedMs = Math.min(durationMs, Date.now() - startedAt);
    atEnd?.();
    controller.abort(new Error('deadline'));
  };
  const syncs = start(controller.signal);
  const deadline = setTimeout(end, durationMs);
  const settled = await Promise.allSettled(syncs);
  end();
  clearTimeout(deadline);
  const failed = settled.flatMap((result) => (result.status === 'rejected' && !AbortError.isInstance(result.reason) ? [result.reason as { name?: string; statusCode?: number }] : []));
  const reasons = [...new Set(failed.map((reason) => `${reason.name ?? 'Error'}${reason.statusCode === undefined ? '' : ` ${reason.statusCode}`}`))].join(', ');
  const syncsText = failed.length === 0 ? `${syncs.length} stopped at the deadline` : `${failed.length}/${syncs.length} failed (${reasons})`;
  return { startedAt, elapsedMs, syncs: syncsText };
}

/** Members/s over the quota windows wholly inside the run, against the ceiling. */
function windowRow(quotaCase: QuotaCase, pacing: 'on' | 'off', outcome: RunOutcome, stats: QuotaServerStats): Row {
  const { windowMs, limit } = quotaCase.quota;
  const first = Math.ceil(outcome.startedAt / windowMs);
  const last = Math.floor((outcome.startedAt + outcome.elapsedMs) / windowMs); // exclusive
  const windows = Math.max(0, last - first);
  let members = 0;
  const callsPerWindow = new Map<number, number>();
  for (const call of stats.accepted) {
    const window = Math.floor(call.at / windowMs);
    if (window < first || window >= last) continue;
    members += call.members;
    callsPerWindow.set(window, (callsPerWindow.get(window) ?? 0) + 1);
  }
  const seconds = (windows * windowMs) / 1_000;
  const ceiling = (limit / (windowMs / 1_000)) * quotaCase.perRequest;
  const achieved = seconds === 0 ? 0 : members / seconds;
  return {
    platform: quotaCase.platform,
    pacing,
    seconds: outcome.elapsedMs / 1_000,
    achieved: `${formatRate(achieved)} members/s (calls per window: ${range(windows).map((n) => callsPerWindow.get(first + n) ?? 0).join(', ')})`,
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
    s: row.seconds.toFixed(0),
    achieved: row.achieved,
    ceiling: row.ceiling,
    utilization: `${(row.utilization * 100).toFixed(1)}%`,
    '429s': String(row.rejected429),
    syncs: row.syncs,
  }));
  const columns = Object.keys(table[0] ?? {}) as Array<keyof (typeof table)[number]>;
  const widths = columns.map((column) => Math.max(column.length, ...table.map((row) => row[column].length)));
  const line = (cells: string[]) => `  ${cells.map((cell, n) => cell.padEnd(widths[n]!)).join('  ')}`.trimEnd();
  console.log(line(columns));
  for (const row of table) console.log(line(columns.map((column) => row[column])));
}

/** A fetch that keeps the time integral of the calls it has in flight (call to body read). */
function countingFetch() {
  let inFlight = 0;
  let integral = 0;
  let changedAt = performance.now();
  const track = (delta: number) => {
    const at = performance.now();
    integral += inFlight * (at - changedAt);
    inFlight += delta;
    changedAt = at;
  };
  const counted: typeof globalThis.fetch = async (input, init) => {
    track(+1);
    try {
      const response = await globalThis.fetch(input, init);
      const body = await response.arrayBuffer();
      return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
    } finally {
      track(-1);
    }
  };
  return {
    fetch: counted,
    inFlightNow: (): InFlightSnapshot => {
      track(0);
      return { at: changedAt, integral };
    },
  };
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, n) => n);
}

/** Distinct 64-hex ids (valid SHA-256 hex) forever; stream `n` never repeats another's. */
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
