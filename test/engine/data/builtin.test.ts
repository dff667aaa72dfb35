import { describe, expect, it } from 'vitest';
import { builtinDataset, builtinDatasetNames, generateDataset, generatorInfos, resolveGeneratorSettings } from '../../../engine/data/builtin';

const rowsOf = (spec: string): string[] => {
  const d = builtinDataset(spec)!;
  return Array.from({ length: d.rowCount }, (_, r) => Array.from(d.bits.subarray(r * d.width, (r + 1) * d.width)).join(''));
};

describe('built-in datasets', () => {
  it('lists presets and generators and returns undefined for other names', () => {
    expect(builtinDatasetNames()).toEqual(['xor', 'bars-stripes-3x3', 'bars-stripes-4x4', 'hinton-bars-4x4', 'parity', 'bars-stripes', 'hinton-bars', 'random']);
    expect(builtinDataset('nope')).toBeUndefined();
    expect(builtinDataset('toString')).toBeUndefined();
    expect(builtinDataset('noisy')).toBeUndefined();
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

  it('takes generator options after a colon and names bad ones', () => {
    expect(builtinDataset('parity:n=4')).toMatchObject({ width: 5, rowCount: 16 });
    expect(builtinDataset('hinton-bars:count=7,seed=3')).toMatchObject({ rowCount: 7, width: 16 });
    expect(() => builtinDataset('parity:n=40')).toThrow(/Input bits n \(n\) must be a whole number from 1 to 16; got 40/);
    expect(() => builtinDataset('parity:m=4')).toThrow(/no option 'm'; its options: n/);
    expect(() => builtinDataset('parity:n')).toThrow(/not key=value/);
  });

  it('returns a fresh copy each call', () => {
    const a = builtinDataset('xor')!;
    a.bits[0] = 1;
    expect(builtinDataset('xor')!.bits[0]).toBe(0);
  });
});

describe('generator catalogue', () => {
  it('describes every generator as plain data whose defaults pass their own checks', () => {
    const infos = generatorInfos();
    expect(infos.map((g) => g.name)).toEqual(['xor', 'parity', 'bars-stripes', 'hinton-bars', 'random', 'noisy', 'shifted', 'label-units']);
    expect(JSON.parse(JSON.stringify(infos))).toEqual(infos);
    for (const info of infos) {
      const settings = resolveGeneratorSettings(info.name, {});
      expect(Object.keys(settings)).toEqual(info.options.map((o) => o.key));
    }
  });

  it('records how a dataset was made and refuses a transform without a source', () => {
    expect(generateDataset('random', { count: 3, seed: 9 }).origin).toEqual({
      method: 'random',
      settings: { count: 3, rows: 1, cols: 16, density: 0.5, seed: 9 },
    });
    expect(() => generateDataset('noisy', {})).toThrow(/needs a dataset to copy/);
    expect(() => generateDataset('random', { density: 1.5 })).toThrow(/Density of 1s \(density\) must be a number from 0 to 1; got 1.5/);
    expect(() => generateDataset('noisy', { keepOriginals: 1 }, builtinDataset('xor'))).toThrow(/must be true or false/);
    expect(() => generateDataset('nope', {})).toThrow(/No dataset generator 'nope'/);
  });
});
