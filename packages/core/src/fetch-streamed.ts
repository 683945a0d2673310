/**
 * Sends a request whose body is a stream (a spooled upload) so that the body is never held in
 * memory. Two copies have to be avoided, each of which tees the stream and buffers the whole body
 * for a reader that never comes: ky's clone of every request (kept for its retries; ours replay
 * the body factory instead), and Node's fetch's own clone for following redirects, which it skips
 * for `redirect: 'error'` without a window (nodejs/undici#4058). A stream body cannot be replayed
 * across a redirect anyway; a presigned upload URL does not redirect.
 */
export function fetchStreamed(
  fetch: typeof globalThis.fetch,
  url: string,
  init: { method: string; headers: Record<string, string>; body: ReadableStream<Uint8Array>; signal: AbortSignal | undefined; timeoutMs: number },
): Promise<Response> {
  const timeout = AbortSignal.timeout(init.timeoutMs);
  const signal = init.signal === undefined ? timeout : AbortSignal.any([init.signal, timeout]);
  return fetch(url, { method: init.method, headers: init.headers, body: init.body, signal, duplex: 'half', redirect: 'error', window: null } as RequestInit);
}
