import type { SyncOptions } from '@x/core';
import { z } from 'zod';

const isSignal = (value: unknown): boolean =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as AbortSignal).aborted === 'boolean' &&
  typeof (value as AbortSignal).addEventListener === 'function';

/** An AbortSignal (duck-typed: signals from another realm or a polyfill work too). */
export const signalSchema = z.custom<AbortSignal>(isSignal, {
  error: 'signal must be an AbortSignal (from an AbortController or AbortSignal.timeout()).',
});

const callback = <T>(name: string) => z.custom<T>((value) => typeof value === 'function', { error: `${name} must be a function.` });

/**
 * The per-call options of addMembers/removeMembers, checked before anything is read or sent: a
 * plain JavaScript caller's `concurrency: '4'` or `onProgress: true` is a ConfigurationError, not
 * a crash after the first batch went out.
 */
export const syncOptionsSchema = z
  .object(
    {
      signal: signalSchema.optional(),
      onProgress: callback<NonNullable<SyncOptions['onProgress']>>('onProgress').optional(),
      onIssue: callback<NonNullable<SyncOptions['onIssue']>>('onIssue').optional(),
      maxIssues: z
        .number({ error: 'maxIssues must be a number.' })
        .int({ error: 'maxIssues must be an integer.' })
        .min(0, { error: 'maxIssues must be 0 or more.' })
        .or(z.literal(Number.POSITIVE_INFINITY))
        .optional(),
      concurrency: z
        .number({ error: 'concurrency must be a number.' })
        .int({ error: 'concurrency must be an integer.' })
        .min(1, { error: 'concurrency must be 1 or more.' })
        .optional(),
    },
    { error: 'sync options must be an object such as { signal, onProgress, concurrency }.' },
  )
  .optional()
  .nullable();
