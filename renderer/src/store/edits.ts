import type { Draft } from 'immer';
import { edgeId, nodeId, type EdgeId, type NodeId } from '../../../engine/diagram/ids';
import { defaultNode } from '../../../engine/diagram/nodeKinds';
import type { DiagramEdge, DiagramNode, EdgeKind, NodeKind, Position, UnitEncoding, UnitRole } from '../../../engine/diagram/types';
import type { DiagramStructure } from './document';

/** What a palette item adds: a node kind and, for units and layers, its role. */
export interface NodeTemplate {
  kind: NodeKind;
  role?: UnitRole;
}

/** Fields an inspector may change on a node or an edge (the kind's own fields plus a node's label). */
export type NodeFieldPatch = Partial<Record<string, string | number | object | undefined>>;

/** Label prefix per template: v1, v2 … for visible units, H1 … for hidden layers, RBM1 … */
function labelPrefix(template: NodeTemplate): string {
  if (template.kind === 'rbm') return 'RBM';
  const hidden = template.role === 'hidden';
  if (template.kind === 'unit') return hidden ? 'h' : 'v';
  return hidden ? 'H' : 'V';
}

/** The first `${prefix}${n}` not already used as a label. */
export function freshLabel(structure: DiagramStructure, prefix: string): string {
  const used = new Set(structure.nodes.map((n) => n.label));
  for (let n = 1; ; n++) if (!used.has(`${prefix}${n}`)) return `${prefix}${n}`;
}

/** A new node from a palette template, with the kind's defaults from the engine. */
export function createNode(structure: DiagramStructure, template: NodeTemplate, id: string, position: Position): DiagramNode {
  const node = defaultNode(template.kind, nodeId(id), position, freshLabel(structure, labelPrefix(template)));
  if (node.kind === 'layer' && template.role) {
    node.role = template.role;
    if (template.role === 'visible') node.size = 9;
  }
  if (node.kind === 'unit' && template.role) node.role = template.role;
  return node;
}

export function addNode(draft: Draft<DiagramStructure>, node: DiagramNode): void {
  draft.nodes.push(node as Draft<DiagramNode>);
}

/** Sets the position of each listed node (a drag that ended). */
export function moveNodes(draft: Draft<DiagramStructure>, moves: { id: string; position: Position }[]): void {
  const byId = new Map(moves.map((m) => [m.id, m.position]));
  for (const node of draft.nodes) {
    const position = byId.get(node.id);
    if (position) node.position = { x: position.x, y: position.y };
  }
}

/** True when an edge of this kind already joins the two nodes (either direction for couplings). */
export function hasEdge(structure: DiagramStructure, kind: EdgeKind, source: string, target: string): boolean {
  return structure.edges.some(
    (e) =>
      e.kind === kind &&
      ((e.source === source && e.target === target) || (kind === 'coupling' && e.source === target && e.target === source)),
  );
}

/** Adds an edge of `kind` from source to target. */
export function connect(draft: Draft<DiagramStructure>, kind: EdgeKind, id: string, source: string, target: string): void {
  draft.edges.push({ id: edgeId(id), kind, source: nodeId(source), target: nodeId(target) });
}

/** Turns the listed edges into `kind` (direction kept: a coupling source becomes the parent). */
export function setEdgeKind(draft: Draft<DiagramStructure>, edgeIds: readonly string[], kind: EdgeKind): void {
  const ids = new Set(edgeIds);
  for (const edge of draft.edges) if (ids.has(edge.id) && edge.kind !== kind) edge.kind = kind;
}

/** Swaps source and target of the listed edges (a parent link then points the other way). */
export function reverseEdges(draft: Draft<DiagramStructure>, edgeIds: readonly string[]): void {
  const ids = new Set(edgeIds);
  for (const edge of draft.edges) {
    if (!ids.has(edge.id) || edge.source === edge.target) continue;
    [edge.source, edge.target] = [edge.target, edge.source];
  }
}

