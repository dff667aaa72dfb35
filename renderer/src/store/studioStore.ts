import { enablePatches, produceWithPatches, type Draft } from 'immer';
import { freshId } from '../../../engine/diagram/ids';
import type { DiagramParameters, EdgeKind, Position, UnitEncoding } from '../../../engine/diagram/types';
import type { AppInfo, ApiEvents, ExampleInfo, ProjectSnapshot, RecoverableProject, RunProgress, RunSummary } from '../../../main/api/contract';
import { splitDiagrams, type DiagramStructure } from './document';
import * as edits from './edits';
import { emptyHistory, record, redo, undo } from './history';
import { applyProgress, isActive, removeRuns, runsFromSummaries, upsertRun } from './runs';
import { emptySelection, initialState, metaFromSnapshot, type PathDialogKind, type Selection, type StudioState, type Theme } from './state';

enablePatches();

export interface StudioStoreOptions {
  /** Id generator for new nodes and edges (tests pass a deterministic one). */
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
  return { getState: get, subscribe, actions: createActions(get, set, options.makeId ?? freshId) };
}

function createActions(get: () => StudioState, set: (patch: Partial<StudioState>) => void, makeId: (prefix: string) => string) {
  let noticeId = 0;

  /** Applies one user intent to a diagram as one undo entry; false when nothing changed or editing is not allowed. */
  function edit(label: string, recipe: (draft: Draft<DiagramStructure>) => void, diagramId = get().activeDiagramId): boolean {
    const state = get();
    if (!diagramId || !state.doc.diagrams[diagramId] || state.project?.readOnly) return false;
    const [doc, patches, inversePatches] = produceWithPatches(state.doc, (draft) => recipe(draft.diagrams[diagramId]));
    if (patches.length === 0) return false;
    set({ doc, history: record(state.history, { diagramId, label, patches, inversePatches }) });
    return true;
  }

  function pruneSelection(selection: Selection, structure: DiagramStructure | undefined): Selection {
    if (!structure) return emptySelection;
    const ids = edits.existingIds(structure);
    const nodeIds = selection.nodeIds.filter((id) => ids.nodes.has(id as never));
    const edgeIds = selection.edgeIds.filter((id) => ids.edges.has(id as never));
    return nodeIds.length === selection.nodeIds.length && edgeIds.length === selection.edgeIds.length ? selection : { nodeIds, edgeIds };
  }

  function travel(step: typeof undo): void {
    const state = get();
    const result = step(state.history, state.doc);
    if (!result) return;
    const activeDiagramId = result.doc.diagrams[result.entry.diagramId] ? result.entry.diagramId : state.activeDiagramId;
    const structure = activeDiagramId ? result.doc.diagrams[activeDiagramId] : undefined;
    set({ doc: result.doc, history: result.history, activeDiagramId, selection: pruneSelection(state.selection, structure) });
  }

  const actions = {
    setAppInfo: (appInfo: AppInfo) => set({ appInfo }),
    setExamples: (examples: ExampleInfo[]) => set({ examples }),
    setRecoverable: (recoverable: RecoverableProject[]) => set({ recoverable }),
    setTheme: (theme: Theme) => set({ theme }),
    setEdgeMode: (edgeMode: EdgeKind) => set({ edgeMode }),
    setPathDialog: (pathDialog: PathDialogKind | null) => set({ pathDialog }),
    setUnsynced: (unsynced: boolean) => {
      if (get().unsynced !== unsynced) set({ unsynced });
    },

    /** Replaces the whole editor document with a project from main; clears history, selection and live runs. */
    loadProject(snapshot: ProjectSnapshot): void {
      const { doc, parameters } = splitDiagrams(snapshot.diagrams);
      set({
        project: metaFromSnapshot(snapshot),
        doc,
        parameters,
        docEpoch: get().docEpoch + 1,
        history: emptyHistory(),
        activeDiagramId: doc.order[0] ?? null,
        selection: emptySelection,
        runs: runsFromSummaries(snapshot.runs),
        unsynced: false,
      });
    },

    /** Takes main's view of path, name, dirty flag and datasets, and any run it knows better; keeps the local diagrams. */
    applyProjectMeta(snapshot: ProjectSnapshot): void {
      let runs = get().runs;
      for (const run of snapshot.runs) {
        const local = runs.summaries[run.id];
        if (!local || run.status !== 'running' || local.status === 'queued') runs = upsertRun(runs, run);
      }
      const known = new Set(snapshot.runs.map((r) => r.id));
      const stale = runs.order.filter((id) => !known.has(id) && !isActive(runs.summaries[id]));
      if (stale.length > 0) runs = removeRuns(runs, stale);
      set({ project: metaFromSnapshot(snapshot), runs });
    },

    closeProject: () =>
      set({ ...initialState(get().theme), appInfo: get().appInfo, examples: get().examples, recoverable: get().recoverable, docEpoch: get().docEpoch + 1 }),

    /** Marks the project as changed since the last save (main sets the same flag when it stores an edit). */
    markDirty(): void {
      const project = get().project;
      if (project && !project.dirty) set({ project: { ...project, dirty: true } });
    },

    setActiveDiagram(diagramId: string): void {
      if (get().doc.diagrams[diagramId] && get().activeDiagramId !== diagramId) set({ activeDiagramId: diagramId, selection: emptySelection });
    },

    setSelection(selection: Selection): void {
      const current = get().selection;
      const same = (a: string[], b: string[]) => a.length === b.length && a.every((v, i) => v === b[i]);
      if (!same(current.nodeIds, selection.nodeIds) || !same(current.edgeIds, selection.edgeIds)) set({ selection });
    },

    /** Adds a node from a palette template at `position`; returns its id (undefined when no diagram is open). */
    addNode(template: edits.NodeTemplate, position: Position): string | undefined {
      const diagramId = get().activeDiagramId;
      const structure = diagramId ? get().doc.diagrams[diagramId] : undefined;
      if (!structure) return undefined;
      const node = edits.createNode(structure, template, makeId('n'), position);
      if (!edit(`Add ${node.label}`, (d) => edits.addNode(d, node))) return undefined;
      set({ selection: { nodeIds: [node.id], edgeIds: [] } });
      return node.id;
    },

    /** Records the end of a drag: the final positions of the moved nodes, as one undo entry. */
    moveNodes: (moves: { id: string; position: Position }[]) => edit('Move', (d) => edits.moveNodes(d, moves)),

    /** Connects two nodes with an edge of the current mode's kind; returns the edge id, or undefined if it exists already. */
    connect(source: string, target: string): string | undefined {
      const { edgeMode, activeDiagramId, doc } = get();
      const structure = activeDiagramId ? doc.diagrams[activeDiagramId] : undefined;
      if (!structure || edits.hasEdge(structure, edgeMode, source, target)) return undefined;
      const id = makeId('e');
      return edit(edgeMode === 'coupling' ? 'Couple' : 'Link', (d) => edits.connect(d, edgeMode, id, source, target)) ? id : undefined;
    },

    deleteElements(nodeIds: string[], edgeIds: string[]): boolean {
      const changed = edit('Delete', (d) => edits.deleteElements(d, nodeIds, edgeIds));
      if (changed) set({ selection: emptySelection });
      return changed;
    },

    deleteSelection(): boolean {
      const { nodeIds, edgeIds } = get().selection;
      return nodeIds.length + edgeIds.length > 0 && actions.deleteElements(nodeIds, edgeIds);
    },

    /** Commits inspector fields of one node as one undo entry. */
    updateNode: (id: string, patch: edits.NodeFieldPatch) => edit('Edit node', (d) => edits.updateNode(d, id, patch)),
    setEncoding: (encoding: UnitEncoding) => edit('Encoding', (d) => edits.setEncoding(d, encoding)),
    renameDiagram: (name: string) => edit('Rename', (d) => edits.renameDiagram(d, name)),

    undo: () => travel(undo),
    redo: () => travel(redo),

    /** Replaces a diagram's trained parameters; not an undo entry. */
    setParameters(diagramId: string, parameters: DiagramParameters | undefined): void {
      set({ parameters: { ...get().parameters, [diagramId]: parameters } });
    },

    runStarted: (run: RunSummary) => set({ runs: upsertRun(get().runs, run) }),
    runProgress: (progress: RunProgress) => set({ runs: applyProgress(get().runs, progress) }),

    /** A run ended: record its summary and, when it completed with a trained diagram, adopt the diagram's parameters. */
    runEnded({ run, diagram }: ApiEvents['run:ended']): void {
      set({ runs: upsertRun(get().runs, run) });
      if (diagram && get().doc.diagrams[diagram.id]) actions.setParameters(diagram.id, diagram.parameters);
    },

    reportError(message: string): void {
      set({ notices: [...get().notices, { id: ++noticeId, message }] });
    },
    dismissNotice: (id: number) => set({ notices: get().notices.filter((n) => n.id !== id) }),
  };
  return actions;
}
