import type { MetricPoint } from '../../../main/api/contract';
import { metricNames, toCsv } from '../export/csv';
import { svgLineChart, type LineSeries, type ShadedArea } from '../export/svgLineChart';
import type { MetricSeries } from '../store/runs';
import { metricLines, type RunLine } from './chartTable';
import { metricDisplay } from './metricCatalog';

/** One run as drawn: its series, legend label and colour. */
export interface ChartRun {
  id: string;
  label: string;
  colour: string;
  series: MetricSeries | undefined;
}

export interface ChartSvgArgs {
  runs: ChartRun[];
  metric: string;
  /** Only steps in [from, to] (the zoomed range); default all. */
  xRange?: [number, number];
  /** log₁₀ of the values (all positive) or asinh (some ≤ 0), as the on-screen log toggle shows them. */
  logScale?: boolean;
  width?: number;
  height?: number;
}

const toNumber = (v: number | null | undefined): number => (v === null || v === undefined ? NaN : v);

/**
 * The chart as a standalone SVG string (svgLineChart): one line per run, the metric's ±1 s.e. band where it has one,
 * its catalog companions (reverse AIS dashed, exact ln P dotted) with the forward–reverse interval shaded, the legend,
 * and axis labels with units. Theme colours stay as var(--…) for the export to resolve.
 */
export function chartSvg(args: ChartSvgArgs): string {
  const display = metricDisplay(args.metric);
  const lines = args.runs.flatMap((run) => metricLines(run.series, args.metric, 0).map((line) => ({ run, line })));
  const positive = lines.every(({ line }) => line.values.every((v) => v === null || v > 0));
  const transform = !args.logScale ? (v: number) => v : positive ? Math.log10 : Math.asinh;
  const inRange = (s: number) => !args.xRange || (s >= args.xRange[0] && s <= args.xRange[1]);
  // Steps that did not report the metric are skipped, not drawn as gaps: the screen joins across them too (spanGaps).
  const kept = (line: RunLine) => line.steps.flatMap((s, i) => (inRange(s) && line.values[i] !== null && line.values[i] !== undefined ? [i] : []));
  const series: LineSeries[] = lines.map(({ run, line }) => {
    const keep = kept(line);
    const y = keep.map((i) => transform(toNumber(line.values[i])));
    // A band in transformed units: half the distance between the transformed ends.
    const error = line.errors && keep.map((i) => {
      const v = toNumber(line.values[i]);
      const e = toNumber(line.errors![i]);
      return args.logScale ? (transform(v + e) - transform(v - e)) / 2 : e;
    });
    const label = line.companion ? `${run.label} · ${line.companion.short}` : run.label;
    const sparse = keep.length > 0 && keep.length * 4 <= line.steps.length;
    return { label, color: run.colour, x: keep.map((i) => line.steps[i]), y, ...(error ? { error } : {}), ...(line.companion ? { dash: line.companion.dash.join(' ') } : {}), ...(sparse ? { dots: true } : {}) };
  });
  // The shaded interval between a run's own line and the companion that shades against it (forward and reverse AIS).
  const areas: ShadedArea[] = lines.flatMap(({ run, line }, k) => {
    if (line.shadeWith === undefined) return [];
    const host = lines.find((l, j) => j < k && l.run === run && !l.line.companion)?.line;
    if (!host) return [];
    const steps = host.steps.flatMap((s, i) => (inRange(s) && host.values[i] !== null && line.values[i] !== null && line.values[i] !== undefined ? [i] : []));
    const a = steps.map((i) => transform(toNumber(host.values[i])));
    const b = steps.map((i) => transform(toNumber(line.values[i])));
    return [{ x: steps.map((i) => host.steps[i]), lower: a.map((v, j) => Math.min(v, b[j])), upper: a.map((v, j) => Math.max(v, b[j])), color: run.colour }];
  });
  const yLabel = !args.logScale ? display.label : positive ? `log₁₀ ${display.label}` : `asinh ${display.label}`;
  return svgLineChart({
    series,
    areas,
    width: args.width ?? 720,
    height: args.height ?? 360,
    title: `${display.label} per epoch`,
    xLabel: 'epoch',
    yLabel,
    colors: { background: null, text: 'var(--text)', muted: 'var(--text-muted)', grid: 'var(--grid)' },
  });
}

/** Every metric of every run in long form: a row per run and step, a column per metric (empty where a step lacks it). */
export function runsCsv(runs: { id: string; label: string; points: readonly MetricPoint[] }[]): string {
  const names = metricNames(runs.flatMap((r) => r.points));
  const rows = runs.flatMap((r) => r.points.map((p) => ({ run: r.id, label: r.label, step: p.step, values: p.values })));
  return toCsv(rows, ['run', 'label', 'step', ...names.map((name) => ({ header: name, value: (row: (typeof rows)[number]) => row.values[name] }))]);
}

/** Stored points followed by the live points after the last stored step (a running run's tail not yet fetched). */
export function withLiveTail(stored: readonly MetricPoint[], live: MetricSeries | undefined): MetricPoint[] {
  const last = stored.length ? stored[stored.length - 1].step : -Infinity;
  const tail: MetricPoint[] = [];
  if (live) {
    live.steps.forEach((step, i) => {
      if (step <= last) return;
      const values: Record<string, number> = {};
      for (const [name, column] of Object.entries(live.values)) if (column[i] !== null && column[i] !== undefined) values[name] = column[i]!;
      tail.push({ step, values });
    });
  }
  return [...stored, ...tail];
}
