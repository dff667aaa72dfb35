import { edgeId, nodeId } from '../../../engine/diagram/ids';
import type { DiagramEdge, DiagramNode, Position } from '../../../engine/diagram/types';
import type { DiagramStructure } from './document';

/** A piece of a diagram: nodes and the edges among them (what copy, paste, duplicate and templates move around). */
export interface Subgraph {
  nodes: DiagramNode[];
  edges: DiagramEdge[];
}

/**
 * The listed nodes and every edge whose two ends are among them (listed or not: copying nodes copies their
 * connections); listed edges with an end outside the nodes are left out, since they cannot be pasted alone.
 */
export function extractSubgraph(structure: DiagramStructure, nodeIds: readonly string[]): Subgraph {
  const chosen = new Set(nodeIds);
  const nodes = structure.nodes.filter((n) => chosen.has(n.id));
  const edges = structure.edges.filter((e) => chosen.has(e.source) && chosen.has(e.target));
  return structuredClone({ nodes, edges });
}

/** The smallest box holding every node's top-left corner; undefined for an empty subgraph. */
export function positionBounds(nodes: readonly { position: Position }[]): { minX: number; minY: number; maxX: number; maxY: number } | undefined {
  if (nodes.length === 0) return undefined;
  const xs = nodes.map((n) => n.position.x);
  const ys = nodes.map((n) => n.position.y);
  return { minX: Math.min(...xs), minY: Math.min(...ys), maxX: Math.max(...xs), maxY: Math.max(...ys) };
}

/** "v12" → "v", "Hidden" → "Hidden": the label without its trailing number, to number copies. */
function labelStem(label: string): string {
  const stem = label.replace(/\d+$/, '');
  return stem === '' ? label : stem;
}

/** Labels for copies: a label already in use becomes its stem with the first free number (v1 → v3 when v1, v2 exist). */
export function freshLabels(used: Iterable<string>, labels: readonly string[]): string[] {
  const taken = new Set(used);
  return labels.map((label) => {
    let result = label;
    if (taken.has(label)) {
      const stem = labelStem(label);
      for (let n = 1; taken.has(result); n++) result = `${stem}${n}`;
    }
    taken.add(result);
    return result;
  });
}

/**
 * A copy of `subgraph` ready to insert into `structure`: new ids from `makeId`, labels that do not clash with the
 * structure's, positions moved by `offset` (or moved so the copy's top-left corner sits at `at`).
 */
export function instantiateSubgraph(
  subgraph: Subgraph,
  structure: DiagramStructure,
  makeId: (prefix: string) => string,
  placement: { offset: Position } | { at: Position },
): Subgraph {
  const bounds = positionBounds(subgraph.nodes);
  const shift =
    'offset' in placement ? placement.offset : { x: placement.at.x - (bounds?.minX ?? 0), y: placement.at.y - (bounds?.minY ?? 0) };
  const labels = freshLabels(
    structure.nodes.map((n) => n.label),
    subgraph.nodes.map((n) => n.label),
  );
  const ids = new Map<string, string>();
  const nodes = subgraph.nodes.map((node, i) => {
    const id = nodeId(makeId('n'));
    ids.set(node.id, id);
    return { ...structuredClone(node), id, label: labels[i], position: { x: Math.round(node.position.x + shift.x), y: Math.round(node.position.y + shift.y) } };
  });
  const edges = subgraph.edges
    .filter((e) => ids.has(e.source) && ids.has(e.target))
    .map((edge) => ({ ...edge, id: edgeId(makeId('e')), source: nodeId(ids.get(edge.source)!), target: nodeId(ids.get(edge.target)!) }));
  return { nodes, edges };
}
