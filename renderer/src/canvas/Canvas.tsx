import {
  Background,
  BackgroundVariant,
  ConnectionMode,
  ControlButton,
  Controls,
  MiniMap,
  ReactFlow,
  SelectionMode,
  useReactFlow,
  useStore,
  useStoreApi,
  useUpdateNodeInternals,
  type Connection,
  type EdgeChange,
  type IsValidConnection,
  type NodeChange,
  type ReactFlowState,
  type XYPosition,
} from '@xyflow/react';
import { useCallback, useEffect, useRef, useState, type DragEvent, type MouseEvent as ReactMouseEvent } from 'react';
import { useServices, useStudio } from '../app/StudioContext';
import type { Commands } from '../app/useCommands';
import { activeCompiled, activeStructure } from '../store/compiled';
import { GRID_SIZE, type Selection } from '../store/state';
import { ContextMenu } from './ContextMenu';
import { dragState } from './dragState';
import { contextMenuItems, type MenuTarget } from './contextMenuItems';
import type { StudioFlowEdge, StudioFlowNode } from './flowTypes';
import { edgeTypes, nodeTypes } from './nodeTypes';
import { paletteItem, PALETTE_DRAG_TYPE } from './paletteTemplates';
import { useClearFit } from './useClearFit';
import { useFlowElements } from './useFlowElements';
import { WeightLegend } from './WeightLegend';

const noFaults: ReadonlySet<string> = new Set();
/** From this many nodes on, only the nodes and edges inside the view are rendered. */
const CULL_FROM = 150;
const snapGrid: [number, number] = [GRID_SIZE, GRID_SIZE];

/** Applies React Flow's select/deselect changes for one element kind to the stored selection (keeping the order of selection). */
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

/**
 * Level of detail by zoom: below 0.35 nodes drop their text, thumbnails and connection handles and the grid is not
 * drawn (all unreadable at that size, and costly to paint for hundreds of nodes); below 0.6 the grid is drawn coarser.
 */
const detailOf = (state: ReactFlowState): 'low' | 'mid' | 'high' => (state.transform[2] < 0.35 ? 'low' : state.transform[2] < 0.6 ? 'mid' : 'high');

/** Minimap colours: visible nodes filled, hidden ones hollow, like on the canvas. */
const minimapFill = (node: StudioFlowNode) => (node.data.node.kind !== 'rbm' && node.data.node.role === 'hidden' ? 'var(--node-hidden-fill)' : 'var(--node-visible-fill)');

