import { useCallback, useEffect, useRef, useState } from 'react';
import { useServices, useStudio } from '../app/StudioContext';
import { loadOutcome, type ClassifyOutcome, type ClassifyRequest } from './storedClassification';

export type { ClassifyOutcome, ClassifyRequest } from './storedClassification';

/** The classification last started in this project (this session), when all its runs are still listed. */
function rememberedRun(key: string, listed: (runId: string) => boolean): { request: ClassifyRequest; runIds: string[] } | undefined {
  try {
    const saved = JSON.parse(sessionStorage.getItem(key) ?? 'null') as { request: ClassifyRequest; runIds: string[] } | null;
    return saved && Array.isArray(saved.runIds) && saved.runIds.length > 0 && saved.runIds.every(listed) ? saved : undefined;
  } catch {
    return undefined;
  }
}

/** The classification's state: its class runs, their combined progress, the outcome or the error. */
export interface ClassifyRun {
  start(request: ClassifyRequest): Promise<void>;
  stop(): void;
  running: boolean;
  /** Share of the class jobs' steps done, 0…1. */
  share: number;
  /** Class jobs finished of all. */
  done: number;
  runIds: string[];
  outcome?: ClassifyOutcome;
  error?: string;
}

/**
 * Runs one stored infer job per class model through job:start (queued, with progress and cancel like any job) and,
 * when every one has completed, decides the rows from their stored per-row scores.
 */
export function useClassifyRun(): ClassifyRun {
  const { api, store } = useServices();
  const storageKey = `attractor.classify:${useStudio((s) => s.project?.path ?? 'untitled')}`;
  // The last classification of this project comes back from its stored runs when the view is opened again.
  const [remembered] = useState(() => rememberedRun(storageKey, (id) => store.getState().runs.summaries[id] !== undefined));
  const [runIds, setRunIds] = useState<string[]>(remembered?.runIds ?? []);
  const [request, setRequest] = useState<ClassifyRequest | undefined>(remembered?.request);
  const [outcome, setOutcome] = useState<ClassifyOutcome | undefined>();
  const [error, setError] = useState<string | undefined>();
  const statuses = useStudio((s) => runIds.map((id) => s.runs.summaries[id]?.status ?? 'queued').join(','));
  const failure = useStudio((s) => runIds.map((id) => s.runs.summaries[id]?.error).find((e) => e !== undefined));
  const share = useStudio((s) => {
    if (runIds.length === 0) return 0;
    const parts = runIds.map((id) => {
      const summary = s.runs.summaries[id];
      if (summary && summary.status !== 'queued' && summary.status !== 'running' && summary.status !== 'paused') return 1;
      const p = s.runs.progress[id];
      return p && p.totalSteps > 0 ? Math.min(1, p.step / p.totalSteps) : 0;
    });
    return parts.reduce((a, b) => a + b, 0) / runIds.length;
  });
  const handled = useRef<string | undefined>(undefined);
  const running = statuses.split(',').some((s) => s === 'queued' || s === 'running' || s === 'paused');
  const done = statuses.split(',').filter((s) => s === 'completed').length;

  useEffect(() => {
    const key = runIds.join(',');
    if (!request || runIds.length === 0 || running || handled.current === key) return;
    handled.current = key;
    const ended = statuses.split(',').find((s) => s !== 'completed');
    if (ended) {
      setError(ended === 'failed' ? `A class model's job failed: ${failure ?? 'no reason given'}` : `The classification was ${ended}.`);
      return;
    }
    loadOutcome(api, request, runIds).then(setOutcome, (e: unknown) => setError((e as Error).message));
  }, [api, request, runIds, running, statuses, failure]);

  const start = useCallback(
    async (next: ClassifyRequest) => {
      setError(undefined);
      setOutcome(undefined);
      const started: string[] = [];
      for (const c of next.classes) {
        const result = await api.call('job:start', { kind: 'infer', diagramId: c.diagramId, datasetId: next.datasetId, method: next.method, seed: next.seed, config: { rows: next.rows, ...(next.joint ? { labelUnits: c.label } : {}) } });
        if (!result.ok) {
          for (const runId of started) void api.call('run:cancel', { runId });
          setError(`Class '${c.name}': ${result.error.message}`);
          return;
        }
        store.actions.runStarted(result.value);
        started.push(result.value.id);
      }
      setRequest(next);
      setRunIds(started);
      sessionStorage.setItem(storageKey, JSON.stringify({ request: next, runIds: started }));
    },
    [api, store, storageKey],
  );

  const stop = useCallback(() => {
    for (const runId of runIds) void api.call('run:cancel', { runId });
  }, [api, runIds]);

  return { start, stop, running, share, done, runIds, outcome, error };
}
