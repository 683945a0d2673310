/** Options of {@link batches}. */
export interface BatchOptions<T> {
  /** Most items in one batch. */
  maxItems: number;
  /**
   * Most bytes in one batch, as measured by `sizeOf`. An item larger than this on its own is
   * yielded alone, so that nothing is dropped; the platform then decides.
   * @default Infinity
   */
  maxBytes?: number;
  /**
   * Size of one item in bytes, including any separator it adds to the request body.
   * @default UTF-8 byte length of `String(item)` (JSON for objects) plus one
   */
  sizeOf?: (item: T) => number;
}

/**
 * Groups a sync or async iterable into arrays, bounded by item count and by bytes. Holds at most
 * one batch in memory and pulls the source only as fast as batches are consumed.
 * @example
 * for await (const batch of batches(emails, { maxItems: 5000, maxBytes: 2_500_000 })) await send(batch);
 */
export async function* batches<T>(source: Iterable<T> | AsyncIterable<T>, options: BatchOptions<T>): AsyncGenerator<T[]> {
  const maxItems = options.maxItems;
  if (!Number.isInteger(maxItems) || maxItems < 1) throw new RangeError('batches: maxItems must be a positive integer.');
  const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
  const sizeOf = options.sizeOf ?? defaultSizeOf;
  const measure = maxBytes !== Number.POSITIVE_INFINITY;
  let batch: T[] = [];
  let bytes = 0;
  for await (const item of source) {
    const size = measure ? sizeOf(item) : 0;
    if (batch.length > 0 && bytes + size > maxBytes) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(item);
    bytes += size;
    if (batch.length >= maxItems) {
      yield batch;
      batch = [];
      bytes = 0;
    }
  }
  if (batch.length > 0) yield batch;
}

function defaultSizeOf(item: unknown): number {
  const text = typeof item === 'string' ? item : JSON.stringify(item) ?? '';
  return Buffer.byteLength(text, 'utf8') + 1;
}
