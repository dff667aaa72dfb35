/**
 * The size of a PNG or JPEG image read from its header alone (PNG IHDR, JPEG SOF), so an oversize image — a
 * "decompression bomb" of a few KB claiming 30000×30000 pixels — is refused before a byte of it is decoded.
 */

/** What the header says about an image. */
export interface ImageHeader {
  format: 'png' | 'jpeg';
  width: number;
  height: number;
  /** Bits per sample (PNG: 1, 2, 4, 8 or 16; JPEG: the frame's sample precision, usually 8). */
  bitDepth: number;
  /** PNG: the colour type (0 grey, 2 RGB, 3 palette, 4 grey + alpha, 6 RGBA); JPEG: the number of components. */
  colorType: number;
  /** PNG: Adam7 interlacing (its pixel data is inflated without a size bound by the decoder, so it is checked here). */
  interlaced: boolean;
  /** PNG: the zlib stream of the pixel data, its IDAT chunks joined; empty for JPEG. */
  compressedData: Uint8Array[];
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export const isPng = (bytes: Uint8Array): boolean => bytes.length >= 8 && PNG_SIGNATURE.every((b, i) => bytes[i] === b);
export const isJpeg = (bytes: Uint8Array): boolean => bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;

const uint32 = (bytes: Uint8Array, at: number): number => ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]) >>> 0;
const uint16 = (bytes: Uint8Array, at: number): number => (bytes[at] << 8) | bytes[at + 1];
const chunkType = (bytes: Uint8Array, at: number): string => String.fromCharCode(bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]);

/** PNG: the IHDR chunk (first after the signature) and the IDAT chunks, walked by their lengths without inflating. */
function pngHeader(bytes: Uint8Array): ImageHeader | string {
  if (bytes.length < 33 || chunkType(bytes, 12) !== 'IHDR' || uint32(bytes, 8) !== 13) return 'its PNG header (IHDR) is missing or truncated';
  const header: ImageHeader = { format: 'png', width: uint32(bytes, 16), height: uint32(bytes, 20), bitDepth: bytes[24], colorType: bytes[25], interlaced: bytes[28] === 1, compressedData: [] };
  let at = 33;
  while (at + 8 <= bytes.length) {
    const length = uint32(bytes, at);
    const type = chunkType(bytes, at + 4);
    if (type === 'IDAT') header.compressedData.push(bytes.subarray(at + 8, Math.min(bytes.length, at + 8 + length)));
    if (type === 'IEND') break;
    at += 12 + length;
  }
  return header;
}

/** Start-of-frame markers: baseline, extended, progressive and lossless, Huffman or arithmetic (not DHT C4, JPG C8, DAC CC). */
const isStartOfFrame = (marker: number): boolean => marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

/** JPEG: the first start-of-frame segment, found by stepping over the segments before it by their lengths. */
function jpegHeader(bytes: Uint8Array): ImageHeader | string {
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return `its JPEG segments are damaged at byte ${at}`;
    const marker = bytes[at + 1];
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      at += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) break;
    const length = uint16(bytes, at + 2);
    if (isStartOfFrame(marker)) {
      if (at + 9 > bytes.length) break;
      return { format: 'jpeg', width: uint16(bytes, at + 7), height: uint16(bytes, at + 5), bitDepth: bytes[at + 4], colorType: bytes[at + 9] ?? 0, interlaced: false, compressedData: [] };
    }
    if (length < 2) return `its JPEG segments are damaged at byte ${at}`;
    at += 2 + length;
  }
  return 'it has no JPEG frame header (SOF) giving its size';
}

/** The image's header, or why it cannot be read; undefined when the bytes are neither PNG nor JPEG. */
export function readImageHeader(bytes: Uint8Array): ImageHeader | string | undefined {
  if (isPng(bytes)) return pngHeader(bytes);
  if (isJpeg(bytes)) return jpegHeader(bytes);
  return undefined;
}