/** The diagram canvas: one React Flow node per diagram node; every edit goes through a named store action. */
export function Canvas({ commands }: { commands: Commands }) {
  const { store } = useServices();
  const { actions } = store;
  const structure = useStudio(activeStructure);
  const compiled = useStudio(activeCompiled);
  const selection = useStudio((s) => s.selection);
  const edgeMode = useStudio((s) => s.edgeMode);
  const theme = useStudio((s) => s.theme);
  const docEpoch = useStudio((s) => s.docEpoch);
  const readOnly = useStudio((s) => s.project?.readOnly ?? false);
  const snap = useStudio((s) => s.snapToGrid);
  const viewRequest = useStudio((s) => s.viewRequest);
  const detail = useStore(detailOf);
  const [dragPositions, setDragPositions] = useState<Record<string, XYPosition>>({});
  const [menu, setMenu] = useState<{ x: number; y: number; target: MenuTarget } | null>(null);
  const dragRef = useRef(dragPositions);
  dragRef.current = dragPositions;
  const flow = useReactFlow<StudioFlowNode, StudioFlowEdge>();
  const flowStore = useStoreApi<StudioFlowNode, StudioFlowEdge>();
  const updateNodeInternals = useUpdateNodeInternals();
  const { nodes, edges, weights } = useFlowElements(structure, selection, compiled?.faultyIds ?? noFaults, edgeMode, dragPositions, compiled?.diagram.parameters);

  const diagramId = structure?.id;
  // Every fit keeps the nodes clear of the minimap and the zoom controls (issue 13: the minimap hid a node on open).
  const fit = useClearFit();
  useEffect(() => {
    const frame = requestAnimationFrame(() => void fit());
    return () => cancelAnimationFrame(frame);
  }, [docEpoch, diagramId, fit]);

  useEffect(() => {
    if (!viewRequest) return;
    const frame = requestAnimationFrame(() => void fit(viewRequest.nodeIds, 250));
    return () => cancelAnimationFrame(frame);
  }, [viewRequest, fit]);

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
    (changes: EdgeChange<StudioFlowEdge>[]) => {
      const { selection } = store.getState();
      // A selection box takes the edges among the boxed nodes, not every edge touching one of them.
      let kept = changes;
      if (flowStore.getState().userSelectionActive) {
        const nodes = new Set(selection.nodeIds);
        const edges = new Map((activeStructure(store.getState())?.edges ?? []).map((e) => [e.id as string, e]));
        kept = changes.filter((c) => c.type !== 'select' || !c.selected || (nodes.has(edges.get(c.id)?.source ?? '') && nodes.has(edges.get(c.id)?.target ?? '')));
      }
      actions.setSelection(selectionAfter(selection, kept, 'edgeIds'));
    },
    [actions, store, flowStore],
  );

  const onNodeDragStart = useCallback(() => {
    dragState.active = true;
  }, []);

  const onNodeDragStop = useCallback(
    (_event: unknown, _node: StudioFlowNode, dragged: StudioFlowNode[]) => {
      dragState.active = false;
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
      commands.addAt(item, flow.screenToFlowPosition({ x: event.clientX, y: event.clientY }));
    },
    [commands, flow],
  );

  const openMenu = useCallback((event: ReactMouseEvent | MouseEvent, target: MenuTarget) => {
    event.preventDefault();
    setMenu({ x: event.clientX, y: event.clientY, target });
  }, []);
  const onPaneContextMenu = useCallback(
    (event: ReactMouseEvent | MouseEvent) => openMenu(event, { kind: 'pane', at: flow.screenToFlowPosition({ x: event.clientX, y: event.clientY }) }),
    [flow, openMenu],
  );
  const onNodeContextMenu = useCallback(
    (event: ReactMouseEvent, node: StudioFlowNode) => {
      if (!store.getState().selection.nodeIds.includes(node.id)) actions.setSelection({ nodeIds: [node.id], edgeIds: [] });
      openMenu(event, { kind: 'node', id: node.id });
    },
    [actions, store, openMenu],
  );
  const onEdgeContextMenu = useCallback(
    (event: ReactMouseEvent, edge: StudioFlowEdge) => {
      if (!store.getState().selection.edgeIds.includes(edge.id)) actions.setSelection({ nodeIds: [], edgeIds: [edge.id] });
      openMenu(event, { kind: 'edge', id: edge.id });
    },
    [actions, store, openMenu],
  );
  const onSelectionContextMenu = useCallback((event: ReactMouseEvent) => openMenu(event, { kind: 'selection' }), [openMenu]);
  const closeMenu = useCallback(() => setMenu(null), []);

  if (!structure) return null;
  return (
    <>
      <ReactFlow<StudioFlowNode, StudioFlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onNodeDragStart={onNodeDragStart}
        onNodeDragStop={onNodeDragStop}
        onConnect={onConnect}
        isValidConnection={isValidConnection}
        onDragOver={onDragOver}
        onDrop={onDrop}
        onPaneContextMenu={onPaneContextMenu}
        onNodeContextMenu={onNodeContextMenu}
        onEdgeContextMenu={onEdgeContextMenu}
        onSelectionContextMenu={onSelectionContextMenu}
        connectionMode={ConnectionMode.Loose}
        deleteKeyCode={null}
        selectionMode={SelectionMode.Partial}
        snapToGrid={snap}
        snapGrid={snapGrid}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        colorMode={theme}
        className={`detail-${detail}`}
        onlyRenderVisibleElements={nodes.length >= CULL_FROM}
        minZoom={0.05}
        maxZoom={4}
        aria-label="Diagram canvas"
      >
        {detail !== 'low' && <Background variant={BackgroundVariant.Dots} gap={detail === 'mid' ? GRID_SIZE * 4 : GRID_SIZE} size={1.2} />}
        {structure.nodes.length === 0 && (
          <div className="canvas-hint" role="note">
            Add units, layers or an RBM block from the palette: click an item (or press 1–5) to place it here, drag it onto the canvas, or insert a
            network from a template (T).
            <br />
            Then drag from a node&rsquo;s handle to another node to connect them, or select nodes and press C. Press ? for every shortcut.
          </div>
        )}
        <Controls showInteractive={false} showFitView={false}>
          <ControlButton className="react-flow__controls-fitview" onClick={commands.fitView} title="Zoom to fit (F)" aria-label="Zoom to fit">
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 30" aria-hidden="true">
              <path d="M3.692 4.63c0-.53.4-.938.939-.938h5.215V0H4.708C2.13 0 0 2.054 0 4.63v5.216h3.692V4.631zM27.354 0h-5.2v3.692h5.17c.53 0 .984.4.984.939v5.215H32V4.631A4.624 4.624 0 0027.354 0zm.954 24.83c0 .532-.4.94-.939.94h-5.215v3.768h5.215c2.577 0 4.631-2.13 4.631-4.707v-5.139h-3.692v5.139zm-23.677.94c-.531 0-.939-.4-.939-.94v-5.138H0v5.139c0 2.577 2.13 4.707 4.708 4.707h5.138V25.77H4.631z" />
            </svg>
          </ControlButton>
        </Controls>
        {weights && <WeightLegend weights={weights} />}
        <MiniMap<StudioFlowNode> pannable zoomable nodeColor={minimapFill} nodeStrokeColor="var(--node-border)" nodeStrokeWidth={3} ariaLabel="Overview of the diagram" />
      </ReactFlow>
      {menu && <ContextMenu x={menu.x} y={menu.y} groups={contextMenuItems(menu.target, store, commands)} onClose={closeMenu} />}
    </>
  );
}
