import { useEffect, useRef, useState } from 'react';
import type { CompiledModel } from '../../../engine/compiler/types';
import { EXACT_TABLE_MAX_UNITS, type ExactTableResult } from '../../../main/api/contract';
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
 * Most units enumerated without being asked: 2^20 states take about 2 s, 2^24 up to a minute (npm run bench -- exactTable),
 * and other probes (dynamics, completion) wait for the one probe worker meanwhile.
 */
export const AUTO_ENUMERATE_UNITS = 20;

/** Whether the table of `model` is computed as soon as something changes, or only when the user asks (models too large to enumerate at all are asked at once: main's refusal says why). */
export function enumeratesByItself(model: Pick<CompiledModel, 'unitCount'>): boolean {
  return model.unitCount <= AUTO_ENUMERATE_UNITS || model.unitCount > EXACT_TABLE_MAX_UNITS;
}

/** What the table depends on besides the parameters: units, names, couplings and encoding (not node positions). */
export function modelKey(model: CompiledModel): string {
  return JSON.stringify([
    model.type,
    model.encoding,
    model.nodes.map((n) => [n.nodeId, n.label, n.range.start, n.range.end, n.visible.start, n.visible.end]),
    model.weightBlocks.map((b) => [b.key, b.rows.start, b.rows.end, b.cols.start, b.cols.end]),
  ]);
}

/**
 * probe:exact for a stored diagram and dataset, asked again when the model or its parameters change (a run ended, an
 * edit that changes units or couplings) once main holds the change (the store is synced), and on refresh(). One request
 * is in flight at a time: changes meanwhile ask once more when it answers, so a slow table never queues up in main.
 */
export function useExactTable(
  diagramId: string | null,
  model: CompiledModel | undefined,
  datasetId: string | undefined,
): { state: ExactTableState; outdated: boolean; waitsForRequest: boolean; refresh(): void } {
  const { api } = useServices();
  const parameters = useStudio((s) => (diagramId ? s.parameters[diagramId] : undefined));
  const unsynced = useStudio((s) => s.unsynced);
  // The diagram each answer belongs to: switching diagrams never shows the previous one's table.
  const [stored, setState] = useState<{ diagramId: string | null; state: ExactTableState }>({ diagramId: null, state: { status: 'idle' } });
  const [refreshes, setRefreshes] = useState(0);
  const [answered, setAnswered] = useState(0);
  const parameterVersion = useRef({ parameters, version: 0 });
  if (parameterVersion.current.parameters !== parameters) parameterVersion.current = { parameters, version: parameterVersion.current.version + 1 };
  const structureKey = model ? modelKey(model) : '';
  const key = `${diagramId}|${datasetId ?? ''}|${parameterVersion.current.version}|${refreshes}|${structureKey}`;
  const sent = useRef<string | null>(null);
  const inFlight = useRef(false);
  // Large models are enumerated only on request: the refresh count at the last request sent.
  const sentRefreshes = useRef(0);
  const waitsForRequest = model !== undefined && !enumeratesByItself(model) && sentRefreshes.current === refreshes;

  useEffect(() => {
    if (!diagramId || !model || unsynced || inFlight.current || sent.current === key || waitsForRequest) return;
    const timer = setTimeout(() => {
      sent.current = key;
      sentRefreshes.current = refreshes;
      inFlight.current = true;
      setState(({ diagramId: shown, state: current }) => {
        const previous = shown !== diagramId ? undefined : current.status === 'ready' ? current.table : current.status === 'loading' ? current.previous : undefined;
        return { diagramId, state: { status: 'loading', previous } };
      });
      const began = performance.now();
      void api.call('probe:exact', { diagramId, ...(datasetId ? { datasetId } : {}) }).then((result) => {
        inFlight.current = false;
        if (result.ok) setState({ diagramId, state: { status: 'ready', table: result.value, seconds: (performance.now() - began) / 1000 } });
        else setState({ diagramId, state: { status: 'refused', message: result.error.message } });
        setAnswered((n) => n + 1);
      });
    }, SETTLE_MS);
    return () => clearTimeout(timer);
  }, [api, diagramId, model, datasetId, unsynced, key, answered, refreshes, waitsForRequest]);

  const state: ExactTableState = stored.diagramId === diagramId ? stored.state : { status: 'idle' };
  // A large model's table no longer matches once something changed since it was computed: say so rather than hide it.
  const outdated = waitsForRequest && sent.current !== null && sent.current !== key;
  return { state, outdated, waitsForRequest, refresh: () => setRefreshes((n) => n + 1) };
}
