import type { Edge, Node } from '@xyflow/react';
import type { DiagramNode, EdgeKind, NodeKind } from '../../../engine/diagram/types';
import type { EdgeWeightStyle } from './edgeWeights';

/** Display data of one diagram node on the canvas. */
export interface DiagramNodeData extends Record<string, unknown> {
  node: DiagramNode;
  /** Named by a compile error. */
  faulty: boolean;
  /** Edge kind new connections make; decides which handles show. */
  edgeMode: EdgeKind;
  /** Trained biases of the node's units (for the thumbnail), when the diagram carries them. */
  biases?: ArrayLike<number>;
}

export type StudioFlowNode = Node<DiagramNodeData, NodeKind>;

/** Display data of one diagram edge. */
export interface DiagramEdgeData extends Record<string, unknown> {
  kind: EdgeKind;
  faulty: boolean;
  /** How far the edge's middle moves sideways, apart from other edges between the same nodes (0: none). */
  offset: number;
  /** Colour and width from the edge's trained weights, when the diagram carries them. */
  weight?: EdgeWeightStyle;
}

export type StudioFlowEdge = Edge<DiagramEdgeData, 'diagram'>;

/** Fixed canvas size of each node kind, in flow units (nodes are sized, not measured). */
export const NODE_SIZE: Record<NodeKind, { width: number; height: number }> = {
  unit: { width: 64, height: 64 },
  layer: { width: 208, height: 80 },
  rbm: { width: 224, height: 112 },
};

/** Ids of the invisible centre handles every edge attaches to (edges are drawn centre to centre). */
export const ANCHOR_SOURCE = 'anchor-source';
export const ANCHOR_TARGET = 'anchor-target';
