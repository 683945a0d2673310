import { HttpResponse } from 'msw';
import type { MockContext } from './criteo-mock-context.js';

/**
 * `POST /oauth2/token`: client credentials, form-urlencoded only. Issues an opaque bearer token
 * that expires after `tokenLifetimeSeconds`.
 */
export async function issueToken(request: Request, context: MockContext): Promise<Response> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!contentType.toLowerCase().includes('application/x-www-form-urlencoded')) {
    return oauthError(400, 'invalid_request', 'The token request must be application/x-www-form-urlencoded.');
  }
  const form = new URLSearchParams(await request.text());
  const grantType = form.get('grant_type');
  if (grantType === null) return oauthError(400, 'invalid_request', 'grant_type is required.');
  if (grantType !== 'client_credentials') return oauthError(400, 'unsupported_grant_type', 'Only client_credentials is supported.');
  const clientId = form.get('client_id');
  const clientSecret = form.get('client_secret');
  if (!clientId || !clientSecret) return oauthError(400, 'invalid_request', 'client_id and client_secret are required.');
  const expected = context.options.credentials;
  if (expected !== undefined && expected.get(clientId) !== clientSecret) {
    return oauthError(401, 'invalid_client', 'Client authentication failed.');
  }
  const token = `criteo-mock-${globalThis.crypto.randomUUID().replaceAll('-', '')}`;
  const lifetime = context.options.tokenLifetimeSeconds;
  context.state.tokens.set(token, { clientId, expiresAt: context.options.now() + lifetime * 1000 });
  return HttpResponse.json(
    { access_token: token, token_type: 'Bearer', expires_in: lifetime },
    { headers: { 'cache-control': 'no-store' } },
  );
}

function oauthError(status: number, error: string, description: string): Response {
  return HttpResponse.json({ error, error_description: description }, { status });
}
