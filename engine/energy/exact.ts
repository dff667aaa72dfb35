import * as tf from '@tensorflow/tfjs';
import type { EnergyModelSpec } from '../compiler/types';
import type { BinaryDataset } from '../data/dataset';
import type { ModelParameters } from '../model/parameters';
import { denseCouplings, type DenseEnergy } from './dense';
import { dataFit, empiricalDistribution } from './empirical';
import { chunkLogWeights, enumerationStatistics, type EnergyTensors } from './enumeration';
import { createEnumerationPlan, type EnumerationPlan } from './states';

/** Exact moments of the Boltzmann distribution P(s) = exp(−βH(s))/Z (Mehlig eq. 4.2). */
export interface ExactModelStatistics {
  /** log Z = log Σ_s exp(−βH(s)). */
  logPartition: number;
  /** F = −β⁻¹ log Z. */
  freeEnergy: number;
  /** ⟨s_i⟩, length N. */
  meanStates: Float64Array;
  /** ⟨s_i s_j⟩, N×N row-major (diagonal ⟨s_i²⟩). */
  correlations: Float64Array;
}

/** Runs `fn` with W, b as tensors and disposes them (and anything `fn` registers) afterwards. */
function withEnergy<T>(dense: DenseEnergy, beta: number, fn: (energy: EnergyTensors, plans: EnumerationPlan[]) => T): T {
  const plans: EnumerationPlan[] = [];
  const energy: EnergyTensors = {
    couplings: tf.tensor2d(dense.couplings, [dense.unitCount, dense.unitCount]),
    biases: tf.tensor1d(dense.biases),
    beta,
  };
  try {
    return fn(energy, plans);
  } finally {
    energy.couplings.dispose();
    energy.biases.dispose();
    for (const plan of plans) plan.dispose();
  }
}

const download = (t: tf.Tensor): Float64Array => Float64Array.from(t.dataSync());

/** Plan clamping the visible units to `count` patterns (bits in visibleIndices order), equally weighted. */
function visiblePlan(model: EnergyModelSpec, patterns: Uint8Array, count: number): EnumerationPlan {
  const weights = new Float64Array(count).fill(1 / count);
  return createEnumerationPlan(model.unitCount, model.encoding, { units: model.visibleIndices, patterns, count, weights });
}

/** log Z, free energy, ⟨s_i⟩ and ⟨s_i s_j⟩ by enumerating all 2^N states (N ≤ 24). */
export function exactModelStatistics(model: EnergyModelSpec, params: ModelParameters, beta = 1): ExactModelStatistics {
  const dense = denseCouplings(model, params);
  return withEnergy(dense, beta, (energy, plans) => {
    const plan = createEnumerationPlan(model.unitCount, model.encoding);
    plans.push(plan);
    const stats = enumerationStatistics(plan, energy);
    try {
      const logPartition = stats.groupLogNormalizers.dataSync()[0];
      return { logPartition, freeEnergy: -logPartition / beta, meanStates: download(stats.meanStates), correlations: download(stats.correlations) };
    } finally {
      tf.dispose(stats as unknown as tf.TensorContainer);
    }
  });
}

/** P(s) for all 2^N states; bit i of the index is unit i (1 → +1, 0 → −1 or 0 by encoding). */
export function exactStateProbabilities(model: EnergyModelSpec, params: ModelParameters, beta = 1): Float64Array {
  const dense = denseCouplings(model, params);
  return withEnergy(dense, beta, (energy, plans) => {
    const plan = createEnumerationPlan(model.unitCount, model.encoding);
    plans.push(plan);
    // Free plan: row units are the lowest unit indices, so state index = row + (col << |rowUnits|).
    const logP = tf.tidy(() => {
      const logWeights = chunkLogWeights(plan.chunks[0], plan, energy);
      const logPartition = tf.logSumExp(tf.logSumExp(logWeights, 1));
      return tf.sub(tf.reshape(tf.transpose(logWeights), [-1]), logPartition);
    });
    const values = logP.dataSync();
    logP.dispose();
    return Float64Array.from(values, Math.exp);
  });
}

/** Summary of each clamped visible pattern: log P(v) (hidden summed out) and ⟨s⟩ under P(s | v). */
export interface ClampedSummary {
  /** log P(v_μ) = log Σ_h exp(−βH(v_μ, h)) − log Z. */
  logProbabilities: Float64Array;
  /** ⟨s_i⟩ given v_μ, count × N row-major (visible entries equal the clamped values). */
  conditionalMeans: Float64Array;
}

/** log P(v) and conditional means for `count` visible patterns (bits in visibleIndices order). */
export function exactClampedSummary(
  model: EnergyModelSpec,
  params: ModelParameters,
  patterns: Uint8Array,
  count: number,
  beta = 1,
): ClampedSummary {
  const dense = denseCouplings(model, params);
  if (count === 0) return { logProbabilities: new Float64Array(0), conditionalMeans: new Float64Array(0) };
  return withEnergy(dense, beta, (energy, plans) => {
    const free = createEnumerationPlan(model.unitCount, model.encoding);
    plans.push(free);
    const clamped = visiblePlan(model, patterns, count);
    plans.push(clamped);
    const freeStats = enumerationStatistics(free, energy);
    const stats = enumerationStatistics(clamped, energy, true);
    try {
      const logZ = freeStats.groupLogNormalizers.dataSync()[0];
      return {
        logProbabilities: Float64Array.from(stats.groupLogNormalizers.dataSync(), (x) => x - logZ),
        conditionalMeans: download(stats.groupMeans!),
      };
    } finally {
      tf.dispose([freeStats, stats] as unknown as tf.TensorContainer);
    }
  });
}

/** log P(v) with the hidden units summed out, for `count` patterns (bits in visibleIndices order). */
export function exactVisibleLogProbabilities(model: EnergyModelSpec, params: ModelParameters, patterns: Uint8Array, count: number, beta = 1): Float64Array {
  return exactClampedSummary(model, params, patterns, count, beta).logProbabilities;
}

/** All visible patterns, 2^V × V bits; bit k of the pattern index is visible unit k. */
export function allPatterns(width: number): Uint8Array {
  const count = 2 ** width;
  const bits = new Uint8Array(count * width);
  for (let p = 0; p < count; p++) for (let k = 0; k < width; k++) bits[p * width + k] = (p >> k) & 1;
  return bits;
}

/** P(v) for all 2^V visible patterns (hidden summed out); bit k of the index is visible unit k. */
export function exactVisibleDistribution(model: EnergyModelSpec, params: ModelParameters, beta = 1): Float64Array {
  const width = model.visibleIndices.length;
  return exactVisibleLogProbabilities(model, params, allPatterns(width), 2 ** width, beta).map(Math.exp);
}

/** KL(P_data ‖ P_model) = Σ_v P_data(v) log(P_data(v)/P_model(v)) over visible patterns (Mehlig eq. 4.18), in nats. */
export function exactKlDivergence(model: EnergyModelSpec, params: ModelParameters, data: BinaryDataset, beta = 1): number {
  if (data.width !== model.visibleIndices.length) {
    throw new Error(`Dataset '${data.name}' has ${data.width} columns but the model has ${model.visibleIndices.length} visible units`);
  }
  if (data.rowCount === 0) throw new Error(`Dataset '${data.name}' has no rows`);
  const empirical = empiricalDistribution(data);
  return dataFit(empirical, exactVisibleLogProbabilities(model, params, empirical.patterns, empirical.count, beta)).kl;
}
