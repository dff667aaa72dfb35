import { freshId } from '../diagram/ids';
import type { ImageShape } from '../diagram/types';
import type { BinaryDataset } from './dataset';
import { MAX_QUOTED_CHARS, quoteCell, summarizeList, truncate } from '../text/boundedText';

/** Where and why a CSV text was refused; row = 1-based line of the text (0 when the text as a whole is at fault). */
export interface CsvError {
  row: number;
  column: number;
  message: string;
}

export interface CsvOptions {
  name: string;
  id?: string;
  /** Required number of pattern values per row, the label column not counted (e.g. the model's visible units). */
  expectedWidth?: number;
  /**
   * Which column holds a class label rather than a bit: 'first', 'last', a 1-based column number, or the column's
   * header name. Default none. Whole-number labels are kept as they are; any other text becomes label k of labelNames.
   */
  labelColumn?: 'first' | 'last' | number | string;
  /** Image shape of each pattern (rows × cols must equal the width). */
  imageShape?: ImageShape;
}

export type CsvResult = { ok: true; dataset: BinaryDataset } | { ok: false; error: CsvError };

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;
const COMMA = 44;
const SEMICOLON = 59;

const fail = (row: number, column: number, message: string) => ({ ok: false as const, error: { row, column, message } });

const isSpace = (code: number) => code === 32 || code === 9 || code === 11 || code === 12 || code === 0xa0 || code === 0xfeff;

/**
 * Cell boundaries of a trimmed line: cells are separated by a comma or semicolon with optional spaces around it,
 * or by a run of spaces; `bounds` receives start/end offsets, and the cell count is returned.
 */
function splitCells(line: string, bounds: number[]): number {
  bounds.length = 0;
  let start = 0;
  let i = 0;
  const n = line.length;
  while (i < n) {
    const code = line.charCodeAt(i);
    if (code === COMMA || code === SEMICOLON || isSpace(code)) {
      let end = i;
      let j = i;
      while (j < n && isSpace(line.charCodeAt(j))) j++;
      if (j < n && (line.charCodeAt(j) === COMMA || line.charCodeAt(j) === SEMICOLON) && (code !== COMMA && code !== SEMICOLON)) {
        j++;
      } else if (code === COMMA || code === SEMICOLON) {
        j = i + 1;
      }
      while (j < n && isSpace(line.charCodeAt(j))) j++;
      // A separator's leading spaces belong to it: trim the cell end back over them.
      while (end > start && isSpace(line.charCodeAt(end - 1))) end--;
      bounds.push(start, end);
      start = j;
      i = j;
      continue;
    }
    i++;
  }
  bounds.push(start, n);
  return bounds.length / 2;
}

/** 1 or 0 for the cells "1", "0", "-1", "+1" (the fast path), or undefined when the cell needs the general parser. */
function quickBit(line: string, start: number, end: number): number | undefined {
  const length = end - start;
  const first = line.charCodeAt(start);
  if (length === 1) return first === 48 ? 0 : first === 49 ? 1 : undefined;
  if (length === 2 && line.charCodeAt(start + 1) === 49) return first === 45 ? -1 : first === 43 ? 1 : undefined;
  return undefined;
}

/** A copy of `bits` with room for at least `needed` values. */
function grow(bits: Uint8Array, needed: number): Uint8Array {
  const grown = new Uint8Array(Math.max(bits.length * 2, needed));
  grown.set(bits);
  return grown;
}

/** Writes a line of the exact form '0,1,…,1' into bits at offset; false (partly written, to be overwritten) otherwise. */
function plainBits(line: string, bits: Uint8Array, offset: number): boolean {
  for (let i = 0; i < line.length; i += 2) {
    const code = line.charCodeAt(i);
    if ((code !== 48 && code !== 49) || (i + 1 < line.length && line.charCodeAt(i + 1) !== COMMA)) return false;
    bits[offset + (i >> 1)] = code - 48;
  }
  return true;
}

