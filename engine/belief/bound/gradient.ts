import * as tf from '@tensorflow/tfjs';
import { parentsOf, tiltsOf, type BoundState } from './state';
import type { BoundTables, BoundTensors } from './tables';

/** ∂F/∂J in parent format [K, N, P] and ∂F/∂b [K, N], summed over each network's rows. */
export interface BoundGradientTensors {
  weights: tf.Tensor3D;
  biases: tf.Tensor2D;
}

/**
 * Gradient of the SJJ bound with respect to the weights and biases at fixed µ, ξ (at the optimum the envelope
 * theorem makes this the total derivative; Saul, Jaakkola & Jordan 1996):
 * ∂F/∂J_ij = (µ_i − ξ_i) µ_j − Σ_t ω_it t_i µ_j e^{t_i J_ij} / (1 − µ_j + µ_j e^{t_i J_ij}),
 * ∂F/∂b_i = µ_i − ω_i1, with t ∈ {−ξ_i, 1 − ξ_i}, ω_it ∝ ⟨e^{t z_i}⟩ summing to 1 over the two tilts, ω_i1 that of t = 1 − ξ_i.
 * Rows are weighted by `rowWeights` [K, R] (a_m for mixture components, Bishop et al. §2.2), else by 1.
 */
export function boundGradient(state: BoundState, t: BoundTensors, rowWeights?: tf.Tensor2D): BoundGradientTensors {
  return tf.tidy(() => {
    const { muParents } = parentsOf(state.mu, t);
    const tilts = tiltsOf(state.xi, t);
    const raised = tf.exp(tf.mul(tf.expandDims(tilts, 4), t.parentWeights));
    const tilted = tf.div(tf.mul(muParents, raised), tf.add(1, tf.mul(muParents, tf.sub(raised, 1))));
    const omega = tf.exp(tf.sub(state.logMoments, tf.logSumExp(state.logMoments, 2, true)));
    const linear = tf.mul(tf.expandDims(tf.sub(state.mu, state.xi), 3), tf.squeeze(muParents, [2]));
    const curved = tf.sum(tf.mul(tf.expandDims(tf.mul(omega, tilts), 4), tilted), 2);
    let weights: tf.Tensor = tf.sub(linear, curved);
    let biases: tf.Tensor = tf.sub(state.mu, tf.sum(tf.mul(omega, t.tiltOffsets), 2));
    if (rowWeights) {
      weights = tf.mul(weights, tf.reshape(rowWeights, [...rowWeights.shape, 1, 1]));
      biases = tf.mul(biases, tf.expandDims(rowWeights, 2));
    }
    return { weights: tf.sum(weights, 1) as tf.Tensor3D, biases: tf.sum(biases, 1) as tf.Tensor2D };
  });
}

/** Dense [N, N] (J[i, j] ← parent slot of j in i's list) from one network's parent-format gradient [N, P]. */
export function denseFromParents(tables: BoundTables, parentFormat: ArrayLike<number>, offset: number, target: Float64Array, targetOffset: number): void {
  const n = tables.unitCount;
  const width = tables.maxParents;
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < tables.parentCount[i]; p++) target[targetOffset + i * n + tables.parentIndex[i * width + p]] += parentFormat[offset + i * width + p];
  }
}
