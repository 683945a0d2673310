import type { ParsedErrorBody } from '@x/core';

/** One entry of Criteo's `errors` array (only the fields the client reads). */
export interface CriteoProblem {
  code?: string | undefined;
  title?: string | undefined;
  detail?: string | undefined;
  traceId?: string | undefined;
  traceIdentifier?: string | undefined;
}

/** The `errors` array of a Criteo answer, or [] when the body has none. */
export function criteoProblems(body: unknown): CriteoProblem[] {
  if (typeof body !== 'object' || body === null) return [];
  const errors = (body as { errors?: unknown }).errors;
  if (!Array.isArray(errors)) return [];
  return errors.filter((entry): entry is CriteoProblem => typeof entry === 'object' && entry !== null);
}

/**
 * Reads Criteo's error shape `{ errors: [{ traceIdentifier, type, code, title, detail }] }`, and the
 * OAuth shape `{ error, error_description }` of the token endpoint. Never throws on odd bodies.
 */
export function parseCriteoErrorBody(body: unknown): ParsedErrorBody | undefined {
  const [first] = criteoProblems(body);
  if (first !== undefined) {
    const message = [first.title, first.detail].filter((part) => typeof part === 'string' && part !== '').join(': ');
    return {
      code: typeof first.code === 'string' ? first.code : undefined,
      message: message === '' ? undefined : message,
      requestId: stringOrUndefined(first.traceId) ?? stringOrUndefined(first.traceIdentifier),
    };
  }
  if (typeof body === 'object' && body !== null) {
    const oauth = body as { error?: unknown; error_description?: unknown };
    if (typeof oauth.error === 'string') {
      return { code: oauth.error, message: stringOrUndefined(oauth.error_description) };
    }
  }
  return undefined;
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
