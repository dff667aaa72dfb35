import { useEffect, useRef } from 'react';
import type { MetricPoint } from '../../../main/api/contract';
import { useServices, useStudio } from '../app/StudioContext';

/**
 * The full stored series (run:metrics, not the thinned summary) of each listed run, refetched when a run's status
 * changes (a running run's rows after the fetch come from the live series). Read through the returned ref, so
 * fetches never re-render the view.
 */
export function useStoredMetrics(runIds: string[]): React.RefObject<Record<string, MetricPoint[]>> {
  const { api } = useServices();
  const stored = useRef<Record<string, MetricPoint[]>>({});
  const key = useStudio((s) => runIds.map((id) => `${id}:${s.runs.summaries[id]?.status ?? ''}`).join(','));
  useEffect(() => {
    let current = true;
    for (const entry of key === '' ? [] : key.split(',')) {
      const runId = entry.slice(0, entry.lastIndexOf(':'));
      void api.call('run:metrics', { runId }).then((result) => {
        if (current && result.ok) stored.current[runId] = result.value;
      });
    }
    return () => {
      current = false;
    };
  }, [api, key]);
  return stored;
}
