import { AudienceSdkError, type Platform } from './audience-sdk-error.js';

const marker = Symbol.for('@x/core.configuration-error');

/** One problem with one option. `path` names the field; no value is ever echoed. */
export interface ConfigurationIssue {
  path: string;
  message: string;
}

/** A client factory or call was given bad options. Thrown before any request is made. */
export class ConfigurationError extends AudienceSdkError {
  private readonly [marker] = true;
  readonly issues: ConfigurationIssue[];

  constructor(message: string, options: { platform?: Platform; issues?: ConfigurationIssue[] } = {}) {
    super(message, { platform: options.platform ?? 'core' });
    this.name = 'ConfigurationError';
    this.issues = options.issues ?? [];
  }

  static override isInstance(error: unknown): error is ConfigurationError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[marker] === true;
  }
}
