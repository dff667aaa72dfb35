import type { XYPosition } from '@xyflow/react';
import { useMemo, useRef } from 'react';
import type { DiagramEdge, DiagramNode, DiagramParameters, EdgeKind } from '../../../engine/diagram/types';
import type { DiagramStructure } from '../store/document';
import type { Selection } from '../store/state';
import { edgeWeights, edgeWeightStyle, type EdgeWeights, type EdgeWeightStyle } from './edgeWeights';
import { edgeAriaLabel, toFlowEdge, toFlowNode } from './flowElements';
import type { StudioFlowEdge, StudioFlowNode } from './flowTypes';
import { parallelOffsets } from './parallelEdges';

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
  offset: number;
  weight: EdgeWeightStyle | undefined;
  flow: StudioFlowEdge;
}

const sameWeight = (a: EdgeWeightStyle | undefined, b: EdgeWeightStyle | undefined) =>
  a === b || (a !== undefined && b !== undefined && a.sign === b.sign && a.tint === b.tint && a.width === b.width && a.text === b.text);

/**
 * React Flow nodes and edges for a diagram structure, and the trained edge weights they are drawn by (undefined for an
 * untrained diagram). Each flow object is reused while its inputs are unchanged, so memo'd node components re-render
 * only for the nodes that changed (e.g. the one being dragged).
 */
export function useFlowElements(
  structure: DiagramStructure | undefined,
  selection: Selection,
  faultyIds: ReadonlySet<string>,
  edgeMode: EdgeKind,
  dragPositions: Record<string, XYPosition>,
  parameters: DiagramParameters | undefined,
): { nodes: StudioFlowNode[]; edges: StudioFlowEdge[]; weights: EdgeWeights | undefined } {
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

  const offsets = useMemo(() => parallelOffsets(structure?.edges ?? []), [structure?.edges]);
  const weights = useMemo(() => edgeWeights(structure?.edges ?? [], parameters), [structure?.edges, parameters]);

  const edges = useMemo(() => {
    if (!structure) return [];
    const selected = new Set(selection.edgeIds);
    const nodesById = new Map(structure.nodes.map((n) => [n.id, n] as const));
    const next = new Map<string, EdgeCacheEntry>();
    const list = structure.edges.map((edge) => {
      const summary = weights?.byEdge.get(edge.id);
      const weight = summary && weights ? edgeWeightStyle(summary, weights.maxAbs) : undefined;
      const input = { edge, selected: selected.has(edge.id), faulty: faultyIds.has(edge.id), offset: offsets.get(edge.id) ?? 0, weight };
      const hit = edgeCache.current.get(edge.id);
      const reuse =
        hit &&
        hit.edge === edge &&
        hit.selected === input.selected &&
        hit.faulty === input.faulty &&
        hit.offset === input.offset &&
        sameWeight(hit.weight, input.weight) &&
        // A renamed end node renames the edge for screen readers.
        hit.flow.ariaLabel === edgeAriaLabel(edge, nodesById);
      const flow = reuse ? hit.flow : toFlowEdge(edge, nodesById, input.selected, input.faulty, input.offset, weight);
      next.set(edge.id, { ...input, flow });
      return flow;
    });
    edgeCache.current = next;
    return list;
  }, [structure, selection.edgeIds, faultyIds, offsets, weights]);

  return { nodes, edges, weights };
}
