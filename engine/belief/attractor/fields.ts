import * as tf from '@tensorflow/tfjs';
import { toBatch } from '../exact';
import type { BeliefNetwork, BeliefNetworkBatch, BeliefStructure } from '../network';

/**
 * Where J can be nonzero: every parent lies in units [0, parentEnd) and every child in [childStart, childEnd), so
 * products with J need only that block (for 8-24-64 in top-down order, 88 × 32 of the 96 × 96 entries).
 */
export interface LinkBlock {
  parentEnd: number;
  childStart: number;
  childEnd: number;
}

/** The smallest LinkBlock holding every link of `structure` (at least one unit wide, so products keep their shapes). */
export function linkBlock(structure: BeliefStructure): LinkBlock {
  const n = structure.unitCount;
  let [parentEnd, childStart, childEnd] = [0, n, 0];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (structure.linkMask[i * n + j] === 0) continue;
      parentEnd = Math.max(parentEnd, j + 1);
      childStart = Math.min(childStart, i);
      childEnd = Math.max(childEnd, i + 1);
    }
  }
  return childEnd === 0 ? { parentEnd: 1, childStart: 0, childEnd: 1 } : { parentEnd, childStart, childEnd };
}

/** What NetworkTensors hold besides the parameters: sizes, link block, masks and constants. */
export interface StructureTensors extends LinkBlock {
  networkCount: number;
  unitCount: number;
  /** One [1, 1, N] 0/1 mask per depth layer (parents before children), for the top-down pass. */
  layerMasks: tf.Tensor3D[];
  /** [1, c, p] 0/1 on the link block: 1 where unit j is a parent of unit i. */
  linkMask: tf.Tensor3D;
  /** Scalars 1 and ½, made once instead of once per operation. */
  one: tf.Scalar;
  half: tf.Scalar;
}

/** K networks of one structure on the backend, J held on its link block; the caller disposes them. */
export interface NetworkTensors extends StructureTensors {
  /** J on the link block, [K, c, p]: block[k, i − childStart, j] = J_ij (parent j → child i). */
  block: tf.Tensor3D;
  /** J ⊙ J on the link block. */
  squaredBlock: tf.Tensor3D;
  /** J[:, :, 0:p], [K, N, p]: the block with zero rows for units outside the child range. */
  columns: tf.Tensor3D;
  /** J ⊙ J on the same columns. */
  squaredColumns: tf.Tensor3D;
  /** b, [K, 1, N]. */
  biases: tf.Tensor3D;
  dispose(): void;
}

/** Uploads J (its link block), J ⊙ J, b and the structure masks of `net`. */
export function networkTensors(net: BeliefNetwork | BeliefNetworkBatch): NetworkTensors {
  const batch = toBatch(net);
  const k = batch.networkCount;
  const n = batch.unitCount;
  if (batch.weights.length !== k * n * n || batch.biases.length !== k * n) {
    throw new Error(`A batch of ${k} networks of ${n} units needs ${k * n * n} weights and ${k * n} biases; got ${batch.weights.length} and ${batch.biases.length}`);
  }
  const range = linkBlock(batch);
  const [c, p] = [range.childEnd - range.childStart, range.parentEnd];
  const cut = (values: Float32Array, count: number): Float32Array => {
    const out = new Float32Array(count * c * p);
    for (let net = 0; net < count; net++) {
      for (let i = 0; i < c; i++) {
        const row = (net * n + range.childStart + i) * n;
        out.set(values.subarray(row, row + p), (net * c + i) * p);
      }
    }
    return out;
  };
  const structure: StructureTensors = {
    ...range,
    networkCount: k,
    unitCount: n,
    layerMasks: layerMasks(batch),
    linkMask: tf.tensor3d(cut(batch.linkMask, 1), [1, c, p]),
    one: tf.scalar(1),
    half: tf.scalar(0.5),
  };
  const tensors = withParameters(structure, tf.tensor3d(cut(batch.weights, k), [k, c, p]), tf.tensor3d(batch.biases, [k, 1, n]));
  return { ...tensors, dispose: () => (tensors.dispose(), disposeStructure(structure)) };
}

/** Frees the structure tensors (masks and constants). */
export function disposeStructure(structure: StructureTensors): void {
  tf.dispose([structure.linkMask, structure.one, structure.half, ...structure.layerMasks]);
}

/**
 * `structure` with parameters J (link block [K, c, p]) and b ([K, 1, N]), both taken over; dispose() frees the parameter
 * tensors only, so successive parameter sets can share one structure.
 */
export function withParameters(structure: StructureTensors, block: tf.Tensor3D, biases: tf.Tensor3D): NetworkTensors {
  const { unitCount: n, childStart, childEnd } = structure;
  const [squaredBlock, columns, squaredColumns] = tf.tidy(() => {
    const squared = tf.square(block) as tf.Tensor3D;
    const rows = (x: tf.Tensor3D): tf.Tensor3D => (childStart === 0 && childEnd === n ? tf.clone(x) : tf.pad(x, [[0, 0], [childStart, n - childEnd], [0, 0]]));
    return [squared, rows(block), rows(squared)];
  });
  const own = [block, squaredBlock, columns, squaredColumns, biases];
  const { networkCount, unitCount, parentEnd, layerMasks: masks, linkMask, one, half } = structure;
  return {
    networkCount, unitCount, parentEnd, childStart, childEnd, layerMasks: masks, linkMask, one, half,
    block, squaredBlock, columns, squaredColumns, biases,
    dispose: () => tf.dispose(own),
  };
}

