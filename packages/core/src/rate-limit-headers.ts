/** The quota a response reported; each field `undefined` when its header is absent or unreadable. */
export interface RateLimitHeaders {
  limit: number | undefined;
  remaining: number | undefined;
  /** Milliseconds until the window resets, never negative. */
  resetMs: number | undefined;
}

/** Options of {@link readRateLimitHeaders}. */
export interface ReadRateLimitHeadersOptions {
  /** Clock the reset time is measured from. @default Date.now() */
  now?: number;
  /** Longest wait a reset may ask for; a farther reset is cut to this. @default 120000 */
  maxResetMs?: number;
}

/**
 * Reads the quota headers of a response into what `RateLimiter.observe` takes:
 * `x-ratelimit-limit`, `x-ratelimit-remaining` and `x-ratelimit-reset` (or the IETF draft's
 * `ratelimit-*`). The reset may be a Unix time in seconds (Criteo, GitHub) or milliseconds, or a
 * delay in seconds: values above 10^12 are read as epoch milliseconds, above 10^9 as epoch
 * seconds, smaller ones as seconds from now. Missing or non-numeric headers read as `undefined`.
 * @example
 * readRateLimitHeaders(new Headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1790000000' }));
 * // → { limit: undefined, remaining: 0, resetMs: <ms until that second> }
 */
export function readRateLimitHeaders(headers: Headers, options: ReadRateLimitHeadersOptions = {}): RateLimitHeaders {
  const now = options.now ?? Date.now();
  const maxResetMs = options.maxResetMs ?? 120_000;
  const limit = numberHeader(headers, 'limit');
  const remaining = numberHeader(headers, 'remaining');
  const reset = numberHeader(headers, 'reset');
  let resetMs: number | undefined;
  if (reset !== undefined) {
    if (reset > 1e12) resetMs = reset - now;
    else if (reset > 1e9) resetMs = reset * 1_000 - now;
    else resetMs = reset * 1_000;
    resetMs = Math.min(maxResetMs, Math.max(0, resetMs));
  }
  return { limit, remaining, resetMs };
}

function numberHeader(headers: Headers, name: string): number | undefined {
  const raw = headers.get(`x-ratelimit-${name}`) ?? headers.get(`ratelimit-${name}`);
  if (raw === null || raw.trim() === '') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) ? value : undefined;
}
