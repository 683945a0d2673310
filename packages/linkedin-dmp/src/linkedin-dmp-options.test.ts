import { ConfigurationError } from '@x/core';
import { describe, expect, it, vi } from 'vitest';
import { createLinkedInDmpClient } from './linkedin-dmp-client.js';
import type { LinkedInDmpClientOptions } from './linkedin-dmp-options.js';

const valid: LinkedInDmpClientOptions = { adAccountId: '512345678', sourcePlatform: 'TEST_PARTNER', accessToken: 'token-value-123' };

function configurationError(options: unknown): ConfigurationError {
  try {
    createLinkedInDmpClient(options as LinkedInDmpClientOptions);
  } catch (error) {
    if (ConfigurationError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
}

describe('createLinkedInDmpClient options', () => {
  it('accepts the minimal settings without calling anything', () => {
    const fetch = vi.fn<typeof globalThis.fetch>();
    expect(() => createLinkedInDmpClient({ ...valid, fetch })).not.toThrow();
    expect(() => createLinkedInDmpClient({ ...valid, adAccountId: 512345678 })).not.toThrow();
    expect(fetch).not.toHaveBeenCalled();
  });

  it('requires sourcePlatform: there is no default', () => {
    const { sourcePlatform: _omitted, ...rest } = valid;
    expect(configurationError(rest).issues.map((issue) => issue.path)).toEqual(['sourcePlatform']);
  });

  it('requires an access token or refresh credentials', () => {
    const error = configurationError({ adAccountId: '1', sourcePlatform: 'P' });
    expect(error.issues.map((issue) => issue.path)).toEqual(['accessToken']);
    expect(error.message).toContain('refresh');
  });

  it('names every bad field at once and never echoes a value', () => {
    const error = configurationError({
      adAccountId: 'account-name-secret',
      sourcePlatform: '',
      refresh: { clientId: 'id', clientSecret: 12345, refreshToken: '' },
      apiVersion: 'latest-secret',
      baseUrl: 'not a url secret',
      retry: { maxRetries: -1 },
      requestsPerMinute: 0,
      segmentReadyTimeoutMs: -5,
    });
    expect(error.issues.map((issue) => issue.path).sort()).toEqual(
      [
        'adAccountId',
        'apiVersion',
        'baseUrl',
        'refresh.clientSecret',
        'refresh.refreshToken',
        'requestsPerMinute',
        'retry.maxRetries',
        'segmentReadyTimeoutMs',
        'sourcePlatform',
      ].sort(),
    );
    expect(error.platform).toBe('linkedin-dmp');
    const shown = `${error.message} ${JSON.stringify(error)}`;
    for (const value of ['account-name-secret', '12345', 'latest-secret', 'not a url secret']) expect(shown).not.toContain(value);
  });

  it('refuses options that are not an object', () => {
    expect(configurationError(undefined).issues[0]?.path).toBe('options');
  });
});
