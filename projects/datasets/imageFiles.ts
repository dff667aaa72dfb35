/** Decoding PNG and JPEG files into grey images (pngjs, jpeg-js), and encoding grey images as PNG. */
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { rgbaToGray, type GrayImage } from '../../engine/data/images';
import { DatasetImportError } from './importError';

/** Largest image accepted, in pixels (a 4096 × 4096 photo). */
export const MAX_IMAGE_PIXELS = 4096 * 4096;

const isPng = (bytes: Uint8Array) => bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
const isJpeg = (bytes: Uint8Array) => bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;

/** The grey image in a PNG or JPEG file (recognised by its first bytes); a DatasetImportError naming the file otherwise. */
export function decodeImageFile(fileName: string, bytes: Uint8Array): GrayImage {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let decoded: { width: number; height: number; data: Uint8Array };
  try {
    if (isPng(bytes)) decoded = PNG.sync.read(buffer);
    else if (isJpeg(bytes)) decoded = jpeg.decode(buffer, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_IMAGE_PIXELS / 1e6, maxMemoryUsageInMB: 512 });
    else throw new DatasetImportError(`${fileName} is not a PNG or JPEG image; convert it to one of those formats.`, { file: fileName });
  } catch (error) {
    if (error instanceof DatasetImportError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
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
