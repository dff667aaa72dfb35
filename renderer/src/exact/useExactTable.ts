import { useEffect, useRef, useState } from 'react';
import type { ExactTableResult } from '../../../main/api/contract';
import { useServices, useStudio } from '../app/StudioContext';

/** What the exact view shows: nothing asked yet, a computation under way, the table, or the server's refusal. */
export type ExactTableState =
  | { status: 'idle' }
  | { status: 'loading'; previous?: ExactTableResult }
  | { status: 'ready'; table: ExactTableResult; seconds: number }
  | { status: 'refused'; message: string };

/** Quiet time after the last change before main is asked again (edits arrive in bursts). */
const SETTLE_MS = 250;

/**
 * probe:exact for a stored diagram and dataset, asked again whenever the diagram's structure or parameters change (a run
 * ended, an edit) once main holds the change (the store is synced), and on refresh(). Answers to older requests are dropped.
 */
export function useExactTable(diagramId: string | null, datasetId: string | undefined): { state: ExactTableState; refresh(): void } {
  const { api } = useServices();
  const structure = useStudio((s) => (diagramId ? s.doc.diagrams[diagramId] : undefined));
  const parameters = useStudio((s) => (diagramId ? s.parameters[diagramId] : undefined));
  const unsynced = useStudio((s) => s.unsynced);
  const [state, setState] = useState<ExactTableState>({ status: 'idle' });
  const [refreshes, setRefreshes] = useState(0);
  const latest = useRef(0);

  useEffect(() => {
    if (!diagramId || !structure || unsynced) return;
    const request = ++latest.current;
    const timer = setTimeout(() => {
      setState((current) => ({ status: 'loading', previous: current.status === 'ready' ? current.table : current.status === 'loading' ? current.previous : undefined }));
      const began = performance.now();
      void api.call('probe:exact', { diagramId, ...(datasetId ? { datasetId } : {}) }).then((result) => {
        if (request !== latest.current) return;
        if (result.ok) setState({ status: 'ready', table: result.value, seconds: (performance.now() - began) / 1000 });
        else setState({ status: 'refused', message: result.error.message });
      });
    }, SETTLE_MS);
    return () => clearTimeout(timer);
  }, [api, diagramId, datasetId, structure, parameters, unsynced, refreshes]);

  return { state, refresh: () => setRefreshes((n) => n + 1) };
}
