import * as tf from '@tensorflow/tfjs';
import type { BeliefNetwork, BeliefNetworkBatch } from '../network';
import { attractorSettings, relaxState, type AttractorArgs, type AttractorState } from './dynamics';
import { clampTensors } from './clamp';
import type { BeliefEvidence } from '../evidence';
import { toBatch } from '../exact';
import { denseBlock, networkTensors, unitRange, type NetworkTensors } from './fields';
import { readTensors } from './relax';

/** Learning direction per network: weights on the link block [K, c, p] (zero off the parent links) and biases [K, 1, N]. */
export interface DirectionTensors {
  weights: tf.Tensor3D;
  biases: tf.Tensor3D;
}

/**
 * Saul & Jordan eq. 3.17 averaged over patterns (weighted by `patternWeights` [K, B, 1] when given):
 * ΔJ_ij ∝ (µ_i − ξ_i)µ_j − J_ij ξ_i(1 − ξ_i)µ_j(1 − µ_j) on parent links, Δb_i ∝ µ_i − ξ_i (a weight from an always-on unit).
 * At a fixed point (ξ = σ(h)) this is −∂L/∂J, and by eq. 3.16 −dL/dJ.
 */
export function learningDirection(net: NetworkTensors, state: AttractorState, patternWeights?: tf.Tensor3D): DirectionTensors {
  return tf.tidy(() => {
    const { means, signals } = state;
    const weigh = (x: tf.Tensor3D): tf.Tensor3D => (patternWeights ? (tf.mul(x, patternWeights) as tf.Tensor3D) : x);
    const count = patternWeights ? tf.maximum(tf.sum(patternWeights, 1, true), 1) : tf.scalar(means.shape[1]);
    const children = (x: tf.Tensor3D): tf.Tensor3D => unitRange(x, net.childStart, net.childEnd);
    const parents = unitRange(means, 0, net.parentEnd);
    const error = weigh(tf.sub(means, signals) as tf.Tensor3D);
    const delta = tf.matMul(children(error), parents, true, false);
    const spread = weigh(tf.mul(signals, tf.sub(net.one, signals)) as tf.Tensor3D);
    const decay = tf.mul(net.block, tf.matMul(children(spread), tf.mul(parents, tf.sub(net.one, parents)), true, false));
    const weights = tf.div(tf.mul(tf.sub(delta, decay), net.linkMask), count) as tf.Tensor3D;
    const biases = tf.div(tf.sum(error, 1, true), count) as tf.Tensor3D;
    return { weights, biases };
  });
}

/** Rule 3.17 after relaxation, as plain data: mean over patterns per network, and L at the relaxed states. */
export interface LearningDirection {
  /** [K, N, N]: ΔJ_ij per unit learning rate (zero where j is not a parent of i). */
  weights: Float32Array;
  /** [K, N]: Δb_i per unit learning rate. */
  biases: Float32Array;
  /** L (eq. 3.10) per pattern at the relaxed states, [K, B]. */
  lyapunov: Float32Array;
}

/**
 * Relaxes the attractor dynamics under `evidence` (top-down start) and returns Saul & Jordan's learning direction
 * (eq. 3.17) averaged over the patterns — an ascent direction on −L.
 */
export async function attractorLearningDirection(
  net: BeliefNetwork | BeliefNetworkBatch,
  evidence: BeliefEvidence,
  args: AttractorArgs = {},
): Promise<LearningDirection> {
  const settings = attractorSettings(args);
  const batch = toBatch(net);
  const tensors = networkTensors(batch);
  const clamp = clampTensors(batch, evidence);
  try {
    const relaxed = relaxState(tensors, clamp, settings);
    const direction = learningDirection(tensors, relaxed.state);
    const outputs = [denseBlock(tensors, direction.weights), direction.biases, relaxed.lyapunov];
    direction.weights.dispose();
    const [weights, biases, lyapunov] = await readTensors(outputs).finally(() => {
      outputs.forEach((t) => t.dispose());
      relaxed.state.means.dispose();
      relaxed.state.signals.dispose();
    });
    return { weights, biases, lyapunov };
  } finally {
    clamp.dispose();
    tensors.dispose();
  }
}
