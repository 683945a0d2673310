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
      if (i % 9_973 === 0) sizes.push(bytesOf(table) / i);
    }
    expect(Math.max(...sizes)).toBeLessThanOrEqual(16);
  });
});

function bytesOf(table: DedupeTable): number {
  return (table as unknown as { slots: Uint32Array }).slots.byteLength;
}
