import { freshId } from '../diagram/ids';
import type { BinaryDataset } from './dataset';

/** Where and why a CSV text was refused; row = 1-based line of the text (0 when the text as a whole is at fault). */
export interface CsvError {
  row: number;
  column: number;
  message: string;
}

export interface CsvOptions {
  name: string;
  id?: string;
  /** Required number of values per row (e.g. the model's visible units). */
  expectedWidth?: number;
}

const SEPARATORS = /\s*[,;]\s*|\s+/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

const fail = (row: number, column: number, message: string) => ({ ok: false as const, error: { row, column, message } });

/**
 * Parses rows of 0/1 or −1/1 values separated by commas, semicolons or whitespace. Blank lines and lines starting
 * with '#' are skipped; a first line whose cells are all non-numeric is a header and skipped. One file uses one encoding.
 */
export function parseDatasetCsv(text: string, opts: CsvOptions): { ok: true; dataset: BinaryDataset } | { ok: false; error: CsvError } {
  const lines = text.split(/\r\n|\n|\r/);
  const rows: Uint8Array[] = [];
  let width = opts.expectedWidth;
  let firstContent = true;
  let zeroAt: [number, number] | undefined;
  let minusAt: [number, number] | undefined;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index].trim();
    const row = index + 1;
    if (line === '' || line.startsWith('#')) continue;
    const cells = line.split(SEPARATORS);
    const isHeader = firstContent && cells.every((cell) => cell !== '' && !NUMBER.test(cell));
    firstContent = false;
    if (isHeader) {
      if (width !== undefined && cells.length !== width) {
        return fail(row, Math.min(cells.length, width) + 1, `Header names ${cells.length} columns but ${width} are expected`);
      }
      width = cells.length;
      continue;
    }
    if (width === undefined) width = cells.length;
    if (cells.length !== width) {
      const column = Math.min(cells.length, width) + 1;
      return fail(row, column, `Row ${row}, column ${column}: the row has ${cells.length} values but ${width} are expected (one per visible unit)`);
    }
    const bits = new Uint8Array(width);
    for (let c = 0; c < cells.length; c++) {
      const cell = cells[c];
      const column = c + 1;
      if (cell === '') return fail(row, column, `Row ${row}, column ${column} is empty`);
      if (!NUMBER.test(cell)) return fail(row, column, `Row ${row}, column ${column}: '${cell}' is not a number`);
      const value = Number(cell);
      if (value !== 0 && value !== 1 && value !== -1) {
        return fail(row, column, `Row ${row}, column ${column}: ${cell} is not a binary value; use 0/1 or −1/1`);
      }
      if (value === 0) zeroAt ??= [row, column];
      if (value === -1) minusAt ??= [row, column];
      if (zeroAt !== undefined && minusAt !== undefined) {
        const [earlierRow, earlierColumn] = value === 0 ? minusAt : zeroAt;
        return fail(
          row,
          column,
          `Row ${row}, column ${column} holds ${value} but row ${earlierRow}, column ${earlierColumn} holds ${value === 0 ? -1 : 0}; use either 0/1 or −1/1 throughout`,
        );
      }
      bits[c] = value === 1 ? 1 : 0;
    }
    rows.push(bits);
  }
  if (rows.length === 0 || width === undefined) return fail(0, 0, 'The text contains no data rows');
  const bits = new Uint8Array(rows.length * width);
  rows.forEach((r, k) => bits.set(r, k * width));
  return { ok: true, dataset: { id: opts.id ?? freshId('dataset'), name: opts.name, width, rowCount: rows.length, bits } };
}