/** The 0-based index of the label column among `count` cells, or an error message. */
function labelIndex(spec: CsvOptions['labelColumn'], count: number, header: string[] | undefined): number | string {
  if (spec === 'first') return 0;
  if (spec === 'last') return count - 1;
  if (typeof spec === 'number') {
    return Number.isInteger(spec) && spec >= 1 && spec <= count ? spec - 1 : `The label column ${spec} does not exist: rows have ${count} columns`;
  }
  const index = header?.indexOf(spec as string) ?? -1;
  if (index >= 0) return index;
  return header ? `No column is named '${String(spec)}'; the header names ${summarizeList(header.map((name) => truncate(name, MAX_QUOTED_CHARS)), { maxItems: 8, separator: ', ' })}` : `The label column '${String(spec)}' is named but the file has no header line`;
}

/**
 * Parses rows of 0/1 or −1/1 values separated by commas, semicolons or whitespace. Blank lines and lines starting
 * with '#' are skipped; a first line whose cells are all non-numeric is a header and skipped. One file uses one encoding.
 */
export function parseDatasetCsv(text: string, opts: CsvOptions): CsvResult {
  const lines = text.split(/\r\n|\n|\r/);
  const hasLabel = opts.labelColumn !== undefined;
  const extra = hasLabel ? 1 : 0;
  let columns = opts.expectedWidth === undefined ? undefined : opts.expectedWidth + extra;
  const expectedNote = hasLabel ? 'one per visible unit, plus the label' : 'one per visible unit';
  let header: string[] | undefined;
  let headerRow = 0;
  let label = -1;
  let firstContent = true;
  let zeroAt: [number, number] | undefined;
  let minusAt: [number, number] | undefined;
  let bits: Uint8Array = new Uint8Array(1024);
  let bitCount = 0;
  const labelTexts: string[] = [];
  const bounds: number[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index].trim();
    const row = index + 1;
    if (line === '' || line.charCodeAt(0) === 35) continue;
    if (!firstContent && columns !== undefined && !hasLabel && minusAt === undefined && line.length === 2 * columns - 1) {
      // Fast path for the common '0,1,1,…' line: write the bits straight out, or fall through on anything else.
      if (bitCount + columns > bits.length) bits = grow(bits, bitCount + columns);
      if (plainBits(line, bits, bitCount)) {
        if (line.indexOf('0') >= 0) zeroAt ??= [row, line.indexOf('0') / 2 + 1];
        bitCount += columns;
        continue;
      }
    }
    const count = splitCells(line, bounds);
    const cell = (c: number) => line.slice(bounds[2 * c], bounds[2 * c + 1]);
    if (firstContent) {
      firstContent = false;
      const cells = Array.from({ length: count }, (_, c) => cell(c));
      if (cells.every((text) => text !== '' && !NUMBER.test(text))) {
        if (columns !== undefined && count !== columns) {
          return fail(row, Math.min(count, columns) + 1, `Header names ${count} columns but ${columns} are expected`);
        }
        columns = count;
        header = cells;
        headerRow = row;
        continue;
      }
    }
    if (columns === undefined) columns = count;
    if (label < 0 && hasLabel) {
      const found = labelIndex(opts.labelColumn, columns, header);
      if (typeof found === 'string') return fail(header ? headerRow : row, 0, found);
      if (columns < 2) return fail(row, 1, `Row ${row} has only the label column; add at least one column of bits`);
      label = found;
    }
    if (count !== columns) {
      const column = Math.min(count, columns) + 1;
      return fail(row, column, `Row ${row}, column ${column}: the row has ${count} values but ${columns} are expected (${expectedNote})`);
    }
    const width = columns - extra;
    if (bitCount + width > bits.length) bits = grow(bits, bitCount + width);
    for (let c = 0; c < count; c++) {
      const start = bounds[2 * c];
      const end = bounds[2 * c + 1];
      const column = c + 1;
      if (start === end) return fail(row, column, `Row ${row}, column ${column} is empty`);
      if (c === label) {
        labelTexts.push(line.slice(start, end));
        continue;
      }
      let value = quickBit(line, start, end);
      if (value === undefined) {
        const text = line.slice(start, end);
        if (!NUMBER.test(text)) return fail(row, column, `Row ${row}, column ${column}: ${quoteCell(text)} is not a number`);
        value = Number(text);
        if (value !== 0 && value !== 1 && value !== -1) {
          return fail(row, column, `Row ${row}, column ${column}: ${truncate(text, MAX_QUOTED_CHARS)} is not a binary value; use 0/1 or −1/1`);
        }
      }
      if (value === 0) zeroAt ??= [row, column];
      else if (value === -1) minusAt ??= [row, column];
      if (zeroAt !== undefined && minusAt !== undefined && value !== 1) {
        const [earlierRow, earlierColumn] = value === 0 ? minusAt : zeroAt;
        return fail(
          row,
          column,
          `Row ${row}, column ${column} holds ${value} but row ${earlierRow}, column ${earlierColumn} holds ${value === 0 ? -1 : 0}; use either 0/1 or −1/1 throughout`,
        );
      }
      bits[bitCount++] = value === 1 ? 1 : 0;
    }
  }
  if (bitCount === 0 || columns === undefined) return fail(0, 0, 'The text contains no data rows');
  const width = columns - extra;
  const rowCount = bitCount / width;
  const dataset: BinaryDataset = { id: opts.id ?? freshId('dataset'), name: opts.name, width, rowCount, bits: bits.slice(0, bitCount) };
  if (opts.imageShape) {
    const { rows, cols } = opts.imageShape;
    if (!(Number.isInteger(rows) && Number.isInteger(cols) && rows >= 1 && cols >= 1 && rows * cols === width)) {
      return fail(0, 0, `The image shape ${rows}×${cols} holds ${rows * cols} pixels but the rows have ${width} bits`);
    }
    dataset.imageShape = { rows, cols };
  }
  if (hasLabel) Object.assign(dataset, labelsFrom(labelTexts));
  return { ok: true, dataset };
}

