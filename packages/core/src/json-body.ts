/** Input of {@link writeJsonBody}. */
export interface JsonBodyInput {
  /** Everything before the first item, e.g. `{"elements":[`. */
  head: string;
  /** Everything after the last item, e.g. `]}`. */
  tail: string;
  /** Number of items. */
  count: number;
  /** The JSON of items `start` to `end` (exclusive), separated by commas, without brackets. */
  chunk: (start: number, end: number) => string;
  /**
   * Items per chunk: small enough that no chunk string reaches V8's large-object space (128 KB).
   * @default 200
   */
  chunkItems?: number;
}

/**
 * Writes a JSON request body of many items straight into one Buffer, a chunk of items at a time.
 * A body built as one string (JSON.stringify of 5,000 objects) is a rope in V8's large-object
 * space: flattening and encoding it costs more than writing it, since every such string lands on
 * fresh memory pages. Chunks stay small, and the bytes are what `fetch` sends (and what a
 * signature is computed over) without another copy.
 * @example
 * const body = writeJsonBody({ head: '{"elements":[', tail: ']}', count: elements.length,
 *   chunk: (start, end) => JSON.stringify(elements.slice(start, end)).slice(1, -1) });
 */
export function writeJsonBody(input: JsonBodyInput): Buffer {
  const { head, tail, count } = input;
  const step = Math.max(1, Math.floor(input.chunkItems ?? 200));
  const chunks: string[] = [];
  let total = Buffer.byteLength(head, 'utf8') + Buffer.byteLength(tail, 'utf8');
  for (let start = 0; start < count; start += step) {
    const text = input.chunk(start, Math.min(count, start + step));
    chunks.push(text);
    total += Buffer.byteLength(text, 'utf8') + (start === 0 ? 0 : 1);
  }
  const body = Buffer.allocUnsafeSlow(total);
  let offset = body.write(head, 0, 'utf8');
  for (let index = 0; index < chunks.length; index++) {
    if (index > 0) body[offset++] = COMMA;
    offset += body.write(chunks[index] as string, offset, 'utf8');
  }
  body.write(tail, offset, 'utf8');
  return body;
}

const COMMA = 0x2c;
