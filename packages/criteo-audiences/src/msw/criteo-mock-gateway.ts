import { criteoErrorResponse, validationError } from './criteo-mock-errors.js';
import type { ApiRequest, MockContext } from './criteo-mock-context.js';

const VERSION = /^(\d{4}-\d{2}|preview)$/;
const WINDOW_MS = 60_000;

/**
 * What Criteo's gateway does before a route runs: the API version (410 when decommissioned), the
 * bearer token (401 `authorization-token-invalid` / `-expired`), the per-app quota window
 * (`x-ratelimit-*` headers, 429 when enforced), content negotiation and JSON parsing.
 */
export async function throughGateway(
  input: { request: Request; version: string; context: MockContext },
  route: (api: ApiRequest) => Response | Promise<Response>,
): Promise<Response> {
  const { request, version, context } = input;
  const { options, state } = context;
  const url = new URL(request.url);
  const instance = url.pathname;

  if (!VERSION.test(version)) {
    return criteoErrorResponse(404, { type: 'validation', code: 'api-version-not-found', title: 'Unknown API version', instance });
  }
  if (state.decommissionedVersions.has(version) || (version !== 'preview' && version < options.oldestSupportedVersion)) {
    return criteoErrorResponse(410, {
      type: 'deprecation',
      code: 'api-version-decommissioned',
      title: 'This API version is decommissioned',
      detail: `Version ${version} is no longer served; use a supported version.`,
      instance,
    });
  }

  const authorization = request.headers.get('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(authorization);
  const token = match?.[1] === undefined ? undefined : state.tokens.get(match[1]);
  if (token === undefined) {
    return criteoErrorResponse(401, { type: 'authorization', code: 'authorization-token-invalid', title: 'The authorization token is invalid', instance });
  }
  if (options.now() >= token.expiresAt) {
    return criteoErrorResponse(401, { type: 'authorization', code: 'authorization-token-expired', title: 'The authorization token has expired', instance });
  }

  const quota = countCall(context, token.clientId);
  if (options.enforceRateLimit && quota.remaining < 0) {
    const seconds = Math.max(1, Math.ceil((quota.resetAt - options.now()) / 1000));
    return criteoErrorResponse(
      429,
      { type: 'quota', code: 'rate-limit-exceeded', title: 'API rate limit exceeded', instance },
      { ...quota.headers, 'retry-after': String(seconds) },
    );
  }

  const response = await negotiate(request, instance, async (body) => route({ request, url, clientId: token.clientId, body }));
  for (const [name, value] of Object.entries(quota.headers)) response.headers.set(name, value);
  return response;
}

async function negotiate(request: Request, instance: string, next: (body: unknown) => Promise<Response>): Promise<Response> {
  const accept = request.headers.get('accept');
  if (accept !== null && !/application\/json|application\/\*|\*\/\*/i.test(accept)) {
    return criteoErrorResponse(406, { type: 'validation', code: 'not-acceptable', title: 'Only application/json responses are available', instance });
  }
  if (request.method !== 'POST' && request.method !== 'PATCH') return next(undefined);
  const contentType = request.headers.get('content-type') ?? '';
  if (!/application\/([\w.+-]*\+)?json/i.test(contentType)) {
    return criteoErrorResponse(415, { type: 'validation', code: 'unsupported-media-type', title: 'The request body must be application/json', instance });
  }
  const text = await request.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return validationError('invalid-json', 'The request body is not valid JSON', undefined, instance);
  }
  return next(body);
}

function countCall(context: MockContext, clientId: string): { remaining: number; resetAt: number; headers: Record<string, string> } {
  const now = context.options.now();
  let window = context.state.rateWindows.get(clientId);
  if (window === undefined || now - window.startedAt >= WINDOW_MS) {
    window = { startedAt: now, count: 0 };
    context.state.rateWindows.set(clientId, window);
  }
  window.count++;
  const limit = context.options.rateLimitPerMinute;
  const remaining = limit - window.count;
  const resetAt = window.startedAt + WINDOW_MS;
  return {
    remaining,
    resetAt,
    headers: {
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(Math.max(0, remaining)),
      'x-ratelimit-reset': String(Math.ceil(resetAt / 1000)),
    },
  };
}
