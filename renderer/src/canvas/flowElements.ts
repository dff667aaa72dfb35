import { MarkerType, type XYPosition } from '@xyflow/react';
import type { DiagramEdge, DiagramNode, EdgeKind } from '../../../engine/diagram/types';
import { ANCHOR_SOURCE, ANCHOR_TARGET, NODE_SIZE, type StudioFlowEdge, type StudioFlowNode } from './flowTypes';

/** A React Flow node for a diagram node; its id is the diagram node id. */
export function toFlowNode(
  node: DiagramNode,
  selected: boolean,
  faulty: boolean,
  edgeMode: EdgeKind,
  position?: XYPosition,
  biases?: ArrayLike<number>,
): StudioFlowNode {
  const size = NODE_SIZE[node.kind];
  return {
    id: node.id,
    type: node.kind,
    position: position ?? node.position,
    data: biases ? { node, faulty, edgeMode, biases } : { node, faulty, edgeMode },
    selected,
    width: size.width,
    height: size.height,
    ariaLabel: `${node.label} (${node.kind})`,
  };
}

/** A React Flow edge for a diagram edge: couplings without arrowheads, parent links with one. */
export function toFlowEdge(edge: DiagramEdge, selected: boolean, faulty: boolean): StudioFlowEdge {
  return {
    id: edge.id,
    type: 'diagram',
    source: edge.source,
    target: edge.target,
    sourceHandle: ANCHOR_SOURCE,
    targetHandle: ANCHOR_TARGET,
    selected,
    data: { kind: edge.kind, faulty },
    markerEnd: edge.kind === 'parent' ? { type: MarkerType.ArrowClosed, width: 16, height: 16, color: 'var(--edge-parent)' } : undefined,
    ariaLabel: `${edge.kind === 'parent' ? 'parent link' : 'coupling'} ${edge.source} – ${edge.target}`,
  };
}
