import type { HttpClient } from '@x/core';

/** What the client's operations share. */
export interface TtdCrmContext {
  api: HttpClient;
  /** No TTD-Auth, longer attempt timeout: for presigned upload URLs only. */
  upload: HttpClient;
  advertiserId: string;
  minimumRecords: number;
  spool: { thresholdBytes: number; directory: string | undefined };
  /** Backoff settings for re-listing after an ambiguous segment creation. */
  retry: { maxRetries: number; initialDelayMs: number; maxDelayMs: number; maxRetryAfterMs: number; random: () => number };
  /** Exact strings to scrub from error text (the token). */
  secrets: string[];
}

export function encodePath(value: string): string {
  return encodeURIComponent(value);
}
