import {
  Background,
  ConnectionMode,
  Controls,
  ReactFlow,
  useReactFlow,
  useUpdateNodeInternals,
  type Connection,
  type EdgeChange,
  type IsValidConnection,
  type NodeChange,
  type OnDelete,
  type XYPosition,
} from '@xyflow/react';
import { useCallback, useEffect, useRef, useState, type DragEvent } from 'react';
import { useServices, useStudio } from '../app/StudioContext';
import { activeCompiled, activeStructure } from '../store/compiled';
import type { Selection } from '../store/state';
import { edgeTypes, nodeTypes } from './nodeTypes';
import { centredAt, paletteItem, PALETTE_DRAG_TYPE } from './paletteTemplates';
import type { StudioFlowEdge, StudioFlowNode } from './flowTypes';
import { useFlowElements } from './useFlowElements';

const noFaults: ReadonlySet<string> = new Set();
const deleteKeys = ['Delete', 'Backspace'];

/** Applies React Flow's select/deselect changes for one element kind to the stored selection. */
function selectionAfter(selection: Selection, changes: (NodeChange<StudioFlowNode> | EdgeChange<StudioFlowEdge>)[], key: keyof Selection): Selection {
  const ids = new Set(selection[key]);
  let changed = false;
  for (const change of changes) {
    if (change.type !== 'select') continue;
    changed = true;
    if (change.selected) ids.add(change.id);
    else ids.delete(change.id);
  }
  return changed ? { ...selection, [key]: [...ids] } : selection;
}

/** The diagram canvas: one React Flow node per diagram node; every edit goes through a named store action. */
export function Canvas() {
  const { store } = useServices();
  const { actions } = store;
  const structure = useStudio(activeStructure);
  const compiled = useStudio(activeCompiled);
  const selection = useStudio((s) => s.selection);
  const edgeMode = useStudio((s) => s.edgeMode);
  const theme = useStudio((s) => s.theme);
  const docEpoch = useStudio((s) => s.docEpoch);
  const readOnly = useStudio((s) => s.project?.readOnly ?? false);
  const [dragPositions, setDragPositions] = useState<Record<string, XYPosition>>({});
  const dragRef = useRef(dragPositions);
  dragRef.current = dragPositions;
  const flow = useReactFlow<StudioFlowNode, StudioFlowEdge>();
  const updateNodeInternals = useUpdateNodeInternals();
  const { nodes, edges } = useFlowElements(structure, selection, compiled?.faultyIds ?? noFaults, edgeMode, dragPositions);

  const diagramId = structure?.id;
  useEffect(() => {
    const frame = requestAnimationFrame(() => void flow.fitView({ padding: 0.25, maxZoom: 1.4 }));
    return () => cancelAnimationFrame(frame);
  }, [docEpoch, diagramId, flow]);

  const nodeIds = nodes.map((n) => n.id).join(' ');
  useEffect(() => {
    if (nodeIds) updateNodeInternals(nodeIds.split(' '));
  }, [edgeMode, nodeIds, updateNodeInternals]);

  const onNodesChange = useCallback(
    (changes: NodeChange<StudioFlowNode>[]) => {
      const moved: Record<string, XYPosition> = {};
      for (const change of changes) if (change.type === 'position' && change.dragging && change.position) moved[change.id] = change.position;
      if (Object.keys(moved).length > 0) setDragPositions((current) => ({ ...current, ...moved }));
      actions.setSelection(selectionAfter(store.getState().selection, changes, 'nodeIds'));
    },
    [actions, store],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange<StudioFlowEdge>[]) => actions.setSelection(selectionAfter(store.getState().selection, changes, 'edgeIds')),
    [actions, store],
  );

  const onNodeDragStop = useCallback(
    (_event: unknown, _node: StudioFlowNode, dragged: StudioFlowNode[]) => {
      const positions = { ...Object.fromEntries(dragged.map((n) => [n.id, n.position])), ...dragRef.current };
      const moves = Object.entries(positions).map(([id, p]) => ({ id, position: { x: Math.round(p.x), y: Math.round(p.y) } }));
      if (moves.length > 0) actions.moveNodes(moves);
      setDragPositions({});
    },
    [actions],
  );

  const onConnect = useCallback((connection: Connection) => void actions.connect(connection.source, connection.target), [actions]);

  const isValidConnection = useCallback<IsValidConnection<StudioFlowEdge>>(
    (connection) => {
      if (connection.source !== connection.target) return true;
      const state = store.getState();
      const node = activeStructure(state)?.nodes.find((n) => n.id === connection.source);
      return state.edgeMode === 'coupling' && node?.kind === 'layer';
    },
    [store],
  );

  const onDelete = useCallback<OnDelete<StudioFlowNode, StudioFlowEdge>>(
    ({ nodes: deletedNodes, edges: deletedEdges }) =>
      void actions.deleteElements(
        deletedNodes.map((n) => n.id),
        deletedEdges.map((e) => e.id),
      ),
    [actions],
  );

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(PALETTE_DRAG_TYPE)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const item = paletteItem(event.dataTransfer.getData(PALETTE_DRAG_TYPE));
      if (!item) return;
      event.preventDefault();
      const point = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      actions.addNode(item.template, centredAt(item.template.kind, point));
    },
    [actions, flow],
  );

  if (!structure) return null;
  return (
    <ReactFlow<StudioFlowNode, StudioFlowEdge>
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      onNodesChange={onNodesChange}
      onEdgesChange={onEdgesChange}
      onNodeDragStop={onNodeDragStop}
      onConnect={onConnect}
      isValidConnection={isValidConnection}
      onDelete={onDelete}
      onDragOver={onDragOver}
      onDrop={onDrop}
      connectionMode={ConnectionMode.Loose}
      deleteKeyCode={readOnly ? null : deleteKeys}
      nodesDraggable={!readOnly}
      nodesConnectable={!readOnly}
      colorMode={theme}
      minZoom={0.1}
      maxZoom={4}
      aria-label="Diagram canvas"
    >
      <Background gap={24} size={1.2} />
      {structure.nodes.length === 0 && (
        <div className="canvas-hint" role="note">
          Add units, layers or an RBM block from the palette: click an item to place it here, or drag it onto the canvas.
          <br />
          Then drag from a node&rsquo;s handle to another node to connect them.
        </div>
      )}
      <Controls showInteractive={false} />
    </ReactFlow>
  );
}
