import { createReadStream, statSync } from 'node:fs';
import { request } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { startServerProcess } from './server-process.js';
const server = await startServerProcess('fast');
const file = '/tmp/x/up.txt';
const size = statSync(file).size;
console.log('before', process.resourceUsage().maxRSS / 1024);
const t0 = performance.now();
await new Promise<void>((resolve, reject) => {
  const req = request(`${server.url}/ttd-uploads/7/x`, { method: 'PUT', headers: { 'content-length': String(size) } }, (res) => { res.resume(); res.on('end', resolve); });
  req.on('error', reject);
  void pipeline(createReadStream(file), req).catch(reject);
});
console.log('after', process.resourceUsage().maxRSS / 1024, ((performance.now() - t0) / 1000).toFixed(2), 's', JSON.stringify(await server.stats()));
await server.close();
