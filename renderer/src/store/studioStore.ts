import { enablePatches } from 'immer';
import { freshId } from '../../../engine/diagram/ids';
import type { EdgeKind } from '../../../engine/diagram/types';
import { createDiagramActions } from './actions/diagramActions';
import { createEditActions } from './actions/editActions';
import { createProjectActions } from './actions/projectActions';
import { redo, undo } from './history';
import { initialState, type Overlay, type PathDialogKind, type Selection, type StudioState, type Theme } from './state';
import { createKit, pruneSelection, type StoreKit } from './storeKit';

enablePatches();

export interface StudioStoreOptions {
  /** Id generator for new nodes, edges and diagrams (tests pass a deterministic one). */
  makeId?: (prefix: string) => string;
  theme?: Theme;
}

export type Listener = (state: StudioState, previous: StudioState) => void;

/** The editor store: plain state, named actions, subscribe. React-free so it tests without a DOM. */
export interface StudioStore {
  getState(): StudioState;
  subscribe(listener: Listener): () => void;
  actions: ReturnType<typeof createActions>;
}

/** A new, independent store (one per window; one per test). */
export function createStudioStore(options: StudioStoreOptions = {}): StudioStore {
  let state = initialState(options.theme ?? 'light');
  const listeners = new Set<Listener>();
  const get = () => state;
  const set = (patch: Partial<StudioState>) => {
    const previous = state;
    state = { ...state, ...patch };
    for (const listener of listeners) listener(state, previous);
  };
  const subscribe = (listener: Listener) => {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  };
  return { getState: get, subscribe, actions: createActions(createKit(get, set, options.makeId ?? freshId)) };
}

const sameIds = (a: string[], b: string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

function createActions(kit: StoreKit) {
  const { get, set } = kit;
  let viewSeq = 0;

  /** Undo or redo one entry, showing the diagram it changed and dropping selected ids that no longer exist. */
  function travel(step: typeof undo): void {
    const state = get();
    const result = step(state.history, state.doc);
    if (!result) return;
    const { doc, entry } = result;
    const shown = step === undo ? (entry.undoDiagramId ?? entry.diagramId) : entry.diagramId;
    const activeDiagramId = doc.diagrams[shown]
      ? shown
      : state.activeDiagramId && doc.diagrams[state.activeDiagramId]
        ? state.activeDiagramId
        : (doc.order[0] ?? null);
    const structure = activeDiagramId ? doc.diagrams[activeDiagramId] : undefined;
    const selection = activeDiagramId === state.activeDiagramId ? pruneSelection(state.selection, structure) : { nodeIds: [], edgeIds: [] };
    set({ doc, history: result.history, activeDiagramId, selection });
  }

  return {
    ...createProjectActions(kit),
    ...createDiagramActions(kit),
    ...createEditActions(kit),
    setTheme: (theme: Theme) => set({ theme }),
    setEdgeMode: (edgeMode: EdgeKind) => set({ edgeMode }),
    setPathDialog: (pathDialog: PathDialogKind | null) => set({ pathDialog }),
    setSnapToGrid: (snapToGrid: boolean) => set({ snapToGrid }),
    setOverlay: (overlay: Overlay | null) => set({ overlay }),
    setUnsynced: (unsynced: boolean) => {
      if (get().unsynced !== unsynced) set({ unsynced });
    },
    setSelection(selection: Selection): void {
      const current = get().selection;
      if (!sameIds(current.nodeIds, selection.nodeIds) || !sameIds(current.edgeIds, selection.edgeIds)) set({ selection });
    },
    /** Asks the canvas to bring these nodes (all nodes when empty) into view. */
    requestView: (nodeIds: string[] = []) => set({ viewRequest: { nodeIds, seq: ++viewSeq } }),
    undo: () => travel(undo),
    redo: () => travel(redo),
  };
}
