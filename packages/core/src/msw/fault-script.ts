import { HttpResponse } from 'msw';

/** A fault a mock can inject instead of its normal answer. */
export type Fault =
  | { type: 'status'; status: number; retryAfter?: number | string; headers?: Record<string, string>; body?: unknown }
  | { type: 'network-error' }
  /** Waits, then answers normally (drive a client's per-attempt timeout). */
  | { type: 'delay'; ms: number };

/** Which calls a fault applies to. */
export interface FaultMatch {
  method?: string;
  /** Substring or pattern of the URL path. */
  path?: string | RegExp;
}

interface Scripted {
  fault: Fault;
  remaining: number;
  match: FaultMatch | undefined;
}

/** Faults scripted by call order ("fail the next 2 PATCH calls with 503"), plus random faults for soaks. */
export interface FaultScript {
  /** Queue `fault` for the next `times` matching calls. */
  failNext(fault: Fault, options?: { times?: number; match?: FaultMatch }): void;
  /** Inject faults at random into a share of the matching calls, from a seeded generator. */
  randomFaults(options: { rate: number; seed: number; faults: Fault[]; match?: FaultMatch }): void;
  /** The fault for this call, if any (consumes a scripted one). */
  take(request: Request): Fault | undefined;
  reset(): void;
}

export function createFaultScript(): FaultScript {
  let queue: Scripted[] = [];
  let random: { rate: number; next: () => number; faults: Fault[]; match: FaultMatch | undefined } | undefined;

  return {
    failNext(fault, options = {}) {
      queue.push({ fault, remaining: options.times ?? 1, match: options.match });
    },
    randomFaults({ rate, seed, faults, match }) {
      random = { rate, next: seededRandom(seed), faults, match };
    },
    take(request) {
      const scripted = queue.find((entry) => matches(entry.match, request));
      if (scripted !== undefined) {
        scripted.remaining--;
        if (scripted.remaining <= 0) queue = queue.filter((entry) => entry !== scripted);
        return scripted.fault;
      }
      if (random !== undefined && matches(random.match, request) && random.next() < random.rate) {
        return random.faults[Math.floor(random.next() * random.faults.length)];
      }
      return undefined;
    },
    reset() {
      queue = [];
      random = undefined;
    },
  };
}

/** The msw answer for a status or network fault (`delay` faults are waited by the caller). */
export function faultResponse(fault: Exclude<Fault, { type: 'delay' }>): Response {
  if (fault.type === 'network-error') return HttpResponse.error();
  const headers: Record<string, string> = { ...fault.headers };
  if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
  if (fault.body === undefined) return new HttpResponse(null, { status: fault.status, headers });
  if (typeof fault.body === 'string') return new HttpResponse(fault.body, { status: fault.status, headers });
  return HttpResponse.json(fault.body as Record<string, unknown>, { status: fault.status, headers });
}

function matches(match: FaultMatch | undefined, request: Request): boolean {
  if (match === undefined) return true;
  if (match.method !== undefined && match.method.toUpperCase() !== request.method) return false;
  if (match.path !== undefined) {
    const path = new URL(request.url).pathname;
    if (typeof match.path === 'string' ? !path.includes(match.path) : !match.path.test(path)) return false;
  }
  return true;
}

/** mulberry32: small, fast and good enough for reproducible fault injection. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
