import { describe, expect, it } from 'vitest';
import type { MetricPoint } from '../../../main/api/contract';
import { csvField, metricNames, metricsCsv, toCsv } from '../../../renderer/src/export/csv';

/** An RFC 4180 reader written independently of the writer, to round-trip through. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (quoted && c === '"') quoted = false;
    else if (quoted) field += c;
    else if (c === '"') quoted = true;
    else if (c === ',') endField();
    else if (c === '\n') {
      endField();
      rows.push(row);
      row = [];
    } else field += c;
  }
  if (field || row.length) {
    endField();
    rows.push(row);
  }
  return rows;
}

describe('CSV export', () => {
  it('quotes fields with commas, quotes, line breaks and edge spaces, and nothing else', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField(' padded')).toBe('" padded"');
    expect(csvField(-1.5e-7)).toBe('-1.5e-7');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(NaN)).toBe('');
    expect(csvField(Infinity)).toBe('Infinity');
  });

  it('writes a header and one line per row that a CSV reader reads back to the same cells', () => {
    const rows = [
      { name: 'run, "first"', kl: 0.125, note: 'line one\nline two' },
      { name: 'plain', kl: -3, note: '' },
    ];
    const text = toCsv(rows, ['name', { header: 'KL (nats)', value: 'kl' }, { header: 'note length', value: (r) => r.note.length }, 'note']);
    expect(text.endsWith('\n')).toBe(true);
    expect(parseCsv(text)).toEqual([
      ['name', 'KL (nats)', 'note length', 'note'],
      ['run, "first"', '0.125', '17', 'line one\nline two'],
      ['plain', '-3', '0', ''],
    ]);
  });

  it('writes metric series with one column per metric and empty cells where a step lacks one', () => {
    const points: MetricPoint[] = [
      { step: 1, values: { kl: 0.5 } },
      { step: 2, values: { kl: 0.4, aisLogLikelihood: -2.25 } },
      { step: 3, values: { aisLogLikelihood: -2 } },
    ];
    expect(metricNames(points)).toEqual(['kl', 'aisLogLikelihood']);
    expect(parseCsv(metricsCsv(points))).toEqual([
      ['step', 'kl', 'aisLogLikelihood'],
      ['1', '0.5', ''],
      ['2', '0.4', '-2.25'],
      ['3', '', '-2'],
    ]);
  });
});
