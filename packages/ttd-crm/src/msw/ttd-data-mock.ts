import { createFaultScript, withFaults, type Fault, type FaultMatch, type RecordedCall } from '@x/core/msw';
import { http, HttpResponse, type HttpHandler } from 'msw';
import { TTD_DATA_DEFAULT_MAX_BODY_BYTES } from '../ttd-data-constants.js';
import { TTD_DATA_HOSTS, TTD_DATA_PATHS } from '../ttd-data-hosts.js';
import { checkTtdDataAuth } from './ttd-data-mock-auth.js';
import { createTtdDataMockState, membershipKey, type TtdDataMockState } from './ttd-data-mock-state.js';
import { validateTtdDataBody, type TtdDataMockFailedLine } from './ttd-data-mock-validate.js';

/** Options of {@link createTtdDataMock}. */
export interface TtdDataMockOptions {
  /**
   * The advertiser the mock serves; a body naming another one gets 403.
   * @default any advertiser
   */
  advertiserId?: string;
  /**
   * Advertiser secret: `TtdSignature` must be base64(HMAC-SHA1(secret, body)), else 403.
   * @default unset: any well-formed signature passes unless `authToken` is set
   */
  secretKey?: string;
  /**
   * Data API token `TTD-Auth` must equal, else 401.
   * @default unset: any token passes unless `secretKey` is set
   */
  authToken?: string;
  /**
   * Bodies above this many bytes get 413.
   * @default 2500000
   */
  maxBodyBytes?: number;
  /**
   * Status of an answer listing invalid items in `FailedLines` (the valid ones are stored).
   * @default 400
   */
  invalidItemStatus?: 200 | 400;
  /**
   * More base URLs to serve, besides every regional host (`TTD_DATA_HOSTS`).
   * @default []
   */
  baseUrls?: string[];
  /**
   * Clock for TTL expiry (epoch ms).
   * @default Date.now
   */
  now?: () => number;
}

/** The mock: msw handlers, its state, the calls it saw and fault scripting. */
export interface TtdDataMock {
  /** Handlers for `POST /data/advertiser` and `/data/deletion-optout/advertiser` on every host. */
  handlers: HttpHandler[];
  state: TtdDataMockState;
  /** Every request (method, url, headers, parsed body, raw body, status), faults included. */
  calls: RecordedCall[];
  /**
   * Answers the next matching call(s) with a fault: `{ type: 'status', status: 429, retryAfter: 1 }`,
   * `{ type: 'status', status: 503 }`, `{ type: 'network-error' }`, `{ type: 'delay', ms }`.
   */
  failNext(fault: Fault, options?: { times?: number; match?: FaultMatch }): void;
  /**
   * Injects faults into a share of the matching calls, drawn from a seeded generator (soak tests),
   * e.g. `randomFaults({ rate: 0.2, seed: 1, faults: [{ type: 'status', status: 503 }, { type: 'network-error' }] })`.
   * A `delay` fault still stores the request after waiting, like a server that answers too late.
   */
  randomFaults(options: { rate: number; seed: number; faults: Fault[]; match?: FaultMatch }): void;
  /**
   * From now on, answers these ids with a `FailedLines` entry (HTTP 200) instead of storing them,
   * e.g. `rejectIds([tdid], 'UserNotMapped')`. GUIDs match case-insensitively.
   */
  rejectIds(ids: Iterable<string>, errorCode?: string): void;
  /** Forgets state, calls, scripted faults and rejected ids (options stay). */
  reset(): void;
}

/**
 * A stateful in-memory fake of TTD's first-party Data API for msw: memberships per segment Name
 * with TTL expiry (TTL 0 removes), opt-outs, HMAC or token auth, TTD's validation and error shapes,
 * scripted faults and a call log.
 * @example
 * const ttd = createTtdDataMock({ secretKey: 'test-secret' });
 * const server = setupServer(...ttd.handlers);
 * // ... run the code under test, then:
 * expect(ttd.state.has('my-cohort', { tdid })).toBe(true);
 */
