import { describe, expect, it } from 'vitest';
import { parseDatasetCsv } from '../../../engine/data/csv';

const parse = (text: string, expectedWidth?: number) => parseDatasetCsv(text, { name: 'd', id: 'd1', expectedWidth });

function rows(text: string): number[][] {
  const result = parse(text);
  if (!result.ok) throw new Error(result.error.message);
  const { dataset } = result;
  return Array.from({ length: dataset.rowCount }, (_, r) => Array.from(dataset.bits.subarray(r * dataset.width, (r + 1) * dataset.width)));
}

function error(text: string, expectedWidth?: number) {
  const result = parse(text, expectedWidth);
  if (result.ok) throw new Error('expected the text to be refused');
  return result.error;
}

describe('parseDatasetCsv', () => {
  it('reads 0/1 rows separated by commas, semicolons or whitespace', () => {
    expect(rows('0,0,1\n1;1;0\n0 1\t1\n1 , 0 ; 1\r\n')).toEqual([[0, 0, 1], [1, 1, 0], [0, 1, 1], [1, 0, 1]]);
  });

  it('maps −1/1 rows to 0/1 bits and accepts +1 and 1.0', () => {
    expect(rows('-1,-1,-1\n1,1,-1\n-1,+1,1.0')).toEqual([[0, 0, 0], [1, 1, 0], [0, 1, 1]]);
  });

  it('skips blank lines, # comments and a first line of column names', () => {
    const result = parse('# XOR\n\nx1, x2, y\n0,0,0\n  # note\n1,1,0\n\n');
    expect(result.ok && result.dataset).toMatchObject({ id: 'd1', name: 'd', width: 3, rowCount: 2 });
  });

  it('treats a partly numeric first line as data and names the bad cell', () => {
    expect(error('x1,0,1\n0,0,1')).toEqual({ row: 1, column: 1, message: "Row 1, column 1: 'x1' is not a number" });
  });

  it('refuses column names after the first line', () => {
    expect(error('0,1\na,b')).toMatchObject({ row: 2, column: 1 });
  });

  it('names the row whose width differs', () => {
    expect(error('0,1,1\n1,1\n')).toEqual({ row: 2, column: 3, message: 'Row 2, column 3: the row has 2 values but 3 are expected (one per visible unit)' });
    expect(error('0,1,1,0\n', 3)).toEqual({ row: 1, column: 4, message: 'Row 1, column 4: the row has 4 values but 3 are expected (one per visible unit)' });
    expect(error('a,b\n0,1\n', 3)).toMatchObject({ row: 1, message: 'Header names 2 columns but 3 are expected' });
  });

  it('names row and column of a non-binary value and of an empty cell', () => {
    expect(error('0,1\n1,2\n')).toMatchObject({ row: 2, column: 2, message: expect.stringMatching(/2 is not a binary value/) });
    expect(error('0,1\n0.5,1\n')).toMatchObject({ row: 2, column: 1 });
    expect(error('0,,1\n')).toEqual({ row: 1, column: 2, message: 'Row 1, column 2 is empty' });
  });

  it('refuses a file mixing 0 and −1 at the first conflicting cell, naming the earlier one', () => {
    expect(error('1,0,1\n1,1,1\n1,-1,1\n')).toEqual({
      row: 3,
      column: 2,
      message: 'Row 3, column 2 holds -1 but row 1, column 2 holds 0; use either 0/1 or −1/1 throughout',
    });
    expect(error('-1 1\n0 1')).toMatchObject({ row: 2, column: 1, message: expect.stringMatching(/holds 0 but row 1, column 1 holds -1/) });
  });

  it('refuses a text without data rows', () => {
    expect(error('# nothing\n\n')).toEqual({ row: 0, column: 0, message: 'The text contains no data rows' });
    expect(error('a,b\n')).toMatchObject({ message: 'The text contains no data rows' });
  });

  it('gives a fresh id when none is passed', () => {
    const result = parseDatasetCsv('1', { name: 'one' });
    expect(result.ok && result.dataset.id).toMatch(/^dataset-/);
  });
});
