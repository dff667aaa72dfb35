/** Decoding PNG and JPEG files into grey images (pngjs, jpeg-js), and encoding grey images as PNG. */
import { inflateSync } from 'node:zlib';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { rgbaToGray, type GrayImage } from '../../engine/data/images';
import { formatCount, oneLine } from '../../engine/text/boundedText';
import { isPng, readImageHeader, type ImageHeader } from './imageHeader';
import { DatasetImportError } from './importError';

/** Largest image accepted, in pixels (a 4096 × 4096 photo). */
export const MAX_IMAGE_PIXELS = 4096 * 4096;

/** Samples per pixel of each PNG colour type (grey, RGB, palette, grey + alpha, RGBA). */
const PNG_CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** Refuses, from its header alone, an image that is not PNG/JPEG, is damaged, or has more than MAX_IMAGE_PIXELS pixels. */
function checkHeader(fileName: string, bytes: Uint8Array): ImageHeader {
  const header = readImageHeader(bytes);
  if (header === undefined) throw new DatasetImportError(`${fileName} is not a PNG or JPEG image; convert it to one of those formats.`, { file: fileName });
  if (typeof header === 'string') throw new DatasetImportError(`${fileName} cannot be read: ${header}; the file may be damaged or truncated.`, { file: fileName });
  const { width, height } = header;
  if (width === 0 || height === 0) throw new DatasetImportError(`${fileName} claims ${width}×${height} pixels; the file is damaged.`, { file: fileName });
  if (width * height > MAX_IMAGE_PIXELS) {
    throw new DatasetImportError(
      `${fileName} is ${formatCount(width)}×${formatCount(height)} pixels, over the limit of 4096×4096 (${formatCount(MAX_IMAGE_PIXELS)} pixels); scale it down first.`,
      { file: fileName },
    );
  }
  if (header.format === 'png' && header.interlaced) checkInterlacedSize(fileName, header);
  return header;
}

/**
 * pngjs inflates interlaced pixel data without a bound (non-interlaced data is bounded by the header's size), so a small
 * interlaced file could still inflate to gigabytes: inflate it here, capped at what its header allows.
 */
function checkInterlacedSize(fileName: string, header: ImageHeader): void {
  const rowBytes = Math.ceil((header.width * (PNG_CHANNELS[header.colorType] ?? 4) * header.bitDepth) / 8) + 1;
  // Adam7's seven passes add at most a filter byte and a partial byte per pass row (at most 7 × height rows) to that.
  const allowed = rowBytes * header.height + 14 * header.height + 16;
  try {
    inflateSync(Buffer.concat(header.compressedData), { maxOutputLength: allowed });
  } catch (error) {
    const tooLarge = (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError;
    throw new DatasetImportError(
      tooLarge
        ? `${fileName}: its pixel data inflates to more than its ${header.width}×${header.height} pixels can hold; the file is damaged or crafted.`
        : `${fileName} could not be decoded (its pixel data is not a valid zlib stream); the file may be damaged or truncated.`,
      { file: fileName },
    );
  }
}

/** The grey image in a PNG or JPEG file (recognised by its first bytes); a DatasetImportError naming the file otherwise. */
export function decodeImageFile(fileName: string, bytes: Uint8Array): GrayImage {
  checkHeader(fileName, bytes);
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let decoded: { width: number; height: number; data: Uint8Array };
  try {
    if (isPng(bytes)) decoded = PNG.sync.read(buffer);
    else decoded = jpeg.decode(buffer, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_IMAGE_PIXELS / 1e6, maxMemoryUsageInMB: 512 });
  } catch (error) {
    const reason = oneLine(error instanceof Error ? error.message : String(error), 120);
    throw new DatasetImportError(`${fileName} could not be decoded (${reason}); the file may be damaged or truncated.`, { file: fileName });
  }
  if (decoded.width * decoded.height > MAX_IMAGE_PIXELS) {
    throw new DatasetImportError(`${fileName} is ${decoded.width}×${decoded.height} pixels, larger than 4096×4096; scale it down first.`, { file: fileName });
  }
  return rgbaToGray(new Uint8Array(decoded.data.buffer, decoded.data.byteOffset, decoded.data.byteLength), decoded.height, decoded.width);
}

/** An 8-bit greyscale PNG of the given grey levels (0 black … 255 white), row-major. */
export function encodeGrayPng(rows: number, cols: number, gray: Uint8Array): Buffer {
  const png = new PNG({ width: cols, height: rows, colorType: 0, inputColorType: 0, bitDepth: 8, inputHasAlpha: false });
  png.data = Buffer.from(gray.buffer, gray.byteOffset, gray.byteLength);
  return PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false, bitDepth: 8 });
}
