import * as tf from '@tensorflow/tfjs';
import { checkEvidence, evidenceStates, type BeliefEvidence } from '../evidence';
import { childrenOf, parentsOf, type BeliefNetworkBatch } from '../network';

/**
 * Index tables of the SJJ bound: each unit's parents padded to a common width (padding points at unit 0 with
 * weight 0, so its factor 1 − µ + µ e^{t·0} is 1) and each unit's children.
 */
export interface BoundTables {
  unitCount: number;
  /** Widest parent list (at least 1). */
  maxParents: number;
  /** [N · maxParents] parent indices, padded with 0. */
  parentIndex: Int32Array;
  /** Number of real (unpadded) parents of each unit. */
  parentCount: Int32Array;
  /** Children of each unit. */
  children: number[][];
  /** Unobserved units in the order their means are updated (topological). */
  free: number[];
  /** Units with at least one parent (their ξ is optimised; for the others every ξ gives the exact term). */
  withParents: number[];
}

/** The index tables of `batch` with the evidence's units observed (refuses evidence that does not fit). */
export function boundTables(batch: BeliefNetworkBatch, evidence: BeliefEvidence): BoundTables {
  const n = batch.unitCount;
  const unobserved = new Set(checkEvidence(batch, evidence));
  const parents = Array.from({ length: n }, (_, i) => parentsOf(batch, i));
  const maxParents = Math.max(1, ...parents.map((p) => p.length));
  const parentIndex = new Int32Array(n * maxParents);
  parents.forEach((list, i) => list.forEach((j, p) => (parentIndex[i * maxParents + p] = j)));
  return {
    unitCount: n,
    maxParents,
    parentIndex,
    parentCount: Int32Array.from(parents, (list) => list.length),
    children: Array.from({ length: n }, (_, j) => childrenOf(batch, j)),
    free: batch.order.filter((i) => unobserved.has(i)),
    withParents: parents.flatMap((list, i) => (list.length > 0 ? [i] : [])),
  };
}

/** Per-unit tensors of a mean update: the unit's children and the weights J_ik to them. */
export interface UnitTensors {
  unit: number;
  /** Number of children C. */
  childCount: number;
  /** [N, C] one-hot columns picking the children out of [.., N] by matMul (cheaper than gather on wasm). */
  childSelect: tf.Tensor2D;
  /** [C, N] the transpose: adds per-child changes back into [.., N]. */
  childScatter: tf.Tensor2D;
  /** [K, 1, 1, C] J_ik for child i. */
  childWeights: tf.Tensor4D;
  /** [N] one-hot of the unit. */
  unitHot: tf.Tensor1D;
}

/** Network tensors shared by every sweep: K networks, R problems (patterns × components) per network. */
export interface BoundTensors {
  networkCount: number;
  /** Problems per network. */
  rows: number;
  tables: BoundTables;
  /** [K, 1, 1, N, P] J_i,parent(i,p) (0 for padding). */
  parentWeights: tf.Tensor5D;
  /** [N, N·P] one-hot columns: µ [.., N] times this gives the parents' means [.., N·P] (0 for padding). */
  parentSelect: tf.Tensor2D;
  /** [K, 1, N] b_i. */
  biases: tf.Tensor3D;
  /** [1, 1, 2, 1] the offsets 0 and 1 of the two tilts t = −ξ and t = 1 − ξ. */
  tiltOffsets: tf.Tensor4D;
  /** [K, R, N] observed values (0 for unobserved units). */
  observed: tf.Tensor3D;
  /** [N] 1 for unobserved units. */
  freeMask: tf.Tensor1D;
  /** Indexed by unit; defined for free units with children. */
  units: (UnitTensors | undefined)[];
  /** [N, 1] one-hot column of each unit: picks unit i out of [.., N] by matMul (tf.slice is slow on wasm). */
  columns: tf.Tensor2D[];
  /** [N] one-hot of each unit. */
  hots: tf.Tensor1D[];
  dispose(): void;
}

/**
 * Tensors for `batch` with evidence pattern p in rows p·replicas … p·replicas + replicas − 1 (replicas = mixture
 * components, 1 for plain mean field).
 */