/** Adds nodes and edges (a pasted, duplicated or template sub-graph). */
export function insertSubgraph(draft: Draft<DiagramStructure>, nodes: readonly DiagramNode[], edges: readonly DiagramEdge[]): void {
  for (const node of nodes) draft.nodes.push(structuredClone(node) as Draft<DiagramNode>);
  for (const edge of edges) draft.edges.push({ ...edge });
}

/**
 * The edges "connect the selection" makes, in the order of selection: one coupling per unordered pair (or a layer's
 * self-coupling when it is the only node), or parent links from the first node to each of the others. Pairs already
 * joined by an edge of that kind are skipped.
 */
export function connectionsAmong(structure: DiagramStructure, nodeIds: readonly string[], kind: EdgeKind): [string, string][] {
  const pairs: [string, string][] = [];
  if (kind === 'coupling' && nodeIds.length === 1) {
    const node = structure.nodes.find((n) => n.id === nodeIds[0]);
    if (node?.kind === 'layer') pairs.push([node.id, node.id]);
  } else if (kind === 'coupling') {
    for (let i = 0; i < nodeIds.length; i++) for (let j = i + 1; j < nodeIds.length; j++) pairs.push([nodeIds[i], nodeIds[j]]);
  } else {
    for (const child of nodeIds.slice(1)) pairs.push([nodeIds[0], child]);
  }
  const seen = new Set<string>();
  return pairs.filter(([a, b]) => {
    const key = kind === 'coupling' ? [a, b].sort().join(' ') : `${a} ${b}`;
    if (seen.has(key) || hasEdge(structure, kind, a, b)) return false;
    seen.add(key);
    return true;
  });
}

/** Removes the listed nodes, every edge touching them, and the listed edges. */
export function deleteElements(draft: Draft<DiagramStructure>, nodeIds: string[], edgeIds: string[]): void {
  const nodes = new Set(nodeIds);
  const edges = new Set(edgeIds);
  draft.nodes = draft.nodes.filter((n) => !nodes.has(n.id));
  draft.edges = draft.edges.filter((e) => !edges.has(e.id) && !nodes.has(e.source) && !nodes.has(e.target));
}

/** Applies committed inspector fields to a node; undefined removes an optional field (e.g. an image shape). */
export function updateNode(draft: Draft<DiagramStructure>, id: string, patch: NodeFieldPatch): void {
  const node = draft.nodes.find((n) => n.id === id) as Record<string, unknown> | undefined;
  if (!node) return;
  for (const [key, value] of Object.entries(patch)) {
    if (key === 'id' || key === 'kind' || key === 'position') continue;
    if (value === undefined) delete node[key];
    else if (typeof value === 'object') node[key] = { ...value };
    else node[key] = value;
  }
}

/** Applies committed inspector fields to an edge (its initialisation); ids, kind and ends are not fields. */
export function updateEdge(draft: Draft<DiagramStructure>, id: string, patch: NodeFieldPatch): void {
  const edge = draft.edges.find((e) => e.id === id) as Record<string, unknown> | undefined;
  if (!edge) return;
  for (const [key, value] of Object.entries(patch)) {
    if (key === 'id' || key === 'kind' || key === 'source' || key === 'target') continue;
    if (value === undefined) delete edge[key];
    else edge[key] = typeof value === 'object' ? { ...value } : value;
  }
}

/** Applies one patch per node (several nodes edited together in the inspector). */
export function updateNodes(draft: Draft<DiagramStructure>, patches: readonly { id: string; patch: NodeFieldPatch }[]): void {
  for (const { id, patch } of patches) updateNode(draft, id, patch);
}

export function setEncoding(draft: Draft<DiagramStructure>, encoding: UnitEncoding): void {
  draft.settings.encoding = encoding;
}

export function renameDiagram(draft: Draft<DiagramStructure>, name: string): void {
  draft.name = name;
}

/** Node and edge ids that exist in the structure (for pruning a selection after undo). */
export function existingIds(structure: DiagramStructure): { nodes: Set<NodeId>; edges: Set<EdgeId> } {
  return { nodes: new Set(structure.nodes.map((n) => n.id)), edges: new Set(structure.edges.map((e) => e.id)) };
}
