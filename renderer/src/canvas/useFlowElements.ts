import type { XYPosition } from '@xyflow/react';
import { useMemo, useRef } from 'react';
import type { DiagramEdge, DiagramNode, DiagramParameters, EdgeKind } from '../../../engine/diagram/types';
import type { DiagramStructure } from '../store/document';
import type { Selection } from '../store/state';
import { toFlowEdge, toFlowNode } from './flowElements';
import type { StudioFlowEdge, StudioFlowNode } from './flowTypes';

interface NodeCacheEntry {
  node: DiagramNode;
  selected: boolean;
  faulty: boolean;
  edgeMode: EdgeKind;
  position: XYPosition | undefined;
  biases: ArrayLike<number> | undefined;
  flow: StudioFlowNode;
}

interface EdgeCacheEntry {
  edge: DiagramEdge;
  selected: boolean;
  faulty: boolean;
  flow: StudioFlowEdge;
}

/**
 * React Flow nodes and edges for a diagram structure. Each flow object is reused while its inputs are unchanged,
 * so memo'd node components re-render only for the nodes that changed (e.g. the one being dragged).
 */
export function useFlowElements(
  structure: DiagramStructure | undefined,
  selection: Selection,
  faultyIds: ReadonlySet<string>,
  edgeMode: EdgeKind,
  dragPositions: Record<string, XYPosition>,
  parameters: DiagramParameters | undefined,
): { nodes: StudioFlowNode[]; edges: StudioFlowEdge[] } {
  const nodeCache = useRef(new Map<string, NodeCacheEntry>());
  const edgeCache = useRef(new Map<string, EdgeCacheEntry>());

  const nodes = useMemo(() => {
    if (!structure) return [];
    const selected = new Set(selection.nodeIds);
    const next = new Map<string, NodeCacheEntry>();
    const list = structure.nodes.map((node) => {
      const biases = parameters?.biases[node.id]?.values;
      const input = { node, selected: selected.has(node.id), faulty: faultyIds.has(node.id), edgeMode, position: dragPositions[node.id], biases };
      const hit = nodeCache.current.get(node.id);
      const reuse =
        hit &&
        hit.node === input.node &&
        hit.selected === input.selected &&
        hit.faulty === input.faulty &&
        hit.edgeMode === input.edgeMode &&
        hit.position === input.position &&
        hit.biases === input.biases;
      const flow = reuse ? hit.flow : toFlowNode(node, input.selected, input.faulty, edgeMode, input.position, biases);
      next.set(node.id, { ...input, flow });
      return flow;
    });
    nodeCache.current = next;
    return list;
  }, [structure, selection.nodeIds, faultyIds, edgeMode, dragPositions, parameters]);

  const edges = useMemo(() => {
    if (!structure) return [];
    const selected = new Set(selection.edgeIds);
    const next = new Map<string, EdgeCacheEntry>();
    const list = structure.edges.map((edge) => {
      const input = { edge, selected: selected.has(edge.id), faulty: faultyIds.has(edge.id) };
      const hit = edgeCache.current.get(edge.id);
      const reuse = hit && hit.edge === edge && hit.selected === input.selected && hit.faulty === input.faulty;
      const flow = reuse ? hit.flow : toFlowEdge(edge, input.selected, input.faulty);
      next.set(edge.id, { ...input, flow });
      return flow;
    });
    edgeCache.current = next;
    return list;
  }, [structure, selection.edgeIds, faultyIds]);

  return { nodes, edges };
}
