import { benchEmails, corePrepare, measure, naivePrepare } from './prepare-throughput.js';
import { formatSpread } from './stats.js';

/**
 * Figure (a): the SDK's prepare throughput over a naive per-item pipeline, alternating the two
 * in one process so that machine noise hits both alike. Goal: ≥ 3×.
 */
export async function runPrepareBenchmark(options: { members: number; rounds: number }): Promise<{ ratios: number[] }> {
  const emails = benchEmails(options.members);
  // Warm both paths up so that the JIT has settled before anything is timed.
  await naivePrepare(emails.slice(0, 50_000), 5_000);
  await corePrepare(emails.slice(0, 50_000), 5_000);
  const ratios: number[] = [];
  const naiveRates: number[] = [];
  const coreRates: number[] = [];
  for (let round = 0; round < options.rounds; round++) {
    const naive = await measure(() => naivePrepare(emails, 5_000), emails.length);
    const core = await measure(() => corePrepare(emails, 5_000), emails.length);
    naiveRates.push(naive / 1e6);
    coreRates.push(core / 1e6);
    ratios.push(core / naive);
  }
  console.log(`(a) prepare throughput, ${options.members.toLocaleString('en-US')} emails (normalize + SHA-256 hex + dedupe + batches of 5,000)`);
  console.log(`    naive per-item (createHash, Set<string>): ${formatSpread(naiveRates, 2, 'M/s')}`);
  console.log(`    @x/core runSync prepare:                  ${formatSpread(coreRates, 2, 'M/s')}`);
  console.log(`    ratio core / naive:                       ${formatSpread(ratios, 2, '×')}   goal ≥ 3×`);
  return { ratios };
}
