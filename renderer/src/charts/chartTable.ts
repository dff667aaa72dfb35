import type { MetricSeries } from '../store/runs';

/** One run's line on a chart: its steps, the metric's values (null = gap) and, optionally, standard errors for a band. */
export interface RunLine {
  steps: number[];
  values: (number | null)[];
  errors?: (number | null)[];
}

/** Where one run's columns sit in ChartTable.data. */
export interface LineColumns {
  value: number;
  /** Value ± one standard error (present when the line has errors). */
  upper?: number;
  lower?: number;
}

/** Columns for uPlot: data[0] the shared x (steps), then per run its value column and band columns. */
export interface ChartTable {
  data: (number | null)[][];
  columns: LineColumns[];
}

/** The line of `metric` (and of its error metric) in a run's series; a missing metric is all gaps. */
export function runLine(series: MetricSeries | undefined, metric: string, errorMetric?: string): RunLine {
  const steps = series?.steps ?? [];
  const values = series?.values[metric] ?? new Array<number | null>(steps.length).fill(null);
  const errors = errorMetric === undefined ? undefined : series?.values[errorMetric];
  return errors ? { steps, values, errors } : { steps, values };
}

function bandColumns(values: (number | null)[], errors: (number | null)[]): [(number | null)[], (number | null)[]] {
  const upper = values.map((v, i) => (v === null || errors[i] === null || errors[i] === undefined ? null : v + errors[i]!));
  const lower = values.map((v, i) => (v === null || errors[i] === null || errors[i] === undefined ? null : v - errors[i]!));
  return [upper, lower];
}

/**
 * Aligns the lines on the union of their steps (uPlot shares one x array). A single line without a band passes its
 * arrays through uncopied, so a streaming chart costs no copy per frame.
 */
export function chartTable(lines: RunLine[]): ChartTable {
  const single = lines.length === 1 ? lines[0] : undefined;
  const steps = single ? single.steps : [...new Set(lines.flatMap((l) => l.steps))].sort((a, b) => a - b);
  const data: (number | null)[][] = [steps];
  const columns: LineColumns[] = [];
  for (const line of lines) {
    let values = line.values;
    let errors = line.errors;
    if (!single) {
      const at = new Map(line.steps.map((s, i) => [s, i]));
      const pick = (column: (number | null)[]) => steps.map((s) => (at.has(s) ? (column[at.get(s)!] ?? null) : null));
      values = pick(line.values);
      errors = line.errors && pick(line.errors);
    }
    const value = data.push(values) - 1;
    if (errors) {
      const [upper, lower] = bandColumns(values, errors);
      columns.push({ value, upper: data.push(upper) - 1, lower: data.push(lower) - 1 });
    } else columns.push({ value });
  }
  return { data, columns };
}

/** The last non-null value of a column and how many non-null values it holds. */
export function columnSummary(column: (number | null)[]): { latest: number | undefined; points: number } {
  let latest: number | undefined;
  let points = 0;
  for (const v of column) {
    if (v === null || v === undefined) continue;
    latest = v;
    points++;
  }
  return { latest, points };
}

/** Smallest and largest non-null value over the given columns (undefined when there is none). */
export function valueRange(columns: (number | null)[][]): [number, number] | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (const column of columns) {
    for (const v of column) {
      if (v === null || v === undefined) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return min <= max ? [min, max] : undefined;
}
