import { ApiCallError, AuthenticationError, createHttpClient, createTokenProvider, redactText, type HttpAuth, type RetryOptions } from '@x/core';
import { z } from 'zod';
import { parseLinkedInErrorBody } from './linkedin-error-body.js';
import type { LinkedInDmpRefreshCredentials } from './linkedin-dmp-options.js';

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().optional(),
  refresh_token: z.string().min(1).optional(),
});

/**
 * How the client authenticates: a fixed bearer header for a static token (a 401 is final), or a
 * token provider that renews through the refresh-token grant before expiry and after a 401, one
 * refresh shared by concurrent calls. `secrets` collects everything to scrub from errors.
 */
export function createLinkedInAuth(input: {
  accessToken: string | undefined;
  refresh: LinkedInDmpRefreshCredentials | undefined;
  oauthUrl: string;
  fetch: typeof globalThis.fetch | undefined;
  retry: RetryOptions | undefined;
  secrets: string[];
}): HttpAuth {
  const { accessToken, refresh, secrets } = input;
  if (accessToken !== undefined) secrets.push(accessToken);
  if (refresh === undefined) {
    return { type: 'header', name: 'authorization', value: `Bearer ${accessToken ?? ''}` };
  }
  secrets.push(refresh.clientSecret, refresh.refreshToken);
  const oauth = createHttpClient({
    platform: 'linkedin-dmp',
    baseUrl: input.oauthUrl,
    ...(input.retry === undefined ? {} : { retry: input.retry }),
    ...(input.fetch === undefined ? {} : { fetch: input.fetch }),
    secrets,
    parseErrorBody: parseLinkedInErrorBody,
  });
  let refreshToken = refresh.refreshToken;
  let unusedStaticToken = accessToken;

  const tokens = createTokenProvider({
    fetchToken: async (signal) => {
      // A given access token is used first (its expiry is unknown: a 401 tells).
      if (unusedStaticToken !== undefined) {
        const token = unusedStaticToken;
        unusedStaticToken = undefined;
        return { accessToken: token };
      }
      const form = new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
        client_id: refresh.clientId,
        client_secret: refresh.clientSecret,
      });
      const response = await oauth.request({
        method: 'POST',
        path: '',
        body: form.toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        // A repeated refresh only yields another token.
        safeToRetry: true,
        acceptStatus: [400, 401],
        signal,
      });
      if (response.status === 400 || response.status === 401) throw refusal(response.status, response.data, response.text, secrets, response.retries);
      const parsed = tokenResponseSchema.safeParse(response.data);
      if (!parsed.success) {
        throw new ApiCallError('linkedin-dmp: the LinkedIn token endpoint answered without a usable access_token.', {
          platform: 'linkedin-dmp',
          statusCode: response.status,
          isRetryable: false,
          redactedBody: redactText(response.text, secrets),
          method: 'POST',
          url: input.oauthUrl,
          retries: response.retries,
        });
      }
      secrets.push(parsed.data.access_token);
      if (parsed.data.refresh_token !== undefined && parsed.data.refresh_token !== refreshToken) {
        refreshToken = parsed.data.refresh_token;
        secrets.push(refreshToken);
      }
      return { accessToken: parsed.data.access_token, expiresInSeconds: parsed.data.expires_in };
    },
  });
  return { type: 'bearer', tokens };
}

/** The token endpoint said no: `invalid_grant` means the user must authorize the app again. */
function refusal(status: number, data: unknown, text: string, secrets: string[], retries: number): ApiCallError {
  const parsed = parseLinkedInErrorBody(data);
  // The code is the server's text too: an echoed secret must not reach the message.
  const code = parsed?.code === undefined ? undefined : redactText(parsed.code, secrets);
  const common = {
    platform: 'linkedin-dmp',
    statusCode: status,
    code,
    redactedBody: text === '' ? undefined : redactText(text, secrets),
    method: 'POST',
    retries,
  } as const;
  if (code === 'invalid_grant') {
    return new AuthenticationError(
      'linkedin-dmp: LinkedIn refused the refresh token (invalid_grant): it expired or was revoked. ' +
        'Re-authorize the app through LinkedIn\'s OAuth consent flow and pass the new refresh.refreshToken.',
      common,
    );
  }
  if (code === 'invalid_client' || status === 401) {
    return new AuthenticationError(
      `linkedin-dmp: LinkedIn refused the app credentials (${code ?? `HTTP ${status}`}): check refresh.clientId and refresh.clientSecret.`,
      common,
    );
  }
  const detail = parsed?.message === undefined ? '' : `: ${redactText(parsed.message, secrets)}`;
  return new ApiCallError(`linkedin-dmp: the LinkedIn token refresh failed with HTTP ${status}${code ? ` (${code})` : ''}${detail}`, {
    ...common,
    isRetryable: false,
  });
}
