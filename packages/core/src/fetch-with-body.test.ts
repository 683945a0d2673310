import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ApiCallError } from './errors/api-call-error.js';
import { createHttpClient } from './http-client.js';

const chunkBytes = 256 * 1024;

/** A streamed body of `chunks` chunks of 256 KiB, produced on demand. */
function countingBody(chunks: number) {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled === chunks * chunkBytes) return controller.close();
      pulled += chunkBytes;
      controller.enqueue(new Uint8Array(chunkBytes).fill(10));
    },
  });
  return { body };
}

describe('createHttpClient: streamed bodies', () => {
  it('hands the stream itself to fetch (no copy), with redirects refused so that fetch does not tee it either', async () => {
    const seen: RequestInit[] = [];
    const client = createHttpClient({
      platform: 'core',
      baseUrl: 'https://upload.example',
      fetch: async (_input, init) => {
        seen.push(init as RequestInit);
        await new Response((init as RequestInit).body as ReadableStream).arrayBuffer();
        return new Response('', { status: 200 });
      },
    });
    const { body } = countingBody(2);
    const response = await client.request({ method: 'PUT', path: '/file', bodyFactory: () => body, headers: { 'content-length': String(2 * chunkBytes) } });

    expect(response.status).toBe(200);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'PUT', redirect: 'error', window: null, duplex: 'half' });
    expect(seen[0]?.body).toBe(body);
  });

  it('hands a byte body to fetch as it is (no clone), retried with the same bytes, with a timeout signal', async () => {
    const seen: RequestInit[] = [];
    let calls = 0;
    const client = createHttpClient({
      platform: 'core',
      baseUrl: 'https://api.example',
      retry: { initialDelayMs: 1, maxDelayMs: 1 },
      fetch: async (_input, init) => {
        seen.push(init as RequestInit);
        return new Response('{"ok":true}', { status: ++calls === 1 ? 503 : 200 });
      },
    });
    const bytes = Buffer.from('{"elements":[1,2,3]}');
    const response = await client.request({ method: 'POST', path: '/users', body: bytes, headers: { 'content-type': 'application/json' }, safeToRetry: true });

    expect(response.data).toEqual({ ok: true });
    expect(response.retries).toBe(1);
    expect(seen.map((init) => init.body)).toEqual([bytes, bytes]);
    expect(seen[1]?.body).toBe(bytes);
    expect(seen[0]?.signal).toBeInstanceOf(AbortSignal);
    expect(seen[0]).not.toHaveProperty('duplex');
  });

  it('uploads a 64 MB streamed body over a real socket, byte for byte', async () => {
    let received = 0;
    const server = createServer((request, response) => {
      request.on('data', (chunk: Buffer) => {
        received += chunk.length;
      });
      request.on('end', () => response.end('{}'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const client = createHttpClient({ platform: 'core', baseUrl: `http://127.0.0.1:${port}` });
      const chunks = 256;
      const { body } = countingBody(chunks);
      await client.request({ method: 'PUT', path: '/file', bodyFactory: () => body, headers: { 'content-length': String(chunks * chunkBytes) } });

      // That memory stays flat is measured by the RSS benchmark (bench/, figure d).
      expect(received).toBe(chunks * chunkBytes);
    } finally {
      server.close();
    }
  });

  it('gives up on a streamed request after timeoutMs, as a retryable ApiCallError', async () => {
    const client = createHttpClient({
      platform: 'core',
      baseUrl: 'https://upload.example',
      retry: { maxRetries: 0, timeoutMs: 20 },
      fetch: (_input, init) =>
        new Promise((_resolve, reject) => (init as RequestInit).signal?.addEventListener('abort', () => reject((init as RequestInit).signal?.reason))),
    });
    const failure = await client.request({ method: 'PUT', path: '/file', bodyFactory: () => countingBody(1).body, duplex: true }).catch((error: unknown) => error);

    expect(ApiCallError.isInstance(failure)).toBe(true);
    expect((failure as ApiCallError).message).toContain('timed out');
  });
});
