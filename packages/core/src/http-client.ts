import ky from 'ky';
import { apiErrorFromResponse, DEFAULT_REQUEST_ID_HEADERS, isRetryableStatus, type ParsedErrorBody } from './api-error-from-response.js';
import { createConcurrencyLimiter, type ConcurrencyLimiter } from './concurrency-limiter.js';
import { fetchWithBody } from './fetch-with-body.js';
import { ApiCallError } from './errors/api-call-error.js';
import type { Platform } from './errors/audience-sdk-error.js';
import { readRateLimitHeaders } from './rate-limit-headers.js';
import type { RateLimiter } from './rate-limiter.js';
import { redactText, redactUrl } from './redact.js';
import { retryDelay, parseRetryAfter } from './retry-delay.js';
import { resolveRetryOptions, type RetryOptions } from './retry-options.js';
import { abortReason, sleep } from './sleep.js';
import type { TokenProvider } from './token-provider.js';

/** How requests are authenticated. */
export type HttpAuth =
  | { type: 'none' }
  /** A fixed header, such as `TTD-Auth: <token>`. A 401 is final. */
  | { type: 'header'; name: string; value: string }
  /** `Authorization: Bearer <token>` from a provider; a 401 refreshes and retries, a fresh token refused at once is final. */
  | { type: 'bearer'; tokens: TokenProvider };

/** Options of {@link createHttpClient}. */
export interface HttpClientOptions {
  /** Names the platform in errors. */
  platform: Platform;
  /** Prefix of every relative request path, e.g. `https://api.linkedin.com/rest`. */
  baseUrl: string;
  /** Headers sent on every request (auth comes from `auth`). @default {} */
  headers?: Record<string, string>;
  /** @default '@x/<platform>' */
  userAgent?: string;
  /** @default { type: 'none' } */
  auth?: HttpAuth;
  /** Retry policy. @default see {@link RetryOptions} */
  retry?: RetryOptions;
  /** Custom fetch, resolved at call time so that msw or a test can patch `globalThis.fetch`. @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
  /** Reads the platform's error body. @default reads nothing */
  parseErrorBody?: (body: unknown, status: number) => ParsedErrorBody | undefined;
  /** Response headers that carry a request id. @default common request-id headers */
  requestIdHeaders?: string[];
  /** Extra secrets to scrub from error text (the static tokens the client holds). @default [] */
  secrets?: string[];
  /**
   * Paces every attempt (retries included) through this limiter, which also adapts: a 429 with
   * `Retry-After` pauses it (so every request sharing it waits, not only the one refused), and the
   * `x-ratelimit-limit/-remaining/-reset` headers of every response go to `observe`, so a spent
   * window is waited out. Give several clients the same limiter to keep them under one quota.
   * @default none (no pacing; a 429 is still retried after its Retry-After)
   * @example
   * const limiter = createRateLimiter({ requestsPerMinute: 250 });
   * const http = createHttpClient({ platform: 'criteo-audiences', baseUrl, rateLimiter: limiter });
   */
  rateLimiter?: RateLimiter | undefined;
  /**
   * Most requests of this client in flight at once, over all concurrent calls and syncs that use it
   * (or a limiter from `createConcurrencyLimiter`, to share the cap between clients). A request
   * holds its slot during an attempt, not while it waits to retry.
   * @default Infinity (no cap)
   * @example
   * createHttpClient({ platform: 'ttd-data', baseUrl, maxConcurrency: 4 }); // TTD: at most 4 calls at once
   */
  maxConcurrency?: number | ConcurrencyLimiter | undefined;
  /** Called before each attempt (after the rate limiter), e.g. to wait for something of the platform's own. */
  beforeAttempt?: (signal: AbortSignal | undefined) => Promise<void>;
  /** Called with every response, e.g. to adapt a rate limiter to `x-ratelimit-*`. */
  onResponse?: (response: { status: number; headers: Headers; retryAfterMs: number | undefined }) => void;
  /** Lets the platform turn an error into a more specific one (a 426 naming the version option...). */
  mapError?: (error: ApiCallError) => Error;
}

