import { describe, expect, it } from 'vitest';
import { DedupeTable } from './dedupe-table.js';
import { sha256 } from './hash.js';

describe('DedupeTable', () => {
  it('tells new keys from repeated ones across growth', () => {
    const table = new DedupeTable(4);
    for (let i = 0; i < 50_000; i++) expect(table.add(`member-${i}`)).toBe(true);
    for (let i = 0; i < 50_000; i += 7) expect(table.add(`member-${i}`)).toBe(false);
    expect(table.size).toBe(50_000);
  });

  it('has no false duplicates on a million distinct hashes', () => {
    const table = new DedupeTable();
    let duplicates = 0;
    for (let i = 0; i < 1_000_000; i++) if (!table.add(sha256(String(i)))) duplicates++;
    expect(duplicates).toBe(0);
  });

  it('stays within 16 bytes per distinct member', () => {
    const table = new DedupeTable(1);
    const sizes: number[] = [];
    for (let i = 1; i <= 200_000; i++) {
      table.add(`k${i}`);
      if (i % 9_973 === 0) sizes.push(table.byteLength / i);
    }
    expect(Math.max(...sizes)).toBeLessThanOrEqual(16);
  });

  it('never grows by more than a small step at a time (no old and new table at once)', () => {
    const table = new DedupeTable(1);
    let previous = table.byteLength;
    let largestStep = 0;
    for (let i = 1; i <= 300_000; i++) {
      table.add(`k${i}`);
      const bytes = table.byteLength;
      largestStep = Math.max(largestStep, bytes - previous);
      previous = bytes;
    }
    // A one-piece table would add half its size at once (about 1.5 MB here).
    expect(largestStep).toBeLessThan(previous / 100);
  });

  it('treats keys that differ only in length or by one character as different', () => {
    const table = new DedupeTable();
    const keys = ['', 'a', 'aa', 'a\u0000', 'ab', 'ba', 'é', 'e\u0301', '😀', '\ud83d'];
    for (const key of keys) expect(table.add(key)).toBe(true);
    for (const key of keys) expect(table.add(key)).toBe(false);
    expect(table.size).toBe(keys.length);
  });
});

