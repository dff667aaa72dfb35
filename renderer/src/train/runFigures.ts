import type { RunSummary } from '../../../main/api/contract';
import type { RunsState } from '../store/runs';
import { latestMetric } from '../store/runs';
import { metricDisplay, orderMetrics } from '../charts/metricCatalog';

/** Metrics never shown as a run's final figures (speed and bookkeeping). */
const NOT_FIGURES = new Set(['examplesPerSecond', 'samples']);

/** "0.0123", "−1.25", "1.2e-5": four significant digits. */
export function formatFigure(value: number): string {
  return (Math.abs(value) >= 1e-3 || value === 0 ? Number(value.toPrecision(4)).toString() : value.toExponential(2)).replace('-', '−');
}

/** The run's final figures (the last value of each metric), its objective first, at most `limit` of them. */
export function finalFigures(runs: RunsState, run: RunSummary, limit = 3): { name: string; label: string; value: number }[] {
  const last = run.metrics[run.metrics.length - 1]?.values;
  const names = Object.keys(runs.series[run.id]?.values ?? last ?? {}).filter((n) => !NOT_FIGURES.has(n));
  // An ended run's stored last step is final; the live series can still hold the last throttled progress point until
  // the full series replaces it.
  const ended = !['queued', 'running', 'paused'].includes(run.status);
  const value = (name: string) => (ended ? last?.[name] : undefined) ?? latestMetric(runs, run.id, name) ?? last?.[name];
  // The charts' order (metricCatalog), so the list and the Train panel's chart agree on which figure is the objective.
  return orderMetrics(names)
    .map((name) => ({ name, label: metricDisplay(name).short, value: value(name) }))
    .filter((f): f is { name: string; label: string; value: number } => f.value !== undefined && Number.isFinite(f.value))
    .slice(0, limit);
}

/** 1-based place of each queued run in the queue (oldest first), by run id. */
export function queuePositions(runs: RunsState): Record<string, number> {
  const queued = runs.order.filter((id) => runs.summaries[id]?.status === 'queued');
  return Object.fromEntries(queued.map((id, k) => [id, k + 1]));
}
