import { describe, expect, it } from 'vitest';
import { batches } from './batches.js';

async function collect<T>(source: AsyncIterable<T[]>): Promise<T[][]> {
  const result: T[][] = [];
  for await (const batch of source) result.push(batch);
  return result;
}

async function* slowNumbers(count: number): AsyncGenerator<number> {
  for (let i = 0; i < count; i++) {
    await Promise.resolve();
    yield i;
  }
}

describe('batches', () => {
  it('splits by item count over a sync iterable', async () => {
    const result = await collect(batches([1, 2, 3, 4, 5], { maxItems: 2 }));
    expect(result).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('splits by item count over an async iterable', async () => {
    const result = await collect(batches(slowNumbers(7), { maxItems: 3 }));
    expect(result).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
  });

  it('splits by bytes with a custom size', async () => {
    const result = await collect(batches(['aaaa', 'bb', 'cccc', 'd'], { maxItems: 100, maxBytes: 6, sizeOf: (item) => item.length }));
    expect(result).toEqual([['aaaa', 'bb'], ['cccc', 'd']]);
  });

  it('measures UTF-8 bytes by default, counting one separator per item', async () => {
    // 'é' is two bytes: each item weighs 3 with its separator.
    const result = await collect(batches(['é', 'é', 'é'], { maxItems: 100, maxBytes: 6 }));
    expect(result).toEqual([['é', 'é'], ['é']]);
  });

  it('yields an item larger than maxBytes alone rather than dropping it', async () => {
    const result = await collect(batches(['x', 'huge-item', 'y'], { maxItems: 10, maxBytes: 4, sizeOf: (item) => item.length }));
    expect(result).toEqual([['x'], ['huge-item'], ['y']]);
  });

  it('yields nothing for an empty source', async () => {
    expect(await collect(batches([], { maxItems: 3 }))).toEqual([]);
  });

  it('pulls the source lazily, holding at most one batch', async () => {
    let pulled = 0;
    function* source() {
      for (let i = 0; i < 1000; i++) {
        pulled++;
        yield i;
      }
    }
    const iterator = batches(source(), { maxItems: 10 });
    const first = await iterator.next();
    expect(first.value).toHaveLength(10);
    expect(pulled).toBe(10);
    await iterator.return(undefined);
  });

  it('rejects a bad maxItems', async () => {
    await expect(collect(batches([1], { maxItems: 0 }))).rejects.toThrow(RangeError);
  });
});
