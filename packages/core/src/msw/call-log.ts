/** One request as it reached a mock. */
export interface RecordedCall {
  method: string;
  /** Full URL. */
  url: string;
  /** Path without query. */
  path: string;
  query: URLSearchParams;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** Parsed JSON body, the form fields of a form body, or the raw text. */
  body: unknown;
  /** The body exactly as received. */
  rawBody: string;
  /** The mock's answer status (0 for a network error). */
  status: number;
}

/** Reads a request once for the log (clone first if the handler still needs the body). */
export async function recordRequest(request: Request): Promise<Omit<RecordedCall, 'status'>> {
  const url = new URL(request.url);
  const rawBody = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.clone().text();
  const headers: Record<string, string> = {};
  request.headers.forEach((value, key) => {
    headers[key] = value;
  });
  const contentType = headers['content-type'] ?? '';
  let body: unknown = rawBody;
  if (rawBody !== '' && contentType.includes('json')) {
    try {
      body = JSON.parse(rawBody);
    } catch {
      body = rawBody;
    }
  } else if (contentType.includes('application/x-www-form-urlencoded')) {
    body = Object.fromEntries(new URLSearchParams(rawBody));
  }
  return { method: request.method, url: request.url, path: url.pathname, query: url.searchParams, headers, body, rawBody };
}
