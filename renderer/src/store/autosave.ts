import type { Diagram } from '../../../engine/diagram/types';
import type { ApiResult } from '../../../main/api/contract';
import { savedDiagram } from './compiled';
import type { StudioStore } from './studioStore';

export interface AutosaveOptions {
  /** Sends one diagram to main (`diagram:put`). */
  put(diagram: Diagram): Promise<ApiResult<void>>;
  /** Quiet time after the last edit before edits are sent. */
  delayMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export interface Autosave {
  /** Sends pending edits now; resolves when main has them (or reported an error). */
  flush(): Promise<void>;
  dispose(): void;
}

/**
 * Watches the document and sends each changed diagram with `diagram:put`, debounced; main persists it.
 * A diagram counts as changed when its structure object differs from the one last sent (immer shares unchanged ones).
 */
export function createAutosave(store: StudioStore, options: AutosaveOptions): Autosave {
  const delayMs = options.delayMs ?? 400;
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  let baseline = store.getState().doc.diagrams;
  let epoch = store.getState().docEpoch;
  const pending = new Set<string>();
  let timer: unknown;
  let inFlight: Promise<void> = Promise.resolve();

  const unsubscribe = store.subscribe((state, previous) => {
    if (state.docEpoch !== epoch) {
      epoch = state.docEpoch;
      baseline = state.doc.diagrams;
      pending.clear();
      cancelTimer();
      store.actions.setUnsynced(false);
      return;
    }
    if (state.doc === previous.doc) return;
    for (const id of state.doc.order) if (state.doc.diagrams[id] !== baseline[id]) pending.add(id);
    baseline = state.doc.diagrams;
    if (pending.size === 0) return;
    store.actions.setUnsynced(true);
    cancelTimer();
    timer = setTimer(() => void flush(), delayMs);
  });

  function cancelTimer(): void {
    if (timer !== undefined) clearTimer(timer);
    timer = undefined;
  }

  async function send(): Promise<void> {
    const ids = [...pending];
    pending.clear();
    const sentEpoch = epoch;
    for (const id of ids) {
      const diagram = savedDiagram(store.getState(), id);
      if (!diagram) continue;
      const result = await options.put(diagram);
      if (sentEpoch !== epoch) return;
      if (result.ok) store.actions.markDirty();
      else store.actions.reportError(`Could not store the edit of “${diagram.name}”: ${result.error.message}`);
    }
    if (pending.size === 0 && sentEpoch === epoch) store.actions.setUnsynced(false);
  }

  function flush(): Promise<void> {
    cancelTimer();
    inFlight = inFlight.then(() => (pending.size > 0 ? send() : undefined));
    return inFlight;
  }

  return {
    flush,
    dispose() {
      cancelTimer();
      unsubscribe();
    },
  };
}
