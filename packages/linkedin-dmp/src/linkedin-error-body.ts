import type { ParsedErrorBody } from '@x/core';

/**
 * Reads LinkedIn's error bodies: the REST shape `{ status, serviceErrorCode?, code?, message }`
 * and the OAuth shape `{ error, error_description }`. Odd bodies give undefined (status text used).
 */
export function parseLinkedInErrorBody(body: unknown): ParsedErrorBody | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  const code =
    stringOf(record.code) ??
    stringOf(record.error) ??
    (typeof record.serviceErrorCode === 'number' ? `serviceErrorCode ${record.serviceErrorCode}` : undefined);
  const message = stringOf(record.message) ?? stringOf(record.error_description);
  if (code === undefined && message === undefined) return undefined;
  return { code, message };
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
