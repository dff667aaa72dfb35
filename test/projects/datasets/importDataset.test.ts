import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { SPLIT_TEST } from '../../../engine/data/dataset';
import { barsAndStripes, hintonBars } from '../../../engine/data/generators';
import { contactSheet } from '../../../engine/data/sheet';
import { exportDataset, safeFileName } from '../../../projects/datasets/exportDataset';
import { decodeImageFile, encodeGrayPng } from '../../../projects/datasets/imageFiles';
import { importDataset, previewImage } from '../../../projects/datasets/importDataset';
import { DatasetImportError, ImportOptionError } from '../../../projects/datasets/importError';

/** A grey PNG whose pixel (x, y) has grey level f(x, y). */
function png(rows: number, cols: number, f: (x: number, y: number) => number): Uint8Array {
  return encodeGrayPng(rows, cols, Uint8Array.from({ length: rows * cols }, (_, p) => f(p % cols, Math.floor(p / cols))));
}

async function refusal(promise: Promise<unknown>): Promise<DatasetImportError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(DatasetImportError);
  return error as DatasetImportError;
}

describe('CSV import', () => {
  it('names the file, row and column of a bad cell', async () => {
    const error = await refusal(importDataset({ source: 'csv', fileName: 'bad.csv', text: 'x,y,z\n0,1,1\n1,7,0\n' }));
    expect(error.message).toBe('bad.csv: Row 3, column 2: 7 is not a binary value; use 0/1 or −1/1');
    expect(error.location).toEqual({ file: 'bad.csv', row: 3, column: 2 });
  });

  it('keeps labels, splits rows at random when asked and records its origin', async () => {
    const text = Array.from({ length: 20 }, (_, i) => `${i % 2},${(i >> 1) % 2},${i % 3 === 0 ? 'a' : 'b'}`).join('\n');
    const dataset = await importDataset({ source: 'csv', fileName: 'dir/pets.csv', text, labelColumn: 'last', testFraction: 0.25, seed: 2 });
    expect(dataset).toMatchObject({ name: 'pets', width: 2, rowCount: 20, labelNames: ['a', 'b'] });
    expect(dataset.split!.filter((s) => s === SPLIT_TEST).length).toBe(5);
    expect(dataset.origin).toEqual({ method: 'csv', settings: { file: 'dir/pets.csv', labelColumn: 'last', testFraction: 0.25 } });
    await expect(importDataset({ source: 'csv', fileName: 'a.csv', text: '0,1', testFraction: 1 })).rejects.toThrow(ImportOptionError);
  });
});

describe('image import', () => {
  const dot = png(3, 4, (x, y) => (x === 1 && y === 2 ? 0 : 255));

  it('thresholds PNG and JPEG images, dark pixels as 1 by default', async () => {
    const jpegBytes = jpeg.encode({ width: 4, height: 3, data: Buffer.from(decodeRgba(dot)) }, 100).data;
    const dataset = await importDataset({ source: 'images', files: [{ name: 'dot.png', bytes: dot }, { name: 'dot.jpg', bytes: jpegBytes }] });
    expect(dataset).toMatchObject({ width: 12, rowCount: 2, imageShape: { rows: 3, cols: 4 }, name: 'dot and 1 more images' });
    const expected = Array.from({ length: 12 }, (_, p) => (p === 2 * 4 + 1 ? 1 : 0));
    expect(Array.from(dataset.bits.subarray(0, 12))).toEqual(expected);
    expect(Array.from(dataset.bits.subarray(12))).toEqual(expected);
    const light = await importDataset({ source: 'images', files: [{ name: 'dot.png', bytes: dot }], ink: 'light' });
    expect(Array.from(light.bits)).toEqual(expected.map((b) => 1 - b));
  });

  it('refuses a file that is not an image, a damaged one, and mismatched sizes, naming the file', async () => {
    expect((await refusal(importDataset({ source: 'images', files: [{ name: 'notes.txt', bytes: Buffer.from('hello') }] }))).message).toBe(
      'notes.txt is not a PNG or JPEG image; convert it to one of those formats.',
    );
    const damaged = await refusal(importDataset({ source: 'images', files: [{ name: 'cut.png', bytes: dot.subarray(0, 40) }] }));
    expect(damaged.message).toMatch(/^cut\.png could not be decoded \(.+\); the file may be damaged or truncated\.$/);
    const other = png(5, 5, () => 0);
    const mismatch = await refusal(importDataset({ source: 'images', files: [{ name: 'a.png', bytes: dot }, { name: 'b.png', bytes: other }] }));
    expect(mismatch.message).toBe('b.png is 5×5 pixels but a.png is 4×3; choose a size to resize every image to.');
    expect(mismatch.location).toEqual({ file: 'b.png' });
    const resized = await importDataset({ source: 'images', files: [{ name: 'a.png', bytes: dot }, { name: 'b.png', bytes: other }], size: { rows: 2, cols: 2 } });
    expect(Array.from(resized.bits.subarray(4))).toEqual([1, 1, 1, 1]);
  });

  it('names the first grey pixel when black and white are required, and labels images by file', async () => {
    const grey = png(2, 3, (x, y) => (x === 2 && y === 1 ? 128 : 0));
    const error = await refusal(importDataset({ source: 'images', files: [{ name: 'g.png', bytes: grey }], requireBinary: true }));
    expect(error.location).toEqual({ file: 'g.png', pixel: { x: 2, y: 1 } });
    expect(error.message).toMatch(/^g\.png: pixel \(2, 1\) is grey \(128 of 255\)/);
    const labelled = await importDataset({ source: 'images', files: [{ name: 'a.png', bytes: dot, label: 'dot' }, { name: 'b.png', bytes: dot, label: 'spot' }, { name: 'c.png', bytes: dot, label: 'dot' }] });
    expect(labelled).toMatchObject({ labels: Int32Array.from([0, 1, 0]), labelNames: ['dot', 'spot'] });
    await expect(importDataset({ source: 'images', files: [{ name: 'a.png', bytes: dot, label: 'dot' }, { name: 'b.png', bytes: dot }] })).rejects.toThrow(/b\.png has no label/);
  });

  it('previews the thresholded image with Otsu’s suggestion between the two grey levels', () => {
    const twoLevels = png(4, 4, (x) => (x < 2 ? 60 : 200));
    const preview = previewImage({ name: 't.png', bytes: twoLevels }, { threshold: 0.5 });
    expect(preview.shape).toEqual({ rows: 4, cols: 4 });
    expect(Array.from(preview.bits.subarray(0, 4))).toEqual([1, 1, 0, 0]);
    expect(preview.suggestedThreshold).toBeGreaterThanOrEqual(60 / 255);
    expect(preview.suggestedThreshold).toBeLessThan(200 / 255);
    expect(Array.from(preview.gray.subarray(0, 4))).toEqual([60, 60, 200, 200]);
    expect(() => previewImage({ name: 't.png', bytes: twoLevels }, { threshold: 3 })).toThrow(ImportOptionError);
  });
});

