import { ApiCallError } from './errors/api-call-error.js';
import type { Platform } from './errors/audience-sdk-error.js';
import { AuthenticationError } from './errors/authentication-error.js';
import { RateLimitError } from './errors/rate-limit-error.js';
import { redactText } from './redact.js';

/** What a platform's error body says, parsed by the platform package. */
export interface ParsedErrorBody {
  code?: string | undefined;
  message?: string | undefined;
  requestId?: string | undefined;
}

export const DEFAULT_REQUEST_ID_HEADERS = [
  'x-request-id',
  'x-correlation-id',
  'x-li-uuid',
  'x-li-request-id',
  'x-criteo-trace-id',
  'x-amzn-requestid',
];

/** Builds the typed error for an HTTP error answer; the body is redacted before it is kept. */
export function apiErrorFromResponse(input: {
  platform: Platform;
  method: string;
  url: string;
  status: number;
  statusText: string;
  headers: Headers;
  text: string;
  parsed: ParsedErrorBody | undefined;
  retries: number;
  retryAfterMs: number | undefined;
  secrets: string[];
  requestIdHeaders: string[];
}): ApiCallError {
  const { platform, method, url, status, parsed, secrets } = input;
  const requestId = parsed?.requestId ?? firstHeader(input.headers, input.requestIdHeaders);
  const redactedBody = input.text === '' ? undefined : redactText(input.text, secrets);
  const detail = parsed?.message === undefined ? input.statusText : redactText(parsed.message, secrets);
  const code = parsed?.code === undefined ? undefined : redactText(parsed.code, secrets);
  const message = `${platform}: ${method} ${url} failed with HTTP ${status}${code ? ` (${code})` : ''}${detail ? `: ${detail}` : ''}`;
  const common = { platform, statusCode: status, requestId, code, redactedBody, method, url, retries: input.retries };
  if (status === 401) return new AuthenticationError(message, common);
  if (status === 429) return new RateLimitError(message, { ...common, retryAfterMs: input.retryAfterMs });
  return new ApiCallError(message, { ...common, isRetryable: isRetryableStatus(status) });
}

export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

function firstHeader(headers: Headers, names: string[]): string | undefined {
  for (const name of names) {
    const value = headers.get(name);
    if (value) return value;
  }
  return undefined;
}
