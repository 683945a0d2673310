import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedCall } from './call-log.js';
import { createFaultScript, seededRandom } from './fault-script.js';
import { withFaults } from './with-faults.js';

const faults = createFaultScript();
const calls: RecordedCall[] = [];
const server = setupServer(
  http.post('https://mock.test/items', withFaults(faults, calls, () => HttpResponse.json({ ok: true }, { status: 201 }))),
  http.get('https://mock.test/items', withFaults(faults, calls, () => HttpResponse.json({ items: [] }))),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

describe('fault script + withFaults', () => {
  it('injects scripted faults N times for matching calls, then answers normally, recording every call', async () => {
    faults.failNext({ type: 'status', status: 429, retryAfter: 3 }, { times: 2, match: { method: 'POST' } });
    const get = await fetch('https://mock.test/items');
    expect(get.status).toBe(200);
    const first = await fetch('https://mock.test/items', { method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' } });
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('3');
    expect((await fetch('https://mock.test/items', { method: 'POST', body: '{}' })).status).toBe(429);
    expect((await fetch('https://mock.test/items', { method: 'POST', body: '{}' })).status).toBe(201);
    expect(calls.map((call) => `${call.method} ${call.status}`)).toEqual(['GET 200', 'POST 429', 'POST 429', 'POST 201']);
    expect(calls[1]?.body).toEqual({ a: 1 });
  });

  it('injects a network error', async () => {
    faults.failNext({ type: 'network-error' });
    await expect(fetch('https://mock.test/items')).rejects.toThrow();
    expect(calls.at(-1)?.status).toBe(0);
  });

  it('injects random faults reproducibly from a seed', async () => {
    const outcomes = async () => {
      faults.reset();
      faults.randomFaults({ rate: 0.3, seed: 7, faults: [{ type: 'status', status: 503 }] });
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) statuses.push((await fetch('https://mock.test/items')).status);
      return statuses;
    };
    const first = await outcomes();
    const second = await outcomes();
    faults.reset();
    expect(first).toEqual(second);
    const failures = first.filter((status) => status === 503).length;
    expect(failures).toBeGreaterThan(4);
    expect(failures).toBeLessThan(20);
  });

  it('seededRandom stays in [0, 1)', () => {
    const next = seededRandom(1);
    for (let i = 0; i < 1000; i++) {
      const value = next();
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
  });
});
