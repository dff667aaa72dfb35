import { useCallback, useEffect, useState } from 'react';
import { useServices, useStudio } from '../app/StudioContext';
import { compareSummaryOf, type CompareSummary } from './compareResult';

/** One stored comparison of the active diagram. */
export interface StoredComparison {
  outputId: string;
  runId: string;
  createdAt: number;
  result: CompareSummary;
}

/**
 * The comparisons stored for `diagramId` (evaluation outputs of method compare, newest first), re-read whenever a run
 * of the project ends or the project changes.
 */
export function useComparisons(diagramId: string | undefined): { comparisons: StoredComparison[]; reload(): Promise<void> } {
  const { api } = useServices();
  const summaries = useStudio((s) => s.runs.summaries);
  const endedCount = useStudio((s) => Object.values(s.runs.summaries).filter((r) => r.status !== 'queued' && r.status !== 'running').length);
  const projectPath = useStudio((s) => s.project?.path);
  const [all, setAll] = useState<StoredComparison[]>([]);

  const reload = useCallback(async () => {
    const result = await api.call('output:list', {});
    if (!result.ok) return;
    const found: StoredComparison[] = [];
    for (const output of result.value) {
      if (output.kind !== 'evaluation') continue;
      const summary = compareSummaryOf(output.summary);
      if (summary) found.push({ outputId: output.id, runId: output.runId, createdAt: output.createdAt, result: summary });
    }
    setAll(found.sort((a, b) => b.createdAt - a.createdAt));
  }, [api]);

  useEffect(() => {
    void reload();
  }, [reload, endedCount, projectPath]);

  return { comparisons: all.filter((c) => summaries[c.runId]?.diagramId === diagramId), reload };
}
