/**
 * An inference result as one stored float32 table [rows, columns] and back: the output's summary names every column and
 * lists the column groups (the per-row value, its standard error, hidden means, …), so a reader can rebuild each row.
 */
import type { InferenceResult } from '../../../engine/infer/runInference';

/** Columns [start, start + width) of a table hold one field of each row; width-1 value fields are scalars. */
export interface ColumnGroup {
  key: string;
  start: number;
  width: number;
  /** True for fields read as one number (the value and its standard error). */
  scalar?: boolean;
}

export interface InferenceTable {
  columns: string[];
  groups: ColumnGroup[];
  /** rows × columns.length, row-major. */
  values: Float32Array;
}

type Field = [key: string, width: number, source: ArrayLike<number>, scalar: boolean, name: (k: number) => string];

/** Fields of the result in column order. */
function fields(result: InferenceResult, hiddenNames: string[], visibleNames: string[]): Field[] {
  const rows = Math.max(1, result.rowCount);
  const hidden = result.hiddenUnits.map((u) => hiddenNames[u]);
  const out: Field[] = [];
  if (result.quantity && result.values) out.push([result.quantity, 1, result.values, true, () => result.quantity!]);
  if (result.standardErrors) out.push(['standardError', 1, result.standardErrors, true, () => 'standardError']);
  out.push(['hiddenMeans', hidden.length, result.hiddenMeans, false, (k) => `⟨${hidden[k]}⟩`]);
  if (result.hiddenStandardErrors) out.push(['hiddenStandardErrors', hidden.length, result.hiddenStandardErrors, false, (k) => `se⟨${hidden[k]}⟩`]);
  const width = result.visibleMeans ? result.visibleMeans.length / rows : 0;
  const visible = (k: number) => visibleNames[k] ?? `v${k}`;
  if (result.visibleMeans) out.push(['visibleMeans', width, result.visibleMeans, false, (k) => `⟨${visible(k)}⟩`]);
  if (result.visibleStandardErrors) out.push(['visibleStandardErrors', width, result.visibleStandardErrors, false, (k) => `se⟨${visible(k)}⟩`]);
  if (result.completed) out.push(['completed', width, result.completed, false, (k) => `${visible(k)}`]);
  return out;
}

/**
 * The table of `result`. `hiddenNames[u]` names model unit u (for the hidden columns); `visibleNames[k]` names visible
 * position k (for the visible means and completions).
 */
export function inferenceTable(result: InferenceResult, hiddenNames: string[], visibleNames: string[]): InferenceTable {
  const all = fields(result, hiddenNames, visibleNames);
  const columns: string[] = [];
  const groups: ColumnGroup[] = [];
  for (const [key, width, , scalar, name] of all) {
    groups.push({ key, start: columns.length, width, ...(scalar ? { scalar: true } : {}) });
    for (let k = 0; k < width; k++) columns.push(name(k));
  }
  const stride = columns.length;
  const values = new Float32Array(result.rowCount * stride);
  all.forEach(([, width, source], g) => {
    const start = groups[g].start;
    for (let r = 0; r < result.rowCount; r++) for (let k = 0; k < width; k++) values[r * stride + start + k] = source[r * width + k];
  });
  return { columns, groups, values };
}

/** One row of a stored table as a plain object: scalar groups as numbers, the others as arrays. */
export function tableRow(groups: readonly ColumnGroup[], stride: number, values: ArrayLike<number>, row: number): Record<string, number | number[]> {
  const out: Record<string, number | number[]> = {};
  for (const { key, start, width, scalar } of groups) {
    const at = row * stride + start;
    out[key] = scalar ? values[at] : Array.from({ length: width }, (_, k) => values[at + k]);
  }
  return out;
}
