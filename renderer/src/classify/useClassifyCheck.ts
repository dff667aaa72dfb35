import { useEffect, useState } from 'react';
import type { ClassifyCheckRequest, ClassifyCheckResult } from '../../../main/api/contract';
import { useServices, useStudio } from '../app/StudioContext';

/**
 * Main's check of the chosen class models and data (classes, scoring methods, problems), re-asked whenever the choice,
 * the stored diagrams or the runs change (a model trained since).
 */
export function useClassifyCheck(request: ClassifyCheckRequest | undefined): { check?: ClassifyCheckResult; error?: string } {
  const { api } = useServices();
  const unsynced = useStudio((s) => s.unsynced);
  const endedCount = useStudio((s) => Object.values(s.runs.summaries).filter((r) => r.status !== 'queued' && r.status !== 'running').length);
  const [state, setState] = useState<{ check?: ClassifyCheckResult; error?: string }>({});
  const key = request ? JSON.stringify(request) : '';
  useEffect(() => {
    if (!key) return setState({});
    let live = true;
    void api.call('classify:check', JSON.parse(key) as ClassifyCheckRequest).then((result) => {
      if (live) setState(result.ok ? { check: result.value } : { error: result.error.message });
    });
    return () => {
      live = false;
    };
  }, [api, key, unsynced, endedCount]);
  return state;
}
