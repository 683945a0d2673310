import type { SyncIssue, SyncOperation, SyncOptions, SyncProgress, SyncReport } from './sync-report.js';

/** Keeps the counts of one sync and builds its report; the only place that increments them. */
export class SyncAccounting {
  private readonly counts: SyncProgress;
  private readonly issues: SyncIssue[] = [];
  private readonly maxIssues: number;

  constructor(
    operation: SyncOperation,
    segmentId: string,
    private readonly options: Pick<SyncOptions, 'onIssue' | 'onProgress' | 'maxIssues'> = {},
  ) {
    this.counts = { operation, segmentId, received: 0, invalid: 0, duplicates: 0, sent: 0, accepted: 0, rejected: 0, batches: 0, retries: 0 };
    this.maxIssues = Math.max(0, options.maxIssues ?? 10_000);
  }

  invalid(index: number, code: string, message: string): void {
    this.counts.received++;
    this.counts.invalid++;
    this.issue({ index, code, message });
  }

  duplicate(): void {
    this.counts.received++;
    this.counts.duplicates++;
  }

  /** A batch was answered: `size` members sent, of which the named and unnamed rejections. */
  batchAnswered(input: { size: number; rejected: SyncIssue[]; unattributedRejected?: number; retries: number }): void {
    const rejected = Math.min(input.size, input.rejected.length + (input.unattributedRejected ?? 0));
    this.counts.received += input.size;
    this.counts.sent += input.size;
    this.counts.rejected += rejected;
    this.counts.accepted += input.size - rejected;
    this.counts.batches++;
    this.counts.retries += input.retries;
    for (const issue of input.rejected) this.issue(issue);
    this.options.onProgress?.({ ...this.counts });
  }

  /** Retries spent on a request that carried no members (lookups, token calls, a failed batch). */
  addRetries(retries: number): void {
    this.counts.retries += retries;
  }

  report(): SyncReport {
    return { ...this.counts, issues: [...this.issues] };
  }

  private issue(issue: SyncIssue): void {
    if (this.issues.length < this.maxIssues) this.issues.push(issue);
    this.options.onIssue?.(issue);
  }
}
