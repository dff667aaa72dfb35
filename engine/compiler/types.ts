import type { EdgeId, NodeId } from '../diagram/ids';
import type { ParameterInit, UnitEncoding } from '../diagram/types';

/** Half-open range [start, end) of unit indices. */
export interface IndexRange {
  start: number;
  end: number;
}

/** Where one diagram node's units sit in the model's unit vector. */
export interface NodeUnits {
  nodeId: NodeId;
  label: string;
  /** All units of the node; for an RBM block, visible then hidden. */
  range: IndexRange;
  /** Visible sub-range (empty range when the node has none). */
  visible: IndexRange;
  /** Hidden sub-range (empty range when the node has none). */
  hidden: IndexRange;
  imageShape?: { rows: number; cols: number };
}

/**
 * One block of weights between two unit ranges, stored [rows.length, cols.length] row-major.
 * lateral: rows and cols are the same range; only i≠j entries are used (no self-weights).
 */
export interface WeightBlock {
  /** The diagram edge this block comes from; for an RBM block's internal bipartite weights, `${nodeId}#internal`. */
  key: string;
  edgeId?: EdgeId;
  nodeId?: NodeId;
  rows: IndexRange;
  cols: IndexRange;
  shape: [number, number];
  lateral: boolean;
  /** Initial or trained values (row-major), present when the diagram carries parameters. */
  values?: Float32Array;
  /** How the block starts when the diagram carries no values for it (the edge's or RBM block's weightInit). */
  init?: ParameterInit;
}

/** A bias vector for one node's units. */
export interface BiasBlock {
  nodeId: NodeId;
  range: IndexRange;
  values?: Float32Array;
  /** How the biases start when the diagram carries no values for them (the node's biasInit). */
  init?: ParameterInit;
}

export type EnergyFamily = 'hopfield' | 'rbm' | 'boltzmann';

interface CompiledBase {
  encoding: UnitEncoding;
  unitCount: number;
  nodes: NodeUnits[];
  /** Sorted indices of visible units. */
  visibleIndices: number[];
  /** Sorted indices of hidden units. */
  hiddenIndices: number[];
  weightBlocks: WeightBlock[];
  biasBlocks: BiasBlock[];
  /** Number of free weights plus biases. */
  parameterCount: number;
  /** Number of distinct unit pairs with a weight (symmetric pairs counted once). */
  connectionCount: number;
}

/** Symmetric energy model: H(s) = −Σ_{i<j} w_ij s_i s_j − Σ_i b_i s_i. */
export interface EnergyModelSpec extends CompiledBase {
  type: 'energy';
  family: EnergyFamily;
}

/** Directed sigmoid belief network: P(S_i = 1 | pa_i) = σ(Σ_j J_ij S_j + b_i). */
export interface BeliefNetSpec extends CompiledBase {
  type: 'belief';
  /** Node ids in a topological order (parents first). */
  topologicalOrder: NodeId[];
  /** Node ids grouped by depth: layers[0] has no parents. */
  layers: NodeId[][];
}

export type CompiledModel = EnergyModelSpec | BeliefNetSpec;

export type DiagnosticCode =
  | 'empty-diagram'
  | 'directed-cycle'
  | 'mixed-edge-kinds'
  | 'no-visible-units'
  | 'duplicate-edge'
  | 'self-coupled-unit'
  | 'self-parent-link'
  | 'empty-layer'
  | 'dangling-edge'
  | 'parameter-shape'
  | 'size-limit'
  | 'rbm-parent-link';

/** A problem with a diagram, naming the elements at fault so the canvas can highlight them. */
export interface Diagnostic {
  code: DiagnosticCode;
  severity: 'error' | 'warning';
  message: string;
  nodeIds: NodeId[];
  edgeIds: EdgeId[];
}

export type CompileResult =
  | { ok: true; model: CompiledModel; warnings: Diagnostic[] }
  | { ok: false; diagnostics: Diagnostic[] };

/** Limits beyond which a diagram is refused. */
export const COMPILE_LIMITS = {
  maxUnits: 100_000,
  maxParameters: 50_000_000,
} as const;
