import { produceWithPatches, type Draft } from 'immer';
import type { DiagramStructure, StudioDocument } from './document';
import * as edits from './edits';
import { record } from './history';
import { emptySelection, type Selection, type StudioState } from './state';

/** What every group of store actions works with: state access and the two ways of recording an undoable edit. */
export interface StoreKit {
  get(): StudioState;
  set(patch: Partial<StudioState>): void;
  makeId(prefix: string): string;
  /** Applies one user intent to one diagram (the active one by default) as one undo entry; false when nothing changed or editing is not allowed. */
  edit(label: string, recipe: (draft: Draft<DiagramStructure>) => void, diagramId?: string | null): boolean;
  /** Applies one user intent to the whole document (adding or removing diagrams) as one undo entry, showing `show.redo` or `show.undo` afterwards. */
  editDocument(label: string, show: { redo: string; undo: string }, recipe: (draft: Draft<StudioDocument>) => void): boolean;
}

export function createKit(get: () => StudioState, set: (patch: Partial<StudioState>) => void, makeId: (prefix: string) => string): StoreKit {
  function editDocument(label: string, show: { redo: string; undo: string }, recipe: (draft: Draft<StudioDocument>) => void): boolean {
    const state = get();
    if (!state.project || state.project.readOnly) return false;
    const [doc, patches, inversePatches] = produceWithPatches(state.doc, recipe);
    if (patches.length === 0) return false;
    set({ doc, history: record(state.history, { diagramId: show.redo, undoDiagramId: show.undo, label, patches, inversePatches }) });
    return true;
  }
  return {
    get,
    set,
    makeId,
    editDocument,
    edit(label, recipe, diagramId = get().activeDiagramId) {
      const state = get();
      if (!diagramId || !state.doc.diagrams[diagramId] || state.project?.readOnly) return false;
      const [doc, patches, inversePatches] = produceWithPatches(state.doc, (draft) => recipe(draft.diagrams[diagramId]));
      if (patches.length === 0) return false;
      set({ doc, history: record(state.history, { diagramId, label, patches, inversePatches }) });
      return true;
    },
  };
}

/** The selection without ids that no longer exist in the structure (after an undo or a delete). */
export function pruneSelection(selection: Selection, structure: DiagramStructure | undefined): Selection {
  if (!structure) return emptySelection;
  const ids = edits.existingIds(structure);
  const nodeIds = selection.nodeIds.filter((id) => ids.nodes.has(id as never));
  const edgeIds = selection.edgeIds.filter((id) => ids.edges.has(id as never));
  return nodeIds.length === selection.nodeIds.length && edgeIds.length === selection.edgeIds.length ? selection : { nodeIds, edgeIds };
}
