import { describe, expect, it } from 'vitest';
import { savedDiagram } from '../../renderer/src/store/compiled';
import { composeDiagram, parametersComplete } from '../../renderer/src/store/document';
import { createStudioStore, type StudioStore } from '../../renderer/src/store/studioStore';
import { counterIds, run, smallDiagram, smallParameters, snapshot } from './fixtures';

function loadedStore(withParameters = false): StudioStore {
  const store = createStudioStore({ makeId: counterIds() });
  store.actions.loadProject(snapshot([smallDiagram(withParameters ? smallParameters() : undefined)]));
  return store;
}

/** A sequence of six user intents on the loaded diagram. */
function editSequence(store: StudioStore): void {
  const { actions } = store;
  const added = actions.addNode({ kind: 'layer', role: 'hidden' }, { x: 300, y: 200 });
  expect(added).toBe('n1');
  actions.moveNodes([
    { id: 'v1', position: { x: -40, y: 10 } },
    { id: 'v2', position: { x: 140, y: 15 } },
  ]);
  expect(actions.connect('n1', 'h1')).toBe('e1');
  actions.updateNode('n1', { label: 'Lateral', size: 4, imageShape: { rows: 2, cols: 2 } });
  actions.setEncoding('binary01');
  actions.deleteElements(['v2'], []);
}

describe('studio store: undo and redo', () => {
  it('records exactly one history entry per user intent', () => {
    const store = loadedStore();
    editSequence(store);
    expect(store.getState().history.past.map((e) => e.label)).toEqual(['Add H1', 'Move', 'Couple', 'Edit node', 'Encoding', 'Delete']);
    expect(store.getState().history.future).toEqual([]);
  });

  it('undoing the whole sequence returns the identical document, and redoing it returns the edited one', () => {
    const store = loadedStore();
    const original = structuredClone(store.getState().doc);
    editSequence(store);
    const edited = structuredClone(store.getState().doc);
    expect(edited).not.toEqual(original);

    for (let i = 0; i < 6; i++) store.actions.undo();
    expect(store.getState().doc).toEqual(original);
    expect(store.getState().history.past).toHaveLength(0);
    store.actions.undo();
    expect(store.getState().doc).toEqual(original);

    for (let i = 0; i < 6; i++) store.actions.redo();
    expect(store.getState().doc).toEqual(edited);
    expect(store.getState().history.future).toHaveLength(0);
  });

  it('deleting a node removes its edges in the same entry, and one undo restores both', () => {
    const store = loadedStore();
    store.actions.deleteElements(['h1'], []);
    const structure = store.getState().doc.diagrams.d1;
    expect(structure.nodes.map((n) => n.id)).toEqual(['v1', 'v2']);
    expect(structure.edges.map((e) => e.id)).toEqual(['e12']);
    store.actions.undo();
    expect(store.getState().doc.diagrams.d1.edges.map((e) => e.id)).toEqual(['e12', 'e1h', 'e2h']);
  });

  it('a new edit after undo clears the redo stack', () => {
    const store = loadedStore();
    store.actions.setEncoding('binary01');
    store.actions.undo();
    expect(store.getState().history.future).toHaveLength(1);
    store.actions.renameDiagram('Renamed');
    expect(store.getState().history.future).toHaveLength(0);
    store.actions.redo();
    expect(store.getState().doc.diagrams.d1.settings.encoding).toBe('pm1');
  });

  it('edits that change nothing record no entry: a duplicate coupling in either direction', () => {
    const store = loadedStore();
    expect(store.actions.connect('v2', 'v1')).toBeUndefined();
    expect(store.actions.connect('v1', 'v2')).toBeUndefined();
    store.actions.setEdgeMode('parent');
    expect(store.actions.connect('v1', 'v2')).toBe('e1');
    expect(store.getState().doc.diagrams.d1.edges.at(-1)).toMatchObject({ kind: 'parent', source: 'v1', target: 'v2' });
    expect(store.getState().history.past).toHaveLength(1);
  });

  it('undo prunes a selection that names elements which no longer exist', () => {
    const store = loadedStore();
    const id = store.actions.addNode({ kind: 'unit', role: 'visible' }, { x: 0, y: 0 });
    expect(store.getState().selection.nodeIds).toEqual([id]);
    store.actions.undo();
    expect(store.getState().selection.nodeIds).toEqual([]);
  });

  it('refuses edits on a read-only project', () => {
    const store = createStudioStore({ makeId: counterIds() });
    store.actions.loadProject({ ...snapshot([smallDiagram()]), readOnly: true });
    expect(store.actions.addNode({ kind: 'unit' }, { x: 0, y: 0 })).toBeUndefined();
    expect(store.actions.deleteElements(['v1'], [])).toBe(false);
    expect(store.getState().history.past).toHaveLength(0);
  });
});

