import type { MetricPoint, RunProgress, RunSummary } from '../../../main/api/contract';

/**
 * Metric series of one run, for the live charts. Every metric's array is aligned with `steps` (null where a step did
 * not report it, which uPlot draws as a gap). The arrays are appended in place (no copy per progress event);
 * `version` increases with every append so subscribers know to redraw.
 */
export interface MetricSeries {
  steps: number[];
  /** Metric name → one value per step (kl, bound, weightNorm, examplesPerSecond, …). */
  values: Record<string, (number | null)[]>;
  version: number;
}

/** Live training data, outside the undoable document. */
export interface RunsState {
  /** Latest summary of each run of the open project. */
  summaries: Record<string, RunSummary>;
  /** Run ids, oldest first. */
  order: string[];
  series: Record<string, MetricSeries>;
  /** Latest progress event per running run. */
  progress: Record<string, RunProgress | undefined>;
}

export const emptyRuns: RunsState = { summaries: {}, order: [], series: {}, progress: {} };

/** Appends one point to `series` in place: metrics it lacks get null, metrics new to it are padded with nulls first. */
export function appendPoint(series: MetricSeries, step: number, values: Record<string, number>): void {
  const length = series.steps.length;
  series.steps.push(step);
  for (const [name, value] of Object.entries(values)) {
    if (!Number.isFinite(value)) continue;
    (series.values[name] ??= new Array<number | null>(length).fill(null)).push(value);
  }
  for (const column of Object.values(series.values)) if (column.length === length) column.push(null);
}

/**
 * `series` with `points` (a zoomed range read at finer resolution) merged in by step; steps it already holds keep their
 * values. Returns the same object when nothing is new.
 */
export function mergePoints(series: MetricSeries, points: readonly MetricPoint[]): MetricSeries {
  const known = new Set(series.steps);
  const fresh = points.filter((p) => !known.has(p.step));
  if (fresh.length === 0) return series;
  const rows: MetricPoint[] = series.steps.map((step, i) => {
    const values: Record<string, number> = {};
    for (const [name, column] of Object.entries(series.values)) if (column[i] !== null && column[i] !== undefined) values[name] = column[i]!;
    return { step, values };
  });
  rows.push(...fresh);
  rows.sort((a, b) => a.step - b.step);
  const merged: MetricSeries = { steps: [], values: {}, version: series.version + 1 };
  for (const row of rows) appendPoint(merged, row.step, row.values);
  return merged;
}

/** Merges a zoomed range's finer points into a run's series (see mergePoints). */
export function mergeRunDetail(state: RunsState, runId: string, points: readonly MetricPoint[]): RunsState {
  const series = state.series[runId];
  if (!series) return state;
  const merged = mergePoints(series, points);
  return merged === series ? state : { ...state, series: { ...state.series, [runId]: merged } };
}

function seriesFromSummary(run: RunSummary): MetricSeries {
  const series: MetricSeries = { steps: [], values: {}, version: 0 };
  for (const point of run.metrics) appendPoint(series, point.step, point.values);
  return series;
}

/** The runs of a freshly loaded project. */
export function runsFromSummaries(runs: RunSummary[]): RunsState {
  const sorted = [...runs].sort((a, b) => a.startedAt - b.startedAt);
  return {
    summaries: Object.fromEntries(sorted.map((r) => [r.id, r])),
    order: sorted.map((r) => r.id),
    series: Object.fromEntries(sorted.map((r) => [r.id, seriesFromSummary(r)])),
    progress: {},
  };
}

/** Records a run summary (new or updated); a summary with more metric points than the live series replaces it. */
export function upsertRun(state: RunsState, run: RunSummary): RunsState {
  const known = state.summaries[run.id] !== undefined;
  const current = state.series[run.id];
  const fromSummary = seriesFromSummary(run);
  const series = !current || fromSummary.steps.length >= current.steps.length ? { ...fromSummary, version: (current?.version ?? 0) + 1 } : current;
  const ended = run.status !== 'queued' && run.status !== 'running';
  return {
    summaries: { ...state.summaries, [run.id]: run },
    order: known ? state.order : [...state.order, run.id],
    series: { ...state.series, [run.id]: series },
    progress: ended ? { ...state.progress, [run.id]: undefined } : state.progress,
  };
}

/** Appends one progress event: its metrics and examples per second go onto the run's series in place (a late event leaves a paused run paused). */
export function applyProgress(state: RunsState, progress: RunProgress): RunsState {
  const series = state.series[progress.runId] ?? { steps: [], values: {}, version: 0 };
  const last = series.steps[series.steps.length - 1];
  if (last === undefined || progress.step > last) {
    appendPoint(series, progress.step, { examplesPerSecond: progress.examplesPerSecond, ...progress.metrics });
  }
  const summary = state.summaries[progress.runId];
  const summaries = summary
    ? { ...state.summaries, [progress.runId]: { ...summary, status: summary.status === 'paused' ? summary.status : ('running' as const), lastStep: progress.step, totalSteps: progress.totalSteps } }
    : state.summaries;
  return {
    ...state,
    summaries,
    series: { ...state.series, [progress.runId]: { ...series, version: series.version + 1 } },
    progress: { ...state.progress, [progress.runId]: progress },
  };
}

/** Forgets the listed runs (no longer in the project). */
export function removeRuns(state: RunsState, ids: string[]): RunsState {
  const drop = new Set(ids);
  const keep = <T>(record: Record<string, T>) => Object.fromEntries(Object.entries(record).filter(([id]) => !drop.has(id)));
  return { summaries: keep(state.summaries), order: state.order.filter((id) => !drop.has(id)), series: keep(state.series), progress: keep(state.progress) };
}

/** The latest value of a run's metric: the last non-null point of its series (stored metrics, then live progress). */
export function latestMetric(state: RunsState, runId: string, name: string): number | undefined {
  const column = state.series[runId]?.values[name];
  if (!column) return undefined;
  for (let i = column.length - 1; i >= 0; i--) if (column[i] !== null) return column[i]!;
  return undefined;
}

/** The latest KL of a run: the last point of its series (stored metrics, then live progress). */
export function finalKl(state: RunsState, runId: string): number | undefined {
  return latestMetric(state, runId, 'kl');
}

/** The newest training run of `diagramId` that passes `accept` (default: any), or undefined. */
export function latestTrainingRun(state: RunsState, diagramId: string | null, accept: (run: RunSummary) => boolean = () => true): RunSummary | undefined {
  for (let i = state.order.length - 1; i >= 0; i--) {
    const run = state.summaries[state.order[i]];
    if (run && run.kind === 'train' && run.diagramId === diagramId && accept(run)) return run;
  }
  return undefined;
}

/** True while a run is queued or running. */
export function isActive(run: RunSummary | undefined): boolean {
  return run !== undefined && (run.status === 'queued' || run.status === 'running');
}
