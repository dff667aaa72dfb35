import type { BeliefNetSpec, CompiledModel } from '../compiler/types';
import type { ModelParameters } from '../model/parameters';

/** Largest network given a dense N×N weight matrix (4096² float32 = 64 MB). */
export const MAX_DENSE_BELIEF_UNITS = 4096;

/**
 * Structure of a sigmoid belief network, shared by every network of a batch. Units are 0/1 whatever the diagram's
 * encoding setting: P(S_i = 1 | parents) = σ(Σ_j J_ij S_j + b_i) (Saul & Jordan eq. 2.1).
 */
export interface BeliefStructure {
  /** N, the number of units. */
  unitCount: number;
  /** N×N row-major: linkMask[i*N + j] = 1 when unit j is a parent of unit i, else 0. */
  linkMask: Float32Array;
  /** Every unit index, parents before children. */
  order: number[];
  /** Unit indices grouped by depth: layers[0] holds the units without parents; each layer's parents lie in earlier layers. */
  layers: number[][];
  /** Sorted indices of the observed (visible) units. */
  visibleIndices: number[];
  /** Sorted indices of the latent (hidden) units. */
  hiddenIndices: number[];
}

/** One sigmoid belief network as dense plain data. */
export interface BeliefNetwork extends BeliefStructure {
  /** J, N×N row-major: weights[i*N + j] = J_ij, the weight from parent j to child i (0 where j is not a parent of i). */
  weights: Float32Array;
  /** b, length N. */
  biases: Float32Array;
}

/** K networks of one structure, for studies over many random networks. */
export interface BeliefNetworkBatch extends BeliefStructure {
  /** K, the number of networks. */
  networkCount: number;
  /** [K, N, N] row-major: weights[(k*N + i)*N + j] = J_ij of network k. */
  weights: Float32Array;
  /** [K, N] row-major: biases[k*N + i] = b_i of network k. */
  biases: Float32Array;
}

/** The model as a BeliefNetSpec, or an Error saying it is an energy model. */
export function asBeliefSpec(model: CompiledModel): BeliefNetSpec {
  if (model.type !== 'belief') {
    throw new Error('This is a symmetric energy model (couplings); sigmoid belief network methods need a diagram with parent links');
  }
  return model;
}

/** The unit-level structure of a compiled belief network: link mask, unit order and depth layers from its node order. */
export function beliefStructure(model: BeliefNetSpec): BeliefStructure {
  const n = model.unitCount;
  if (n > MAX_DENSE_BELIEF_UNITS) {
    throw new RangeError(`Dense belief-network methods handle at most ${MAX_DENSE_BELIEF_UNITS} units; this network has ${n}`);
  }
  const linkMask = new Float32Array(n * n);
  for (const block of model.weightBlocks) {
    for (let child = block.cols.start; child < block.cols.end; child++) {
      for (let parent = block.rows.start; parent < block.rows.end; parent++) linkMask[child * n + parent] = 1;
    }
  }
  const unitsOf = new Map(model.nodes.map((node) => [node.nodeId, node.range]));
  const unitsOfNode = (id: string): number[] => {
    const range = unitsOf.get(id as never);
    if (range === undefined) throw new Error(`Belief network order names node '${id}', which the model does not have`);
    return Array.from({ length: range.end - range.start }, (_, k) => range.start + k);
  };
  const layers = model.layers.map((ids) => ids.flatMap(unitsOfNode)).filter((units) => units.length > 0);
  const order = model.topologicalOrder.flatMap(unitsOfNode);
  return { unitCount: n, linkMask, order, layers, visibleIndices: [...model.visibleIndices], hiddenIndices: [...model.hiddenIndices] };
}

/** Dense J and b from the model's parent-link blocks (block [parent r, child c] → J[child, parent]; overlapping blocks add). */
export function beliefNetwork(model: BeliefNetSpec, params: ModelParameters): BeliefNetwork {
  const structure = beliefStructure(model);
  const n = structure.unitCount;
  const weights = new Float32Array(n * n);
  const biases = new Float32Array(n);
  for (const block of model.weightBlocks) {
    const values = params.weights[block.key];
    if (values === undefined) throw new Error(`Parameters lack weights for parent link '${block.key}'`);
    const [rows, cols] = block.shape;
    if (values.length !== rows * cols) throw new Error(`Weights '${block.key}' have ${values.length} values but the link is ${rows}×${cols}`);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) weights[(block.cols.start + c) * n + block.rows.start + r] += values[r * cols + c];
    }
  }
  for (const bias of model.biasBlocks) {
    const values = params.biases[bias.nodeId];
    if (values === undefined) throw new Error(`Parameters lack biases for node '${bias.nodeId}'`);
    for (let k = 0; k < values.length; k++) biases[bias.range.start + k] += values[k];
  }
  return { ...structure, weights, biases };
}

