import type { ResolvedRetryOptions } from './retry-options.js';

/**
 * Milliseconds the server asked us to wait, from `retry-after-ms`, then `Retry-After` as seconds
 * or as an HTTP date. Undefined when there is no usable header.
 */
export function parseRetryAfter(headers: Headers | undefined, now: number = Date.now()): number | undefined {
  if (headers === undefined) return undefined;
  const milliseconds = headers.get('retry-after-ms');
  if (milliseconds !== null && milliseconds.trim() !== '') {
    const value = Number(milliseconds);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const retryAfter = headers.get('retry-after');
  if (retryAfter === null || retryAfter.trim() === '') return undefined;
  const seconds = Number(retryAfter);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(retryAfter);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * The wait before retry number `attempt` (0-based): the server's Retry-After when given (capped
 * at maxRetryAfterMs), else full jitter in [0, min(maxDelayMs, initialDelayMs × 2^attempt)].
 */
export function retryDelay(options: {
  attempt: number;
  retryAfterMs: number | undefined;
  retry: Pick<ResolvedRetryOptions, 'initialDelayMs' | 'maxDelayMs' | 'maxRetryAfterMs' | 'random'>;
}): number {
  const { attempt, retryAfterMs, retry } = options;
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, retry.maxRetryAfterMs);
  const ceiling = Math.min(retry.maxDelayMs, retry.initialDelayMs * 2 ** attempt);
  return Math.floor(retry.random() * ceiling);
}
