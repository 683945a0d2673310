import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getResponse, type RequestHandler } from 'msw';

/**
 * Serves msw handlers over a real local HTTP server (real sockets, not in-process interception),
 * so that a benchmark measures the client's whole network path. Requests arrive as
 * http://127.0.0.1:<port>/<path>; `origin` maps them onto the origin the handlers expect
 * (default: the server's own URL). `handlers` may be a function of that URL, for mocks that take
 * base URLs (a presigned upload URL must point back at this server).
 */
export async function serveHandlers(
  handlers: RequestHandler[] | ((url: string) => RequestHandler[]),
  options: { origin?: (path: string) => string } = {},
): Promise<{ url: string; server: Server; close: () => Promise<void> }> {
  let served: RequestHandler[] = Array.isArray(handlers) ? handlers : [];
  let origin = options.origin ?? (() => '');
  const server = createServer((incoming, outgoing) => {
    void handle(incoming, outgoing, served, origin).catch(() => outgoing.destroy());
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  if (!Array.isArray(handlers)) served = handlers(url);
  if (options.origin === undefined) origin = () => url;
  return {
    url,
    server,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

async function handle(incoming: IncomingMessage, outgoing: ServerResponse, handlers: RequestHandler[], origin: (path: string) => string): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  const path = incoming.url ?? '/';
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const method = incoming.method ?? 'GET';
  const body = chunks.length > 0 && method !== 'GET' && method !== 'HEAD' ? Buffer.concat(chunks) : undefined;
  const request = new Request(`${origin(path)}${path}`, { method, headers, ...(body ? { body } : {}) });
  const response = await getResponse(handlers, request);
  if (response === undefined) {
    outgoing.writeHead(404, { 'content-type': 'text/plain' }).end('no handler');
    return;
  }
  if (response.type === 'error') {
    outgoing.destroy();
    return;
  }
  const payload = Buffer.from(await response.arrayBuffer());
  const outHeaders: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    outHeaders[name] = value;
  });
  delete outHeaders['content-length'];
  delete outHeaders['transfer-encoding'];
  outgoing.writeHead(response.status, { ...outHeaders, 'content-length': String(payload.length) });
  outgoing.end(payload);
}
