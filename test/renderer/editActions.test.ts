import { describe, expect, it } from 'vitest';
import { compile } from '../../engine/compiler/compile';
import { savedDiagram } from '../../renderer/src/store/compiled';
import { createStudioStore, type StudioStore } from '../../renderer/src/store/studioStore';
import { templateById } from '../../renderer/src/templates/templates';
import { counterIds, smallDiagram, snapshot } from './fixtures';

function loadedStore(): StudioStore {
  const store = createStudioStore({ makeId: counterIds() });
  store.actions.loadProject(snapshot([smallDiagram()]));
  return store;
}
const active = (store: StudioStore) => store.getState().doc.diagrams[store.getState().activeDiagramId!];
const labels = (store: StudioStore) => store.getState().history.past.map((e) => e.label);

describe('editing: copy, paste, duplicate', () => {
  it('copying two nodes copies the edge between them but not edges to nodes left behind; paste gives fresh ids and labels', () => {
    const store = loadedStore();
    store.actions.setSelection({ nodeIds: ['v1', 'h1'], edgeIds: ['e12'] });
    expect(store.actions.copySelection()).toBe(true);
    const ids = store.actions.paste();
    expect(ids).toEqual(['n1', 'n2']);
    const s = active(store);
    const pasted = s.nodes.filter((n) => ids.includes(n.id));
    expect(pasted.map((n) => n.label)).toEqual(['v3', 'h2']);
    // Units are 64 tall: the copy moves 64 + 32 = 96 down and right, clear of the originals.
    expect(pasted.map((n) => n.position)).toEqual([
      { x: 96, y: 96 },
      { x: 146, y: 216 },
    ]);
    expect(s.edges.filter((e) => ids.includes(e.source) || ids.includes(e.target))).toEqual([{ id: 'e1', kind: 'coupling', source: 'n1', target: 'n2' }]);
    expect(store.getState().selection).toEqual({ nodeIds: ['n1', 'n2'], edgeIds: ['e1'] });
    expect(labels(store)).toEqual(['Paste']);
  });

  it('each further paste lands one offset further; paste at a point puts the copy’s corner there', () => {
    const store = loadedStore();
    store.actions.setSelection({ nodeIds: ['v2'], edgeIds: [] });
    store.actions.copySelection();
    const [a] = store.actions.paste();
    const [b] = store.actions.paste();
    const [c] = store.actions.paste({ x: 500, y: -20 });
    const position = (id: string) => active(store).nodes.find((n) => n.id === id)!.position;
    expect([position(a), position(b), position(c)]).toEqual([
      { x: 196, y: 96 },
      { x: 292, y: 192 },
      { x: 500, y: -20 },
    ]);
  });

  it('cut is one entry; paste into another diagram works; undo of a paste restores the document exactly', () => {
    const store = loadedStore();
    const before = structuredClone(store.getState().doc);
    store.actions.setSelection({ nodeIds: ['v1', 'v2'], edgeIds: [] });
    store.actions.cutSelection();
    expect(active(store).nodes.map((n) => n.id)).toEqual(['h1']);
    expect(active(store).edges).toEqual([]);
    const other = store.actions.addDiagram()!;
    expect(store.getState().activeDiagramId).toBe(other);
    store.actions.paste();
    expect(active(store).nodes.map((n) => n.label)).toEqual(['v1', 'v2']);
    expect(active(store).edges).toHaveLength(1);
    expect(labels(store)).toEqual(['Delete', 'New diagram', 'Paste']);
    for (let i = 0; i < 3; i++) store.actions.undo();
    expect(store.getState().doc).toEqual(before);
  });

  it('duplicate copies the selection beside the originals in one entry', () => {
    const store = loadedStore();
    store.actions.selectAll();
    const ids = store.actions.duplicateSelection();
    expect(ids).toHaveLength(3);
    expect(active(store).nodes).toHaveLength(6);
    expect(active(store).edges).toHaveLength(6);
    expect(labels(store)).toEqual(['Duplicate']);
    const result = compile(savedDiagram(store.getState(), 'd1')!);
    expect(result.ok && result.model.unitCount).toBe(6);
  });
});

