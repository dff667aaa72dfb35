import type { DiagramId, EdgeId, NodeId } from './ids';

/** Current diagram format version; parse() upgrades older versions to this one. */
export const DIAGRAM_FORMAT_VERSION = 1;

/** Whether a unit is observed (visible) or latent (hidden). */
export type UnitRole = 'visible' | 'hidden';

/** ±1 (Ising / Hopfield convention) or 0/1 (logistic convention) unit states. */
export type UnitEncoding = 'pm1' | 'binary01';

/** Optional image layout of a layer: rows × cols must equal the layer size. */
export interface ImageShape {
  rows: number;
  cols: number;
}

/** Canvas position; display only, ignored by the compiler. */
export interface Position {
  x: number;
  y: number;
}

/**
 * How a block of parameters starts before training: all zero, one constant, or independent draws from N(0, scale²)
 * (symmetric for a lateral block). Absent: the training algorithm's default (weights N(0, initScale²), biases 0).
 */
export type ParameterInit = { kind: 'zero' } | { kind: 'constant'; value: number } | { kind: 'normal'; scale: number };

interface NodeBase {
  id: NodeId;
  /** Name shown on the canvas and in diagnostics. */
  label: string;
  position: Position;
  /** Start of the node's biases (for an RBM block, visible and hidden alike). */
  biasInit?: ParameterInit;
}

/** One binary unit. */
export interface UnitNode extends NodeBase {
  kind: 'unit';
  role: UnitRole;
}

/** n binary units of one role, optionally laid out as an image. */
export interface LayerNode extends NodeBase {
  kind: 'layer';
  role: UnitRole;
  size: number;
  imageShape?: ImageShape;
}

/** A visible and a hidden layer joined bipartitely, drawn as one compound node. */
export interface RbmBlockNode extends NodeBase {
  kind: 'rbm';
  visibleSize: number;
  hiddenSize: number;
  visibleImageShape?: ImageShape;
  /** Start of the block's internal visible × hidden weights. */
  weightInit?: ParameterInit;
}

export type DiagramNode = UnitNode | LayerNode | RbmBlockNode;
export type NodeKind = DiagramNode['kind'];

/** Undirected, symmetric weights. source === target couples a layer to itself (no self-weights). */
export interface CouplingEdge {
  id: EdgeId;
  kind: 'coupling';
  source: NodeId;
  target: NodeId;
  /** Start of the coupling's weights. */
  weightInit?: ParameterInit;
}

/** Directed parent → child link of a sigmoid belief network. */
export interface ParentLinkEdge {
  id: EdgeId;
  kind: 'parent';
  source: NodeId;
  target: NodeId;
  /** Start of the link's weights. */
  weightInit?: ParameterInit;
}

export type DiagramEdge = CouplingEdge | ParentLinkEdge;
export type EdgeKind = DiagramEdge['kind'];

/** Diagram-wide model settings. */
export interface ModelSettings {
  encoding: UnitEncoding;
}

/** A dense row-major block of numbers with its shape; plain data, safe to serialise. */
export interface ParameterBlock {
  shape: number[];
  values: number[];
}

/**
 * Trained parameters carried by a diagram.
 * weights[edgeId]: shape [sourceUnits, targetUnits] (for an RBM block's internal edge, [visible, hidden]);
 * biases[nodeId]: shape [units] (for an RBM block, visible biases then hidden biases, [visible + hidden]).
 * Energy models: H = −Σ_{i<j} w_ij s_i s_j − Σ_i b_i s_i (b_i = −θ_i in Mehlig's notation).
 * Belief networks: P(S_i = 1 | parents) = σ(Σ_j J_ij S_j + b_i), with J stored [parentUnits, childUnits].
 */
export interface DiagramParameters {
  weights: Record<string, ParameterBlock>;
  biases: Record<string, ParameterBlock>;
}

/** The saved diagram: plain JSON, versioned. React Flow objects are built from it, never saved. */
export interface Diagram {
  format: 'attractor-diagram';
  version: typeof DIAGRAM_FORMAT_VERSION;
  id: DiagramId;
  name: string;
  settings: ModelSettings;
  nodes: DiagramNode[];
  edges: DiagramEdge[];
  parameters?: DiagramParameters;
}

/** Number of units a node contributes to the model. */
export function nodeUnitCount(node: DiagramNode): number {
  switch (node.kind) {
    case 'unit':
      return 1;
    case 'layer':
      return node.size;
    case 'rbm':
      return node.visibleSize + node.hiddenSize;
  }
}
