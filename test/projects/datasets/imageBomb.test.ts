import { describe, expect, it } from 'vitest';
import { decodeImageFile, encodeGrayPng, MAX_IMAGE_PIXELS } from '../../../projects/datasets/imageFiles';
import { readImageHeader } from '../../../projects/datasets/imageHeader';
import { importDataset } from '../../../projects/datasets/importDataset';
import { jpegWithFrame, pngWithHeader } from './craftedImages';

const message = (work: () => unknown): string => {
  try {
    work();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the image to be refused');
};

describe('oversize images are refused from their header, before decoding', () => {
  it('a PNG "bomb" claiming 30000×30000 pixels: refused naming its size and the limit, with little memory used', async () => {
    // 1 MB of zeros deflates to about 1 KB; a decoder trusting the header would allocate 30000² × 4 bytes (3.6 GB).
    const bomb = pngWithHeader(30000, 30000, 1024 * 1024);
    expect(bomb.length).toBeLessThan(4096);
    const before = process.memoryUsage().rss;
    let refused: unknown;
    await importDataset({ source: 'images', files: [{ name: 'bomb.png', bytes: bomb }] }).catch((error: unknown) => (refused = error));
    const grown = process.memoryUsage().rss - before;
    expect((refused as Error).message).toBe('bomb.png is 30,000×30,000 pixels, over the limit of 4096×4096 (16,777,216 pixels); scale it down first.');
    expect(grown).toBeLessThan(200 * 1024 * 1024);
  });

  it('reads PNG IHDR and JPEG SOF sizes; a JPEG claiming 60000×50000 is refused the same way', () => {
    expect(readImageHeader(encodeGrayPng(3, 5, new Uint8Array(15)))).toMatchObject({ format: 'png', width: 5, height: 3, bitDepth: 8, interlaced: false });
    expect(readImageHeader(jpegWithFrame(640, 480))).toMatchObject({ format: 'jpeg', width: 640, height: 480, bitDepth: 8 });
    expect(message(() => decodeImageFile('huge.jpg', jpegWithFrame(60000, 50000)))).toBe(
      'huge.jpg is 60,000×50,000 pixels, over the limit of 4096×4096 (16,777,216 pixels); scale it down first.',
    );
    expect(4096 * 4096).toBe(MAX_IMAGE_PIXELS);
  });

  it('an interlaced PNG whose pixel data inflates far beyond its 64×64 header is refused, not inflated', () => {
    // pngjs inflates interlaced data without a bound; 16 MB of zeros for a 64×64 image that holds at most ~5 KB.
    const bomb = pngWithHeader(64, 64, 16 * 1024 * 1024, 1);
    expect(message(() => decodeImageFile('interlaced.png', bomb))).toBe(
      'interlaced.png: its pixel data inflates to more than its 64×64 pixels can hold; the file is damaged or crafted.',
    );
    // A genuine interlaced 8×8 grey image: Adam7's passes hold 2 + 2 + 3 + 6 + 10 + 20 + 36 = 79 bytes with filter bytes.
    const genuine = decodeImageFile('adam7.png', pngWithHeader(8, 8, 79, 1));
    expect([genuine.rows, genuine.cols, Math.max(...genuine.values)]).toEqual([8, 8, 0]);
  });

  it('damaged headers are named; ordinary images still decode', () => {
    expect(message(() => decodeImageFile('cut.png', encodeGrayPng(2, 2, new Uint8Array(4)).subarray(0, 20)))).toBe(
      'cut.png cannot be read: its PNG header (IHDR) is missing or truncated; the file may be damaged or truncated.',
    );
    expect(message(() => decodeImageFile('noframe.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xd9, 0, 0])))).toMatch(/^noframe\.jpg cannot be read: it has no JPEG frame header/);
    expect(message(() => decodeImageFile('empty.png', pngWithHeader(0, 10, 10)))).toBe('empty.png claims 0×10 pixels; the file is damaged.');
    const image = decodeImageFile('ok.png', encodeGrayPng(2, 3, Uint8Array.from([0, 255, 0, 255, 0, 255])));
    expect({ rows: image.rows, cols: image.cols, values: Array.from(image.values) }).toEqual({ rows: 2, cols: 3, values: [0, 1, 0, 1, 0, 1] });
  });
});
