import { ApiCallError, AuthenticationError, createHttpClient, createTokenProvider, type RetryOptions, type TokenProvider } from '@x/core';
import { z } from 'zod';
import { PLATFORM } from './criteo-constants.js';
import { parseCriteoErrorBody } from './criteo-error-body.js';

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().positive().optional(),
});

/**
 * Client-credentials tokens for the Criteo API: a form POST to the token endpoint, cached until
 * shortly before `expires_in`, one request shared by concurrent callers (core's token provider).
 */
export function createCriteoTokenProvider(input: {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  retry: RetryOptions | undefined;
  fetch: typeof globalThis.fetch | undefined;
  /** Refresh this long before expiry. @default 60000 */
  refreshSkewMs?: number;
}): TokenProvider {
  const http = createHttpClient({
    platform: PLATFORM,
    baseUrl: input.tokenUrl,
    ...(input.retry === undefined ? {} : { retry: input.retry }),
    ...(input.fetch === undefined ? {} : { fetch: input.fetch }),
    secrets: [input.clientSecret],
    parseErrorBody: parseCriteoErrorBody,
    mapError: (error) => refusedCredentials(error),
  });
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: input.clientId,
    client_secret: input.clientSecret,
  }).toString();

  return createTokenProvider({
    refreshSkewMs: input.refreshSkewMs ?? 60_000,
    fetchToken: async (signal) => {
      // Asking for a new token has no side effect, so a failed attempt may be repeated.
      const response = await http.request({
        method: 'POST',
        path: input.tokenUrl,
        body: form,
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        safeToRetry: true,
        auth: false,
        signal,
      });
      const parsed = tokenResponseSchema.safeParse(response.data);
      if (!parsed.success) {
        throw new ApiCallError(`${PLATFORM}: the token endpoint answered HTTP ${response.status} without an access_token.`, {
          platform: PLATFORM,
          statusCode: response.status,
          isRetryable: false,
          method: 'POST',
          url: input.tokenUrl,
          retries: response.retries,
        });
      }
      return { accessToken: parsed.data.access_token, expiresInSeconds: parsed.data.expires_in };
    },
  });
}

/** 400/401/403 from the token endpoint mean the app's credentials were refused: say so plainly. */
function refusedCredentials(error: ApiCallError): Error {
  const status = error.statusCode;
  if (status !== 400 && status !== 401 && status !== 403) return error;
  return new AuthenticationError(
    `${PLATFORM}: the token endpoint refused the client credentials (HTTP ${status}${error.code ? `, ${error.code}` : ''}). ` +
      'Check the clientId and clientSecret options of createCriteoAudiencesClient.',
    {
      platform: PLATFORM,
      statusCode: status,
      requestId: error.requestId,
      code: error.code,
      redactedBody: error.redactedBody,
      method: error.method,
      url: error.url,
      retries: error.retries,
    },
  );
}