/** A link-block quantity [K, c, p] (J, or a change of J) as a dense [K, N, N] tensor, zero outside the block. */
export function denseBlock(net: LinkBlock & { unitCount: number }, block: tf.Tensor3D): tf.Tensor3D {
  const { unitCount: n, childStart, childEnd, parentEnd } = net;
  return tf.pad(block, [[0, 0], [childStart, n - childEnd], [0, n - parentEnd]]);
}

/** Units [start, end) of x [K, B, N] along its last axis (x itself when that is every unit). */
export function unitRange(x: tf.Tensor3D, start: number, end: number): tf.Tensor3D {
  return start === 0 && end === x.shape[2] ? x : tf.slice(x, [0, 0, start], [-1, -1, end - start]);
}

function layerMasks(structure: BeliefStructure): tf.Tensor3D[] {
  const n = structure.unitCount;
  return structure.layers.map((units) => {
    const mask = new Float32Array(n);
    for (const u of units) mask[u] = 1;
    return tf.tensor3d(mask, [1, 1, n]);
  });
}

/** Parent sums of eqs. A.5–A.6 and the conjugate fields of eqs. 3.6–3.7 at one state, each [K, B, N]. */
export interface Fields {
  /** ⟨z_i⟩ = Σ_j J_ij µ_j + b_i (eq. A.5). */
  mean: tf.Tensor3D;
  /** ⟨δz_i²⟩ = Σ_j J_ij² µ_j(1 − µ_j) (eq. A.6). */
  variance: tf.Tensor3D;
  /** h_i = ⟨z_i⟩ + ½(1 − 2ξ_i)⟨δz_i²⟩ (eq. 3.7). */
  h: tf.Tensor3D;
}

/** ⟨z⟩ = Σ_j J_ij µ_j + b_i (eq. A.5) for means µ [K, B, N], through the parent columns of J only. */
export function parentMean(net: NetworkTensors, means: tf.Tensor3D): tf.Tensor3D {
  return tf.add(tf.matMul(unitRange(means, 0, net.parentEnd), net.columns, false, true), net.biases) as tf.Tensor3D;
}

/** ⟨z⟩ and ⟨δz²⟩ (eqs. A.5–A.6) for means µ [K, B, N], through the parent columns of J only. */
export function parentSums(net: NetworkTensors, means: tf.Tensor3D): { mean: tf.Tensor3D; variance: tf.Tensor3D } {
  const parents = unitRange(means, 0, net.parentEnd);
  const mean = tf.add(tf.matMul(parents, net.columns, false, true), net.biases) as tf.Tensor3D;
  const variance = tf.matMul(tf.mul(parents, tf.sub(net.one, parents)), net.squaredColumns, false, true) as tf.Tensor3D;
  return { mean, variance };
}

/** ⟨z⟩, ⟨δz²⟩ and h (eq. 3.7). */
export function fields(net: NetworkTensors, means: tf.Tensor3D, signals: tf.Tensor3D): Fields {
  const { mean, variance } = parentSums(net, means);
  return { mean, variance, h: tf.add(mean, tf.mul(tf.sub(net.half, signals), variance)) as tf.Tensor3D };
}

/** g_i = ⟨z_i⟩ + Σ_j J_ji(µ_j − ξ_j) − ½(1 − 2µ_i) Σ_j J_ji² ξ_j(1 − ξ_j) (Saul & Jordan eq. 3.6); child sums only reach parents. */
export function gField(net: NetworkTensors, means: tf.Tensor3D, signals: tf.Tensor3D, mean: tf.Tensor3D): tf.Tensor3D {
  const { childStart, childEnd, parentEnd, unitCount: n } = net;
  const childMeans = unitRange(means, childStart, childEnd);
  const childSignals = unitRange(signals, childStart, childEnd);
  const fromChildren = tf.matMul(tf.sub(childMeans, childSignals), net.block);
  const spread = tf.matMul(tf.mul(childSignals, tf.sub(net.one, childSignals)), net.squaredBlock);
  const correction = tf.sub(fromChildren, tf.mul(tf.sub(net.half, unitRange(means, 0, parentEnd)), spread)) as tf.Tensor3D;
  return tf.add(mean, parentEnd === n ? correction : tf.pad(correction, [[0, 0], [0, 0], [0, n - parentEnd]])) as tf.Tensor3D;
}

/** Smallest µ fed to a logarithm: 0·ln(1e-30) is 0, as the entropy needs, where 0·ln 0 would be NaN. */
const TINY = 1e-30;

/**
 * L per pattern, [K, B] (Saul & Jordan eq. 3.10 with ∫σ⁻¹ = µ ln µ + (1−µ) ln(1−µ) and ∫σ = ln(1 + e^h), eqs. A.12–A.13;
 * biases enter as weights from an always-on unit): −Σ_i µ_i⟨z_i⟩ + ½Σ_i ξ_i²⟨δz_i²⟩ + Σ_i [µ_i ln µ_i + (1−µ_i) ln(1−µ_i)] + Σ_i ln(1 + e^{h_i}).
 * Clamped units hold 0 or 1 and so add no entropy.
 */
export function lyapunovTensor(means: tf.Tensor3D, signals: tf.Tensor3D, f: Fields): tf.Tensor2D {
  const complement = tf.sub(1, means);
  const entropyTerm = tf.add(tf.mul(means, tf.log(tf.maximum(means, TINY))), tf.mul(complement, tf.log(tf.maximum(complement, TINY))));
  const perUnit = tf.addN([tf.neg(tf.mul(means, f.mean)), tf.mul(tf.mul(0.5, tf.square(signals)), f.variance), entropyTerm, tf.softplus(f.h)]);
  return tf.sum(perUnit, 2) as tf.Tensor2D;
}
