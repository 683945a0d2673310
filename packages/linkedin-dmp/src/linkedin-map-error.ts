import { ApiCallError, AuthenticationError } from '@x/core';

/**
 * Turns LinkedIn answers that need a specific fix into errors that name it: a 426 (sunset
 * `LinkedIn-Version`), a 401 (token refused) and a 403 (permission or account role).
 */
export function mapLinkedInError(error: ApiCallError, context: { apiVersion: string; canRefresh: boolean }): Error {
  const where = `${error.method ?? ''} ${error.url ?? ''}`.trim();
  if (error.statusCode === 426) {
    return copy(
      error,
      `linkedin-dmp: LinkedIn no longer serves API version ${context.apiVersion} (HTTP 426${error.code ? ` ${error.code}` : ''} on ${where}). ` +
        'Set the client option `apiVersion` to a version LinkedIn currently supports (YYYYMM; versions are sunset about a year after release).',
      error.code ?? 'NONEXISTENT_VERSION',
    );
  }
  if (error.statusCode === 401) {
    const hint = context.canRefresh
      ? 'LinkedIn refused the access token even after a refresh: check that the app still has the rw_dmp_segments permission, or authorize it again.'
      : 'LinkedIn refused the access token (expired, revoked or invalid): pass a new `accessToken`, or give `refresh` credentials so the client renews it.';
    return new AuthenticationError(`${error.message} — ${hint}`, fields(error));
  }
  if (error.statusCode === 403) {
    return copy(
      error,
      `${error.message} — the token's member needs the rw_dmp_segments permission and a role other than VIEWER on the ad account.`,
      error.code,
    );
  }
  return error;
}

function copy(error: ApiCallError, message: string, code: string | undefined): ApiCallError {
  return new ApiCallError(message, { ...fields(error), code, isRetryable: error.isRetryable });
}

function fields(error: ApiCallError) {
  return {
    platform: error.platform,
    statusCode: error.statusCode,
    requestId: error.requestId,
    code: error.code,
    redactedBody: error.redactedBody,
    method: error.method,
    url: error.url,
    retries: error.retries,
  };
}
