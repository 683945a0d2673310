import { describe, expect, it } from 'vitest';
import { writeJsonBody } from './json-body.js';

const elements = Array.from({ length: 1_234 }, (_, i) => ({ id: i, name: i % 7 === 0 ? `Zoë "${i}" 😀\n` : `n${i}` }));
const objectChunk = (start: number, end: number) => JSON.stringify(elements.slice(start, end)).slice(1, -1);

describe('writeJsonBody', () => {
  it('writes the same bytes as JSON.stringify of the whole body, non-ASCII and escapes included', () => {
    for (const chunkItems of [1, 7, 200, 5_000]) {
      const body = writeJsonBody({ head: '{"elements":[', tail: '],"n":1}', count: elements.length, chunk: objectChunk, chunkItems });
      expect(body.equals(Buffer.from(JSON.stringify({ elements, n: 1 }), 'utf8'))).toBe(true);
    }
  });

  it('writes an empty list for no items', () => {
    expect(writeJsonBody({ head: '{"a":[', tail: ']}', count: 0, chunk: () => 'never' }).toString()).toBe('{"a":[]}');
  });

  it('asks for every item exactly once, in order, in chunks of at most chunkItems', () => {
    const ranges: Array<[number, number]> = [];
    writeJsonBody({ head: '[', tail: ']', count: 45, chunkItems: 20, chunk: (start, end) => (ranges.push([start, end]), '1') });
    expect(ranges).toEqual([[0, 20], [20, 40], [40, 45]]);
  });
});
