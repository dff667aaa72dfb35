import type { EdgeKind, Position, UnitEncoding } from '../../../../engine/diagram/types';
import { autoLayout, type LayoutKind } from '../../canvas/layout/autoLayout';
import { snapPosition } from '../../canvas/layout/placement';
import { pasteOffset } from '../../canvas/pasteOffset';
import { activeStructure } from '../compiled';
import * as edits from '../edits';
import { GRID_SIZE, emptySelection } from '../state';
import type { StoreKit } from '../storeKit';
import { extractSubgraph, instantiateSubgraph, type Subgraph } from '../subgraph';

/** Edits of the active diagram's nodes and edges, each one undo entry. */
export function createEditActions(kit: StoreKit) {
  const { get, set, edit, makeId } = kit;

  /** Inserts a sub-graph as one entry and selects what was inserted; returns the new node ids. */
  function insert(label: string, subgraph: Subgraph): string[] {
    if (!edit(label, (d) => edits.insertSubgraph(d, subgraph.nodes, subgraph.edges))) return [];
    const nodeIds = subgraph.nodes.map((n) => n.id as string);
    set({ selection: { nodeIds, edgeIds: subgraph.edges.map((e) => e.id as string) } });
    return nodeIds;
  }

  const actions = {
    /** Adds a node from a palette template at `position`; returns its id (undefined when no diagram is open). */
    addNode(template: edits.NodeTemplate, position: Position): string | undefined {
      const structure = activeStructure(get());
      if (!structure) return undefined;
      const at = get().snapToGrid ? snapPosition(position, GRID_SIZE) : position;
      const node = edits.createNode(structure, template, makeId('n'), at);
      if (!edit(`Add ${node.label}`, (d) => edits.addNode(d, node))) return undefined;
      set({ selection: { nodeIds: [node.id], edgeIds: [] } });
      return node.id;
    },

    /** Records the end of a drag: the final positions of the moved nodes, as one undo entry. */
    moveNodes: (moves: { id: string; position: Position }[]) => edit('Move', (d) => edits.moveNodes(d, moves)),

    /** Moves the selected nodes by (dx, dy) flow units (arrow keys), as one entry. */
    nudgeSelection(dx: number, dy: number): boolean {
      const structure = activeStructure(get());
      const ids = new Set(get().selection.nodeIds);
      if (!structure || ids.size === 0) return false;
      const moves = structure.nodes.filter((n) => ids.has(n.id)).map((n) => ({ id: n.id, position: { x: n.position.x + dx, y: n.position.y + dy } }));
      return edit('Move', (d) => edits.moveNodes(d, moves));
    },

    /** Connects two nodes with an edge of the current mode's kind; returns the edge id, or undefined if it exists already. */
    connect(source: string, target: string): string | undefined {
      const { edgeMode } = get();
      const structure = activeStructure(get());
      if (!structure || edits.hasEdge(structure, edgeMode, source, target)) return undefined;
      const id = makeId('e');
      return edit(edgeMode === 'coupling' ? 'Couple' : 'Link', (d) => edits.connect(d, edgeMode, id, source, target)) ? id : undefined;
    },

    /** Connects the selected nodes in the current edge mode (see edits.connectionsAmong); returns the new edge ids. */
    connectSelection(): string[] {
      const { edgeMode, selection } = get();
      const structure = activeStructure(get());
      if (!structure) return [];
      const pairs = edits.connectionsAmong(structure, selection.nodeIds, edgeMode).map(([a, b]) => ({ id: makeId('e'), a, b }));
      if (pairs.length === 0) return [];
      const label = edgeMode === 'coupling' ? 'Couple' : 'Link';
      if (!edit(label, (d) => pairs.forEach((p) => edits.connect(d, edgeMode, p.id, p.a, p.b)))) return [];
      return pairs.map((p) => p.id);
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

    /** Commits one inspector field on several nodes at once, as one undo entry. */
    updateNodes: (patches: { id: string; patch: edits.NodeFieldPatch }[]) =>
      edit(patches.length === 1 ? 'Edit node' : `Edit ${patches.length} nodes`, (d) => edits.updateNodes(d, patches)),

    /** Commits one inspector field on one or several edges, as one undo entry. */
    updateEdges: (patches: { id: string; patch: edits.NodeFieldPatch }[]) =>
      edit(patches.length === 1 ? 'Edit edge' : `Edit ${patches.length} edges`, (d) => patches.forEach((p) => edits.updateEdge(d, p.id, p.patch))),

    setEdgeKind: (edgeIds: string[], kind: EdgeKind) => edit(kind === 'coupling' ? 'Make couplings' : 'Make parent links', (d) => edits.setEdgeKind(d, edgeIds, kind)),
    reverseEdges: (edgeIds: string[]) => edit('Reverse', (d) => edits.reverseEdges(d, edgeIds)),
    setEncoding: (encoding: UnitEncoding) => edit('Encoding', (d) => edits.setEncoding(d, encoding)),
    renameDiagram: (name: string, diagramId?: string) => edit('Rename', (d) => edits.renameDiagram(d, name), diagramId),

    selectAll(): void {
      const structure = activeStructure(get());
      if (structure) set({ selection: { nodeIds: structure.nodes.map((n) => n.id), edgeIds: structure.edges.map((e) => e.id) } });
    },

    /** Copies the selected nodes and the edges among them to the editor's clipboard; false when no node is selected. */
    copySelection(): boolean {
      const structure = activeStructure(get());
      const { nodeIds } = get().selection;
      if (!structure || nodeIds.length === 0) return false;
      set({ clipboard: { subgraph: extractSubgraph(structure, nodeIds), pastes: 0 } });
      return true;
    },

    cutSelection(): boolean {
      return actions.copySelection() && actions.deleteSelection();
    },

    /**
     * Pastes the clipboard into the active diagram with its top-left corner at `at`, or else one offset further than the
     * last paste; returns the new node ids.
     */
    paste(at?: Position): string[] {
      const { clipboard } = get();
      const structure = activeStructure(get());
      if (!clipboard || !structure) return [];
      const step = clipboard.pastes + 1;
      const placement = at ? { at } : { offset: pasteOffset(clipboard.subgraph.nodes, step) };
      const copy = instantiateSubgraph(clipboard.subgraph, structure, makeId, placement);
      const ids = insert('Paste', copy);
      if (ids.length > 0) set({ clipboard: { ...clipboard, pastes: step } });
      return ids;
    },

    /** Copies the selected nodes (and the edges among them) beside the originals in one step; returns the new node ids. */
    duplicateSelection(): string[] {
      const structure = activeStructure(get());
      const { nodeIds } = get().selection;
      if (!structure || nodeIds.length === 0) return [];
      const subgraph = extractSubgraph(structure, nodeIds);
      return insert('Duplicate', instantiateSubgraph(subgraph, structure, makeId, { offset: pasteOffset(subgraph.nodes, 1) }));
    },

    /** Inserts a sub-graph (a template) with its top-left corner at `at`; in an empty diagram also sets the encoding. */
    insertSubgraph(label: string, subgraph: Subgraph, at: Position, encoding?: UnitEncoding): string[] {
      const structure = activeStructure(get());
      if (!structure) return [];
      const copy = instantiateSubgraph(subgraph, structure, makeId, { at });
      const empty = structure.nodes.length === 0;
      if (!edit(label, (d) => {
        edits.insertSubgraph(d, copy.nodes, copy.edges);
        if (empty && encoding) edits.setEncoding(d, encoding);
      })) return [];
      const nodeIds = copy.nodes.map((n) => n.id as string);
      set({ selection: { nodeIds, edgeIds: copy.edges.map((e) => e.id as string) } });
      return nodeIds;
    },

    /** Arranges the whole diagram (layered, two rows or a ring; see chooseLayout) as one entry; returns the arrangement used. */
    autoLayout(kind?: LayoutKind): LayoutKind | undefined {
      const structure = activeStructure(get());
      if (!structure || structure.nodes.length === 0) return undefined;
      const plan = autoLayout(structure, kind);
      edit('Auto-layout', (d) => edits.moveNodes(d, [...plan.positions].map(([id, position]) => ({ id, position }))));
      return plan.kind;
    },
  };
  return actions;
}
