/** Pure helpers of the dataset panel: file bytes as base64, downloads, and short descriptions of a dataset. */
import type { DatasetInfo } from '../../../main/api/contract';
import { downloadBlob } from '../app/download';

/** Most bytes of files sent in one import (base64 adds a third; the browser-mode bridge takes 64 MB messages). */
export const MAX_UPLOAD_BYTES = 40 * 1024 * 1024;

/** Throws, naming the total, when files are too large to send to main in one message. */
export function checkUploadSize(files: { size: number }[]): void {
  const total = files.reduce((sum, file) => sum + file.size, 0);
  if (total > MAX_UPLOAD_BYTES) {
    const megabytes = (total / 2 ** 20).toFixed(0);
    throw new Error(`${megabytes} MB is more than the 40 MB one import can send from this window; import it with 'attractor data import' instead.`);
  }
}

/** Base64 of raw bytes (chunked, so large files do not overflow the argument list of fromCharCode). */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Bytes of a base64 string. */
export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** A File's bytes as base64. */
export async function fileToBase64(file: Blob): Promise<string> {
  return bytesToBase64(new Uint8Array(await file.arrayBuffer()));
}

/** Saves bytes as a download named fileName (the browser's or Electron's download handling). */
export function downloadBytes(fileName: string, mime: string, base64: string): void {
  downloadBlob(fileName, new Blob([base64ToBytes(base64) as BlobPart], { type: mime }));
}

/** "30 rows × 16 bits · 4×4 images · 10 test rows · labels: bars, stripes". */
export function describeShape(info: DatasetInfo): string {
  const parts = [`${info.rowCount.toLocaleString('en')} rows × ${info.width} bits`];
  if (info.imageShape) parts.push(`${info.imageShape.rows}×${info.imageShape.cols} images`);
  if (info.testCount > 0) parts.push(`${info.testCount.toLocaleString('en')} test rows`);
  if (info.labelNames && info.labelNames.length > 0) {
    const shown = info.labelNames.slice(0, 6).join(', ');
    parts.push(`labels: ${shown}${info.labelNames.length > 6 ? ', …' : ''}`);
  } else if (info.hasLabels) parts.push('labelled');
  return parts.join(' · ');
}

/** "hinton-bars: count 500, size 4, seed 1" — how the dataset was made, when known. */
export function describeOrigin(info: DatasetInfo): string | undefined {
  if (!info.origin) return undefined;
  const settings = Object.entries(info.origin.settings).map(([key, value]) => `${key} ${String(value)}`);
  return settings.length > 0 ? `${info.origin.method}: ${settings.join(', ')}` : info.origin.method;
}

/** Parses "28x28", "28×28" or "28" (square) into a shape; undefined for an empty text, null when malformed. */
export function parseShape(text: string): { rows: number; cols: number } | undefined | null {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const match = /^(\d+)\s*(?:[x×]\s*(\d+))?$/i.exec(trimmed);
  if (!match) return null;
  const rows = Number(match[1]);
  return { rows, cols: match[2] === undefined ? rows : Number(match[2]) };
}
