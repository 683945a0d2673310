import type { ApiCallError } from '@x/core';

const REDACTED = '[redacted]';
// Shorter values are not identifying, and cutting them out would garble the message.
const MIN_LENGTH = 4;

/**
 * Cuts the identifiers of a request out of the error about it. Core's redaction knows the shapes
 * of emails, hashes and device ids, but an opaque IdentityLink or GUM id echoed back by Criteo
 * ("identifier Xi7rT2kLp9 is invalid") matches none of them. Only the error's text fields change.
 */
export function scrubIdentifiers<E extends ApiCallError>(error: E, identifiers: readonly string[]): E {
  const values = identifiers.filter((value) => value.length >= MIN_LENGTH);
  const scrub = (text: string | undefined): string | undefined => {
    if (text === undefined || text === '') return text;
    let result = text;
    for (const value of values) if (result.includes(value)) result = result.split(value).join(REDACTED);
    return result;
  };
  const fields = error as { message: string; stack?: string | undefined; redactedBody: string | undefined; code: string | undefined };
  fields.message = scrub(fields.message) ?? '';
  fields.stack = scrub(fields.stack);
  fields.redactedBody = scrub(fields.redactedBody);
  fields.code = scrub(fields.code);
  return error;
}
