import { runRssBenchmark } from './rss-benchmark.js';
await runRssBenchmark({ parallel: Number(process.env.PAR ?? 2), small: Number(process.env.S ?? 100000), large: Number(process.env.L ?? 1000000), platforms: (process.env.P ?? 'linkedin,criteo,ttd-crm,ttd-data').split(',') as never, fileSource: (process.env.F ? process.env.F.split(',') : []) as never });
