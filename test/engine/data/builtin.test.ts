import { describe, expect, it } from 'vitest';
import { builtinDataset, builtinDatasetNames } from '../../../engine/data/builtin';

const rowsOf = (name: string): string[] => {
  const d = builtinDataset(name)!;
  return Array.from({ length: d.rowCount }, (_, r) => Array.from(d.bits.subarray(r * d.width, (r + 1) * d.width)).join(''));
};

describe('built-in datasets', () => {
  it('lists xor and bars-stripes-3x3 and returns undefined for other names', () => {
    expect(builtinDatasetNames()).toEqual(['xor', 'bars-stripes-3x3']);
    expect(builtinDataset('nope')).toBeUndefined();
    expect(builtinDataset('toString')).toBeUndefined();
  });

  it('xor holds Mehlig’s four patterns [x1, x2, x1 XOR x2] as 0/1 bits', () => {
    expect(rowsOf('xor')).toEqual(['000', '110', '011', '101']);
    for (const row of rowsOf('xor')) expect(Number(row[0]) ^ Number(row[1])).toBe(Number(row[2]));
  });

  it('bars-stripes-3x3 holds the 14 distinct 3×3 images with uniform rows or uniform columns', () => {
    const d = builtinDataset('bars-stripes-3x3')!;
    expect(d.imageShape).toEqual({ rows: 3, cols: 3 });
    const rows = rowsOf('bars-stripes-3x3');
    expect(new Set(rows).size).toBe(14);
    let expected = 0;
    for (let p = 0; p < 512; p++) {
      const bit = (r: number, c: number) => (p >> (3 * r + c)) & 1;
      const uniformRows = [0, 1, 2].every((r) => bit(r, 0) === bit(r, 1) && bit(r, 1) === bit(r, 2));
      const uniformCols = [0, 1, 2].every((c) => bit(0, c) === bit(1, c) && bit(1, c) === bit(2, c));
      const text = Array.from({ length: 9 }, (_, k) => (p >> k) & 1).join('');
      expect(rows.includes(text)).toBe(uniformRows || uniformCols);
      if (uniformRows || uniformCols) expected++;
    }
    expect(expected).toBe(14);
  });

  it('returns a fresh copy each call', () => {
    const a = builtinDataset('xor')!;
    a.bits[0] = 1;
    expect(builtinDataset('xor')!.bits[0]).toBe(0);
  });
});