/**
 * ModelParameters holding dense per-unit quantities (J or a gradient ∂/∂J, N×N; b or ∂/∂b, N) in the model's blocks:
 * the inverse of beliefNetwork for weights and biases, and the way learning rules hand back parameter updates.
 */
export function blockParameters(model: BeliefNetSpec, weights: ArrayLike<number>, biases: ArrayLike<number>): ModelParameters {
  const n = model.unitCount;
  if (weights.length !== n * n || biases.length !== n) {
    throw new Error(`Dense parameters must be N×N weights and N biases for N = ${n}; got ${weights.length} and ${biases.length} values`);
  }
  const params: ModelParameters = { weights: {}, biases: {} };
  for (const block of model.weightBlocks) {
    const [rows, cols] = block.shape;
    const values = new Float32Array(rows * cols);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) values[r * cols + c] = weights[(block.cols.start + c) * n + block.rows.start + r];
    }
    params.weights[block.key] = values;
  }
  for (const bias of model.biasBlocks) {
    params.biases[bias.nodeId] = Float32Array.from({ length: bias.range.end - bias.range.start }, (_, k) => biases[bias.range.start + k]);
  }
  return params;
}

/** K networks of one structure stacked into [K, N, N] and [K, N] arrays. Throws when their structures differ. */
export function stackNetworks(networks: BeliefNetwork[]): BeliefNetworkBatch {
  if (networks.length === 0) throw new Error('stackNetworks needs at least one network');
  const first = networks[0];
  const n = first.unitCount;
  const weights = new Float32Array(networks.length * n * n);
  const biases = new Float32Array(networks.length * n);
  networks.forEach((net, k) => {
    if (!sameStructure(first, net)) throw new Error(`Network ${k} has a different structure from network 0; a batch shares one structure`);
    weights.set(net.weights, k * n * n);
    biases.set(net.biases, k * n);
  });
  return { ...structureOf(first), networkCount: networks.length, weights, biases };
}

/** Network k of a batch (copies of its J and b). */
export function networkAt(batch: BeliefNetworkBatch, k: number): BeliefNetwork {
  if (!Number.isInteger(k) || k < 0 || k >= batch.networkCount) throw new RangeError(`Network index ${k} is outside 0…${batch.networkCount - 1}`);
  const n = batch.unitCount;
  return {
    ...structureOf(batch),
    weights: batch.weights.slice(k * n * n, (k + 1) * n * n),
    biases: batch.biases.slice(k * n, (k + 1) * n),
  };
}

/** A single network viewed as a batch of one (shares its arrays). */
export function asBatch(network: BeliefNetwork): BeliefNetworkBatch {
  return { ...structureOf(network), networkCount: 1, weights: network.weights, biases: network.biases };
}

/** The structure fields of a network or batch. */
export function structureOf(s: BeliefStructure): BeliefStructure {
  return { unitCount: s.unitCount, linkMask: s.linkMask, order: s.order, layers: s.layers, visibleIndices: s.visibleIndices, hiddenIndices: s.hiddenIndices };
}

function sameStructure(a: BeliefStructure, b: BeliefStructure): boolean {
  if (a.unitCount !== b.unitCount || a.visibleIndices.length !== b.visibleIndices.length) return false;
  if (a.linkMask !== b.linkMask && a.linkMask.some((m, k) => m !== b.linkMask[k])) return false;
  return a.visibleIndices.every((v, k) => v === b.visibleIndices[k]);
}

/** Parents of unit i (indices j with a link j → i). */
export function parentsOf(s: BeliefStructure, i: number): number[] {
  const n = s.unitCount;
  const parents: number[] = [];
  for (let j = 0; j < n; j++) if (s.linkMask[i * n + j] !== 0) parents.push(j);
  return parents;
}

/** Children of unit j (indices i with a link j → i). */
export function childrenOf(s: BeliefStructure, j: number): number[] {
  const n = s.unitCount;
  const children: number[] = [];
  for (let i = 0; i < n; i++) if (s.linkMask[i * n + j] !== 0) children.push(i);
  return children;
}
