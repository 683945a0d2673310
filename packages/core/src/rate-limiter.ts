import { sleep } from './sleep.js';

/** Options of {@link createRateLimiter}. */
export interface RateLimiterOptions {
  /** Sustained rate. */
  requestsPerMinute: number;
  /**
   * Requests that may start at once after an idle period. A small burst keeps the rate smooth
   * inside any one-minute window the platform measures.
   * @default max(1, ceil(requestsPerMinute / 60))
   */
  burst?: number;
  /** Clock, for tests. @default Date.now */
  now?: () => number;
}

/**
 * A token bucket shared by every request of a client (or of several clients of one account):
 * `acquire()` waits for a slot; `pauseFor()` holds everyone back after a Retry-After; `observe()`
 * slows down when `x-ratelimit-remaining` says the window is nearly spent.
 */
export interface RateLimiter {
  acquire(signal?: AbortSignal): Promise<void>;
  pauseFor(ms: number): void;
  observe(input: { remaining?: number | undefined; resetMs?: number | undefined }): void;
  readonly requestsPerMinute: number;
}

/**
 * Creates a token-bucket rate limiter.
 * @example
 * const limiter = createRateLimiter({ requestsPerMinute: 600 });
 * createLinkedInDmpClient({ ..., rateLimiter: limiter });
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const rate = options.requestsPerMinute / 60_000; // tokens per ms
  if (!(rate > 0)) throw new RangeError('createRateLimiter: requestsPerMinute must be positive.');
  const burst = Math.max(1, options.burst ?? Math.ceil(options.requestsPerMinute / 60));
  const now = options.now ?? Date.now;
  let tokens = burst;
  let updatedAt = now();
  let pausedUntil = 0;
  let chain: Promise<void> = Promise.resolve();

  const refill = () => {
    const at = now();
    tokens = Math.min(burst, tokens + (at - updatedAt) * rate);
    updatedAt = at;
  };

  const takeOne = async (signal: AbortSignal | undefined) => {
    for (;;) {
      const pause = pausedUntil - now();
      if (pause > 0) {
        await sleep(pause, signal);
        continue;
      }
      refill();
      if (tokens >= 1) {
        tokens -= 1;
        return;
      }
      await sleep(Math.ceil((1 - tokens) / rate), signal);
    }
  };

  return {
    requestsPerMinute: options.requestsPerMinute,
    acquire(signal) {
      // Serialise waiters so that slots go out in arrival order.
      const turn = chain.then(() => takeOne(signal));
      chain = turn.catch(() => undefined);
      return turn;
    },
    pauseFor(ms) {
      pausedUntil = Math.max(pausedUntil, now() + ms);
    },
    observe({ remaining, resetMs }) {
      if (remaining === undefined) return;
      if (remaining <= 0 && resetMs !== undefined) {
        pausedUntil = Math.max(pausedUntil, now() + resetMs);
        tokens = 0;
      }
    },
  };
}
