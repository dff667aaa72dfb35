import * as tf from '@tensorflow/tfjs';
import type { EnergyModelSpec } from '../../compiler/types';
import { selfPairMask } from './operator';
import { meanFieldFreeEnergyTensor } from './freeEnergy';
import { iterateMeanField, type ClampTensors, type IterationSettings } from './iterate';
import type { CouplingLayout } from './layout';
import type { CouplingOperator } from './operator';

/** One phase's annealed mean-field solutions for a batch of patterns (tensors owned by the holder). */
export interface PhaseSolution {
  /** m [P, N] in natural unit order. */
  means: tf.Tensor2D;
  /** F_MF per pattern at the final β. */
  freeEnergies: Float32Array;
  converged: boolean;
  residual: number;
  iterations: number;
}

/** Anneals a batch from `initial` (internal order, not disposed) under `clamp` and returns means in natural order. */
export function solvePhase(
  layout: CouplingLayout,
  operator: CouplingOperator,
  settings: IterationSettings,
  initial: tf.Tensor2D,
  clamp?: ClampTensors,
): PhaseSolution {
  const outcome = iterateMeanField(operator, initial, settings, clamp);
  const energies = meanFieldFreeEnergyTensor(operator, outcome.means, settings.beta, settings.encoding);
  const freeEnergies = Float32Array.from(energies.dataSync());
  energies.dispose();
  const means = layout.identity ? outcome.means : tf.tidy(() => tf.gather(outcome.means, tf.tensor1d(layout.position, 'int32'), 1));
  if (means !== outcome.means) outcome.means.dispose();
  return {
    means,
    freeEnergies,
    converged: outcome.converged,
    residual: outcome.residuals.reduce((a, r) => Math.max(a, r), 0),
    iterations: outcome.iterations + outcome.annealingIterations,
  };
}

/** ⟨s_i s_j⟩ ≈ Σ_p P_p m_i^p m_j^p per weight block (rows × cols) and ⟨s_i⟩ ≈ Σ_p P_p m_i^p, from one phase (Peterson & Anderson eq. 2.9 form). */
export interface PhaseMoments {
  blocks: Record<string, tf.Tensor2D>;
  /** [N] natural order. */
  means: tf.Tensor1D;
}

/** Pattern-weighted mean-field moments of `means` [P, N] with weights [P, 1] summing to 1; lateral blocks symmetric, self pairs 0. */
export function phaseMoments(model: EnergyModelSpec, means: tf.Tensor2D, weights: tf.Tensor2D): PhaseMoments {
  return tf.tidy(() => {
    const weighted = tf.mul(means, weights);
    const blocks: Record<string, tf.Tensor2D> = {};
    for (const b of model.weightBlocks) {
      const rows = tf.slice(weighted, [0, b.rows.start], [-1, b.rows.end - b.rows.start]);
      const cols = tf.slice(means, [0, b.cols.start], [-1, b.cols.end - b.cols.start]);
      let moments: tf.Tensor2D = tf.matMul(tf.transpose(rows), cols);
      if (b.lateral) moments = tf.mul(tf.add(moments, tf.transpose(moments)), 0.5);
      const mask = selfPairMask(b);
      blocks[b.key] = mask ? tf.mul(moments, mask) : moments;
    }
    return { blocks, means: tf.sum(weighted, 0) as tf.Tensor1D };
  });
}