describe('editing: connections and edge kinds', () => {
  it('connecting a selection of three nodes in coupling mode couples every pair not yet coupled, in one entry', () => {
    const store = loadedStore();
    store.actions.deleteElements([], ['e12', 'e1h']);
    store.actions.setSelection({ nodeIds: ['v1', 'v2', 'h1'], edgeIds: [] });
    expect(store.actions.connectSelection()).toEqual(['e1', 'e2']);
    expect(active(store).edges.map((e) => [e.source, e.target])).toEqual([
      ['v2', 'h1'],
      ['v1', 'v2'],
      ['v1', 'h1'],
    ]);
    expect(labels(store)).toEqual(['Delete', 'Couple']);
    expect(store.actions.connectSelection()).toEqual([]);
  });

  it('in parent mode the first selected node becomes the parent of the others; a lone layer couples to itself', () => {
    const store = loadedStore();
    store.actions.setEdgeMode('parent');
    store.actions.setSelection({ nodeIds: ['h1', 'v1', 'v2'], edgeIds: [] });
    store.actions.connectSelection();
    expect(active(store).edges.filter((e) => e.kind === 'parent').map((e) => [e.source, e.target])).toEqual([
      ['h1', 'v1'],
      ['h1', 'v2'],
    ]);
    store.actions.setEdgeMode('coupling');
    const layer = store.actions.addNode({ kind: 'layer', role: 'hidden' }, { x: 0, y: 300 })!;
    store.actions.connectSelection();
    expect(active(store).edges.at(-1)).toMatchObject({ kind: 'coupling', source: layer, target: layer });
  });

  it('changing the kind of edges and reversing parent links are single entries; mixing kinds is flagged by the compiler', () => {
    const store = loadedStore();
    store.actions.setEdgeKind(['e1h'], 'parent');
    const mixed = compile(savedDiagram(store.getState(), 'd1')!);
    expect(mixed.ok).toBe(false);
    expect(!mixed.ok && mixed.diagnostics.map((d) => d.code)).toContain('mixed-edge-kinds');
    store.actions.reverseEdges(['e1h']);
    expect(active(store).edges.find((e) => e.id === 'e1h')).toMatchObject({ kind: 'parent', source: 'h1', target: 'v1' });
    // h1 → v1 → v2 → h1 is a directed cycle, named with its edges.
    store.actions.setEdgeKind(['e12', 'e2h'], 'parent');
    const cyclic = compile(savedDiagram(store.getState(), 'd1')!);
    const cycle = !cyclic.ok ? cyclic.diagnostics.find((d) => d.code === 'directed-cycle') : undefined;
    expect(cycle?.edgeIds.slice().sort()).toEqual(['e12', 'e1h', 'e2h']);
    store.actions.reverseEdges(['e2h']);
    const belief = compile(savedDiagram(store.getState(), 'd1')!);
    expect(belief.ok && belief.model.type).toBe('belief');
    expect(labels(store)).toEqual(['Make parent links', 'Reverse', 'Make parent links', 'Reverse']);
  });
});

describe('editing: initialisations', () => {
  it('an edge’s and a node’s initialisation are single entries and reach the compiled blocks', () => {
    const store = loadedStore();
    store.actions.updateEdges([
      { id: 'e12', patch: { weightInit: { kind: 'constant', value: 0.5 } } },
      { id: 'e1h', patch: { weightInit: { kind: 'constant', value: 0.5 } } },
    ]);
    store.actions.updateNodes([{ id: 'h1', patch: { biasInit: { kind: 'normal', scale: 0.2 } } }]);
    expect(labels(store)).toEqual(['Edit 2 edges', 'Edit node']);
    const result = compile(savedDiagram(store.getState(), 'd1')!);
    if (!result.ok) throw new Error('does not compile');
    expect(result.model.weightBlocks.map((b) => b.init)).toEqual([{ kind: 'constant', value: 0.5 }, { kind: 'constant', value: 0.5 }, undefined]);
    expect(result.model.biasBlocks.find((b) => b.nodeId === 'h1')?.init).toEqual({ kind: 'normal', scale: 0.2 });
    store.actions.updateEdges([{ id: 'e12', patch: { weightInit: undefined, kind: 'parent', source: 'h1' } }]);
    expect(active(store).edges[0]).toEqual({ id: 'e12', kind: 'coupling', source: 'v1', target: 'v2' });
  });
});

describe('editing: layout, nudging, templates', () => {
  it('auto-layout is one entry and nudging moves every selected node by the same step', () => {
    const store = loadedStore();
    expect(store.actions.autoLayout()).toBe('ring');
    store.actions.setSelection({ nodeIds: ['v1', 'v2'], edgeIds: [] });
    const before = active(store).nodes.map((n) => ({ ...n.position }));
    store.actions.nudgeSelection(16, -32);
    const after = active(store).nodes.map((n) => n.position);
    expect(after[0]).toEqual({ x: before[0].x + 16, y: before[0].y - 32 });
    expect(after[1]).toEqual({ x: before[1].x + 16, y: before[1].y - 32 });
    expect(after[2]).toEqual(before[2]);
    expect(labels(store)).toEqual(['Auto-layout', 'Move']);
  });

  it('a template inserted into an empty diagram sets its encoding in the same entry; into a new diagram it becomes a tab', () => {
    const store = loadedStore();
    store.actions.addDiagram();
    const sbn = templateById('sbn')!;
    const ids = store.actions.insertSubgraph('Insert SBN', sbn.build({ sizes: [8, 24, 64] }), { x: 0, y: 0 }, sbn.encoding);
    expect(ids).toHaveLength(3);
    expect(active(store).settings.encoding).toBe('binary01');
    expect(labels(store)).toEqual(['New diagram', 'Insert SBN']);
    const rbm = templateById('rbm')!;
    const id = store.actions.addDiagramWith(rbm.title({ visible: 16, hidden: 8 }), rbm.build({ visible: 16, hidden: 8 }), rbm.encoding)!;
    expect(store.getState().activeDiagramId).toBe(id);
    expect(active(store).name).toBe('RBM 16×8');
    const result = compile(savedDiagram(store.getState(), id)!);
    expect(result.ok && result.model.type === 'energy' && result.model.family).toBe('rbm');
  });

  it('adding a node with snap on puts it on the grid', () => {
    const store = loadedStore();
    const id = store.actions.addNode({ kind: 'unit', role: 'visible' }, { x: 37, y: -9 })!;
    expect(active(store).nodes.find((n) => n.id === id)!.position).toEqual({ x: 32, y: -16 });
    store.actions.setSnapToGrid(false);
    const free = store.actions.addNode({ kind: 'unit', role: 'visible' }, { x: 37, y: -9 })!;
    expect(active(store).nodes.find((n) => n.id === free)!.position).toEqual({ x: 37, y: -9 });
  });
});
