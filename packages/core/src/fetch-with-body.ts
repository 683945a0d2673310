/**
 * Sends a request that has a body straight to `fetch`, without ky. ky clones every request so that
 * it can retry it; our retries rebuild the request instead, so the clone is a wasted copy of the
 * body: a full copy of a multi-megabyte batch per request, and for a stream body (a spooled
 * upload) a tee that buffers the whole stream for a reader that never comes. Node's fetch also
 * clones a stream body to follow redirects unless `redirect: 'error'` and no window
 * (nodejs/undici#4058); a stream cannot be replayed across a redirect anyway, and a presigned
 * upload URL does not redirect.
 */
export function fetchWithBody(
  fetch: typeof globalThis.fetch,
  url: string,
  init: { method: string; headers: Record<string, string>; body: string | Uint8Array | ReadableStream<Uint8Array>; signal: AbortSignal | undefined; timeoutMs: number },
): Promise<Response> {
  const timeout = AbortSignal.timeout(init.timeoutMs);
  const signal = init.signal === undefined ? timeout : AbortSignal.any([init.signal, timeout]);
  const stream = init.body instanceof ReadableStream;
  return fetch(url, {
    method: init.method,
    headers: init.headers,
    body: init.body,
    signal,
    ...(stream ? { duplex: 'half', redirect: 'error', window: null } : {}),
  } as RequestInit);
}
