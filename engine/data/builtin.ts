import type { BinaryDataset } from './dataset';

/** Mehlig §4.4: XOR as [x1, x2, x1 XOR x2] in 0/1 bits ([−1,−1,−1], [1,1,−1], [−1,1,1], [1,−1,1] in ±1). */
function xor(): BinaryDataset {
  const bits = Uint8Array.from([0, 0, 0, 1, 1, 0, 0, 1, 1, 1, 0, 1]);
  return { id: 'builtin-xor', name: 'XOR patterns', width: 3, rowCount: 4, bits };
}

/** Mehlig Fig. 4.4 (after MacKay): all 3×3 images whose rows are uniform (stripes) or whose columns are uniform (bars): 14 patterns. */
function barsAndStripes3x3(): BinaryDataset {
  const size = 3;
  const patterns: number[][] = [];
  for (let mask = 0; mask < 1 << size; mask++) {
    patterns.push(Array.from({ length: size * size }, (_, p) => (mask >> Math.floor(p / size)) & 1));
  }
  for (let mask = 1; mask < (1 << size) - 1; mask++) {
    patterns.push(Array.from({ length: size * size }, (_, p) => (mask >> p % size) & 1));
  }
  return {
    id: 'builtin-bars-stripes-3x3',
    name: 'Bars and stripes 3×3',
    width: size * size,
    rowCount: patterns.length,
    bits: Uint8Array.from(patterns.flat()),
    imageShape: { rows: size, cols: size },
  };
}

const BUILTIN: Record<string, () => BinaryDataset> = { xor, 'bars-stripes-3x3': barsAndStripes3x3 };

/** Names accepted by builtinDataset. */
export function builtinDatasetNames(): string[] {
  return Object.keys(BUILTIN);
}

/** A fresh copy of the named bundled dataset, or undefined for an unknown name. */
export function builtinDataset(name: string): BinaryDataset | undefined {
  return Object.hasOwn(BUILTIN, name) ? BUILTIN[name]() : undefined;
}
