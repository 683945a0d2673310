import type { SyncReport } from '@x/core';

/** Prints one report as a short block: the counts, the issue codes and the throughput. */
export function printReport(title: string, report: SyncReport, elapsedMs: number): void {
  const codes = new Map<string, number>();
  for (const issue of report.issues) codes.set(issue.code, (codes.get(issue.code) ?? 0) + 1);
  const perSecond = Math.round(report.received / (elapsedMs / 1000));
  const extra = Object.entries(report)
    .filter(([key]) => !['operation', 'segmentId', 'received', 'invalid', 'duplicates', 'sent', 'accepted', 'rejected', 'batches', 'retries', 'issues'].includes(key))
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(' ');
  const invariants = report.received === report.invalid + report.duplicates + report.sent && report.sent === report.accepted + report.rejected;
  console.log(`\n== ${title}`);
  console.log(`   ${report.operation} → segment ${report.segmentId}${extra ? ` (${extra})` : ''}`);
  console.log(
    `   received ${report.received} = invalid ${report.invalid} + duplicates ${report.duplicates} + sent ${report.sent}; ` +
      `sent = accepted ${report.accepted} + rejected ${report.rejected}  [invariants ${invariants ? 'hold' : 'BROKEN'}]`,
  );
  console.log(`   batches ${report.batches}, retries ${report.retries}, issues by code: ${[...codes].map(([code, count]) => `${code}×${count}`).join(', ') || 'none'}`);
  console.log(`   ${elapsedMs.toFixed(0)} ms, ${perSecond.toLocaleString('en-US')} members/s`);
}
