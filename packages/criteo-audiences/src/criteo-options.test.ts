import { ConfigurationError } from '@x/core';
import { describe, expect, it } from 'vitest';
import { createCriteoAudiencesClient } from './criteo-audiences-client.js';
import { CLIENT_SECRET, setupCriteoMock, testClient } from './criteo-test-setup.test-helper.js';

const { mock } = setupCriteoMock();

function configurationError(run: () => unknown): ConfigurationError {
  try {
    run();
  } catch (error) {
    if (ConfigurationError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
}

describe('createCriteoAudiencesClient options', () => {
  it('names every bad field and never echoes the values', () => {
    const error = configurationError(() =>
      createCriteoAudiencesClient({
        advertiserId: 'adv-12345',
        clientId: '',
        clientSecret: 42 as unknown as string,
        apiVersion: 'v2026.07',
        baseUrl: 'api.criteo.com',
      }),
    );
    expect(error.issues.map((issue) => issue.path).sort()).toEqual(['advertiserId', 'apiVersion', 'baseUrl', 'clientId', 'clientSecret']);
    expect(error.message).not.toContain('adv-12345');
    expect(error.message).not.toContain('v2026.07');
  });

  it('requires a numeric advertiser id and accepts a number', () => {
    expect(configurationError(() => testClient({ advertiserId: '12a' })).issues).toEqual([
      { path: 'advertiserId', message: 'The advertiser id must contain digits only.' },
    ]);
    expect(() => testClient({ advertiserId: 12345 })).not.toThrow();
  });

  it('does not echo a client secret given in the wrong place', () => {
    const error = configurationError(() => testClient({ clientId: { secret: CLIENT_SECRET } as unknown as string }));
    expect(error.issues.map((issue) => issue.path)).toEqual(['clientId']);
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain(CLIENT_SECRET);
  });

  it('rejects a bad retry policy and a bad rate limiter', () => {
    const error = configurationError(() => testClient({ retry: { maxRetries: -1 }, rateLimiter: 'fast' as unknown as boolean }));
    expect(error.issues.map((issue) => issue.path).sort()).toEqual(['rateLimiter', 'retry.maxRetries']);
  });

  it('rejects bad member options before anything is sent', async () => {
    const client = testClient();
    await expect(client.addMembers('100001', ['a@b.com'], { identifierType: 'phone' as 'email' })).rejects.toSatisfy(
      (error) => ConfigurationError.isInstance(error) && error.issues[0]?.path === 'identifierType',
    );
    await expect(client.addMembers('segment-1', ['a@b.com'])).rejects.toSatisfy(
      (error) => ConfigurationError.isInstance(error) && error.issues[0]?.path === 'segmentId',
    );
    await expect(client.addMembers('100001', 'a@b.com' as unknown as string[])).rejects.toSatisfy(
      (error) => ConfigurationError.isInstance(error) && error.issues[0]?.path === 'members',
    );
    await expect(client.ensureSegment({ name: '' })).rejects.toSatisfy((error) => ConfigurationError.isInstance(error));
    expect(mock.calls).toEqual([]);
  });
});
