import { memberLines } from './bench-members.js';
import { BENCH_PLATFORMS, type PlatformName } from './bench-platforms.js';
import { startServerProcess } from './server-process.js';
const name = (process.env.P ?? 'linkedin') as PlatformName;
const server = await startServerProcess('fast');
const platform = BENCH_PLATFORMS[name];
const members = memberLines(platform.kind, 300_000).map(platform.member);
const sync = await platform.connect(server.url, 'fast', '900001');
for (let i = 0; i < 3; i++) await sync(members);
console.log('MARK', Date.now());
for (let i = 0; i < 3; i++) { const t = performance.now(); await sync(members); console.log(name, ((performance.now() - t) * 1000 / members.length).toFixed(2), 'us/member'); }
await server.close();
