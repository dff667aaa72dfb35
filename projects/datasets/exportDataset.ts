/** Dataset export: CSV text (readable by the CSV import) or a PNG contact sheet of the rows. */
import { datasetToCsv } from '../../engine/data/csv';
import type { BinaryDataset } from '../../engine/data/dataset';
import { contactSheet } from '../../engine/data/sheet';
import { encodeGrayPng } from './imageFiles';
import { ImportOptionError } from './importError';

export interface ExportOptions {
  format: 'csv' | 'png';
  /** CSV values: '01' (default) or 'pm1' for −1/1. */
  encoding?: '01' | 'pm1';
  /** PNG: rows drawn (default 256); a single row gives exactly its image, 1 bits black. */
  maxRows?: number;
  /** PNG: pixels per bit (default: tiles about 32 pixels across). */
  scale?: number;
}

export interface ExportedFile {
  /** Suggested file name: the dataset name made safe, with the extension. */
  fileName: string;
  mime: 'text/csv' | 'image/png';
  bytes: Buffer;
}

/** A file name made from a dataset name: letters, digits, spaces, dots, dashes and underscores kept, × as x. */
export function safeFileName(name: string, extension: string): string {
  const base = name.replace(/×/g, 'x').replace(/[^\p{L}\p{N} ._-]+/gu, '_').replace(/\s+/g, ' ').trim().replace(/^\.+/, '').slice(0, 80) || 'dataset';
  return `${base}.${extension}`;
}

/** The dataset as a CSV file (labels as the last column) or a PNG contact sheet. */
export function exportDataset(dataset: BinaryDataset, options: ExportOptions): ExportedFile {
  if (options.format === 'csv') {
    if (options.encoding !== undefined && options.encoding !== '01' && options.encoding !== 'pm1') {
      throw new ImportOptionError(`encoding must be '01' or 'pm1'; got ${String(options.encoding)}.`);
    }
    return { fileName: safeFileName(dataset.name, 'csv'), mime: 'text/csv', bytes: Buffer.from(datasetToCsv(dataset, { encoding: options.encoding }), 'utf8') };
  }
  if (options.format === 'png') {
    const { maxRows = 256, scale } = options;
    if (!Number.isInteger(maxRows) || maxRows < 1) throw new ImportOptionError(`maxRows must be a whole number ≥ 1; got ${String(maxRows)}.`);
    let sheet;
    try {
      sheet = contactSheet(dataset, { maxRows, scale });
    } catch (error) {
      throw new ImportOptionError((error as Error).message);
    }
    return { fileName: safeFileName(dataset.name, 'png'), mime: 'image/png', bytes: encodeGrayPng(sheet.rows, sheet.cols, sheet.gray) };
  }
  throw new ImportOptionError(`Unknown export format '${String(options.format)}'; use 'csv' or 'png'.`);
}
