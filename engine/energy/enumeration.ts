import * as tf from '@tensorflow/tfjs';
import type { EnumerationChunk, EnumerationPlan } from './states';

/** W (N×N, symmetric, zero diagonal) and b (N) as tensors, inverse temperature β. */
export interface EnergyTensors {
  couplings: tf.Tensor2D;
  biases: tf.Tensor1D;
  beta: number;
}

/** Exact averages over a plan: Σ_μ ω_μ ⟨·⟩_μ with ⟨·⟩_μ over P(free units | pattern μ) ∝ exp(−βH). */
export interface EnumerationStatistics {
  /** log Σ_{free} exp(−βH(s)) per group (for the free plan: [log Z]). */
  groupLogNormalizers: tf.Tensor1D;
  /** Σ_μ ω_μ ⟨s_i⟩_μ, length N. */
  meanStates: tf.Tensor1D;
  /** Σ_μ ω_μ ⟨s_i s_j⟩_μ, N×N (the diagonal holds ⟨s_i²⟩). */
  correlations: tf.Tensor2D;
  /** ⟨s⟩_μ per group, groups × N (only when asked for). */
  groupMeans?: tf.Tensor2D;
}

/** −H of each row of `states` (embedded, zeros elsewhere): ½ sᵀWs + bᵀs, and S·W for reuse. */
function negativeEnergies(states: tf.Tensor2D, energy: EnergyTensors): { negEnergy: tf.Tensor1D; statesW: tf.Tensor2D } {
  const statesW = tf.matMul(states, energy.couplings);
  const quadratic = tf.mul(tf.sum(tf.mul(statesW, states), 1), 0.5);
  const linear = tf.reshape(tf.matMul(states, tf.reshape(energy.biases, [-1, 1])), [-1]);
  return { negEnergy: tf.add(quadratic, linear) as tf.Tensor1D, statesW: statesW as tf.Tensor2D };
}

/** Log-weights −βH(r + k) of a chunk, rows × cols: −β[H(r) + H(k) − rᵀWk]. */
export function chunkLogWeights(chunk: EnumerationChunk, plan: EnumerationPlan, energy: EnergyTensors): tf.Tensor2D {
  return tf.tidy(() => {
    const row = negativeEnergies(chunk.rows, energy);
    const col = negativeEnergies(plan.cols, energy);
    const cross = tf.matMul(row.statesW, plan.cols, false, true);
    const total = tf.add(tf.add(cross, tf.reshape(row.negEnergy, [-1, 1])), tf.reshape(col.negEnergy, [1, -1]));
    return tf.mul(total, energy.beta) as tf.Tensor2D;
  });
}

function chunkStatistics(chunk: EnumerationChunk, plan: EnumerationPlan, energy: EnergyTensors, withGroupMeans: boolean) {
  const n = plan.unitCount;
  const rowsPerGroup = 1 << plan.rowUnits.length;
  const colCount = 1 << plan.colUnits.length;
  const logWeights = chunkLogWeights(chunk, plan, energy);
  // Two-stage log-sum-exp (over columns, then over a group's rows): float32 sums stay short (≤ 2^12 terms each).
  // tf.logSumExp subtracts the maximum before exponentiating, so any finite log-weights are safe.
  const rowLogSums = tf.reshape(tf.logSumExp(logWeights, -1), [chunk.groupCount, rowsPerGroup]);
  const logNormalizers = tf.logSumExp(rowLogSums, -1) as tf.Tensor1D;
  const perGroup = tf.reshape(logWeights, [chunk.groupCount, rowsPerGroup, colCount]);
  const conditional = tf.exp(tf.sub(perGroup, tf.reshape(logNormalizers, [-1, 1, 1])));
  const joint = tf.reshape(tf.mul(conditional, tf.reshape(chunk.groupWeights, [-1, 1, 1])), [-1, colCount]) as tf.Tensor2D;
  const rowMass = tf.sum(joint, 1);
  const colMass = tf.sum(joint, 0);
  const means = tf.add(tf.matMul(tf.reshape(rowMass, [1, -1]), chunk.rows), tf.matMul(tf.reshape(colMass, [1, -1]), plan.cols));
  const rowSecond = tf.matMul(tf.mul(chunk.rows, tf.reshape(rowMass, [-1, 1])), chunk.rows, true, false);
  const colSecond = tf.matMul(tf.mul(plan.cols, tf.reshape(colMass, [-1, 1])), plan.cols, true, false);
  const cross = tf.matMul(chunk.rows, tf.matMul(joint, plan.cols), true, false);
  const correlations = tf.add(tf.add(rowSecond, colSecond), tf.add(cross, tf.transpose(cross)));
  let groupMeans: tf.Tensor2D | undefined;
  if (withGroupMeans) {
    const rowPart = tf.sum(tf.mul(tf.reshape(chunk.rows, [chunk.groupCount, rowsPerGroup, n]), tf.sum(conditional, 2, true)), 1);
    const colPart = tf.matMul(tf.sum(conditional, 1) as tf.Tensor2D, plan.cols);
    groupMeans = tf.add(rowPart, colPart) as tf.Tensor2D;
  }
  return { logNormalizers, means: tf.reshape(means, [-1]) as tf.Tensor1D, correlations: correlations as tf.Tensor2D, groupMeans };
}

/** Exact statistics of a plan by enumeration (batched matMuls, no per-state JS loops); caller disposes the result. */
export function enumerationStatistics(plan: EnumerationPlan, energy: EnergyTensors, withGroupMeans = false): EnumerationStatistics {
  return tf.tidy((): tf.TensorContainer => {
    const parts = plan.chunks.map((chunk) => chunkStatistics(chunk, plan, energy, withGroupMeans));
    const stats: EnumerationStatistics = {
      groupLogNormalizers: (parts.length === 1 ? parts[0].logNormalizers : tf.concat(parts.map((p) => p.logNormalizers))) as tf.Tensor1D,
      meanStates: tf.addN(parts.map((p) => p.means)) as tf.Tensor1D,
      correlations: tf.addN(parts.map((p) => p.correlations)) as tf.Tensor2D,
    };
    if (withGroupMeans) stats.groupMeans = tf.concat(parts.map((p) => p.groupMeans!)) as tf.Tensor2D;
    return stats as unknown as tf.TensorContainer;
  }) as unknown as EnumerationStatistics;
}
