import { describe, expect, it } from 'vitest';
import type { DatasetInfo } from '../../../main/api/contract';
import { base64ToBytes, bytesToBase64, checkUploadSize, describeOrigin, describeShape, MAX_UPLOAD_BYTES, parseShape } from '../../../renderer/src/datasets/files';
import { paintTiles, tileLayout } from '../../../renderer/src/datasets/thumbnails';

const info: DatasetInfo = {
  id: 'd',
  name: 'Bars',
  width: 16,
  rowCount: 30,
  imageShape: { rows: 4, cols: 4 },
  preview: [],
  testCount: 10,
  storedBytes: 60,
  hasLabels: true,
  labelNames: ['stripes', 'bars'],
  origin: { method: 'bars-stripes', settings: { size: 4 } },
};

describe('dataset panel helpers', () => {
  it('describe a dataset’s shape, split, labels and origin', () => {
    expect(describeShape(info)).toBe('30 rows × 16 bits · 4×4 images · 10 test rows · labels: stripes, bars');
    expect(describeShape({ ...info, imageShape: undefined, testCount: 0, labelNames: undefined, rowCount: 60000 })).toBe('60,000 rows × 16 bits · labelled');
    expect(describeOrigin(info)).toBe('bars-stripes: size 4');
    expect(describeOrigin({ ...info, origin: undefined })).toBeUndefined();
  });

  it('parse image shapes and round-trip base64 of large byte arrays', () => {
    expect(parseShape('28x28')).toEqual({ rows: 28, cols: 28 });
    expect(parseShape(' 8 × 4 ')).toEqual({ rows: 8, cols: 4 });
    expect(parseShape('16')).toEqual({ rows: 16, cols: 16 });
    expect(parseShape('')).toBeUndefined();
    expect(parseShape('8 by 8')).toBeNull();
    const bytes = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 31) % 256);
    const text = bytesToBase64(bytes);
    expect(text).toBe(Buffer.from(bytes).toString('base64'));
    expect(base64ToBytes(text)).toEqual(bytes);
  });

  it('refuse uploads the bridge could not carry, naming their size', () => {
    expect(() => checkUploadSize([{ size: MAX_UPLOAD_BYTES }])).not.toThrow();
    expect(() => checkUploadSize([{ size: 30 * 2 ** 20 }, { size: 30 * 2 ** 20 }])).toThrow(/60 MB is more than the 40 MB .* 'attractor data import'/);
  });

  it('lay tiles out across the width and paint 1 bits in ink, 0 bits in paper, gaps transparent', () => {
    const layout = tileLayout(5, 4, { rows: 2, cols: 2 }, { maxWidth: 20, tilePx: 8, gap: 2 });
    // Tiles are 2×2 bits at 4 px per bit = 8 px; (20 + 2) / (8 + 2) → 2 across, 3 down.
    expect(layout).toMatchObject({ scale: 4, across: 2, width: 18, height: 28 });
    const pixels = paintTiles(['1000', '0001', '1111', '0000', '0110'], layout, [1, 2, 3], [250, 250, 250]);
    const at = (x: number, y: number) => Array.from(pixels.subarray((y * layout.width + x) * 4, (y * layout.width + x) * 4 + 4));
    expect(at(0, 0)).toEqual([1, 2, 3, 255]);
    expect(at(4, 0)).toEqual([250, 250, 250, 255]);
    expect(at(8, 0)).toEqual([0, 0, 0, 0]);
    expect(at(10 + 4, 4)).toEqual([1, 2, 3, 255]);
    expect(at(10, 20)).toEqual([0, 0, 0, 0]);
    const strips = tileLayout(3, 10, undefined, { maxWidth: 200, stripPx: 50, gap: 1 });
    expect(strips).toMatchObject({ across: 1, scale: 5, width: 50, height: 17 });
  });
});
