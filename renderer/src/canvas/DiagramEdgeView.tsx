import { BaseEdge, EdgeLabelRenderer, useStore, type EdgeProps, type ReactFlowState } from '@xyflow/react';
import { memo, useCallback, useRef, type CSSProperties } from 'react';
import { dragState } from './dragState';
import { weightStroke } from './edgeWeights';
import type { StudioFlowEdge } from './flowTypes';
import { edgePath, selfLoopPath, type EdgeGeometry, type NodeBox } from './geometry';
import './weights.css';

interface Boxes {
  list: NodeBox[];
  byId: Map<string, NodeBox>;
  centroid: { x: number; y: number };
}

// Node boxes derived once per nodes array (shared by every edge), not once per edge; a node object that did not change
// keeps its box object, so an edge can tell that its ends did not move.
const boxCache = new WeakMap<object, Boxes>();
const nodeBoxes = new WeakMap<object, NodeBox>();

function boxesOf(nodes: ReactFlowState['nodes']): Boxes {
  const hit = boxCache.get(nodes);
  if (hit) return hit;
  const byId = new Map<string, NodeBox>();
  let cx = 0;
  let cy = 0;
  for (const node of nodes) {
    let box = nodeBoxes.get(node);
    if (!box) {
      box = { x: node.position.x, y: node.position.y, width: node.width ?? 0, height: node.height ?? 0, round: node.type === 'unit' };
      nodeBoxes.set(node, box);
    }
    byId.set(node.id, box);
    cx += box.x + box.width / 2;
    cy += box.y + box.height / 2;
  }
  const n = Math.max(1, nodes.length);
  const boxes = { list: [...byId.values()], byId, centroid: { x: cx / n, y: cy / n } };
  boxCache.set(nodes, boxes);
  return boxes;
}

interface LastGeometry {
  nodes?: ReactFlowState['nodes'];
  /** The ends and offset the geometry was computed for (a reversed edge keeps its component and its memo). */
  ends?: string;
  source?: NodeBox;
  target?: NodeBox;
  geometry?: EdgeGeometry;
}

/**
 * The edge's geometry for the current node positions; undefined while an end is missing. While nodes are dragged, an
 * edge whose ends stay put keeps its path (the obstacle check over every node waits for the drop).
 */
function geometryOf(nodes: ReactFlowState['nodes'], source: string, target: string, offset: number, last: LastGeometry): EdgeGeometry | undefined {
  // Store updates that leave the nodes alone (pan, zoom, selection box) leave every path alone.
  const ends = `${source}\u0000${target}\u0000${offset}`;
  if (last.nodes === nodes && last.ends === ends) return last.geometry;
  last.nodes = nodes;
  last.ends = ends;
  const boxes = boxesOf(nodes);
  const sourceBox = boxes.byId.get(source);
  const targetBox = boxes.byId.get(target);
  if (!sourceBox || !targetBox) return (last.geometry = undefined);
  if (dragState.active && last.geometry && last.source === sourceBox && last.target === targetBox) return last.geometry;
  const geometry = source === target ? selfLoopPath(sourceBox) : edgePath(sourceBox, targetBox, boxes.list, boxes.centroid, offset);
  Object.assign(last, { source: sourceBox, target: targetBox, geometry });
  return geometry;
}

// An edge re-renders only when its own path changes (while a node is dragged, that is the edges near it).
const samePath = (a: EdgeGeometry | undefined, b: EdgeGeometry | undefined) => a?.path === b?.path;

/**
 * A diagram edge drawn border to border (curved around nodes in its way, or apart from other edges between the same
 * nodes), or as a loop for a self-coupled layer. Couplings are plain lines; parent links carry an arrowhead; faulty
 * edges are dashed and marked; trained weights set the colour and width (weights.css).
 */
export const DiagramEdgeView = memo(function DiagramEdgeView({ id, source, target, data, selected, markerEnd }: EdgeProps<StudioFlowEdge>) {
  const last = useRef<LastGeometry>({});
  const offset = data?.offset ?? 0;
  const select = useCallback((state: ReactFlowState) => geometryOf(state.nodes, source, target, offset, last.current), [source, target, offset]);
  const geometry = useStore(select, samePath);
  if (!geometry) return null;
  const kind = data?.kind ?? 'coupling';
  const faulty = data?.faulty ?? false;
  const weight = data?.weight;
  const className = `diagram-edge edge-${kind}${faulty ? ' is-faulty' : ''}${selected ? ' is-selected' : ''}${weight ? ' has-weight' : ''}`;
  const style = weight ? ({ '--edge-weight-stroke': weightStroke(weight), '--edge-weight-width': `${weight.width}px` } as CSSProperties) : undefined;
  return (
    <>
      <BaseEdge id={id} path={geometry.path} markerEnd={markerEnd} className={className} style={style} interactionWidth={14} />
      {weight && <title>{weight.text}</title>}
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
