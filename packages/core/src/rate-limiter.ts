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
   * Length of the window over which the platform counts its quota. On top of the pacing, at most
   * `requestsPerMinute × windowMs / 60000` requests reach the server within any span this long, so
   * that neither the burst of a cold start nor network jitter pushes a window over the quota. (A
   * request counts from its grant until `windowMs` after its answer, when the caller reports the
   * answer: it reached the server at some moment in between.)
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
  /**
   * Waits for a slot. May resolve with a function to call once the request is answered (or has
   * failed), so that the quota window counts it from then; not calling it is safe (the request
   * then leaves the window one window later).
   */
  acquire(signal?: AbortSignal): Promise<void | (() => void)>;
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
  let chain: Promise<unknown> = Promise.resolve();
  // The grants that may still fall in the current window, oldest first (a queue from `head`).
  const granted: Grant[] = [];
  let head = 0;
  // Wakes the waiter (there is one at a time) when an answer frees the window earlier than planned.
  let wake: (() => void) | undefined;
  // An unanswered grant stays in the window for two windows at most.
  const leavesAt = (grant: Grant) => (grant.answeredAt ?? grant.at + windowMs) + windowMs;

  const refill = () => {
    const at = now();
    tokens = Math.min(burst, tokens + (at - updatedAt) * rate);
    updatedAt = at;
  };

  /** Milliseconds until the window has room for one more grant (0 when it has). */
  const windowWait = (at: number): number => {
    while (head < granted.length && leavesAt(granted[head] as Grant) <= at) head++;
    if (head > 1_024 && head * 2 > granted.length) {
      granted.splice(0, head);
      head = 0;
    }
    // Counting from the oldest errs on the safe side when a later grant was answered sooner.
    if (granted.length - head < perWindow) return 0;
    return leavesAt(granted[head] as Grant) - at;
  };

  const takeOne = async (signal: AbortSignal | undefined): Promise<() => void> => {
    for (;;) {
      if (signal?.aborted) throw abortReason(signal);
      const at = now();
      const wait = Math.max(pausedUntil - at, windowWait(at));
      if (wait > 0) {
        await sleepUnlessWoken(Math.ceil(wait), signal, (wakeUp) => (wake = wakeUp));
        continue;
      }
      refill();
      if (tokens >= 1) {
        tokens -= 1;
        const grant: Grant = { at, answeredAt: undefined };
        granted.push(grant);
        return () => {
          if (grant.answeredAt !== undefined) return;
          grant.answeredAt = now();
          wake?.();
        };
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

interface Grant {
  at: number;
  answeredAt: number | undefined;
}

/** Like `sleep`, but `register` receives a function that ends the wait early. */
function sleepUnlessWoken(ms: number, signal: AbortSignal | undefined, register: (wakeUp: (() => void) | undefined) => void): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  return new Promise((resolve, reject) => {
    const finish = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      register(undefined);
    };
    const onAbort = () => {
      finish();
      reject(abortReason(signal as AbortSignal));
    };
    const timer = setTimeout(() => {
      finish();
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
    register(() => {
      finish();
      resolve();
    });
  });
}

function raceAbort<T>(turn: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    turn.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
