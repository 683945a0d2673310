import { cpus } from 'node:os';
import { PLATFORM_NAMES, type PlatformName } from './bench-platforms.js';
import { runEndToEndBenchmark } from './e2e-benchmark.js';
import { runPrepareBenchmark } from './prepare-benchmark.js';
import { runRssBenchmark } from './rss-benchmark.js';
import { spread } from './stats.js';

// Benchmarks print figures; they never fail on speed. Every size can be lowered for a quick look
// (BENCH_QUICK=1, or the knobs below; bench/README.md lists them).
const env = process.env;
const quick = env.BENCH_QUICK === '1';
const number = (name: string, full: number, small: number) => Number(env[name] ?? (quick ? small : full));
const platforms = (name: string, fallback: PlatformName[]) =>
  env[name] === undefined ? fallback : (env[name].split(',').filter((value) => value !== '') as PlatformName[]);
const figures = new Set((env.BENCH_FIGURES ?? 'a,b,c,d').split(','));

const started = performance.now();
const cpu = cpus();
console.log(`@x audience SDK benchmarks — node ${process.version}, ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown cpu'})${quick ? ', BENCH_QUICK' : ''}`);
const summary: string[] = [];
const median = (values: number[]) => `${spread(values).median.toFixed(2)}×`;

if (figures.has('a')) {
  const { ratios } = await runPrepareBenchmark({ members: number('BENCH_MEMBERS', 1_000_000, 200_000), rounds: number('BENCH_ROUNDS', 5, 3) });
  summary.push(`(a) prepare throughput, core / naive: ${median(ratios)} (goal ≥ 3×)`);
}

if (figures.has('b')) {
  const ratios = await runEndToEndBenchmark({
    members: number('BENCH_E2E_MEMBERS', 1_000_000, 200_000),
    rounds: number('BENCH_E2E_ROUNDS', 5, 2),
    platforms: platforms('BENCH_E2E_PLATFORMS', PLATFORM_NAMES),
    server: env.BENCH_E2E_SERVER === 'mock' ? 'mock' : 'fast',
  });
  summary.push(`(b) end-to-end / hash-only time: ${Object.entries(ratios).map(([name, values]) => `${name} ${median(values)}`).join(', ')} (goal ≤ 2.5×)`);
}

if (figures.has('c')) {
  // Written by another part of the work; main still runs while it does not exist.
  const specifier = './quota-benchmark.js';
  let quota: { runQuotaBenchmark: (options: { seconds: number }) => Promise<unknown> } | undefined;
  try {
    quota = (await import(specifier)) as typeof quota;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== 'ERR_MODULE_NOT_FOUND') throw error;
    console.log('(c) figure (c) not available (bench/src/quota-benchmark.ts is missing)');
  }
  if (quota !== undefined) {
    try {
      // About 4.5 × seconds in all.
      await quota.runQuotaBenchmark({ seconds: number('BENCH_QUOTA_SECONDS', 25, 8) });
      summary.push('(c) quota pacing: see above');
    } catch (error) {
      console.log(`(c) failed: ${(error as Error).message}`);
      process.exitCode = 1;
    }
  }
}

if (figures.has('d')) {
  const rss = await runRssBenchmark({
    small: number('BENCH_RSS_SMALL', 100_000, 20_000),
    large: number('BENCH_RSS_LARGE', 10_000_000, 1_000_000),
    platforms: platforms('BENCH_RSS_PLATFORMS', PLATFORM_NAMES),
    fileSource: platforms('BENCH_RSS_FILE', ['linkedin', 'criteo', 'ttd-data']),
    parallel: number('BENCH_RSS_PARALLEL', 2, 2),
  });
  summary.push(`(d) peak RSS large / small: ${rss.map((figure) => `${figure.platform}${figure.source === 'file' ? ' (file)' : ''} ${figure.ratio.toFixed(2)}×`).join(', ')} (goal ≤ 1.5×)`);
}

console.log('\nsummary (medians; the lines above give min/max):');
for (const line of summary) console.log(`  ${line}`);
console.log(`total ${((performance.now() - started) / 1000).toFixed(0)} s`);
