import { createReadStream, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { startServerProcess } from './server-process.js';
const server = await startServerProcess('fast');
const file = '/tmp/x/up.txt';
const size = statSync(file).size;
console.log('before', process.resourceUsage().maxRSS / 1024);
const request = new Request(`${server.url}/ttd-uploads/7/x`, { method: 'PUT', headers: { 'content-length': String(size) }, body: (process.env.HWM ? Readable.toWeb(createReadStream(file), { strategy: { highWaterMark: 1 } }) : Readable.toWeb(createReadStream(file))) as ReadableStream, duplex: 'half' } as RequestInit);
const copy = process.env.CLONE ? request.clone() : undefined; // what ky does before fetching
const r = await fetch(request);
console.log(r.status, 'after', process.resourceUsage().maxRSS / 1024, copy ? 'with clone' : 'no clone');
await server.close();
