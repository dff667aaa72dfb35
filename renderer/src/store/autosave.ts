import type { Diagram } from '../../../engine/diagram/types';
import type { ApiResult, ProjectSnapshot } from '../../../main/api/contract';
import { savedDiagram } from './compiled';
import { structureKey } from './savedState';
import type { StudioStore } from './studioStore';

export interface AutosaveOptions {
  /** Sends one diagram to main (`diagram:put`). */
  put(diagram: Diagram): Promise<ApiResult<void>>;
  /** Deletes one diagram in main (`diagram:delete`); without it, deleted diagrams stay in main. */
  remove?(diagramId: string): Promise<ApiResult<void>>;
  /** Quiet time after the last edit before edits are sent. */
  delayMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export interface Autosave {
  /** Sends pending edits now; resolves when main has them (or reported an error). */
  flush(): Promise<void>;
  /**
   * True when a snapshot pushed by main shows the diagrams this window loaded or sent (an echo of its own edits,
   * a save), false when main now holds other diagrams (a project opened or created elsewhere, e.g. from the app menu).
   */
  isEcho(snapshot: ProjectSnapshot): boolean;
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
  /** Diagrams deleted locally that main may still hold. */
  const pendingRemovals = new Set<string>();
  let timer: unknown;
  let inFlight: Promise<void> = Promise.resolve();
  /** Per diagram: the structure main confirmed last, and the ones sent but not yet confirmed. */
  let acknowledged = new Map<string, string>();
  const unconfirmed = new Map<string, Set<string>>();
  const resetSyncState = () => {
    const { doc } = store.getState();
    acknowledged = new Map(doc.order.map((id) => [id, structureKey(doc.diagrams[id])]));
    unconfirmed.clear();
    pendingRemovals.clear();
  };
  resetSyncState();

  const unsubscribe = store.subscribe((state, previous) => {
    if (state.docEpoch !== epoch) {
      epoch = state.docEpoch;
      baseline = state.doc.diagrams;
      pending.clear();
      resetSyncState();
      cancelTimer();
      store.actions.setUnsynced(false);
      return;
    }
    if (state.doc === previous.doc) return;
    for (const id of state.doc.order) {
      if (state.doc.diagrams[id] !== baseline[id]) pending.add(id);
      pendingRemovals.delete(id);
    }
    for (const id of Object.keys(baseline)) {
      if (state.doc.diagrams[id]) continue;
      pending.delete(id);
      pendingRemovals.add(id);
    }
    baseline = state.doc.diagrams;
    if (pending.size === 0 && pendingRemovals.size === 0) return;
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
    for (const id of [...pendingRemovals]) {
      pendingRemovals.delete(id);
      if (!acknowledged.has(id) && !unconfirmed.has(id)) continue;
      const result = options.remove ? await options.remove(id) : ({ ok: true, value: undefined } as const);
      if (sentEpoch !== epoch) return;
      // A diagram main never stored answers not-found: it is gone either way.
      if (result.ok || result.error.code === 'not-found') {
        acknowledged.delete(id);
        unconfirmed.delete(id);
        if (result.ok) store.actions.markDirty();
      } else store.actions.reportError(`Could not delete the diagram: ${result.error.message}`);
    }
    for (const id of ids) {
      const diagram = savedDiagram(store.getState(), id);
      if (!diagram) continue;
      const key = structureKey(diagram);
      const sent = unconfirmed.get(id) ?? new Set<string>();
      unconfirmed.set(id, sent.add(key));
      const result = await options.put(diagram);
      if (sentEpoch !== epoch) return;
      sent.delete(key);
      if (result.ok) acknowledged.set(id, key);
      if (result.ok) store.actions.markDirty();
      else store.actions.reportError(`Could not store the edit of “${diagram.name}”: ${result.error.message}`);
    }
    if (pending.size === 0 && pendingRemovals.size === 0 && sentEpoch === epoch) store.actions.setUnsynced(false);
  }

  function flush(): Promise<void> {
    cancelTimer();
    inFlight = inFlight.then(() => (pending.size > 0 || pendingRemovals.size > 0 ? send() : undefined));
    return inFlight;
  }

  /**
   * Main's diagrams are ours when each is one we loaded or sent, and every diagram main confirmed is there (a diagram
   * whose deletion is on its way may be missing or present; a new one not yet sent is simply not there yet).
   */
  function isEcho(snapshot: ProjectSnapshot): boolean {
    const ids = new Set(snapshot.diagrams.map((d) => d.id as string));
    const known = snapshot.diagrams.every((diagram) => {
      const key = structureKey(diagram);
      return acknowledged.get(diagram.id) === key || (unconfirmed.get(diagram.id)?.has(key) ?? false);
    });
    const complete = [...acknowledged.keys()].every((id) => ids.has(id) || pendingRemovals.has(id) || !store.getState().doc.diagrams[id]);
    return known && complete && snapshot.diagrams.length > 0;
  }

  return {
    flush,
    isEcho,
    dispose() {
      cancelTimer();
      unsubscribe();
    },
  };
}
