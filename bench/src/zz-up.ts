import { createReadStream, writeFileSync, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { createHttpClient } from '@x/core';
import { startServerProcess } from './server-process.js';
const server = await startServerProcess('fast');
const file = '/tmp/x/up.txt';
writeFileSync(file, Buffer.alloc(300 * 2 ** 20, 'abcdefghij\n'));
const size = statSync(file).size;
const http = createHttpClient({ platform: 'ttd-crm', baseUrl: server.url });
console.log('before', process.resourceUsage().maxRSS / 1024);
const mode = process.env.MODE;
if (mode === 'raw') {
  const r = await fetch(`${server.url}/ttd-uploads/7/x`, { method: 'PUT', headers: { 'content-length': String(size) }, body: Readable.toWeb(createReadStream(file)) as ReadableStream, duplex: 'half' } as RequestInit);
  console.log(r.status);
} else {
  const r = await http.request({ method: 'PUT', path: `${server.url}/ttd-uploads/7/x`, auth: false, headers: { 'content-type': 'text/plain', 'content-length': String(size) }, bodyFactory: () => Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>, duplex: true });
  console.log(r.status);
}
console.log('after', process.resourceUsage().maxRSS / 1024, JSON.stringify(await server.stats()));
await server.close();
