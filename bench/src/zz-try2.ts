import { memberLines } from './bench-members.js';
import { BENCH_PLATFORMS, type PlatformName } from './bench-platforms.js';
import { startServerProcess } from './server-process.js';
const mode = (process.env.MODE ?? 'fast') as 'fast' | 'mock';
const server = await startServerProcess(mode);
for (const name of (process.env.P ?? 'linkedin,criteo,ttd-crm,ttd-data').split(',') as PlatformName[]) {
  const p = BENCH_PLATFORMS[name];
  const members = memberLines(p.kind, Number(process.env.N ?? 200000)).map(p.member);
  const sync = await p.connect(server.url, mode);
  await sync(members.slice(0, 20000));
  const cpu0 = process.cpuUsage(); const t0 = performance.now();
  const r = await sync(members);
  const wall = performance.now() - t0; const cpu = process.cpuUsage(cpu0);
  const t1 = performance.now(); await p.hashOnly(members); const hash = performance.now() - t1;
  console.log(name, mode, 'wall', wall.toFixed(0), 'clientCpu', ((cpu.user + cpu.system) / 1000).toFixed(0), 'hash', hash.toFixed(0), 'sent', r.sent, JSON.stringify(await server.stats()));
}
await server.close();