describe('MNIST import', () => {
  it('stores the fixed split as one labelled dataset with its test rows marked', async () => {
    const dataset = await importDataset({ source: 'mnist', size: 8, trainPerClass: 3, testPerClass: 2 });
    expect(dataset).toMatchObject({ width: 64, rowCount: 50, imageShape: { rows: 8, cols: 8 }, name: 'MNIST digits 8×8' });
    expect(Array.from(dataset.split!)).toEqual([...Array(30).fill(0), ...Array(20).fill(1)]);
    expect(dataset.origin).toEqual({ method: 'mnist', settings: { size: 8, threshold: 0.25, trainPerClass: 3, testPerClass: 2 } });
    await expect(importDataset({ source: 'mnist', size: 99 })).rejects.toThrow(ImportOptionError);
  });
});

describe('export', () => {
  it('writes CSV that imports back to the same bits and labels', async () => {
    const bars = barsAndStripes(3);
    const file = exportDataset(bars, { format: 'csv', encoding: 'pm1' });
    expect(file).toMatchObject({ fileName: 'Bars and stripes 3x3.csv', mime: 'text/csv' });
    const back = await importDataset({ source: 'csv', fileName: file.fileName, text: file.bytes.toString('utf8'), labelColumn: 'last' });
    expect(back.bits).toStrictEqual(bars.bits);
    expect(back.labels).toStrictEqual(bars.labels);
  });

  it('writes a PNG contact sheet; a single row exported at scale 1 imports back to the same bits', async () => {
    const one = hintonBars(1, 5);
    const file = exportDataset(one, { format: 'png', scale: 1 });
    const back = await importDataset({ source: 'images', files: [{ name: file.fileName, bytes: file.bytes }] });
    expect(back.bits).toStrictEqual(one.bits);
    const many = hintonBars(10, 5);
    const sheet = decodeImageFile('sheet.png', exportDataset(many, { format: 'png', scale: 2 }).bytes);
    // 10 tiles of 8×8 pixels in a 4-wide grid, 3 rows, 1-pixel gaps.
    expect([sheet.rows, sheet.cols]).toEqual([3 * 8 + 2, 4 * 8 + 3]);
    const direct = contactSheet(many, { scale: 2 });
    expect(Array.from(sheet.values, (v) => Math.round(v * 255))).toEqual(Array.from(direct.gray));
    expect(() => exportDataset(many, { format: 'png', scale: 0 })).toThrow(/scale/);
    expect(safeFileName('../a/b:c✓ é', 'png')).toBe('_a_b_c_ é.png');
  });
});

function decodeRgba(pngBytes: Uint8Array): Uint8Array {
  const gray = decodeImageFile('x.png', pngBytes);
  const rgba = new Uint8Array(gray.values.length * 4);
  gray.values.forEach((v, p) => rgba.set([v * 255, v * 255, v * 255, 255], 4 * p));
  return rgba;
}
