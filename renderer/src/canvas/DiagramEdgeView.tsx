import { BaseEdge, EdgeLabelRenderer, useStore, type EdgeProps, type ReactFlowState } from '@xyflow/react';
import { memo, useCallback } from 'react';
import type { StudioFlowEdge } from './flowTypes';
import { edgePath, selfLoopPath, type EdgeGeometry, type NodeBox } from './geometry';

interface Boxes {
  list: NodeBox[];
  byId: Map<string, NodeBox>;
  centroid: { x: number; y: number };
}

// Node boxes derived once per nodes array (shared by every edge), not once per edge.
const boxCache = new WeakMap<object, Boxes>();

function boxesOf(nodes: ReactFlowState['nodes']): Boxes {
  const hit = boxCache.get(nodes);
  if (hit) return hit;
  const byId = new Map<string, NodeBox>();
  let cx = 0;
  let cy = 0;
  for (const node of nodes) {
    const box = { x: node.position.x, y: node.position.y, width: node.width ?? 0, height: node.height ?? 0, round: node.type === 'unit' };
    byId.set(node.id, box);
    cx += box.x + box.width / 2;
    cy += box.y + box.height / 2;
  }
  const n = Math.max(1, nodes.length);
  const boxes = { list: [...byId.values()], byId, centroid: { x: cx / n, y: cy / n } };
  boxCache.set(nodes, boxes);
  return boxes;
}

/** The edge's geometry for the current node positions; undefined while an end is missing. */
function geometryOf(nodes: ReactFlowState['nodes'], source: string, target: string): EdgeGeometry | undefined {
  const boxes = boxesOf(nodes);
  const sourceBox = boxes.byId.get(source);
  const targetBox = boxes.byId.get(target);
  if (!sourceBox || !targetBox) return undefined;
  return source === target ? selfLoopPath(sourceBox) : edgePath(sourceBox, targetBox, boxes.list, boxes.centroid);
}

// An edge re-renders only when its own path changes (while a node is dragged, that is the edges near it).
const samePath = (a: EdgeGeometry | undefined, b: EdgeGeometry | undefined) => a?.path === b?.path;

/**
 * A diagram edge drawn border to border (curved around nodes in its way), or as a loop for a self-coupled layer.
 * Couplings are plain lines; parent links carry an arrowhead; faulty edges are dashed and marked.
 */
export const DiagramEdgeView = memo(function DiagramEdgeView({ id, source, target, data, selected, markerEnd }: EdgeProps<StudioFlowEdge>) {
  const select = useCallback((state: ReactFlowState) => geometryOf(state.nodes, source, target), [source, target]);
  const geometry = useStore(select, samePath);
  if (!geometry) return null;
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
