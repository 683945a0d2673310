import { runEndToEndBenchmark } from './e2e-benchmark.js';
await runEndToEndBenchmark({ members: Number(process.env.N ?? 50000), rounds: 1 });
