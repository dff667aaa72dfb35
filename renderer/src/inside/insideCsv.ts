import { csvField } from '../export/csv';
import type { Histogram } from './histogram';

const line = (cells: unknown[]) => cells.map(csvField).join(',');

/** A weight block as CSV: a header of column unit names, then one line per row unit (its name, then its weights). */
export function matrixCsv(rowNames: string[], colNames: string[], values: ArrayLike<number>): string {
  const lines = [line(['', ...colNames])];
  const cols = colNames.length;
  for (let i = 0; i < rowNames.length; i++) {
    const cells: unknown[] = [rowNames[i]];
    for (let j = 0; j < cols; j++) cells.push(values[i * cols + j]);
    lines.push(line(cells));
  }
  return `${lines.join('\n')}\n`;
}

/** Receptive fields as CSV: one line per unit (name, norm, then the field's pixels row-major as p<row>_<col>). */
export function fieldsCsv(unitNames: string[], fields: Float32Array[], norms: number[], shape: { rows: number; cols: number }): string {
  const pixels: string[] = [];
  for (let r = 1; r <= shape.rows; r++) for (let c = 1; c <= shape.cols; c++) pixels.push(`p${r}_${c}`);
  const lines = [line(['unit', 'norm', ...pixels])];
  fields.forEach((field, j) => lines.push(line([unitNames[j], norms[j], ...field])));
  return `${lines.join('\n')}\n`;
}

/** Biases as CSV: node, unit, bias, one line per unit. */
export function biasesCsv(rows: { node: string; unit: string; bias: number }[]): string {
  return `${[line(['node', 'unit', 'bias']), ...rows.map((r) => line([r.node, r.unit, r.bias]))].join('\n')}\n`;
}

/** Histograms as CSV: series, bin start, bin end, count, one line per bin. */
export function histogramsCsv(series: { name: string; histogram: Histogram }[]): string {
  const lines = [line(['series', 'binStart', 'binEnd', 'count'])];
  for (const { name, histogram } of series) histogram.counts.forEach((count, k) => lines.push(line([name, histogram.edges[k], histogram.edges[k + 1], count])));
  return `${lines.join('\n')}\n`;
}
