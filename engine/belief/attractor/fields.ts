import * as tf from '@tensorflow/tfjs';
import { toBatch } from '../exact';
import type { BeliefNetwork, BeliefNetworkBatch, BeliefStructure } from '../network';

/** K networks of one structure on the backend; the caller disposes them. */
export interface NetworkTensors {
  networkCount: number;
  unitCount: number;
  /** J, [K, N, N]: weights[k, i, j] = J_ij (parent j → child i). */
  weights: tf.Tensor3D;
  /** J ⊙ J, [K, N, N]. */
  squaredWeights: tf.Tensor3D;
  /** b, [K, 1, N]. */
  biases: tf.Tensor3D;
  /** One [1, 1, N] 0/1 mask per depth layer (parents before children), for the top-down pass. */
  layerMasks: tf.Tensor3D[];
  /** [1, N, N] 0/1: 1 where unit j is a parent of unit i. */
  linkMask: tf.Tensor3D;
  /** Scalars 1 and ½, made once instead of once per operation. */
  one: tf.Scalar;
  half: tf.Scalar;
  dispose(): void;
}

/** Uploads J, J ⊙ J, b and the structure masks of `net`. */
export function networkTensors(net: BeliefNetwork | BeliefNetworkBatch): NetworkTensors {
  const batch = toBatch(net);
  const k = batch.networkCount;
  const n = batch.unitCount;
  if (batch.weights.length !== k * n * n || batch.biases.length !== k * n) {
    throw new Error(`A batch of ${k} networks of ${n} units needs ${k * n * n} weights and ${k * n} biases; got ${batch.weights.length} and ${batch.biases.length}`);
  }
  const weights = tf.tensor3d(batch.weights, [k, n, n]);
  const squaredWeights = tf.square(weights) as tf.Tensor3D;
  const biases = tf.tensor3d(batch.biases, [k, 1, n]);
  const masks = layerMasks(batch);
  const linkMask = tf.tensor3d(batch.linkMask, [1, n, n]);
  const one = tf.scalar(1);
  const half = tf.scalar(0.5);
  const all = [weights, squaredWeights, biases, linkMask, one, half, ...masks];
  return { networkCount: k, unitCount: n, weights, squaredWeights, biases, layerMasks: masks, linkMask, one, half, dispose: () => all.forEach((t) => t.dispose()) };
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

/** ⟨z⟩ and ⟨δz²⟩ (eqs. A.5–A.6) for means µ [K, B, N]. */
export function parentSums(net: NetworkTensors, means: tf.Tensor3D): { mean: tf.Tensor3D; variance: tf.Tensor3D } {
  const mean = tf.add(tf.matMul(means, net.weights, false, true), net.biases) as tf.Tensor3D;
  const variance = tf.matMul(tf.mul(means, tf.sub(net.one, means)), net.squaredWeights, false, true) as tf.Tensor3D;
  return { mean, variance };
}

/** ⟨z⟩, ⟨δz²⟩ and h (eq. 3.7). */
export function fields(net: NetworkTensors, means: tf.Tensor3D, signals: tf.Tensor3D): Fields {
  const { mean, variance } = parentSums(net, means);
  return { mean, variance, h: tf.add(mean, tf.mul(tf.sub(net.half, signals), variance)) as tf.Tensor3D };
}

/** g_i = ⟨z_i⟩ + Σ_j J_ji(µ_j − ξ_j) − ½(1 − 2µ_i) Σ_j J_ji² ξ_j(1 − ξ_j) (Saul & Jordan eq. 3.6). */
export function gField(net: NetworkTensors, means: tf.Tensor3D, signals: tf.Tensor3D, mean: tf.Tensor3D): tf.Tensor3D {
  const fromChildren = tf.matMul(tf.sub(means, signals), net.weights);
  const spread = tf.matMul(tf.mul(signals, tf.sub(net.one, signals)), net.squaredWeights);
  return tf.sub(tf.add(mean, fromChildren), tf.mul(tf.sub(net.half, means), spread)) as tf.Tensor3D;
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
