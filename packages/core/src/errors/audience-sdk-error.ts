const marker = Symbol.for('@x/core.error');

/** Which platform an error or report belongs to. */
export type Platform = 'core' | 'linkedin-dmp' | 'criteo-audiences' | 'ttd-crm' | 'ttd-data' | (string & {});

/**
 * Base class of every error thrown by the @x SDKs. Messages and properties never hold raw
 * identifiers, tokens or secrets, so `console.error(error)` is safe to log.
 */
export class AudienceSdkError extends Error {
  private readonly [marker] = true;
  readonly platform: Platform;

  constructor(message: string, options: { platform?: Platform; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AudienceSdkError';
    this.platform = options.platform ?? 'core';
  }

  /** True for any @x SDK error, also across two copies of the package in node_modules. */
  static isInstance(error: unknown): error is AudienceSdkError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[marker] === true;
  }
}
