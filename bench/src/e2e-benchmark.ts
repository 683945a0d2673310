import type { SyncReport } from '@x/core';
import { memberLines } from './bench-members.js';
import { BENCH_PLATFORMS, PLATFORM_NAMES, type PlatformName, type ServerMode } from './bench-platforms.js';
import { startServerProcess } from './server-process.js';
import { formatSpread } from './stats.js';

/**
 * Figure (b): an end-to-end sync (prepare, build and send the requests over real sockets, read
 * the answers, account) against a server in a child process, over the hash-only pass of the same
 * members in this process. Both passes alternate, so machine noise hits both alike. Goal: ≤ 2.5×.
 * `server: 'fast'` (default) is the minimal counting responder; `'mock'` the platforms' msw mocks,
 * which validate every member and are slower than the client (the figure then measures them).
 */
export async function runEndToEndBenchmark(options: { members: number; rounds: number; platforms?: PlatformName[]; server?: ServerMode }): Promise<Record<string, number[]>> {
  const mode = options.server ?? 'fast';
  const server = await startServerProcess(mode);
  const ratios: Record<string, number[]> = {};
  console.log(`(b) end-to-end sync over real sockets vs hash-only pass, ${options.members.toLocaleString('en-US')} members per platform`);
  console.log(
    mode === 'fast'
      ? '    server: minimal node:http responder in a child process (checks auth, counts members); client in this process'
      : "    server: the platforms' msw mocks (validating, stateful) in a child process; client in this process",
  );
  try {
    for (const name of options.platforms ?? PLATFORM_NAMES) {
      const platform = BENCH_PLATFORMS[name];
      const members = memberLines(platform.kind, options.members).map(platform.member);
      const segment = '900001';
      const sync = await platform.connect(server.url, mode, segment);
      // Warm both paths (JIT, keep-alive sockets, token) before anything is timed.
      const warm = members.slice(0, Math.min(members.length, 20_000));
      let totalSent = (await sync(warm)).sent;
      await platform.hashOnly(warm);

      const e2eRates: number[] = [];
      const hashRates: number[] = [];
      let report: SyncReport | undefined;
      for (let round = 0; round < options.rounds; round++) {
        // Alternate which pass goes first, so a slow spell of the machine is shared.
        const passes = round % 2 === 0 ? (['e2e', 'hash'] as const) : (['hash', 'e2e'] as const);
        for (const pass of passes) {
          const started = performance.now();
          const result = pass === 'e2e' ? await sync(members) : await platform.hashOnly(members);
          const seconds = (performance.now() - started) / 1000;
          (pass === 'e2e' ? e2eRates : hashRates).push(members.length / seconds / 1e6);
          if (pass === 'e2e') {
            report = result;
            totalSent += result.sent;
          }
        }
        await server.trim();
      }
      ratios[name] = hashRates.map((rate, round) => rate / (e2eRates[round] as number));
      const stats = await server.stats();
      // The mock holds each distinct member once; the fast server counts every member of every pass.
      const held =
        mode === 'mock'
          ? `mock holds ${(stats[platform.statsKey] ?? 0).toLocaleString('en-US')}`
          : `server counted ${(stats[`${platform.statsKey}/${segment}`] ?? 0) === totalSent ? 'every member sent' : `${stats[`${platform.statsKey}/${segment}`] ?? 0} of ${totalSent} sent (!)`}`;
      const check = report === undefined ? '' : `${held} (accepted ${report.accepted.toLocaleString('en-US')}, invalid ${report.invalid.toLocaleString('en-US')}, duplicates ${report.duplicates.toLocaleString('en-US')})`;
      console.log(`    ${platform.label.padEnd(22)} end-to-end ${formatSpread(e2eRates, 2, 'M/s')}; hash-only ${formatSpread(hashRates, 2, 'M/s')}`);
      console.log(`    ${''.padEnd(22)} ratio end-to-end / hash-only time: ${formatSpread(ratios[name], 2, '×')}   goal ≤ 2.5×   ${check}`);
    }
  } finally {
    await server.close();
  }
  return ratios;
}