/** Whole-number label texts as their values; otherwise each distinct text numbered in order of first appearance. */
function labelsFrom(texts: string[]): Pick<BinaryDataset, 'labels' | 'labelNames'> {
  if (texts.every((text) => INTEGER.test(text) && Math.abs(Number(text)) <= 2 ** 31 - 1)) return { labels: Int32Array.from(texts, Number) };
  const names: string[] = [];
  const index = new Map<string, number>();
  const labels = Int32Array.from(texts, (text) => {
    let k = index.get(text);
    if (k === undefined) {
      k = names.length;
      index.set(text, k);
      names.push(text);
    }
    return k;
  });
  return { labels, labelNames: names };
}

export interface CsvExportOptions {
  /** '01' writes 0/1, 'pm1' writes −1/1. Default '01'. */
  encoding?: '01' | 'pm1';
  /** Write a first line naming the columns (x1…xn, label). Default true. */
  header?: boolean;
  /** Append the label column when the dataset has labels (label names when it has them). Default true. */
  labels?: boolean;
}

/** A CSV text that parseDatasetCsv reads back to the same bits (and labels, with labelColumn 'last'). */
export function datasetToCsv(dataset: BinaryDataset, opts: CsvExportOptions = {}): string {
  const { encoding = '01', header = true, labels = true } = opts;
  const withLabels = labels && dataset.labels !== undefined;
  const off = encoding === 'pm1' ? '-1' : '0';
  const lines: string[] = [];
  if (header) {
    const names = Array.from({ length: dataset.width }, (_, i) => `x${i + 1}`);
    if (withLabels) names.push('label');
    lines.push(names.join(','));
  }
  // Label names are written only when every one reads back as the same text (no separators, not a number).
  const useNames = dataset.labelNames?.every((name) => name !== '' && !/[,;\s#"]/.test(name) && !NUMBER.test(name)) ?? false;
  const cells: string[] = new Array(dataset.width);
  for (let row = 0; row < dataset.rowCount; row++) {
    for (let i = 0; i < dataset.width; i++) cells[i] = dataset.bits[row * dataset.width + i] === 1 ? '1' : off;
    let line = cells.join(',');
    if (withLabels) {
      const value = dataset.labels![row];
      line += `,${useNames && dataset.labelNames![value] !== undefined ? dataset.labelNames![value] : value}`;
    }
    lines.push(line);
  }
  return `${lines.join('\n')}\n`;
}
