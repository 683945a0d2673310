import { parseOptions, type SyncOptions } from '@x/core';
import { z } from 'zod';
import { TTD_DATA_DEFAULT_TTL_MINUTES, TTD_DATA_MAX_NAME_LENGTH, TTD_DATA_MAX_TTL_MINUTES } from './ttd-data-constants.js';

/** Options of `addMembers`. */
export interface TtdDataAddOptions extends SyncOptions {
  /**
   * How long the membership lasts, in minutes (0..259200, i.e. up to 180 days). Re-adding refreshes
   * it, so a daily sync with the default keeps active people in the segment and lets the rest expire.
   * @default 43200 (30 days)
   */
  ttlMinutes?: number | undefined;
}

/** Options of `optOut`. */
export interface TtdDataOptOutOptions extends SyncOptions {
  /** `OptOut` stops targeting the people; `Deletion` also deletes their data (a data subject request). */
  requestType: 'OptOut' | 'Deletion';
}

/** fetch refuses any other signal, which would otherwise surface as a retried network error. */
export const abortSignalSchema = z.custom<AbortSignal>((value) => value instanceof AbortSignal, 'Expected an AbortSignal.');

/** Core's SyncOptions, checked so that a bad callback or signal is a ConfigurationError, not a TypeError mid-sync. */
export const syncOptionsShape = {
  concurrency: z.number().int().min(1).optional(),
  maxIssues: z.union([z.number().int().min(0), z.literal(Number.POSITIVE_INFINITY)]).optional(),
  signal: abortSignalSchema.optional(),
  onProgress: z.custom<SyncOptions['onProgress']>((value) => typeof value === 'function', 'Expected a function.').optional(),
  onIssue: z.custom<SyncOptions['onIssue']>((value) => typeof value === 'function', 'Expected a function.').optional(),
};

const segmentCallSchema = z.object({
  segmentName: z.string().min(1).max(TTD_DATA_MAX_NAME_LENGTH, `Must be at most ${TTD_DATA_MAX_NAME_LENGTH} characters (TTD's DataNameTooLong).`),
  ttlMinutes: z
    .number()
    .int()
    .min(0, `Must be 0..${TTD_DATA_MAX_TTL_MINUTES} minutes.`)
    .max(TTD_DATA_MAX_TTL_MINUTES, `Must be 0..${TTD_DATA_MAX_TTL_MINUTES} minutes (180 days).`)
    .optional(),
  ...syncOptionsShape,
});

const optOutCallSchema = z.object({
  requestType: z.enum(['OptOut', 'Deletion']),
  ...syncOptionsShape,
});

/** Validates a segment call; returns the name and TTL to send. */
export function resolveSegmentCall(segmentName: unknown, options: object | undefined, defaultTtl = TTD_DATA_DEFAULT_TTL_MINUTES): { segmentName: string; ttlMinutes: number } {
  const parsed = parseOptions(segmentCallSchema, { ...options, segmentName }, 'ttd-data');
  return { segmentName: parsed.segmentName, ttlMinutes: parsed.ttlMinutes ?? defaultTtl };
}

/** Validates an opt-out call. */
export function resolveOptOutCall(options: unknown): { requestType: 'OptOut' | 'Deletion' } {
  const parsed = parseOptions(optOutCallSchema, options ?? {}, 'ttd-data');
  return { requestType: parsed.requestType };
}
