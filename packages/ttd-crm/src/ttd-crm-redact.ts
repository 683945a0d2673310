import type { ApiCallError } from '@x/core';

// UID2 normalization lets an address hold characters at which core's email pattern stops (a local
// part like `john.smith,jr` or `(x`), and the storage host may echo an uploaded line back: so any
// word holding an @ is removed whole from what TTD answered.
const ANY_ADDRESS = /[^\s<>]*@[^\s<>]*/g;

/** Removes every address TTD or the upload host echoed into an error, before a caller sees it. */
export function redactTtdCrmError(error: ApiCallError): ApiCallError {
  const clean = (text: string) => text.replace(ANY_ADDRESS, '[redacted]');
  const mutable = error as { message: string; stack?: string | undefined; redactedBody: string | undefined; code: string | undefined };
  const message = error.message;
  mutable.message = clean(message);
  // The stack repeats the message; its frames (paths with `@scope` folders) stay readable.
  if (mutable.stack !== undefined) mutable.stack = mutable.stack.split(message).join(mutable.message);
  if (mutable.redactedBody !== undefined) mutable.redactedBody = clean(mutable.redactedBody);
  if (mutable.code !== undefined) mutable.code = clean(mutable.code);
  return error;
}
