const MAX_RESET_MS = 120_000;

/**
 * Reads Criteo's `x-ratelimit-remaining` and `x-ratelimit-reset` (a Unix timestamp in seconds;
 * milliseconds or a delay in seconds are tolerated) into what `RateLimiter.observe` takes.
 * @example
 * readRateLimitHeaders(new Headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1628249355' }));
 */
export function readRateLimitHeaders(headers: Headers, now: number = Date.now()): { remaining: number | undefined; resetMs: number | undefined } {
  const remaining = numberHeader(headers, 'x-ratelimit-remaining');
  const reset = numberHeader(headers, 'x-ratelimit-reset');
  let resetMs: number | undefined;
  if (reset !== undefined) {
    if (reset > 1e12) resetMs = reset - now;
    else if (reset > 1e9) resetMs = reset * 1000 - now;
    else resetMs = reset * 1000;
    resetMs = Math.min(MAX_RESET_MS, Math.max(0, resetMs));
  }
  return { remaining, resetMs };
}

function numberHeader(headers: Headers, name: string): number | undefined {
  const raw = headers.get(name);
  if (raw === null || raw.trim() === '') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) ? value : undefined;
}