/** One request. */
export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path under `baseUrl`, or an absolute URL (then no default headers nor auth are sent unless `auth` is true). */
  path: string;
  searchParams?: Record<string, string | number | boolean | undefined>;
  /** JSON body, serialised with JSON.stringify. */
  json?: unknown;
  /** Raw body (already serialised bytes, e.g. for a signature); wins over `json`. */
  body?: string | Uint8Array | ReadableStream<Uint8Array>;
  headers?: Record<string, string>;
  /** POST and PATCH are retried only when true (the call is idempotent). @default false */
  safeToRetry?: boolean;
  /** Whether to authenticate. @default true for relative paths, false for absolute URLs */
  auth?: boolean;
  /** Statuses returned as responses instead of thrown (e.g. 404 for a lookup). @default [] */
  acceptStatus?: number[];
  /** Makes `body` replayable on retry: a factory called per attempt (for streamed bodies). */
  bodyFactory?: () => string | Uint8Array | ReadableStream<Uint8Array>;
  signal?: AbortSignal | undefined;
  /**
   * Values this request carries that must never reach an error (opaque ids a platform may echo
   * back that match no redaction pattern). Values shorter than 4 characters are left alone.
   * @default []
   */
  redactValues?: readonly string[];
  /**
   * @deprecated Ignored: a stream body is always sent with `duplex: 'half'`.
   * @default false
   */
  duplex?: boolean;
}

/** A successful (or accepted) answer. */
export interface HttpResponse<T = unknown> {
  status: number;
  headers: Headers;
  /** Parsed JSON, or undefined for an empty or non-JSON body. */
  data: T | undefined;
  text: string;
  /** Retries this request needed (token refreshes included). */
  retries: number;
}

export interface HttpClient {
  request<T = unknown>(request: HttpRequest): Promise<HttpResponse<T>>;
}

const IDEMPOTENT_METHODS = new Set(['GET', 'PUT', 'DELETE']);

