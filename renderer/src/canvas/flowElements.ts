import { MarkerType, type XYPosition } from '@xyflow/react';
import { edgeName } from '../../../engine/compiler/diagnostics';
import type { DiagramEdge, DiagramNode, EdgeKind } from '../../../engine/diagram/types';
import { weightStroke, type EdgeWeightStyle } from './edgeWeights';
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

/** The arrowhead of a parent link: the edge's colour, sized in flow units so a thick edge keeps a modest head. */
function arrowhead(weight: EdgeWeightStyle | undefined): StudioFlowEdge['markerEnd'] {
  if (!weight) return { type: MarkerType.ArrowClosed, width: 16, height: 16, color: 'var(--edge-parent)' };
  const size = 24 + 2.5 * weight.width;
  return { type: MarkerType.ArrowClosed, width: size, height: size, color: weightStroke(weight), markerUnits: 'userSpaceOnUse' };
}

/** What a screen reader hears for an edge: its kind and its ends by their labels, as the problems list names it. */
export function edgeAriaLabel(edge: Pick<DiagramEdge, 'kind' | 'source' | 'target'>, nodesById: ReadonlyMap<string, DiagramNode>): string {
  return `${edge.kind === 'parent' ? 'parent link' : 'coupling'} ${edgeName(edge, nodesById)}`;
}

/**
 * A React Flow edge for a diagram edge: couplings without arrowheads, parent links with one; `offset` moves it apart
 * from other edges between the same nodes, `weight` colours and thickens it by its trained weights; `nodesById` names its
 * ends in its aria label.
 */
export function toFlowEdge(edge: DiagramEdge, nodesById: ReadonlyMap<string, DiagramNode>, selected: boolean, faulty: boolean, offset = 0, weight?: EdgeWeightStyle): StudioFlowEdge {
  return {
    id: edge.id,
    type: 'diagram',
    source: edge.source,
    target: edge.target,
    sourceHandle: ANCHOR_SOURCE,
    targetHandle: ANCHOR_TARGET,
    selected,
    data: weight ? { kind: edge.kind, faulty, offset, weight } : { kind: edge.kind, faulty, offset },
    markerEnd: edge.kind === 'parent' ? arrowhead(weight) : undefined,
    ariaLabel: edgeAriaLabel(edge, nodesById),
  };
}
