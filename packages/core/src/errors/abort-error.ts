import type { SyncReport } from '../sync-report.js';
import { AudienceSdkError, type Platform } from './audience-sdk-error.js';

const marker = Symbol.for('@x/core.abort-error');

/**
 * A sync was aborted through its `signal`. `report` holds the counts so far: members counted as
 * sent were really answered by the platform; nothing more is sent after the abort.
 */
export class AbortError extends AudienceSdkError {
  private readonly [marker] = true;
  readonly report: SyncReport | undefined;

  constructor(message: string, options: { platform?: Platform; report?: SyncReport } = {}) {
    super(message, { platform: options.platform ?? 'core' });
    this.name = 'AbortError';
    this.report = options.report;
  }

  static override isInstance(error: unknown): error is AbortError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[marker] === true;
  }
}
