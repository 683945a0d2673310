import { createReadStream, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { startServerProcess } from './server-process.js';
const server = await startServerProcess('fast');
const file = '/tmp/x/up.txt';
const size = statSync(file).size;
const r = await fetch(`${server.url}/ttd-uploads/7/x`, { method: 'PUT', headers: { 'content-length': String(size) }, body: Readable.toWeb(createReadStream(file)) as ReadableStream, duplex: 'half', redirect: 'error', window: null } as RequestInit);
console.log(r.status, 'maxRSS', process.resourceUsage().maxRSS / 1024, JSON.stringify(await server.stats()));
await server.close();
