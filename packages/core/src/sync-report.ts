/** What a sync did. */
export type SyncOperation = 'add' | 'remove' | 'replace' | 'opt-out' | 'deletion';

/** One member that was invalid or rejected. Never holds the raw identifier. */
export interface SyncIssue {
  /** 0-based position of the member in the caller's input. */
  index: number;
  /** Stable machine-readable code, e.g. `missing-at` or the platform's `UserNotMapped`. */
  code: string;
  message: string;
}

/**
 * The outcome of an add/remove/replace. Invariants: `received = invalid + duplicates + sent` and
 * `sent = accepted + rejected`.
 */
export interface SyncReport {
  operation: SyncOperation;
  segmentId: string;
  /** Members read from the input (and accounted for). */
  received: number;
  /** Members that failed normalization or validation; each has an issue. */
  invalid: number;
  /** Members whose prepared id repeated an earlier one in the same call. */
  duplicates: number;
  /** Members the platform answered for. */
  sent: number;
  /** Members the platform took. */
  accepted: number;
  /** Members the platform refused (per-member issue where it named them). */
  rejected: number;
  /** Requests that carried members. */
  batches: number;
  /** Retries spent over all requests (token refreshes included). */
  retries: number;
  /** Invalid and rejected members, the first `maxIssues` of them. */
  issues: SyncIssue[];
}

/** Progress after each batch (counts so far). */
export type SyncProgress = Omit<SyncReport, 'issues'>;

/** Options shared by every add/remove/replace. */
export interface SyncOptions {
  /**
   * Aborts the sync: nothing more is sent and the call rejects with an `AbortError` whose `report`
   * holds the counts so far.
   */
  signal?: AbortSignal | undefined;
  /** Called after each batch with the counts so far. */
  onProgress?: ((progress: SyncProgress) => void) | undefined;
  /** Sees every issue, also past `maxIssues`. */
  onIssue?: ((issue: SyncIssue) => void) | undefined;
  /**
   * Issues kept in the report; the rest are counted and passed to `onIssue` only, so that memory
   * stays flat on huge inputs.
   * @default 10000
   */
  maxIssues?: number | undefined;
  /**
   * Requests in flight at once.
   * @default the platform's safe default (see each client)
   */
  concurrency?: number | undefined;
}
