import { statSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { startServerProcess } from './server-process.js';
const server = await startServerProcess('fast');
const file = '/tmp/x/up.txt';
const size = statSync(file).size;
let pulled = 0;
function fileBody(path: string): ReadableStream<Uint8Array> {
  let handle: FileHandle | undefined;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      handle ??= await open(path, 'r');
      const buffer = Buffer.allocUnsafe(256 * 1024);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) { await handle.close(); controller.close(); return; }
      pulled += bytesRead; if (process.env.GC && (pulled / 262144) % 40 === 0) (globalThis as any).gc(); if ((pulled / 262144) % 200 === 0) console.log('pulled', pulled / 2 ** 20, 'rss', process.memoryUsage().rss / 2 ** 20 | 0, (performance.now() / 1000).toFixed(2));
      controller.enqueue(new Uint8Array(buffer.buffer, buffer.byteOffset, bytesRead));
    },
    async cancel() { await handle?.close(); },
  });
}
console.log('before', process.resourceUsage().maxRSS / 1024);
const request = new Request(`${server.url}/ttd-uploads/7/x`, { method: 'PUT', headers: { 'content-length': String(size) }, body: fileBody(file), duplex: 'half' } as RequestInit);
const copy = process.env.CLONE ? request.clone() : undefined;
const r = process.env.DIRECT ? await fetch(`${server.url}/ttd-uploads/7/x`, { method: 'PUT', headers: { 'content-length': String(size) }, body: fileBody(file), duplex: 'half', ...(process.env.NOREDIR ? { redirect: 'error', window: null } : {}) } as RequestInit) : await fetch(request);
if (process.env.GC) (globalThis as any).gc(); console.log('rss now', process.memoryUsage().rss / 2 ** 20 | 0, 'ab', process.memoryUsage().arrayBuffers / 2 ** 20 | 0); console.log(r.status, 'after', process.resourceUsage().maxRSS / 1024, copy ? 'with clone' : 'no clone');
await server.close();
