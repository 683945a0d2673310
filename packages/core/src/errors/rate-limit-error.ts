import { ApiCallError, type ApiCallErrorOptions } from './api-call-error.js';

const marker = Symbol.for('@x/core.rate-limit-error');

/** The platform kept answering 429 after every retry was spent. */
export class RateLimitError extends ApiCallError {
  private readonly [marker] = true;
  /** What the last Retry-After asked for, in milliseconds. */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: Omit<ApiCallErrorOptions, 'isRetryable'> & { retryAfterMs?: number | undefined }) {
    super(message, { ...options, isRetryable: true, statusCode: options.statusCode ?? 429 });
    this.name = 'RateLimitError';
    this.retryAfterMs = options.retryAfterMs;
  }

  static override isInstance(error: unknown): error is RateLimitError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[marker] === true;
  }
}