export function createTtdDataMock(options: TtdDataMockOptions = {}): TtdDataMock {
  const now = options.now ?? Date.now;
  const maxBodyBytes = options.maxBodyBytes ?? TTD_DATA_DEFAULT_MAX_BODY_BYTES;
  const credentials = { secretKey: options.secretKey, authToken: options.authToken };
  const state = createTtdDataMockState(now);
  const calls: RecordedCall[] = [];
  const faults = createFaultScript();
  // Scripted rejections: exact ids, and GUIDs lower-cased (TDID/DAID compare case-insensitively).
  const rejectedExact = new Map<string, string>();
  const rejectedGuid = new Map<string, string>();
  const rejectionOf = (idType: string, id: string): string | undefined =>
    idType === 'TDID' || idType === 'DAID' ? rejectedGuid.get(id.toLowerCase()) : rejectedExact.get(id);

  async function answer(request: Request, kind: 'advertiser' | 'dsr'): Promise<Response> {
    const raw = new Uint8Array(await request.arrayBuffer());
    if (raw.byteLength > maxBodyBytes) return text(413, 'Request Entity Too Large');
    const refusal = checkTtdDataAuth(request, raw, credentials);
    if (refusal !== undefined) return text(refusal.status, refusal.message);
    const parsed = validateTtdDataBody(Buffer.from(raw).toString('utf8'), kind);
    if ('refused' in parsed) return text(400, parsed.refused);
    if (options.advertiserId !== undefined && parsed.advertiserId !== options.advertiserId) {
      return text(403, 'The credentials do not allow posting data for this advertiser.');
    }
    const scripted: TtdDataMockFailedLine[] = [];
    const at = now();
    for (const item of parsed.items) {
      const code = rejectionOf(item.idType, item.id);
      if (code !== undefined) {
        scripted.push({ ErrorCode: code, Message: 'The user id could not be processed.', ItemNumber: item.itemNumber });
        continue;
      }
      const key = membershipKey(item.idType, item.id);
      if (parsed.requestType !== undefined) {
        state.optOuts.push({ advertiserId: parsed.advertiserId, requestType: parsed.requestType, idType: item.idType, id: item.id });
        for (const members of state.segments.values()) members.delete(key);
        continue;
      }
      for (const data of item.data) {
        let members = state.segments.get(data.name);
        if (members === undefined) state.segments.set(data.name, (members = new Map()));
        if (data.ttlMinutes === 0) members.delete(key);
        else members.set(key, { advertiserId: parsed.advertiserId, idType: item.idType, id: item.id, ttlMinutes: data.ttlMinutes, expiresAt: at + data.ttlMinutes * 60_000 });
      }
    }
    const failed = [...parsed.failed, ...scripted].sort((a, b) => a.ItemNumber - b.ItemNumber);
    if (parsed.failed.length > 0) return HttpResponse.json({ FailedLines: failed }, { status: options.invalidItemStatus ?? 400 });
    return HttpResponse.json(failed.length > 0 ? { FailedLines: failed } : {}, { status: 200 });
  }

  const hosts = [...new Set([...Object.values(TTD_DATA_HOSTS), ...(options.baseUrls ?? [])].map((base) => base.replace(/\/+$/, '')))];
  const handlers = hosts.flatMap((host) => [
    http.post(`${host}${TTD_DATA_PATHS.advertiser}`, withFaults(faults, calls, ({ request }) => answer(request, 'advertiser'))),
    http.post(`${host}${TTD_DATA_PATHS.optOut}`, withFaults(faults, calls, ({ request }) => answer(request, 'dsr'))),
  ]);

  return {
    handlers,
    state,
    calls,
    failNext: (fault, failOptions) => faults.failNext(fault, failOptions),
    randomFaults: (randomOptions) => faults.randomFaults(randomOptions),
    rejectIds(ids, errorCode = 'UserNotMapped') {
      for (const id of ids) {
        rejectedExact.set(id, errorCode);
        rejectedGuid.set(id.toLowerCase(), errorCode);
      }
    },
    reset() {
      state.clear();
      calls.length = 0;
      faults.reset();
      rejectedExact.clear();
      rejectedGuid.clear();
    },
  };
}

/** TTD answers some errors as plain text under a JSON content type; the mock does too. */
function text(status: number, message: string): Response {
  return new HttpResponse(message, { status, headers: { 'content-type': 'application/json; charset=utf-8' } });
}
