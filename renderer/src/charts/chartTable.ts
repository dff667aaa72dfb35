import type { MetricSeries } from '../store/runs';
import { metricDisplay } from './metricCatalog';

/** One run's line on a chart: its steps, the metric's values (null = gap) and, optionally, standard errors for a band. */
export interface RunLine {
  steps: number[];
  values: (number | null)[];
  errors?: (number | null)[];
  /** Which run (index among the chart's runs) the line belongs to; default its own position. */
  run?: number;
  /** A companion metric drawn beside the chart's own (reverse AIS, exact ln P): its name, short name and dash. */
  companion?: { name: string; short: string; dash: number[] };
  /** Index (in the lines passed to chartTable) of the line this one shades the interval against. */
  shadeWith?: number;
}

/** Where one line's columns sit in ChartTable.data. */
export interface LineColumns {
  value: number;
  /** Value ± one standard error (present when the line has errors). */
  upper?: number;
  lower?: number;
  /** Set for companion lines (see RunLine). */
  run?: number;
  companion?: RunLine['companion'];
}

/** Columns for uPlot: data[0] the shared x (steps), then per line its value column and band columns. */
export interface ChartTable {
  data: (number | null)[][];
  columns: LineColumns[];
  /** Shaded intervals between two lines of a run: columns of max and min of the pair where both have a value. */
  intervals?: { run: number; upper: number; lower: number }[];
}

/**
 * The lines one run contributes to the chart of `metric`: its own (with its error band) and each catalog companion
 * the run reported (e.g. reverse AIS and exact ln P beside forward AIS), the reverse shading against the forward.
 */
export function metricLines(series: MetricSeries | undefined, metric: string, run: number): RunLine[] {
  const display = metricDisplay(metric);
  const lines: RunLine[] = [{ ...runLine(series, metric, display.errorBand), run }];
  for (const c of display.companions ?? []) {
    if (!series?.values[c.name]?.some((v) => v !== null)) continue;
    lines.push({ ...runLine(series, c.name, c.errorBand), run, companion: { name: c.name, short: c.short, dash: c.dash }, ...(c.shadeInterval ? { shadeWith: 0 } : {}) });
  }
  return lines;
}

/** The lines of every run on the chart of `metric` (metricLines per run), shadeWith indices made global. */
export function chartLines(seriesByRun: (MetricSeries | undefined)[], metric: string): RunLine[] {
  return seriesByRun.reduce<RunLine[]>((all, series, run) => {
    const offset = all.length;
    return all.concat(metricLines(series, metric, run).map((l) => (l.shadeWith === undefined ? l : { ...l, shadeWith: l.shadeWith + offset })));
  }, []);
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
  // Lines of one run share its steps array: no alignment (and no copy) needed.
  const single = lines.length > 0 && lines.every((l) => l.steps === lines[0].steps) ? lines[0] : undefined;
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
    const tags = { ...(line.run !== undefined && line.companion ? { run: line.run, companion: line.companion } : {}) };
    if (errors) {
      const [upper, lower] = bandColumns(values, errors);
      columns.push({ value, upper: data.push(upper) - 1, lower: data.push(lower) - 1, ...tags });
    } else columns.push({ value, ...tags });
  }
  const intervals = lines.flatMap((line, i) => {
    if (line.shadeWith === undefined || !columns[line.shadeWith]) return [];
    const a = data[columns[line.shadeWith].value];
    const b = data[columns[i].value];
    const both = (k: number) => a[k] !== null && a[k] !== undefined && b[k] !== null && b[k] !== undefined;
    const upper = a.map((v, k) => (both(k) ? Math.max(v!, b[k]!) : null));
    const lower = a.map((v, k) => (both(k) ? Math.min(v!, b[k]!) : null));
    return [{ run: line.run ?? i, upper: data.push(upper) - 1, lower: data.push(lower) - 1 }];
  });
  return intervals.length ? { data, columns, intervals } : { data, columns };
}

/** The last non-null value of a column and how many non-null values it holds. */
export function columnSummary(column: readonly (number | null | undefined)[]): { latest: number | undefined; points: number } {
  let latest: number | undefined;
  let points = 0;
  for (const v of column) {
    if (v === null || v === undefined) continue;
    latest = v;
    points++;
  }
  return { latest, points };
}

/** Whether a column is drawn with dots: fewer than two points (no line to see) or few and far apart (at most one value in four steps, e.g. AIS). */
export function drawsPoints(column: readonly (number | null | undefined)[]): boolean {
  const { points } = columnSummary(column);
  return points < 2 || points * 4 <= column.length;
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

/** The point a hover at data index `idx` (and y value `y`, when known) lands on: the nearest step with a value, then the nearest line. */
export interface HoverPoint {
  /** Index of the line's entry in ChartTable.columns. */
  column: number;
  /** Run index (position among the chart's runs). */
  run: number;
  /** Data index of the point (may differ from idx: sparse series such as AIS every n epochs snap to their nearest point). */
  index: number;
  step: number;
  value: number;
}

function nearestIndex(values: (number | null)[], idx: number): number | undefined {
  for (let d = 0; d < values.length; d++) {
    if (values[idx - d] !== null && values[idx - d] !== undefined) return idx - d;
    if (values[idx + d] !== null && values[idx + d] !== undefined) return idx + d;
  }
  return undefined;
}

/**
 * The hovered point: among all lines, the one with a value nearest to `idx`, then nearest to `y`; a run's own line wins
 * over a companion less than `tolerance` (y units, about a few pixels) nearer, so near-coincident lines show the metric charted.
 */
export function hoverPoint(table: ChartTable, idx: number, y?: number, tolerance = 0): HoverPoint | undefined {
  let best: { point: HoverPoint; dx: number; dy: number } | undefined;
  let run = -1;
  table.columns.forEach((c, column) => {
    if (!c.companion) run++;
    const values = table.data[c.value];
    const index = nearestIndex(values, idx);
    if (index === undefined) return;
    const value = values[index]!;
    const dx = Math.abs(index - idx);
    // Companions are judged `tolerance` further away than they are.
    const dy = (y === undefined ? 0 : Math.abs(value - y)) + (c.companion ? tolerance : 0);
    if (!best || dx < best.dx || (dx === best.dx && dy < best.dy)) best = { point: { column, run: c.run ?? run, index, step: table.data[0][index]!, value }, dx, dy };
  });
  return best?.point;
}
