import { useEffect, useState } from 'react';
import { useServices, useStudio } from '../app/StudioContext';
import type { StudioState } from '../store/state';
import { shareTraces, storedEstimates, type StoredEstimate } from './estimates';
import type { ShareTraces } from './effectiveShareChart';

/** Metrics whose new points mean a new estimate was stored (the monitor writes the output with the point); exact ln P comes every epoch and is left out. */
const ESTIMATE_METRICS = ['aisLogLikelihood', 'aisReverseLogLikelihood'];

function estimatePoints(state: StudioState, runId: string): number {
  const values = state.runs.series[runId]?.values ?? {};
  return ESTIMATE_METRICS.reduce((sum, name) => sum + (values[name]?.filter((v) => v !== null).length ?? 0), 0);
}

/**
 * The stored likelihood estimates of each listed run (evaluation outputs with a `likelihood` summary), by epoch,
 * re-read when a run's status changes or it reports a new estimate point.
 */
export function useRunEstimates(runIds: readonly string[]): Record<string, StoredEstimate[]> {
  const { api } = useServices();
  const idsKey = runIds.join('\n');
  const version = useStudio((s) => runIds.map((id) => `${s.runs.summaries[id]?.status ?? ''}:${estimatePoints(s, id)}`).join(','));
  const [estimates, setEstimates] = useState<Record<string, StoredEstimate[]>>({});
  useEffect(() => {
    let live = true;
    const load = () => {
      for (const runId of idsKey === '' ? [] : idsKey.split('\n')) {
        void api.call('output:list', { runId }).then((result) => {
          if (live && result.ok) setEstimates((current) => ({ ...current, [runId]: storedEstimates(result.value) }));
        });
      }
    };
    load();
    // The output of an estimate may be stored just after its metric point arrives: look once more a moment later.
    const again = setTimeout(load, 1500);
    return () => {
      live = false;
      clearTimeout(again);
    };
  }, [api, idsKey, version]);
  return estimates;
}

/** The effective-share traces stored with an estimate (its output's [3, P] array), or why there are none. */
export function useShareTraces(estimate: StoredEstimate | undefined): { traces?: ShareTraces; error?: string } {
  const { api } = useServices();
  const [state, setState] = useState<{ outputId?: string; traces?: ShareTraces; error?: string }>({});
  const outputId = estimate?.arrayShape?.[0] === 3 ? estimate.outputId : undefined;
  useEffect(() => {
    if (!outputId) return;
    let live = true;
    void api.call('output:get', { outputId, rowCount: 3 }).then((result) => {
      if (!live) return;
      if (!result.ok) return setState({ outputId, error: result.error.message });
      try {
        setState(result.value.array ? { outputId, traces: shareTraces(result.value.array) } : { outputId, error: 'The estimate stored no effective-share trace.' });
      } catch (e) {
        setState({ outputId, error: (e as Error).message });
      }
    });
    return () => {
      live = false;
    };
  }, [api, outputId]);
  if (!estimate) return {};
  if (!outputId) return { error: 'This estimate stored no per-temperature trace.' };
  return state.outputId === outputId ? state : {};
}
