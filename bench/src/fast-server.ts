import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Members counted per `<platform>/<segment id>` (and upload bytes per `ttd-crm-bytes/<id>`). */
export type FastStats = Record<string, number>;

/**
 * A minimal node:http responder for the 10M-member runs: it answers each platform's member calls
 * in the platform's success shape, checks only that auth is present, and counts members by
 * scanning the body for a marker (no JSON parsing, no state but the counts). Any segment id is
 * accepted, so that runs sharing the server count apart.
 */
export async function startFastServer(): Promise<{ url: string; stats: () => FastStats; close: () => Promise<void> }> {
  const stats: FastStats = {};
  let url = '';
  const server = createServer((request, response) => {
    route(request, response, stats, url).catch(() => response.destroy());
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    stats: () => ({ ...stats }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function route(request: IncomingMessage, response: ServerResponse, stats: FastStats, url: string): Promise<void> {
  const path = (request.url ?? '/').split('?')[0] as string;
  const method = request.method ?? 'GET';
  const header = (name: string) => request.headers[name];
  const count = (key: string, members: number) => {
    stats[key] = (stats[key] ?? 0) + members;
  };
  let match: RegExpExecArray | null;

  if (method === 'PUT' && (match = /^\/ttd-uploads\/([^/]+)\//.exec(path)) !== null) {
    // The presigned upload: stream it, counting lines; never buffered.
    const declared = Number(header('content-length'));
    let bytes = 0;
    let lines = 0;
    for await (const chunk of request as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines++;
    }
    if (!Number.isFinite(declared) || declared !== bytes) return send(response, 400, '<Error><Code>IncompleteBody</Code></Error>', 'application/xml');
    count(`ttd-crm/${match[1]}`, lines);
    count(`ttd-crm-bytes/${match[1]}`, bytes);
    return send(response, 200, '');
  }

  const body = await readBody(request);
  if (method === 'POST' && path === '/criteo/oauth2/token') {
    return json(response, 200, { access_token: 'bench-criteo-token', token_type: 'Bearer', expires_in: 900 });
  }
  if (method === 'POST' && (match = /^\/linkedin\/rest\/dmpSegments\/(\d+)\/users$/.exec(path)) !== null) {
    if (header('authorization') === undefined || header('x-restli-method') !== 'BATCH_CREATE') return json(response, 401, { status: 401, message: 'Unauthorized' });
    const members = occurrences(body, '"action":');
    count(`linkedin/${match[1]}`, members);
    return send(response, 200, `{"elements":[${Array.from({ length: members }, () => '{"status":201}').join(',')}]}`, 'application/json');
  }
  if (method === 'PATCH' && (match = /^\/criteo\/[^/]+\/marketing-solutions\/audience-segments\/(\d+)\/contact-list$/.exec(path)) !== null) {
    if (header('authorization') === undefined) return json(response, 401, { errors: [{ code: 'authorization-token-invalid' }] });
    const members = arrayLength(body, '"identifiers":[');
    count(`criteo/${match[1]}`, members);
    return json(response, 200, {
      data: { type: 'ContactlistAmendment', attributes: { contactListId: Number(match[1]), operation: 'add', nbValidIdentifiers: members, nbInvalidIdentifiers: 0, sampleInvalidIdentifiers: [] } },
      errors: [],
      warnings: [],
    });
  }
  if (method === 'POST' && (match = /^\/ttd-crm\/v3\/crmdata\/targeting\/segment\/[^/]+\/([^/]+)$/.exec(path)) !== null) {
    if (header('ttd-auth') === undefined) return json(response, 401, { Message: 'Unauthorized' });
    const reference = `ref-${Date.now()}`;
    return json(response, 200, { ReferenceId: reference, Url: `${url}/ttd-uploads/${match[1]}/${reference}?X-Amz-Signature=bench` });
  }
  if (method === 'POST' && path === '/ttd-data/data/advertiser') {
    if (header('ttd-auth') === undefined && header('ttdsignature') === undefined) return json(response, 401, { Message: 'Unauthorized' });
    count(`ttd-data/${firstName(body)}`, occurrences(body, '"Data":'));
    return json(response, 200, {});
  }
  return json(response, 404, { message: `no route for ${method} ${path}` });
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

function occurrences(body: Buffer, marker: string): number {
  let count = 0;
  for (let at = body.indexOf(marker); at !== -1; at = body.indexOf(marker, at + marker.length)) count++;
  return count;
}

/** The first segment `Name` of a TTD Data body (every item names the same one). */
function firstName(body: Buffer): string {
  const marker = '"Name":"';
  const start = body.indexOf(marker);
  return start === -1 ? '' : body.toString('utf8', start + marker.length, body.indexOf('"', start + marker.length));
}

/** Items of a JSON array of strings without quotes or brackets inside (hashes, ids). */
function arrayLength(body: Buffer, opening: string): number {
  const start = body.indexOf(opening);
  if (start === -1) return 0;
  const end = body.indexOf(']', start);
  let quotes = 0;
  for (let at = body.indexOf(34, start + opening.length); at !== -1 && at < end; at = body.indexOf(34, at + 1)) quotes++;
  return quotes / 2;
}

function json(response: ServerResponse, status: number, value: unknown): void {
  send(response, status, JSON.stringify(value), 'application/json');
}

function send(response: ServerResponse, status: number, text: string, type = 'text/plain'): void {
  const payload = Buffer.from(text);
  response.writeHead(status, { 'content-type': type, 'content-length': String(payload.length) }).end(payload);
}