describe('studio store: parameters stay out of the undo history', () => {
  it('keeps loaded parameters beside the document, not in it', () => {
    const store = loadedStore(true);
    expect('parameters' in store.getState().doc.diagrams.d1).toBe(false);
    expect(store.getState().parameters.d1).toEqual(smallParameters());
    expect(savedDiagram(store.getState(), 'd1')).toEqual(smallDiagram(smallParameters()));
  });

  it('replacing parameters records no entry and undo does not revert them', () => {
    const store = loadedStore(true);
    store.actions.setEncoding('binary01');
    store.actions.setParameters('d1', smallParameters(2));
    expect(store.getState().history.past).toHaveLength(1);
    store.actions.undo();
    expect(store.getState().parameters.d1).toEqual(smallParameters(2));
    expect(store.getState().doc.diagrams.d1.settings.encoding).toBe('pm1');
  });

  it('run:ended with a trained diagram replaces the parameters without a history entry', () => {
    const store = loadedStore();
    store.actions.runStarted(run('r1'));
    store.actions.runEnded({ run: run('r1', { status: 'completed', lastStep: 10 }), diagram: smallDiagram(smallParameters(3)) });
    expect(store.getState().parameters.d1).toEqual(smallParameters(3));
    expect(store.getState().history.past).toHaveLength(0);
    expect(store.getState().runs.summaries.r1.status).toBe('completed');
  });

  it('a deleted edge drops only its own weights', () => {
    const store = loadedStore(true);
    store.actions.deleteElements([], ['e12']);
    const { e12: _removed, ...rest } = smallParameters().weights;
    expect(savedDiagram(store.getState(), 'd1')?.parameters).toEqual({ weights: rest, biases: smallParameters().biases });
  });

  it('a structural edit that needs new weights keeps the blocks that still fit; undo restores the complete set', () => {
    const store = loadedStore(true);
    store.actions.addNode({ kind: 'unit', role: 'hidden' }, { x: 0, y: 0 });
    const state = store.getState();
    expect(savedDiagram(state, 'd1')?.parameters).toEqual(smallParameters());
    expect(parametersComplete(state.doc.diagrams.d1, state.parameters.d1)).toBe(false);
    store.actions.undo();
    const after = store.getState();
    expect(parametersComplete(after.doc.diagrams.d1, after.parameters.d1)).toBe(true);
  });

  it('a deleted node drops only its own blocks', () => {
    const store = loadedStore(true);
    store.actions.setSelection({ nodeIds: [], edgeIds: [] });
    store.actions.deleteElements(['h1'], []);
    const { e1h: _a, e2h: _b, ...weights } = smallParameters().weights;
    const { h1: _c, ...biases } = smallParameters().biases;
    expect(savedDiagram(store.getState(), 'd1')?.parameters).toEqual({ weights, biases });
    store.actions.undo();
    expect(savedDiagram(store.getState(), 'd1')?.parameters).toEqual(smallParameters());
  });

  it('a position change keeps the parameters', () => {
    const store = loadedStore(true);
    store.actions.moveNodes([{ id: 'h1', position: { x: 1, y: 2 } }]);
    expect(savedDiagram(store.getState(), 'd1')?.parameters).toEqual(smallParameters());
  });

  it('composeDiagram drops parameters whose shapes no longer match a resized layer', () => {
    const params = { weights: {}, biases: { L: { shape: [3], values: [0, 0, 0] } } };
    const structure = {
      ...smallDiagram(),
      nodes: [{ id: 'L', kind: 'layer', label: 'L', position: { x: 0, y: 0 }, role: 'visible', size: 4 }],
      edges: [],
    } as unknown as Parameters<typeof composeDiagram>[0];
    expect(composeDiagram(structure, params).parameters).toBeUndefined();
  });
});

describe('studio store: project loading', () => {
  it('loading a project resets history, selection and runs', () => {
    const store = loadedStore();
    store.actions.addNode({ kind: 'unit' }, { x: 0, y: 0 });
    const epoch = store.getState().docEpoch;
    store.actions.loadProject(snapshot([smallDiagram()], [run('old', { status: 'completed', metrics: [{ step: 1, values: { kl: 0.5 } }] })]));
    const state = store.getState();
    expect(state.history.past).toHaveLength(0);
    expect(state.selection).toEqual({ nodeIds: [], edgeIds: [] });
    expect(state.docEpoch).toBe(epoch + 1);
    expect(state.runs.order).toEqual(['old']);
    expect(state.runs.series.old.values.kl).toEqual([0.5]);
  });

  it('applyProjectMeta takes path and dirty flag but keeps the local diagrams', () => {
    const store = loadedStore();
    store.actions.setEncoding('binary01');
    store.actions.applyProjectMeta({ ...snapshot([smallDiagram()]), path: '/tmp/x.attractor', dirty: true });
    expect(store.getState().project?.path).toBe('/tmp/x.attractor');
    expect(store.getState().doc.diagrams.d1.settings.encoding).toBe('binary01');
    expect(store.getState().history.past).toHaveLength(1);
  });
});
