import { abortReason, sleep } from './sleep.js';

/** Options of {@link createRateLimiter}. */
export interface RateLimiterOptions {
  /** Sustained rate: the platform's documented quota, e.g. 600 for LinkedIn's `/users`. */
  requestsPerMinute: number;
  /**
   * Requests that may start at once after an idle period. A small burst keeps the rate smooth
   * inside any one-minute window the platform measures.
   * @default max(1, ceil(requestsPerMinute / 60))
   */
  burst?: number;
  /**
   * Length of the window over which the platform counts its quota. On top of the pacing, the
   * limiter never grants more than `requestsPerMinute × windowMs / 60000` requests within any span
   * this long, so that the burst of a cold start cannot push a window over the quota.
   * @default 60000
   */
  windowMs?: number;
  /** Clock, for tests. @default Date.now */
  now?: () => number;
}

/** What a response said about the quota (see `readRateLimitHeaders`). */
export interface RateLimitObservation {
  /** Requests the window allows (`x-ratelimit-limit`). */
  limit?: number | undefined;
  /** Requests left in the window (`x-ratelimit-remaining`). */
  remaining?: number | undefined;
  /** Milliseconds until the window resets (`x-ratelimit-reset`). */
  resetMs?: number | undefined;
}

/**
 * A token bucket shared by every request of a client — or of several clients of one account: give
 * them the same object and together they stay under the quota. `acquire()` waits for a slot (in
 * arrival order); `pauseFor()` holds every user back after a Retry-After; `observe()` waits for the
 * window's reset when `x-ratelimit-remaining` says it is spent.
 */
export interface RateLimiter {
  acquire(signal?: AbortSignal): Promise<void>;
  pauseFor(ms: number): void;
  observe(input: RateLimitObservation): void;
  readonly requestsPerMinute: number;
}

/**
 * Creates a token-bucket rate limiter. Pass it to `createHttpClient({ rateLimiter })` or to a
 * platform client; one limiter given to several clients paces them together.
 * @example
 * const limiter = createRateLimiter({ requestsPerMinute: 600 });
 * const first = createLinkedInDmpClient({ ...settings, rateLimiter: limiter });
 * const second = createLinkedInDmpClient({ ...otherSettings, rateLimiter: limiter }); // same member
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const rate = options.requestsPerMinute / 60_000; // tokens per ms
  if (!(rate > 0)) throw new RangeError('createRateLimiter: requestsPerMinute must be positive.');
  const windowMs = options.windowMs ?? 60_000;
  if (!(windowMs > 0)) throw new RangeError('createRateLimiter: windowMs must be positive.');
  const perWindow = Math.max(1, Math.floor(rate * windowMs));
  const burst = Math.min(perWindow, Math.max(1, options.burst ?? Math.ceil(options.requestsPerMinute / 60)));
  const now = options.now ?? Date.now;
  let tokens = burst;
  let updatedAt = now();
  let pausedUntil = 0;
  let chain: Promise<void> = Promise.resolve();
  // Times of the grants of the last window (a queue from `head`), at most `perWindow` of them.
  const granted: number[] = [];
  let head = 0;

  const refill = () => {
    const at = now();
    tokens = Math.min(burst, tokens + (at - updatedAt) * rate);
    updatedAt = at;
  };

  /** Milliseconds until the window has room for one more grant (0 when it has). */
  const windowWait = (at: number): number => {
    while (head < granted.length && (granted[head] as number) <= at - windowMs) head++;
    if (head > 1_024 && head * 2 > granted.length) {
      granted.splice(0, head);
      head = 0;
    }
    if (granted.length - head < perWindow) return 0;
    return (granted[head] as number) + windowMs - at;
  };

  const takeOne = async (signal: AbortSignal | undefined) => {
    for (;;) {
      if (signal?.aborted) throw abortReason(signal);
      const at = now();
      const wait = Math.max(pausedUntil - at, windowWait(at));
      if (wait > 0) {
        await sleep(Math.ceil(wait), signal);
        continue;
      }
      refill();
      if (tokens >= 1) {
        tokens -= 1;
        granted.push(at);
        return;
      }
      await sleep(Math.ceil((1 - tokens) / rate), signal);
    }
  };

  return {
    requestsPerMinute: options.requestsPerMinute,
    acquire(signal) {
      // Serialise waiters so that slots go out in arrival order; an aborted waiter leaves at once.
      const turn = chain.then(() => takeOne(signal));
      chain = turn.catch(() => undefined);
      return signal === undefined ? turn : raceAbort(turn, signal);
    },
    pauseFor(ms) {
      pausedUntil = Math.max(pausedUntil, now() + ms);
    },
    observe({ remaining, resetMs }) {
      if (remaining === undefined) return;
      refill();
      tokens = Math.min(tokens, Math.max(0, remaining));
      if (remaining <= 0 && resetMs !== undefined) pausedUntil = Math.max(pausedUntil, now() + resetMs);
    },
  };
}

function raceAbort(turn: Promise<void>, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    turn.then(
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
