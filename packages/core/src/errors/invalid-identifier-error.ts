import { AudienceSdkError } from './audience-sdk-error.js';

const marker = Symbol.for('@x/core.invalid-identifier-error');

/** Why an identifier was rejected. Stable codes, safe to log and to count. */
export type InvalidIdentifierReason =
  | 'not-a-string'
  | 'empty'
  | 'too-long'
  | 'contains-whitespace'
  | 'missing-at'
  | 'multiple-at'
  | 'empty-local-part'
  | 'empty-domain'
  | 'invalid-phone'
  | 'invalid-mobile-ad-id'
  | 'invalid-hash'
  | 'invalid-value'
  /** A member object names no identifier. */
  | 'missing-id'
  /** A member object names more than one identifier where only one is allowed. */
  | 'multiple-ids'
  /** A member is not an object where one is expected. */
  | 'not-an-object'
  /** An id that must be a 36-character GUID (TDID, DAID) is not one. */
  | 'invalid-guid'
  /** A country that is not an ISO-3166 alpha-2 code. */
  | 'invalid-country';

/**
 * An identifier could not be normalized. The message names the reason, never the value.
 * It carries no stack trace: it reports bad data, not a bug, and a sync may throw it for
 * millions of rows, where capturing stacks would cost more than hashing the good ones.
 */
export class InvalidIdentifierError extends AudienceSdkError {
  declare private readonly [marker]: true;
  readonly reason: InvalidIdentifierReason;

  constructor(reason: InvalidIdentifierReason, message: string) {
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super(message);
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
    this.name = 'InvalidIdentifierError';
    this.reason = reason;
  }

  static override isInstance(error: unknown): error is InvalidIdentifierError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[marker] === true;
  }
}

Object.defineProperty(InvalidIdentifierError.prototype, marker, { value: true });
