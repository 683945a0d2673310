import { HttpResponse } from 'msw';
import { badRequest, linkedInError, oauthError } from './linkedin-mock-errors.js';
import type { LinkedInDmpMockOptions, LinkedInDmpMockState } from './linkedin-mock-types.js';

const VERSION_FORM = /^\d{6}(\.\d{1,2})?$/;

/**
 * What LinkedIn checks on every REST call before the resource: a valid, unexpired bearer token,
 * an active `LinkedIn-Version` and `X-Restli-Protocol-Version: 2.0.0`. Returns the refusal, or
 * undefined when the call may proceed.
 */
export function checkRestCall(request: Request, state: LinkedInDmpMockState, options: LinkedInDmpMockOptions): Response | undefined {
  const authorization = request.headers.get('authorization') ?? '';
  const match = /^Bearer (\S+)$/.exec(authorization);
  const token = match?.[1];
  if (token === undefined) return invalidToken();
  if (state.tokens.expired.has(token)) return expiredToken();
  const known = state.tokens.accessTokens.get(token);
  if (known !== undefined && Date.now() >= known.expiresAt) return expiredToken();
  if (known === undefined && options.acceptAnyAccessToken === false) return invalidToken();
  state.tokens.current = token;

  const version = request.headers.get('linkedin-version');
  if (version === null || version.trim() === '') {
    return linkedInError(400, 'A version must be present. Please specify a version by adding the LinkedIn-Version header.', { code: 'VERSION_MISSING' });
  }
  const oldest = options.oldestActiveVersion ?? '202510';
  if (!VERSION_FORM.test(version) || version.slice(0, 6) < oldest || state.sunsetVersions.has(version)) {
    return linkedInError(426, `Requested version ${version} is not active`, { code: 'NONEXISTENT_VERSION' });
  }
  if (request.headers.get('x-restli-protocol-version') !== '2.0.0') {
    return badRequest('This endpoint requires the header X-Restli-Protocol-Version: 2.0.0.');
  }
  return undefined;
}

function invalidToken(): Response {
  return linkedInError(401, 'Invalid access token', { code: 'INVALID_ACCESS_TOKEN', serviceErrorCode: 65600 });
}

function expiredToken(): Response {
  return linkedInError(401, 'The token used in the request has expired', { code: 'EXPIRED_ACCESS_TOKEN', serviceErrorCode: 65601 });
}

/** `POST /oauth/v2/accessToken` with the refresh-token grant. */
export async function answerTokenRequest(request: Request, state: LinkedInDmpMockState, options: LinkedInDmpMockOptions): Promise<Response> {
  if (!(request.headers.get('content-type') ?? '').includes('application/x-www-form-urlencoded')) {
    return oauthError(400, 'invalid_request', 'The request must be form-urlencoded (application/x-www-form-urlencoded).');
  }
  const form = new URLSearchParams(await request.text());
  const grantType = form.get('grant_type');
  if (grantType === null) return oauthError(400, 'invalid_request', 'A required parameter "grant_type" is missing');
  if (grantType !== 'refresh_token') return oauthError(400, 'unsupported_grant_type', 'The grant type is not supported by this mock (use refresh_token).');
  for (const field of ['refresh_token', 'client_id', 'client_secret']) {
    if (!form.get(field)) return oauthError(400, 'invalid_request', `A required parameter "${field}" is missing`);
  }
  const clientId = form.get('client_id') as string;
  const clientSecret = form.get('client_secret') as string;
  if (options.client !== undefined && (options.client.clientId !== clientId || options.client.clientSecret !== clientSecret)) {
    return oauthError(401, 'invalid_client', 'Client authentication failed');
  }
  const refreshToken = form.get('refresh_token') as string;
  const strict = options.refreshTokens !== undefined;
  if (state.tokens.revokedRefreshTokens.has(refreshToken) || (strict && !state.tokens.refreshTokens.has(refreshToken))) {
    return oauthError(400, 'invalid_grant', 'The provided authorization grant or refresh token is invalid, expired or revoked.');
  }
  state.tokens.refreshTokens.add(refreshToken);
  const ttl = options.accessTokenTtlSeconds ?? 5_184_000;
  const accessToken = `mock-li-access-${state.tokens.accessTokens.size + 1}-${Math.random().toString(36).slice(2, 12)}`;
  state.tokens.accessTokens.set(accessToken, { expiresAt: Date.now() + ttl * 1000 });
  state.tokens.current = accessToken;
  return HttpResponse.json({
    access_token: accessToken,
    expires_in: ttl,
    refresh_token: refreshToken,
    refresh_token_expires_in: 31_536_000,
  });
}