/**
 * A small HTTP client on ky for platform APIs: base URL, default headers and user agent, bearer
 * or static-header auth with one shared refresh on 401, a timeout per attempt, retries of 408/429/5xx
 * and network errors honouring Retry-After, typed and redacted errors, and the retry count.
 * @example
 * const http = createHttpClient({ platform: 'linkedin-dmp', baseUrl: 'https://api.linkedin.com/rest',
 *   auth: { type: 'bearer', tokens } });
 * const { data } = await http.request({ method: 'GET', path: '/dmpSegments', searchParams: { q: 'account' } });
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const retry = resolveRetryOptions(options.retry);
  const auth = options.auth ?? { type: 'none' };
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const requestIdHeaders = options.requestIdHeaders ?? DEFAULT_REQUEST_ID_HEADERS;
  const secrets = (): string[] => [
    ...(options.secrets ?? []),
    ...(auth.type === 'header' ? [auth.value] : []),
    ...(auth.type === 'bearer' ? auth.tokens.knownSecrets() : []),
  ];
  const lazyFetch: typeof globalThis.fetch = (input, init) => (options.fetch ?? globalThis.fetch)(input, init);
  const limiter = options.rateLimiter;
  const slots =
    options.maxConcurrency === undefined || options.maxConcurrency === Number.POSITIVE_INFINITY
      ? undefined
      : typeof options.maxConcurrency === 'number'
        ? createConcurrencyLimiter(options.maxConcurrency)
        : options.maxConcurrency;

  async function request<T>(input: HttpRequest): Promise<HttpResponse<T>> {
    const absolute = /^https?:\/\//i.test(input.path);
    const url = buildUrl(absolute ? input.path : `${baseUrl}${input.path}`, input.searchParams);
    const shownUrl = redactUrl(url);
    const useAuth = input.auth ?? !absolute;
    const repeatable = IDEMPOTENT_METHODS.has(input.method) || input.safeToRetry === true;
    const signal = input.signal;
    let retries = 0;
    let refreshed = false;
    let rejectedToken: string | undefined;
    let backoffAttempt = 0;
    let waitMs = 0;

    for (;;) {
      // The wait before a retry happens outside the attempt, so it holds no concurrency slot.
      if (waitMs > 0) await sleep(waitMs, signal);
      waitMs = 0;
      if (signal?.aborted) throw abortReason(signal);
      const release = slots === undefined ? undefined : await slots.acquire(signal);
      let answered: (() => void) | undefined;
      try {
        if (limiter) {
          const granted = await limiter.acquire(signal);
          if (typeof granted === 'function') answered = granted;
        }
        if (options.beforeAttempt) await options.beforeAttempt(signal);
        const headers: Record<string, string> = {
          'user-agent': options.userAgent ?? `@x/${options.platform}`,
          ...(absolute ? {} : options.headers),
          ...input.headers,
        };
        let token: string | undefined;
        if (useAuth && auth.type === 'header') headers[auth.name] = auth.value;
        if (useAuth && auth.type === 'bearer') {
          token = await auth.tokens.getToken({ rejected: rejectedToken, signal });
          headers.authorization = `Bearer ${token}`;
        }
        let body = input.bodyFactory ? input.bodyFactory() : input.body;
        if (body === undefined && input.json !== undefined) {
          body = JSON.stringify(input.json);
          headers['content-type'] ??= 'application/json';
        }

        let response: Response;
        try {
          // A request with a body bypasses ky, whose clone of it would copy the body (fetch-with-body.ts).
          response =
            body !== undefined
              ? await fetchWithBody(lazyFetch, url, { method: input.method, headers, body, signal, timeoutMs: retry.timeoutMs })
              : await ky(url, {
                  method: input.method,
                  headers,
                  body: (body ?? null) as BodyInit | null,
                  retry: 0,
                  timeout: retry.timeoutMs,
                  throwHttpErrors: false,
                  fetch: lazyFetch,
                  ...(signal ? { signal } : {}),
                });
        } catch (error) {
          answered?.();
          if (signal?.aborted) throw abortReason(signal);
          const failure = networkError({ error, platform: options.platform, method: input.method, url: shownUrl, retries, secrets: [...secrets(), ...(input.redactValues ?? [])] });
          if (!repeatable || retries >= retry.maxRetries) throw failure;
          waitMs = retryDelay({ attempt: backoffAttempt++, retryAfterMs: undefined, retry });
          retries++;
          refreshed = false; // a later 401 is a new expiry (long retries), not a refused fresh token
          continue;
        }

        answered?.(); // the request reached the server by now: the quota window counts it from here
        const text = await readText(response, signal);
        const retryAfterMs = parseRetryAfter(response.headers);
        if (limiter) {
          limiter.observe(readRateLimitHeaders(response.headers, { maxResetMs: retry.maxRetryAfterMs }));
          if (response.status === 429 && retryAfterMs !== undefined) limiter.pauseFor(Math.min(retryAfterMs, retry.maxRetryAfterMs));
        }
        options.onResponse?.({ status: response.status, headers: response.headers, retryAfterMs });
        if (response.ok || input.acceptStatus?.includes(response.status)) {
          return { status: response.status, headers: response.headers, data: parseJson(text) as T | undefined, text, retries };
        }
        if (response.status === 401 && useAuth && auth.type === 'bearer' && !refreshed) {
          refreshed = true;
          rejectedToken = token;
          retries++;
          continue;
        }
        const parsed = options.parseErrorBody?.(parseJson(text) ?? text, response.status);
        const error = apiErrorFromResponse({
          platform: options.platform,
          method: input.method,
          url: shownUrl,
          status: response.status,
          statusText: response.statusText,
          headers: response.headers,
          text,
          parsed,
          retries,
          retryAfterMs,
          secrets: [...secrets(), ...(input.redactValues ?? [])],
          requestIdHeaders,
        });
        if (isRetryableStatus(response.status) && repeatable && retries < retry.maxRetries) {
          waitMs = retryDelay({ attempt: backoffAttempt++, retryAfterMs, retry });
          retries++;
          refreshed = false;
          continue;
        }
        throw options.mapError ? options.mapError(error) : error;
      } finally {
        answered?.();
        release?.();
      }
    }
  }

  return { request };
}

function buildUrl(base: string, searchParams: HttpRequest['searchParams']): string {
  if (searchParams === undefined) return base;
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(searchParams)) {
    if (value !== undefined) query.append(key, String(value));
  }
  const encoded = query.toString();
  if (encoded === '') return base;
  return `${base}${base.includes('?') ? '&' : '?'}${encoded}`;
}

async function readText(response: Response, signal: AbortSignal | undefined): Promise<string> {
  try {
    return await response.text();
  } catch (error) {
    if (signal?.aborted) throw abortReason(signal);
    return '';
  }
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A network failure or timeout, with a cause that keeps only a redacted message (never the Request). */
function networkError(input: { error: unknown; platform: Platform; method: string; url: string; retries: number; secrets: string[] }): ApiCallError {
  const raw = input.error as { name?: unknown; message?: unknown; cause?: { code?: unknown; message?: unknown } } | undefined;
  const name = typeof raw?.name === 'string' ? raw.name : 'Error';
  const timedOut = name === 'TimeoutError';
  const detail = redactText(
    [typeof raw?.message === 'string' ? raw.message : '', typeof raw?.cause?.code === 'string' ? raw.cause.code : ''].filter(Boolean).join(' '),
    input.secrets,
  );
  const cause = new Error(detail);
  cause.name = name;
  const what = timedOut ? 'timed out' : 'failed with a network error';
  return new ApiCallError(`${input.platform}: ${input.method} ${input.url} ${what}${detail ? `: ${detail}` : ''}`, {
    platform: input.platform,
    isRetryable: true,
    method: input.method,
    url: input.url,
    retries: input.retries,
    cause,
  });
}

