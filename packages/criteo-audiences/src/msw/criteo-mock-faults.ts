import type { Fault, FaultMatch } from '@x/core/msw';
import { criteoProblem } from './criteo-mock-errors.js';

/**
 * A fault the Criteo mock can inject: any core fault (`status`, `network-error`, `delay`) or a
 * Criteo-shaped one.
 */
export type CriteoMockFault =
  | Fault
  /** 429 with `Retry-After` and `x-ratelimit-*` headers (remaining 0). */
  | { type: 'rate-limit'; retryAfterSeconds?: number }
  /** A 5xx with Criteo's error body. @default status 503 */
  | { type: 'server-error'; status?: number }
  /** 401 `authorization-token-expired`: the client must refresh its token and retry. */
  | { type: 'token-expired' }
  /** 410 for a decommissioned API version. */
  | { type: 'version-decommissioned' }
  /**
   * Another process creates a segment of the same name just before this create: the create gets
   * `name-must-be-unique`, as a 400 or as a 200 with empty `data`. @default answer 'partial-200'
   */
  | { type: 'duplicate-name-race'; answer?: 'partial-200' | 'http-400' };

/** Options of `failNext`. */
export interface CriteoMockFaultOptions {
  /** How many matching calls fail. @default 1 */
  times?: number;
  /** Which calls. @default API calls only (paths under `/marketing-solutions/`), not the token endpoint */
  match?: FaultMatch;
}

/** Calls a fault applies to unless told otherwise: the API, not the token endpoint. */
export const API_CALLS: FaultMatch = { path: '/marketing-solutions/' };

/** Turns a Criteo-shaped fault into the core fault that answers it. */
export function toCoreFault(
  fault: Exclude<CriteoMockFault, { type: 'duplicate-name-race' }>,
  context: { now: number; rateLimitPerMinute: number },
): Fault {
  switch (fault.type) {
    case 'rate-limit': {
      const seconds = fault.retryAfterSeconds ?? 1;
      return {
        type: 'status',
        status: 429,
        retryAfter: seconds,
        headers: {
          'x-ratelimit-limit': String(context.rateLimitPerMinute),
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(Math.ceil(context.now / 1000 + seconds)),
        },
        body: { errors: [criteoProblem({ type: 'quota', code: 'rate-limit-exceeded', title: 'API rate limit exceeded' })] },
      };
    }
    case 'server-error':
      return {
        type: 'status',
        status: fault.status ?? 503,
        body: { errors: [criteoProblem({ type: 'availability', code: 'service-unavailable', title: 'The service is temporarily unavailable' })] },
      };
    case 'token-expired':
      return {
        type: 'status',
        status: 401,
        body: { errors: [criteoProblem({ type: 'authorization', code: 'authorization-token-expired', title: 'The authorization token has expired' })] },
      };
    case 'version-decommissioned':
      return {
        type: 'status',
        status: 410,
        body: { errors: [criteoProblem({ type: 'deprecation', code: 'api-version-decommissioned', title: 'This API version is decommissioned' })] },
      };
    default:
      return fault;
  }
}
