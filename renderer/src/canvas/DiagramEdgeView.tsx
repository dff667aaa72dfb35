import { BaseEdge, EdgeLabelRenderer, useInternalNode, type EdgeProps, type InternalNode } from '@xyflow/react';
import { memo } from 'react';
import type { StudioFlowEdge, StudioFlowNode } from './flowTypes';
import { selfLoopPath, straightPath, type NodeBox } from './geometry';

function boxOf(node: InternalNode<StudioFlowNode>): NodeBox {
  return {
    x: node.internals.positionAbsolute.x,
    y: node.internals.positionAbsolute.y,
    width: node.measured.width ?? node.width ?? 0,
    height: node.measured.height ?? node.height ?? 0,
    round: node.type === 'unit',
  };
}

/**
 * A diagram edge drawn between node borders (centre to centre), or as a loop for a self-coupled layer.
 * Couplings are plain lines; parent links carry an arrowhead; faulty edges are dashed and marked.
 */
export const DiagramEdgeView = memo(function DiagramEdgeView({ id, source, target, data, selected, markerEnd }: EdgeProps<StudioFlowEdge>) {
  const sourceNode = useInternalNode<StudioFlowNode>(source);
  const targetNode = useInternalNode<StudioFlowNode>(target);
  if (!sourceNode || !targetNode) return null;
  const geometry = source === target ? selfLoopPath(boxOf(sourceNode)) : straightPath(boxOf(sourceNode), boxOf(targetNode));
  const kind = data?.kind ?? 'coupling';
  const faulty = data?.faulty ?? false;
  const className = `diagram-edge edge-${kind}${faulty ? ' is-faulty' : ''}${selected ? ' is-selected' : ''}`;
  return (
    <>
      <BaseEdge id={id} path={geometry.path} markerEnd={markerEnd} className={className} interactionWidth={14} />
      {faulty && (
        <EdgeLabelRenderer>
          <span
            className="problem-badge edge-badge"
            style={{ transform: `translate(-50%, -50%) translate(${geometry.labelX}px, ${geometry.labelY}px)` }}
            role="img"
            aria-label="edge has a problem"
          >
            !
          </span>
        </EdgeLabelRenderer>
      )}
    </>
  );
});
