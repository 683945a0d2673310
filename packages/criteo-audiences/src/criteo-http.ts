import { ApiCallError, createHttpClient, type HttpClient, type RateLimiter, type TokenProvider } from '@x/core';
import { PLATFORM } from './criteo-constants.js';
import { parseCriteoErrorBody } from './criteo-error-body.js';
import type { ResolvedClientOptions } from './criteo-options.js';

/**
 * The HTTP client of the Marketing Solutions API: `{baseUrl}/{apiVersion}/marketing-solutions`,
 * bearer token with one refresh on 401, JSON headers, Criteo's error shape, optional pacing (core's
 * limiter reads the `x-ratelimit-*` headers: Criteo's reset is a Unix time in seconds), and a clear
 * error for a retired API version.
 */
export function createCriteoApiHttp(input: {
  settings: ResolvedClientOptions;
  tokens: TokenProvider;
  limiter: RateLimiter | undefined;
}): HttpClient {
  const { settings, tokens, limiter } = input;
  return createHttpClient({
    platform: PLATFORM,
    baseUrl: `${settings.baseUrl.replace(/\/+$/, '')}/${settings.apiVersion}/marketing-solutions`,
    // CONTRACTS: JSON Accept and Content-Type on every call, body or not.
    headers: { accept: 'application/json', 'content-type': 'application/json' },
    auth: { type: 'bearer', tokens },
    ...(settings.retry === undefined ? {} : { retry: settings.retry }),
    ...(settings.fetch === undefined ? {} : { fetch: settings.fetch }),
    secrets: [settings.clientSecret],
    parseErrorBody: parseCriteoErrorBody,
    requestIdHeaders: ['x-criteo-trace-id', 'x-request-id', 'x-correlation-id'],
    rateLimiter: limiter,
    mapError: (error) => (error.statusCode === 410 ? retiredVersion(error, settings.apiVersion) : error),
  });
}

function retiredVersion(error: ApiCallError, apiVersion: string): ApiCallError {
  return new ApiCallError(
    `${PLATFORM}: Criteo API version ${apiVersion} is decommissioned (HTTP 410). ` +
      'Set the apiVersion option of createCriteoAudiencesClient to a supported version ' +
      '(Criteo ships one every January and July and supports each for 12 months).',
    {
      platform: PLATFORM,
      statusCode: 410,
      isRetryable: false,
      requestId: error.requestId,
      code: error.code ?? 'api-version-decommissioned',
      redactedBody: error.redactedBody,
      method: error.method,
      url: error.url,
      retries: error.retries,
    },
  );
}
