import { describe, expect, it } from 'vitest';
import { createConcurrencyLimiter } from './concurrency-limiter.js';

describe('createConcurrencyLimiter', () => {
  it('holds callers beyond the limit and hands slots over in arrival order', async () => {
    const slots = createConcurrencyLimiter(2);
    const order: string[] = [];
    const a = await slots.acquire();
    const b = await slots.acquire();
    const c = slots.acquire().then((release) => (order.push('c'), release));
    const d = slots.acquire().then((release) => (order.push('d'), release));
    await Promise.resolve();
    expect(slots).toMatchObject({ active: 2, waiting: 2 });
    b();
    b(); // a second release does nothing
    const releaseC = await c;
    expect(order).toEqual(['c']);
    expect(slots).toMatchObject({ active: 2, waiting: 1 });
    a();
    (await d)();
    releaseC();
    expect(order).toEqual(['c', 'd']);
    expect(slots).toMatchObject({ active: 0, waiting: 0 });
  });

  it('drops an aborted waiter from the queue', async () => {
    const slots = createConcurrencyLimiter(1);
    const release = await slots.acquire();
    const controller = new AbortController();
    const waiting = slots.acquire(controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    expect(slots.waiting).toBe(0);
    release();
    expect(slots.active).toBe(0);
  });

  it('rejects a limit that is not a whole number of 1 or more', () => {
    expect(() => createConcurrencyLimiter(0)).toThrow(RangeError);
    expect(() => createConcurrencyLimiter(1.5)).toThrow(RangeError);
    expect(createConcurrencyLimiter(Number.POSITIVE_INFINITY).limit).toBe(Number.POSITIVE_INFINITY);
  });
});
