import { ApiCallError, type ApiCallErrorOptions } from './api-call-error.js';

const marker = Symbol.for('@x/core.authentication-error');

/** Credentials were refused (401, or a refresh token that is expired or revoked). */
export class AuthenticationError extends ApiCallError {
  private readonly [marker] = true;

  constructor(message: string, options: Omit<ApiCallErrorOptions, 'isRetryable'>) {
    super(message, { ...options, isRetryable: false });
    this.name = 'AuthenticationError';
  }

  static override isInstance(error: unknown): error is AuthenticationError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[marker] === true;
  }
}
