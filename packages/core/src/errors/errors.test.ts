import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseOptions } from '../parse-options.js';
import { AbortError } from './abort-error.js';
import { ApiCallError } from './api-call-error.js';
import { AudienceSdkError } from './audience-sdk-error.js';
import { AuthenticationError } from './authentication-error.js';
import { ConfigurationError } from './configuration-error.js';
import { InvalidIdentifierError } from './invalid-identifier-error.js';
import { RateLimitError } from './rate-limit-error.js';

describe('error classes', () => {
  const auth = new AuthenticationError('no', { platform: 'linkedin-dmp', statusCode: 401 });
  const rate = new RateLimitError('slow down', { platform: 'criteo-audiences', retryAfterMs: 1000 });

  it('form one hierarchy', () => {
    expect(auth).toBeInstanceOf(ApiCallError);
    expect(auth).toBeInstanceOf(AudienceSdkError);
    expect(rate.statusCode).toBe(429);
    expect(rate.isRetryable).toBe(true);
    expect(auth.isRetryable).toBe(false);
    expect(auth.name).toBe('AuthenticationError');
  });

  it('are recognised by isInstance across copies (Symbol.for brands)', () => {
    const foreign = Object.assign(Object.create(null) as object, { [Symbol.for('@x/core.error')]: true, [Symbol.for('@x/core.api-call-error')]: true });
    expect(ApiCallError.isInstance(foreign)).toBe(true);
    expect(AudienceSdkError.isInstance(foreign)).toBe(true);
    expect(AuthenticationError.isInstance(foreign)).toBe(false);
    expect(ApiCallError.isInstance(new Error('x'))).toBe(false);
    expect(AuthenticationError.isInstance(auth)).toBe(true);
    expect(RateLimitError.isInstance(auth)).toBe(false);
    expect(ConfigurationError.isInstance(new ConfigurationError('x'))).toBe(true);
    expect(InvalidIdentifierError.isInstance(new InvalidIdentifierError('empty', 'x'))).toBe(true);
    expect(AbortError.isInstance(new AbortError('x'))).toBe(true);
  });
});

describe('parseOptions', () => {
  const schema = z.object({ advertiserId: z.string().regex(/^\d+$/, 'must be numeric'), clientSecret: z.string().min(10), region: z.enum(['us', 'eu']) });

  it('returns parsed options', () => {
    expect(parseOptions(schema, { advertiserId: '12', clientSecret: 'x'.repeat(12), region: 'eu' }, 'criteo-audiences')).toMatchObject({ region: 'eu' });
  });

  it('names every bad field without echoing values', () => {
    const error = (() => {
      try {
        parseOptions(schema, { advertiserId: 'adv-secretish', clientSecret: 'tiny-secret', region: 'mars' }, 'criteo-audiences');
      } catch (caught) {
        return caught as ConfigurationError;
      }
      throw new Error('expected a throw');
    })();
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(error.issues.map((issue) => issue.path).sort()).toEqual(['advertiserId', 'region']);
    const printed = `${error.message} ${inspect(error, { depth: 5 })}`;
    expect(printed).not.toContain('adv-secretish');
    expect(printed).not.toContain('mars');
    expect(printed).not.toContain('tiny-secret');
  });

  it('rejects a non-object', () => {
    expect(() => parseOptions(schema, undefined, 'core')).toThrow(ConfigurationError);
  });
});
