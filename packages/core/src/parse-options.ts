import type { z } from 'zod';
import type { Platform } from './errors/audience-sdk-error.js';
import { ConfigurationError, type ConfigurationIssue } from './errors/configuration-error.js';

/**
 * Validates options with a zod schema and throws a `ConfigurationError` naming every bad field.
 * Values are never echoed (they may be secrets).
 * @example
 * const settings = parseOptions(linkedInOptionsSchema, options, 'linkedin-dmp');
 */
export function parseOptions<S extends z.ZodType>(schema: S, options: unknown, platform: Platform, what = 'options'): z.output<S> {
  const result = schema.safeParse(options);
  if (result.success) return result.data;
  const issues: ConfigurationIssue[] = result.error.issues.map((issue) => ({
    path: issue.path.length === 0 ? what : issue.path.map(String).join('.'),
    message: issue.message,
  }));
  const summary = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
  return throwError(new ConfigurationError(`${platform}: invalid ${what}: ${summary}`, { platform, issues }));
}

function throwError(error: Error): never {
  throw error;
}
