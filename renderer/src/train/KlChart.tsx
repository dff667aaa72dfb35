import { useStudio } from '../app/StudioContext';
import { MetricChart } from '../charts/MetricChart';
import { objectiveMetric } from '../charts/metricCatalog';
import type { StudioState } from '../store/state';

const ACCENT = ['var(--accent)'];

/** The metric a run's chart shows: its objective (KL when exact, else the bound, −L, …), once the run reported one. */
export function useObjectiveMetric(runId: string): string | undefined {
  const names = useStudio((s: StudioState) => Object.keys(s.runs.series[runId]?.values ?? {}).join(','));
  return objectiveMetric(names === '' ? [] : names.split(','));
}

/**
 * Live chart of a run's objective per epoch (KL(data‖model) for exact runs, the mean-field bound F for SBN runs, …).
 * MetricChart reads the series from the store and redraws at most once per animation frame.
 */
export function KlChart({ runId, theme }: { runId: string; theme: string }) {
  const metric = useObjectiveMetric(runId) ?? 'kl';
  return <MetricChart runIds={[runId]} metric={metric} colours={ACCENT} height={180} theme={theme} testId="kl-chart" />;
}
