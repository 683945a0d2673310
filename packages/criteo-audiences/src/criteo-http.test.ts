import { ApiCallError } from '@x/core';
import { describe, expect, it } from 'vitest';
import { createCriteoAudiencesMock } from './msw/index.js';
import { apiCalls, setupCriteoMock, testClient } from './criteo-test-setup.test-helper.js';

const { mock, server } = setupCriteoMock();

describe('API version', () => {
  it('is the first path segment, 2026-07 by default', async () => {
    await testClient().findSegment({ name: 'a' });
    expect(apiCalls(mock.calls)).toEqual(['POST /2026-07/marketing-solutions/audience-segments/search']);
  });

  it('can be overridden', async () => {
    await testClient({ apiVersion: '2027-01' }).findSegment({ name: 'a' });
    expect(apiCalls(mock.calls)).toEqual(['POST /2027-01/marketing-solutions/audience-segments/search']);
  });

  it('turns a 410 into an error naming the version and the apiVersion option', async () => {
    const error = await testClient({ apiVersion: '2024-07' })
      .findSegment({ name: 'a' })
      .catch((caught: unknown) => caught);
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect((error as ApiCallError).statusCode).toBe(410);
    expect((error as Error).message).toContain('2024-07');
    expect((error as Error).message).toContain('apiVersion');
    expect((error as ApiCallError).isRetryable).toBe(false);
    expect(mock.calls.filter((call) => call.status === 410)).toHaveLength(1);
  });

  it('reports a scripted decommissioning the same way', async () => {
    mock.failNext({ type: 'version-decommissioned' });
    const error = await testClient().findSegment({ name: 'a' }).catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/version 2026-07 is decommissioned.*apiVersion option/);
  });
});

describe('custom base URLs', () => {
  it('sends every call to the configured hosts', async () => {
    const custom = createCriteoAudiencesMock({ baseUrl: 'https://criteo.proxy.test/api', tokenUrl: 'https://auth.proxy.test/token' });
    server.use(...custom.handlers);
    const client = testClient({ baseUrl: 'https://criteo.proxy.test/api/', tokenUrl: 'https://auth.proxy.test/token' });
    const segment = await client.ensureSegment({ name: 'Proxied' });
    await client.addMembers(segment.id, ['a@example.com']);
    expect(custom.calls.map((call) => `${call.method} ${call.url}`)).toEqual([
      'POST https://auth.proxy.test/token',
      'POST https://criteo.proxy.test/api/2026-07/marketing-solutions/audience-segments/search?limit=100&offset=0',
      'POST https://criteo.proxy.test/api/2026-07/marketing-solutions/audience-segments/create',
      `PATCH https://criteo.proxy.test/api/2026-07/marketing-solutions/audience-segments/${segment.id}/contact-list`,
    ]);
    expect(mock.calls).toEqual([]);
  });

  it('asks the host given as baseUrl for tokens when no tokenUrl is set, so the secret never goes to api.criteo.com', async () => {
    const custom = createCriteoAudiencesMock({ baseUrl: 'https://criteo.fake.test' });
    server.use(...custom.handlers);
    await testClient({ baseUrl: 'https://criteo.fake.test' }).findSegment({ name: 'a' });
    expect(custom.calls.map((call) => `${call.method} ${call.url}`)).toEqual([
      'POST https://criteo.fake.test/oauth2/token',
      'POST https://criteo.fake.test/2026-07/marketing-solutions/audience-segments/search?limit=100&offset=0',
    ]);
    expect(mock.calls).toEqual([]);
  });
});

describe('headers', () => {
  it('sends JSON Accept and Content-Type on every API call, body or not', async () => {
    const client = testClient();
    const segment = await client.ensureSegment({ name: 'Headers' });
    await client.replaceMembers(segment.id, ['a@example.com']);
    await client.getStatistics(segment.id);
    const api = mock.calls.filter((call) => call.url.includes('/marketing-solutions/'));
    expect(new Set(api.map((call) => call.method))).toEqual(new Set(['POST', 'DELETE', 'PATCH', 'GET']));
    for (const call of api) {
      expect(call.headers.accept).toContain('application/json');
      expect(call.headers['content-type']).toContain('application/json');
    }
  });
});
