import type { SyncReport } from '../sync-report.js';
import { AudienceSdkError, type Platform } from './audience-sdk-error.js';

const marker = Symbol.for('@x/core.api-call-error');

export interface ApiCallErrorOptions {
  platform: Platform;
  /** HTTP status; undefined for network errors and timeouts. */
  statusCode?: number | undefined;
  isRetryable: boolean;
  /** The platform's request/trace id, for support tickets. */
  requestId?: string | undefined;
  /** The platform's machine-readable error code, e.g. `name-must-be-unique`. */
  code?: string | undefined;
  /** The response body with identifiers, tokens and secrets removed, shortened. */
  redactedBody?: string | undefined;
  /** Method and URL without query string. */
  method?: string | undefined;
  url?: string | undefined;
  /** Retries spent before this error was thrown. */
  retries?: number | undefined;
  cause?: unknown;
}

/** A platform call failed: an HTTP error status, a network error or a timeout. */
export class ApiCallError extends AudienceSdkError {
  private readonly [marker] = true;
  readonly statusCode: number | undefined;
  readonly isRetryable: boolean;
  readonly requestId: string | undefined;
  readonly code: string | undefined;
  readonly redactedBody: string | undefined;
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly retries: number;
  /** When this error stopped a sync: the counts up to that point. */
  report: SyncReport | undefined;

  constructor(message: string, options: ApiCallErrorOptions) {
    super(message, { platform: options.platform, cause: options.cause });
    this.name = 'ApiCallError';
    this.statusCode = options.statusCode;
    this.isRetryable = options.isRetryable;
    this.requestId = options.requestId;
    this.code = options.code;
    this.redactedBody = options.redactedBody;
    this.method = options.method;
    this.url = options.url;
    this.retries = options.retries ?? 0;
    this.report = undefined;
  }

  static override isInstance(error: unknown): error is ApiCallError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[marker] === true;
  }
}
