import { performance } from 'node:perf_hooks';
import { memberLines } from './bench-members.js';
import { BENCH_PLATFORMS, type PlatformName } from './bench-platforms.js';
import { startServerProcess } from './server-process.js';
const name = (process.env.P ?? 'linkedin') as PlatformName;
const server = await startServerProcess('fast');
const platform = BENCH_PLATFORMS[name];
const members = memberLines(platform.kind, 300_000).map(platform.member);
const sync = await platform.connect(server.url, 'fast', '900001');
for (let i = 0; i < 5; i++) {
  const t = performance.now(); await sync(members); const e = performance.now() - t;
  const h0 = performance.now(); await platform.hashOnly(members); const h = performance.now() - h0;
  console.log(name, (e * 1000 / members.length).toFixed(2), 'us e2e;', (h * 1000 / members.length).toFixed(2), 'us hash-only; ratio', (e / h).toFixed(2));
}
await server.close();
