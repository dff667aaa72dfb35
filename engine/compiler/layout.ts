import type { NodeId } from '../diagram/ids';
import { nodeUnitCount, type DiagramNode } from '../diagram/types';
import type { IndexRange, NodeUnits } from './types';

/** Where every node's units sit in the model's unit vector. */
export interface UnitLayout {
  nodes: NodeUnits[];
  byId: Map<NodeId, NodeUnits>;
  unitCount: number;
  visibleIndices: number[];
  hiddenIndices: number[];
}

/** Total units of the diagram, without building any index lists. */
export function countUnits(nodes: DiagramNode[]): number {
  return nodes.reduce((sum, node) => sum + nodeUnitCount(node), 0);
}

export function rangeLength(range: IndexRange): number {
  return range.end - range.start;
}

/** Nodes in diagram order, each node's units contiguous; an RBM block lists its visible units, then its hidden units. */
export function assignUnits(nodes: DiagramNode[]): UnitLayout {
  const layout: UnitLayout = { nodes: [], byId: new Map(), unitCount: 0, visibleIndices: [], hiddenIndices: [] };
  let next = 0;
  for (const node of nodes) {
    const start = next;
    const size = nodeUnitCount(node);
    const visibleSize = node.kind === 'rbm' ? node.visibleSize : node.role === 'visible' ? size : 0;
    const visible = { start, end: start + visibleSize };
    const hidden = { start: start + visibleSize, end: start + size };
    const units: NodeUnits = { nodeId: node.id, label: node.label, range: { start, end: start + size }, visible, hidden };
    const imageShape = node.kind === 'layer' ? node.imageShape : node.kind === 'rbm' ? node.visibleImageShape : undefined;
    if (imageShape) units.imageShape = { rows: imageShape.rows, cols: imageShape.cols };
    for (let i = visible.start; i < visible.end; i++) layout.visibleIndices.push(i);
    for (let i = hidden.start; i < hidden.end; i++) layout.hiddenIndices.push(i);
    layout.nodes.push(units);
    if (!layout.byId.has(node.id)) layout.byId.set(node.id, units);
    next += size;
  }
  layout.unitCount = next;
  return layout;
}
