/**
 * A set of 64-bit fingerprints of strings in open-addressed typed arrays: 8 bytes per slot, kept
 * between 53% and 80% full (it grows by half when full), so at most 15 bytes per distinct member. Two different ids share a
 * fingerprint with probability about n²/2⁶⁵ (3 in a million at 10M members).
 */
export class DedupeTable {
  // Pairs of 32-bit halves side by side: one cache line read per lookup.
  private slots: Uint32Array;
  private used = 0;

  constructor(initialCapacity = 1024) {
    const capacity = Math.max(16, Math.ceil(initialCapacity / MAX_LOAD));
    this.slots = new Uint32Array(capacity * 2);
  }

  get size(): number {
    return this.used;
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
    h1 = fmix(h1 ^ key.length);
    h2 = fmix(h2 ^ Math.imul(key.length, 0x9e3779b1));
    // Zero marks an empty slot.
    if (h1 === 0 && h2 === 0) h2 = 1;
    return this.insert(h1 >>> 0, h2 >>> 0);
  }

  private insert(high: number, low: number): boolean {
    const slots = this.slots;
    const capacity = slots.length >>> 1;
    let slot = ((high ^ low) >>> 0) % capacity;
    for (;;) {
      const h = slots[slot * 2] as number;
      const l = slots[slot * 2 + 1] as number;
      if (h === 0 && l === 0) break;
      if (h === high && l === low) return false;
      slot = slot + 1 === capacity ? 0 : slot + 1;
    }
    slots[slot * 2] = high;
    slots[slot * 2 + 1] = low;
    this.used++;
    if (this.used > capacity * MAX_LOAD) this.grow();
    return true;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(Math.ceil((old.length >>> 1) * 1.5) * 2);
    this.used = 0;
    for (let i = 0; i < old.length; i += 2) {
      const h = old[i] as number;
      const l = old[i + 1] as number;
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
