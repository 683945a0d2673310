import { ApiCallError, redactText, type HttpResponse } from '@x/core';
import type { z } from 'zod';
import { PLATFORM } from './criteo-constants.js';

/**
 * Parses a successful answer with a small zod schema; a body that does not fit becomes an
 * `ApiCallError` with the status and a redacted excerpt, never a bare zod error.
 */
export function parseCriteoResponse<S extends z.ZodType>(
  schema: S,
  response: HttpResponse,
  request: { method: string; path: string; secrets?: readonly string[] },
): z.output<S> {
  const result = schema.safeParse(response.data);
  if (result.success) return result.data;
  throw new ApiCallError(`${PLATFORM}: ${request.method} ${request.path} answered HTTP ${response.status} with a body the client cannot read.`, {
    platform: PLATFORM,
    statusCode: response.status,
    isRetryable: false,
    redactedBody: response.text === '' ? undefined : redactText(response.text, request.secrets),
    method: request.method,
    url: request.path,
    retries: response.retries,
  });
}
