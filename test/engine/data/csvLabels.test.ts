import { describe, expect, it } from 'vitest';
import { datasetToCsv, parseDatasetCsv, type CsvOptions } from '../../../engine/data/csv';
import { barsAndStripes, randomPatterns } from '../../../engine/data/generators';

function parse(text: string, opts: Partial<CsvOptions> = {}) {
  const result = parseDatasetCsv(text, { name: 'd', id: 'd1', ...opts });
  if (!result.ok) throw new Error(`row ${result.error.row}, column ${result.error.column}: ${result.error.message}`);
  return result.dataset;
}

function error(text: string, opts: Partial<CsvOptions> = {}) {
  const result = parseDatasetCsv(text, { name: 'd', ...opts });
  if (result.ok) throw new Error('expected the text to be refused');
  return result.error;
}

describe('parseDatasetCsv label columns', () => {
  it('reads whole-number labels from the first, last, a numbered or a named column', () => {
    expect(parse('0,1,7\n1,1,3', { labelColumn: 'last' })).toMatchObject({ width: 2, bits: Uint8Array.from([0, 1, 1, 1]), labels: Int32Array.from([7, 3]) });
    expect(parse('7,0,1\n3,1,1', { labelColumn: 'first' })).toMatchObject({ width: 2, bits: Uint8Array.from([0, 1, 1, 1]), labels: Int32Array.from([7, 3]) });
    expect(parse('0,7,1\n1,3,1', { labelColumn: 2 })).toMatchObject({ bits: Uint8Array.from([0, 1, 1, 1]), labels: Int32Array.from([7, 3]) });
    const named = parse('a,digit,b\n0,-2,1\n1,3,1', { labelColumn: 'digit' });
    expect(named).toMatchObject({ width: 2, labels: Int32Array.from([-2, 3]) });
    expect(named.labelNames).toBeUndefined();
  });

  it('numbers text labels by first appearance and keeps their names', () => {
    expect(parse('0 1 cat\n1 1 dog\n0 0 cat', { labelColumn: 'last' })).toMatchObject({ labels: Int32Array.from([0, 1, 0]), labelNames: ['cat', 'dog'] });
  });

  it('counts the label column in widths and names missing or empty label cells', () => {
    expect(parse('0,1,1,5', { labelColumn: 'last', expectedWidth: 3 })).toMatchObject({ width: 3 });
    expect(error('0,1,5\n0,1,1,5', { labelColumn: 'last', expectedWidth: 3 })).toEqual({
      row: 1,
      column: 4,
      message: 'Row 1, column 4: the row has 3 values but 4 are expected (one per visible unit, plus the label)',
    });
    expect(error('0,1,\n', { labelColumn: 'last' })).toEqual({ row: 1, column: 3, message: 'Row 1, column 3 is empty' });
    expect(error('# c\nx,y\n0,1\n', { labelColumn: 'z' })).toEqual({ row: 2, column: 0, message: "No column is named 'z'; the header names x, y" });
    expect(error('0,1\n', { labelColumn: 'z' })).toMatchObject({ message: "The label column 'z' is named but the file has no header line" });
    expect(error('0,1\n', { labelColumn: 3 })).toMatchObject({ message: 'The label column 3 does not exist: rows have 2 columns' });
    expect(error('4\n', { labelColumn: 'last' })).toMatchObject({ row: 1, message: expect.stringMatching(/only the label column/) });
  });

  it('still refuses a non-binary bit next to the label, naming row and column', () => {
    expect(error('0,1,5\n1,2,6\n', { labelColumn: 'last' })).toEqual({ row: 2, column: 2, message: 'Row 2, column 2: 2 is not a binary value; use 0/1 or −1/1' });
  });

  it('checks an image shape against the width', () => {
    expect(parse('0,1,1,0', { imageShape: { rows: 2, cols: 2 } }).imageShape).toEqual({ rows: 2, cols: 2 });
    expect(error('0,1,1,0', { imageShape: { rows: 3, cols: 2 } })).toMatchObject({ row: 0, message: expect.stringMatching(/3×2 holds 6 pixels but the rows have 4 bits/) });
  });
});

describe('datasetToCsv', () => {
  it('round-trips bits and labels through parseDatasetCsv in 0/1 and ±1', () => {
    const bars = barsAndStripes(4);
    for (const encoding of ['01', 'pm1'] as const) {
      const text = datasetToCsv(bars, { encoding });
      expect(text.split('\n')[0]).toBe([...Array.from({ length: 16 }, (_, i) => `x${i + 1}`), 'label'].join(','));
      const back = parse(text, { labelColumn: 'last' });
      expect(back.bits).toEqual(bars.bits);
      expect(back.labels).toEqual(bars.labels);
      expect(back.labelNames).toEqual(['stripes', 'bars']);
    }
    expect(datasetToCsv(bars, { encoding: 'pm1', header: false, labels: false }).split('\n')[1]).toBe('1,1,1,1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1');
  });

  it('writes label values instead of names that would not read back', () => {
    const data = { ...randomPatterns({ count: 4, rows: 1, cols: 3, seed: 1 }), labels: Int32Array.from([0, 1, 1, 0]), labelNames: ['a b', 'c'] };
    const back = parse(datasetToCsv(data), { labelColumn: 'last' });
    expect(back.labels).toEqual(data.labels);
    expect(back.labelNames).toBeUndefined();
  });

  it('round-trips 2,000 random 100-bit rows', () => {
    const data = randomPatterns({ count: 2000, rows: 1, cols: 100, seed: 3 });
    const back = parse(datasetToCsv(data)).bits;
    expect(back.length).toBe(data.bits.length);
    expect(back.every((bit, i) => bit === data.bits[i])).toBe(true);
  });
});

describe('parseDatasetCsv fast path', () => {
  it('gives the same bits and errors on plain 0,1 lines as the general path', () => {
    expect(parse('1,0,1\n0,1,1\n1,1,0').bits).toEqual(Uint8Array.from([1, 0, 1, 0, 1, 1, 1, 1, 0]));
    expect(error('1,0,1\n0,1,1\n1,2,0')).toEqual({ row: 3, column: 2, message: 'Row 3, column 2: 2 is not a binary value; use 0/1 or −1/1' });
    expect(error('1,-1,1\n0,1,1')).toEqual({ row: 2, column: 1, message: 'Row 2, column 1 holds 0 but row 1, column 2 holds -1; use either 0/1 or −1/1 throughout' });
    expect(error('1,1,1\n0,1,1\n-1,1,1')).toEqual({ row: 3, column: 1, message: 'Row 3, column 1 holds -1 but row 2, column 1 holds 0; use either 0/1 or −1/1 throughout' });
  });
});
