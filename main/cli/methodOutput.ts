/** Lines the CLI prints for the outputs of inference, sampling and evaluation jobs (in a project or in this process). */
import { tableRow, type ColumnGroup } from '../jobs/methods/inferenceTable';

/** An output's array, or a page of its rows. */
export interface ArrayPage {
  shape: number[];
  values: ArrayLike<number>;
}

/** How `attractor sample` prints samples. */
export type SampleFormat = 'json' | 'csv';

/** float32 values printed at their precision (7 significant digits), not as the float64 they widen to. */
const float32 = (value: number): number => (Number.isFinite(value) ? Number(value.toPrecision(7)) : value);

/**
 * One JSON line per row of an inference table: {row (1-based), <value> (logProbability, logProbabilityEstimate,
 * lowerBound or negativeLyapunov), standardError?, hiddenMeans, hiddenStandardErrors?, visibleMeans?, completed?}.
 */
export function inferenceLines(summary: Record<string, unknown>, page: ArrayPage, firstRow: number): string {
  const [rows, stride] = page.shape;
  // Tables stored before the column groups existed: ln P(v), then the hidden means.
  const groups = (summary.groups as ColumnGroup[] | undefined) ?? [
    { key: 'logProbability', start: 0, width: 1, scalar: true },
    { key: 'hiddenMeans', start: 1, width: stride - 1 },
  ];
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    const fields = tableRow(groups, stride, page.values, r);
    const row: Record<string, unknown> = { row: firstRow + r + 1 };
    for (const [key, value] of Object.entries(fields)) {
      row[key] = key === 'completed' ? (value as number[]).map((v) => (v > 0.5 ? 1 : 0)).join('') : Array.isArray(value) ? value.map(float32) : float32(value);
    }
    lines.push(JSON.stringify(row));
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** Samples as JSON lines {sample (1-based), bits: '0110'} or CSV rows of 0/1 (a header of unit names first, when asked). */
export function sampleLines(summary: Record<string, unknown>, page: ArrayPage, firstRow: number, format: SampleFormat, header: boolean): string {
  const [rows, width] = page.shape;
  const lines: string[] = [];
  if (format === 'csv' && header && Array.isArray(summary.columns)) lines.push((summary.columns as string[]).map(csvCell).join(','));
  for (let r = 0; r < rows; r++) {
    const bits = Array.from({ length: width }, (_, k) => page.values[r * width + k]);
    lines.push(format === 'csv' ? bits.join(',') : JSON.stringify({ sample: firstRow + r + 1, bits: bits.join('') }));
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** A header cell, quoted when it holds a comma or quote. */
function csvCell(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Whether `attractor sample` prints this samples output: the final states, or with --best the lowest-energy states of annealing. */
export function printsSamples(summary: Record<string, unknown>, best: boolean): boolean {
  return best ? summary.states === 'lowest-energy' : summary.states !== 'lowest-energy';
}
