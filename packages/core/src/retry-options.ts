/**
 * How failed requests are retried: 408, 429, 5xx and network errors and timeouts, with
 * `retry-after-ms` / `Retry-After` honoured up to `maxRetryAfterMs`, otherwise capped full-jitter
 * exponential backoff. POST and PATCH are retried only when the call is safe to repeat.
 * @example
 * createLinkedInDmpClient({ ..., retry: { maxRetries: 3, maxDelayMs: 10_000 } });
 */
export interface RetryOptions {
  /**
   * Retries per request after the first attempt. The default suits unattended batch jobs: a 20%
   * transient failure rate then practically never loses a batch.
   * @default 8
   */
  maxRetries?: number;
  /**
   * Base of the exponential backoff: attempt n waits a random time in [0, min(maxDelayMs, initialDelayMs × 2^n)].
   * @default 500
   */
  initialDelayMs?: number;
  /**
   * Cap of one backoff delay.
   * @default 30000
   */
  maxDelayMs?: number;
  /**
   * Cap of a delay asked for by `Retry-After`; a longer ask waits this long, then retries.
   * @default 120000
   */
  maxRetryAfterMs?: number;
  /**
   * Time limit of one attempt; a timeout is retried like a network error.
   * @default 60000
   */
  timeoutMs?: number;
  /**
   * Random source in [0, 1) for jitter; tests pin it.
   * @default Math.random
   */
  random?: () => number;
}

export interface ResolvedRetryOptions {
  maxRetries: number;
  initialDelayMs: number;
  maxDelayMs: number;
  maxRetryAfterMs: number;
  timeoutMs: number;
  random: () => number;
}

export function resolveRetryOptions(options: RetryOptions = {}): ResolvedRetryOptions {
  return {
    maxRetries: options.maxRetries ?? 8,
    initialDelayMs: options.initialDelayMs ?? 500,
    maxDelayMs: options.maxDelayMs ?? 30_000,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 120_000,
    timeoutMs: options.timeoutMs ?? 60_000,
    random: options.random ?? Math.random,
  };
}
