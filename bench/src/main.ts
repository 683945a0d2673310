import { runPrepareBenchmark } from './prepare-benchmark.js';

// Benchmarks print figures; they never fail on speed. Sizes can be lowered for a quick look.
const members = Number(process.env.BENCH_MEMBERS ?? 1_000_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);

console.log(`@x audience SDK benchmarks — node ${process.version}, ${(await import('node:os')).cpus().length} cores`);
await runPrepareBenchmark({ members, rounds });
