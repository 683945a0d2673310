import { describe, expect, it, vi } from 'vitest';
import { createTokenProvider } from './token-provider.js';

describe('createTokenProvider', () => {
  it('caches the token until shortly before expiry', async () => {
    let now = 0;
    let issued = 0;
    const tokens = createTokenProvider({ fetchToken: async () => ({ accessToken: `t${++issued}`, expiresInSeconds: 900 }), refreshSkewMs: 60_000, now: () => now });
    expect(await tokens.getToken()).toBe('t1');
    now = 839_000;
    expect(await tokens.getToken()).toBe('t1');
    now = 841_000;
    expect(await tokens.getToken()).toBe('t2');
  });

  it('shares one in-flight fetch among concurrent callers', async () => {
    const fetchToken = vi.fn(async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      return { accessToken: 'shared' };
    });
    const tokens = createTokenProvider({ fetchToken });
    const all = await Promise.all(Array.from({ length: 10 }, () => tokens.getToken()));
    expect(new Set(all)).toEqual(new Set(['shared']));
    expect(fetchToken).toHaveBeenCalledTimes(1);
  });

  it('refreshes a rejected token once, and not again when someone already replaced it', async () => {
    let issued = 0;
    const fetchToken = vi.fn(async () => ({ accessToken: `t${++issued}` }));
    const tokens = createTokenProvider({ fetchToken });
    await tokens.getToken();
    expect(await tokens.getToken({ rejected: 't1' })).toBe('t2');
    expect(await tokens.getToken({ rejected: 't1' })).toBe('t2');
    expect(fetchToken).toHaveBeenCalledTimes(2);
  });

  it('lets a failed refresh be tried again', async () => {
    let attempt = 0;
    const tokens = createTokenProvider({
      fetchToken: async () => {
        attempt++;
        if (attempt === 1) throw new Error('down');
        return { accessToken: 'ok' };
      },
    });
    await expect(tokens.getToken()).rejects.toThrow('down');
    expect(await tokens.getToken()).toBe('ok');
  });

  it('one caller aborting does not fail the others waiting on the same fetch', async () => {
    const fetchToken = vi.fn(async (signal: AbortSignal | undefined) => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      signal?.throwIfAborted();
      return { accessToken: 'shared' };
    });
    const tokens = createTokenProvider({ fetchToken });
    const controller = new AbortController();
    const first = tokens.getToken({ signal: controller.signal });
    const second = tokens.getToken({ signal: new AbortController().signal });
    controller.abort();
    await expect(first).rejects.toMatchObject({ name: 'AbortError' });
    expect(await second).toBe('shared');
    expect(await tokens.getToken()).toBe('shared');
    expect(fetchToken).toHaveBeenCalledTimes(1);
  });
});
