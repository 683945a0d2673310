/**
 * A set of 64-bit fingerprints of strings in open-addressed typed arrays: 8 bytes per slot, kept
 * between 53% and 80% full (it grows by half when full), so at most 15 bytes per distinct member. Two different ids share a
 * fingerprint with probability about n²/2⁶⁵ (3 in a million at 10M members).
 */
export class DedupeTable {
  private high: Uint32Array;
  private low: Uint32Array;
  private used = 0;

  constructor(initialCapacity = 1024) {
    const capacity = Math.max(16, Math.ceil(initialCapacity / MAX_LOAD));
    this.high = new Uint32Array(capacity);
    this.low = new Uint32Array(capacity);
  }

  get size(): number {
    return this.used;
  }

  /** Adds `key`; returns false if it (or a string with the same fingerprint) was already there. */
  add(key: string): boolean {
    let h1 = 0x811c9dc5;
    let h2 = 0x9747b28c;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
    h1 = fmix(h1 ^ key.length);
    h2 = fmix(h2 ^ Math.imul(key.length, 0x9e3779b1));
    // Zero marks an empty slot.
    if (h1 === 0 && h2 === 0) h2 = 1;
    return this.insert(h1 >>> 0, h2 >>> 0);
  }

  private insert(high: number, low: number): boolean {
    const capacity = this.high.length;
    let slot = ((high ^ low) >>> 0) % capacity;
    for (;;) {
      const h = this.high[slot] as number;
      const l = this.low[slot] as number;
      if (h === 0 && l === 0) break;
      if (h === high && l === low) return false;
      slot = slot + 1 === capacity ? 0 : slot + 1;
    }
    this.high[slot] = high;
    this.low[slot] = low;
    this.used++;
    if (this.used > capacity * MAX_LOAD) this.grow();
    return true;
  }

  private grow(): void {
    const oldHigh = this.high;
    const oldLow = this.low;
    const capacity = Math.ceil(oldHigh.length * 1.5);
    this.high = new Uint32Array(capacity);
    this.low = new Uint32Array(capacity);
    this.used = 0;
    for (let i = 0; i < oldHigh.length; i++) {
      const h = oldHigh[i] as number;
      const l = oldLow[i] as number;
      if (h !== 0 || l !== 0) this.insert(h, l);
    }
  }
}

const MAX_LOAD = 0.8;

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}
