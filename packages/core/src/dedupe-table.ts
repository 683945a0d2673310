/**
 * A set of 64-bit fingerprints of strings: 8 bytes per slot in open-addressed typed arrays, kept
 * between 50% and 86% full (a segment grows by half), so at most 16 bytes per distinct member.
 * Two different ids share a fingerprint with probability about n²/2⁶⁵ (3 in a million at 10M members).
 *
 * The table is split into 256 segments that grow one at a time, each at its own fill level: a
 * single table that grows holds its old and new arrays at once (2.5× its size at that moment),
 * while a segment's growth adds only 1/256 of that, and no two segments grow at the same moment.
 */
export class DedupeTable {
  // Per segment: pairs of 32-bit halves side by side, so one lookup reads one cache line.
  private readonly segments: Uint32Array[] = [];
  private readonly counts = new Int32Array(SEGMENTS);
  private readonly limits = new Int32Array(SEGMENTS);
  private used = 0;

  constructor(initialCapacity = 1024) {
    const perSegment = Math.max(MIN_SEGMENT_SLOTS, Math.ceil(initialCapacity / SEGMENTS / MIN_LOAD));
    for (let segment = 0; segment < SEGMENTS; segment++) this.allocate(segment, perSegment);
  }

  get size(): number {
    return this.used;
  }

  /** Bytes held by the slots (for memory checks). */
  get byteLength(): number {
    let bytes = 0;
    for (const slots of this.segments) bytes += slots.byteLength;
    return bytes;
  }

  /** Adds `key`; returns false if it (or a string with the same fingerprint) was already there. */
  add(key: string): boolean {
    let h1 = 0x811c9dc5;
    let h2 = 0x9747b28c;
    const length = key.length;
    let i = 0;
    // Two UTF-16 units per step halves the loop for the usual 64-character hex keys.
    for (; i + 1 < length; i += 2) {
      const c = key.charCodeAt(i) | (key.charCodeAt(i + 1) << 16);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      h1 ^= h1 >>> 13;
    }
    if (i < length) {
      const c = key.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    }
    h1 = fmix(h1 ^ length) >>> 0;
    h2 = fmix(h2 ^ Math.imul(length, 0x9e3779b1)) >>> 0;
    // Zero marks an empty slot.
    if (h1 === 0 && h2 === 0) h2 = 1;
    const segment = h1 >>> 24;
    if (!insert(this.segments[segment] as Uint32Array, h1, h2)) return false;
    this.used++;
    const count = (this.counts[segment] as number) + 1;
    this.counts[segment] = count;
    if (count > (this.limits[segment] as number)) this.grow(segment);
    return true;
  }

  private grow(segment: number): void {
    const old = this.segments[segment] as Uint32Array;
    const slots = this.allocate(segment, Math.ceil((old.length >>> 1) * GROWTH));
    for (let i = 0; i < old.length; i += 2) {
      const high = old[i] as number;
      const low = old[i + 1] as number;
      if (high !== 0 || low !== 0) insert(slots, high, low);
    }
  }

  private allocate(segment: number, capacity: number): Uint32Array {
    const slots = new Uint32Array(capacity * 2);
    this.segments[segment] = slots;
    // Segments fill to different levels before growing, so that their growths spread out.
    this.limits[segment] = Math.floor(capacity * (MAX_LOAD_LOW + ((MAX_LOAD_HIGH - MAX_LOAD_LOW) * segment) / (SEGMENTS - 1)));
    return slots;
  }
}

const SEGMENTS = 256;
const MIN_SEGMENT_SLOTS = 8;
const MAX_LOAD_LOW = 0.75;
const MAX_LOAD_HIGH = 0.86;
const GROWTH = 1.5;
const MIN_LOAD = MAX_LOAD_LOW / GROWTH;
const INVERSE_2_32 = 1 / 4_294_967_296;

/** Inserts the fingerprint by linear probing; false when it is there already. */
function insert(slots: Uint32Array, high: number, low: number): boolean {
  const capacity = slots.length >>> 1;
  // Multiply-shift instead of a modulo: the product's high part is uniform over [0, capacity).
  let slot = Math.floor((Math.imul(low, 0x9e3779b1) >>> 0) * INVERSE_2_32 * capacity);
  for (;;) {
    const h = slots[slot * 2] as number;
    const l = slots[slot * 2 + 1] as number;
    if (h === 0 && l === 0) break;
    if (h === high && l === low) return false;
    slot = slot + 1 === capacity ? 0 : slot + 1;
  }
  slots[slot * 2] = high;
  slots[slot * 2 + 1] = low;
  return true;
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}