export function createBoundTensors(batch: BeliefNetworkBatch, evidence: BeliefEvidence, replicas = 1): BoundTensors {
  const tables = boundTables(batch, evidence);
  const n = batch.unitCount;
  const k = batch.networkCount;
  const width = tables.maxParents;
  const rows = evidence.count * replicas;
  const gathered = new Float32Array(k * n * width);
  const select = new Float32Array(n * n * width);
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < tables.parentCount[i]; p++) {
      const j = tables.parentIndex[i * width + p];
      select[j * n * width + i * width + p] = 1;
      for (let net = 0; net < k; net++) gathered[(net * n + i) * width + p] = batch.weights[(net * n + i) * n + j];
    }
  }
  const observedRows = evidenceStates(batch, evidence);
  const replicated = new Float32Array(rows * n);
  for (let r = 0; r < rows; r++) replicated.set(observedRows.subarray(Math.floor(r / replicas) * n, Math.floor(r / replicas) * n + n), r * n);
  const freeMask = new Float32Array(n);
  for (const i of tables.free) freeMask[i] = 1;
  const units = Array.from({ length: n }, (_, unit): UnitTensors | undefined => {
    const children = tables.children[unit];
    if (children.length === 0 || freeMask[unit] === 0) return undefined;
    const c = children.length;
    const weights = new Float32Array(k * c);
    for (let net = 0; net < k; net++) children.forEach((i, m) => (weights[net * c + m] = batch.weights[(net * n + i) * n + unit]));
    const scatter = new Float32Array(c * n);
    const pick = new Float32Array(n * c);
    children.forEach((i, m) => {
      scatter[m * n + i] = 1;
      pick[i * c + m] = 1;
    });
    const hot = new Float32Array(n);
    hot[unit] = 1;
    return {
      unit,
      childCount: c,
      childSelect: tf.tensor2d(pick, [n, c]),
      childScatter: tf.tensor2d(scatter, [c, n]),
      childWeights: tf.tensor4d(weights, [k, 1, 1, c]),
      unitHot: tf.tensor1d(hot),
    };
  });
  const tensors: BoundTensors = {
    networkCount: k,
    rows,
    tables,
    parentWeights: tf.tensor5d(gathered, [k, 1, 1, n, width]),
    parentSelect: tf.tensor2d(select, [n, n * width]),
    biases: tf.tensor3d(batch.biases, [k, 1, n]),
    tiltOffsets: tf.tensor4d([0, 1], [1, 1, 2, 1]),
    observed: tf.tidy(() => tf.tile(tf.tensor3d(replicated, [1, rows, n]), [k, 1, 1])) as tf.Tensor3D,
    freeMask: tf.tensor1d(freeMask),
    units,
    columns: Array.from({ length: n }, (_, i) => tf.tensor2d(Float32Array.from({ length: n }, (_, j) => (j === i ? 1 : 0)), [n, 1])),
    hots: Array.from({ length: n }, (_, i) => tf.tensor1d(Float32Array.from({ length: n }, (_, j) => (j === i ? 1 : 0)))),
    dispose() {
      tf.dispose([tensors.parentWeights, tensors.parentSelect, tensors.biases, tensors.tiltOffsets, tensors.observed, tensors.freeMask]);
      tf.dispose([...tensors.columns, ...tensors.hots]);
      for (const u of units) if (u) tf.dispose([u.childSelect, u.childScatter, u.childWeights, u.unitHot]);
    },
  };
  return tensors;
}

/** Unit i of x [.., N] as [.., 1]. */
export const columnOf = <T extends tf.Tensor>(x: T, t: BoundTensors, unit: number): T => selectUnits(x, t.columns[unit]) as T;

/** x [K, R, ..., N] times a selection matrix [N, M] along the last axis. */
export function selectUnits(x: tf.Tensor, matrix: tf.Tensor2D): tf.Tensor {
  const shape = x.shape;
  const n = shape[shape.length - 1];
  const out = tf.matMul(tf.reshape(x, [-1, n]), matrix);
  return tf.reshape(out, [...shape.slice(0, -1), matrix.shape[1]]);
}
