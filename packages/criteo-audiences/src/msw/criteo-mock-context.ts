import type { CriteoMockState } from './criteo-mock-state.js';

/** The mock's settings once defaults are applied. */
export interface ResolvedMockOptions {
  baseUrl: string;
  tokenUrl: string;
  credentials: Map<string, string> | undefined;
  advertiserIds: Set<string> | undefined;
  tokenLifetimeSeconds: number;
  oldestSupportedVersion: string;
  duplicateNameAnswer: 'partial-200' | 'http-400';
  invalidSampleSize: number;
  rateLimitPerMinute: number;
  enforceRateLimit: boolean;
  matchRate: number;
  now: () => number;
}

/** What every route of the mock shares. */
export interface MockContext {
  options: ResolvedMockOptions;
  state: CriteoMockState;
  /** Scripted duplicate-name races, consumed by creates. */
  races: Array<{ answer: 'partial-200' | 'http-400'; remaining: number }>;
}

/** The authenticated caller of an API route, with its parsed JSON body. */
export interface ApiRequest {
  request: Request;
  url: URL;
  clientId: string;
  body: unknown;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
