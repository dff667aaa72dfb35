import { describe, expect, it } from 'vitest';
import type { BinaryDataset } from '../../../engine/data/dataset';
import { otsuThreshold } from '../../../engine/data/images';
import { contactSheet, SHEET_GAP, SHEET_INK, SHEET_PAPER } from '../../../engine/data/sheet';

describe('contactSheet', () => {
  const images: BinaryDataset = { id: 'i', name: 'i', width: 4, rowCount: 3, bits: Uint8Array.from([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1]), imageShape: { rows: 2, cols: 2 } };

  it('lays image rows out in a square-ish grid with gaps, each bit a scale × scale block', () => {
    const sheet = contactSheet(images, { scale: 2 });
    // 3 tiles → 2 across, 2 down; tiles 4×4 pixels, 1-pixel gaps.
    expect([sheet.rows, sheet.cols]).toEqual([9, 9]);
    const at = (x: number, y: number) => sheet.gray[y * sheet.cols + x];
    expect([at(0, 0), at(1, 1), at(2, 0), at(4, 0)]).toEqual([SHEET_INK, SHEET_INK, SHEET_PAPER, SHEET_GAP]);
    expect([at(5 + 2, 0), at(5 + 3, 1), at(5, 0)]).toEqual([SHEET_INK, SHEET_INK, SHEET_PAPER]);
    expect([at(2, 5 + 2), at(3, 5 + 3), at(7, 7)]).toEqual([SHEET_INK, SHEET_INK, SHEET_GAP]);
  });

  it('draws plain rows as strips stacked down, stops at maxRows, and refuses an empty dataset', () => {
    const plain: BinaryDataset = { ...images, imageShape: undefined };
    const sheet = contactSheet(plain, { scale: 1, maxRows: 2 });
    expect([sheet.rows, sheet.cols]).toEqual([3, 4]);
    expect(Array.from(sheet.gray.subarray(8))).toEqual([SHEET_PAPER, SHEET_INK, SHEET_PAPER, SHEET_PAPER]);
    expect(() => contactSheet({ ...images, rowCount: 0, bits: new Uint8Array(0) })).toThrow(/no rows/);
  });
});

describe('otsuThreshold', () => {
  it('separates two grey levels and lands between them', () => {
    const values = Float32Array.from({ length: 100 }, (_, i) => (i < 30 ? 0.2 : 0.7));
    const t = otsuThreshold({ rows: 10, cols: 10, values });
    expect(t).toBeGreaterThan(0.2);
    expect(t).toBeLessThan(0.7);
    expect(otsuThreshold({ rows: 1, cols: 2, values: Float32Array.from([0.4, 0.4]) })).toBe(0.5);
  });
});
