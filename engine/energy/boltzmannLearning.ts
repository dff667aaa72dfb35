import * as tf from '@tensorflow/tfjs';
import type { EnergyModelSpec } from '../compiler/types';
import type { BinaryDataset } from '../data/dataset';
import { cloneParameters, completeParameters, type ModelParameters } from '../model/parameters';
import { denseCouplings } from './dense';
import { dataFit, empiricalDistribution, type DataFit, type EmpiricalDistribution } from './empirical';
import { enumerationStatistics } from './enumeration';
import { createEnumerationPlan, type EnumerationPlan } from './states';

/** Boltzmann learning with exact statistics by enumeration (Mehlig §4.4; Ackley, Hinton & Sejnowski 1985). */
export interface BoltzmannExactArgs {
  /** η in Δw_ij = η(⟨s_i s_j⟩_clamped − ⟨s_i s_j⟩_free), Δb_i = η(⟨s_i⟩_clamped − ⟨s_i⟩_free) (Mehlig eq. 4.26). Default 0.2. */
  learningRate?: number;
  /** Full-batch gradient steps (one per epoch). Default 500. */
  epochs?: number;
  /** Seed of the initial weights. Default 0. */
  seed?: number;
  /** Standard deviation of the initial weights N(0, initScale²). Default 0.3. */
  initScale?: number;
  /** λ in the extra term −ηλw_ij (L2 penalty on weights, not biases). Default 0. */
  weightDecay?: number;
}

/**
 * Defaults, tuned for ±1 units: η = 0.2 with initScale 0.3 takes the XOR machine (3 visible + 4 hidden) below KL 0.05 in
 * 222–439 epochs (median 284, seeds 0–19). With 0/1 units, s = 2x − 1 turns w into ±1 couplings J = w/4, so the same η
 * moves J 16× more slowly: at these defaults the 0/1 XOR machine stays near the saddle KL = ln 2 (4 of seeds 0–4 after
 * 3000 epochs); η = 1 with initScale 1 reaches KL < 0.05 in 742–2042 epochs (seeds 0–4).
 */
export const BOLTZMANN_EXACT_DEFAULTS: Required<BoltzmannExactArgs> = {
  learningRate: 0.2,
  epochs: 500,
  seed: 0,
  initScale: 0.3,
  weightDecay: 0,
};

/** Exact clamped- and free-phase statistics at one parameter setting (β = 1). */
export interface PhaseStatistics {
  /** log Z of the free model. */
  logPartition: number;
  /** log Σ_h exp(−H(v_μ, h)) for each distinct data pattern. */
  patternLogNormalizers: Float64Array;
  clampedMeans: Float64Array;
  clampedCorrelations: Float64Array;
  freeMeans: Float64Array;
  freeCorrelations: Float64Array;
}

/** Quality of fit: KL(P_data‖P_model) (Mehlig eq. 4.18) and mean log-likelihood (eq. 4.17 divided by p), in nats. */
export type BoltzmannMetrics = DataFit;

/** Tensors built once per run: the free-phase plan and the plan clamping visible units to each distinct data pattern. */
export interface BoltzmannPlans {
  model: EnergyModelSpec;
  empirical: EmpiricalDistribution;
  free: EnumerationPlan;
  clamped: EnumerationPlan;
  dispose(): void;
}

/** Builds both plans for `model` and the distinct rows of `data`; dispose() frees their tensors. */
export function createBoltzmannPlans(model: EnergyModelSpec, data: BinaryDataset): BoltzmannPlans {
  const empirical = empiricalDistribution(data);
  const free = createEnumerationPlan(model.unitCount, model.encoding);
  const clamped = createEnumerationPlan(model.unitCount, model.encoding, {
    units: model.visibleIndices,
    patterns: empirical.patterns,
    count: empirical.count,
    weights: empirical.probabilities,
  });
  return { model, empirical, free, clamped, dispose: () => (free.dispose(), clamped.dispose()) };
}

/** Both phases' statistics in one batched evaluation; tensors are disposed before returning. */
export async function evaluatePhases(plans: BoltzmannPlans, params: ModelParameters): Promise<PhaseStatistics> {
  const n = plans.model.unitCount;
  const dense = denseCouplings(plans.model, params);
  const packed = tf.tidy(() => {
    const energy = { couplings: tf.tensor2d(dense.couplings, [n, n]), biases: tf.tensor1d(dense.biases), beta: 1 };
    const free = enumerationStatistics(plans.free, energy);
    const clamped = enumerationStatistics(plans.clamped, energy);
    return tf.concat([
      free.groupLogNormalizers,
      clamped.groupLogNormalizers,
      clamped.meanStates,
      tf.reshape(clamped.correlations, [-1]),
      free.meanStates,
      tf.reshape(free.correlations, [-1]),
    ]);
  });
  const values = Float64Array.from(await packed.data().finally(() => packed.dispose()));
  const p = plans.empirical.count;
  let offset = 1;
  const take = (length: number): Float64Array => values.subarray(offset, (offset += length));
  return {
    logPartition: values[0],
    patternLogNormalizers: take(p),
    clampedMeans: take(n),
    clampedCorrelations: take(n * n),
    freeMeans: take(n),
    freeCorrelations: take(n * n),
  };
}

/** KL and mean log-likelihood from the phase statistics: log P(v_μ) = log Σ_h e^{−H(v_μ,h)} − log Z. */
export function boltzmannMetrics(plans: BoltzmannPlans, stats: PhaseStatistics): BoltzmannMetrics {
  return dataFit(plans.empirical, Float64Array.from(stats.patternLogNormalizers, (x) => x - stats.logPartition));
}

/**
 * ∂(mean log-likelihood)/∂θ per parameter block: ⟨s_i s_j⟩_clamped − ⟨s_i s_j⟩_free for weights (both entries of a
 * lateral pair get the derivative with respect to the symmetric weight; the diagonal gets 0), ⟨s_i⟩_clamped − ⟨s_i⟩_free for biases.
 */
export function learningDirection(model: EnergyModelSpec, stats: PhaseStatistics): ModelParameters {
  const n = model.unitCount;
  const direction: ModelParameters = { weights: {}, biases: {} };
  for (const block of model.weightBlocks) {
    const [rows, cols] = block.shape;
    const values = new Float32Array(rows * cols);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const i = block.rows.start + r;
        const j = block.cols.start + c;
        if (i === j) continue;
        // Averaging (i,j) with (j,i) keeps lateral blocks exactly symmetric despite float rounding.
        const clamped = 0.5 * (stats.clampedCorrelations[i * n + j] + stats.clampedCorrelations[j * n + i]);
        const free = 0.5 * (stats.freeCorrelations[i * n + j] + stats.freeCorrelations[j * n + i]);
        values[r * cols + c] = clamped - free;
      }
    }
    direction.weights[block.key] = values;
  }
  for (const bias of model.biasBlocks) {
    const start = bias.range.start;
    direction.biases[bias.nodeId] = Float32Array.from(
      { length: bias.range.end - start },
      (_, k) => stats.clampedMeans[start + k] - stats.freeMeans[start + k],
    );
  }
  return direction;
}

/** θ ← θ + η(direction − λ·w) in place (weight decay on weights only). */
export function applyUpdate(params: ModelParameters, direction: ModelParameters, learningRate: number, weightDecay: number): void {
  for (const [key, delta] of Object.entries(direction.weights)) {
    const values = params.weights[key];
    for (let k = 0; k < values.length; k++) values[k] += learningRate * (delta[k] - weightDecay * values[k]);
  }
  for (const [key, delta] of Object.entries(direction.biases)) {
    const values = params.biases[key];
    for (let k = 0; k < values.length; k++) values[k] += learningRate * delta[k];
  }
}

/** One Boltzmann-learning run held between epochs: plans on the backend, parameters and current statistics in JS. */
export interface BoltzmannExactSession {
  /** Parameters after the last step (a copy). */
  parameters(): ModelParameters;
  /** Metrics of the current parameters. */
  metrics(): BoltzmannMetrics;
  /** One full-batch step of eq. 4.26 (with biases), then the metrics of the new parameters. */
  step(): Promise<BoltzmannMetrics>;
  dispose(): void;
}

/** Starts a session from `initial` (blocks it lacks drawn from N(0, initScale²) with `seed`). */
export async function startBoltzmannExact(
  model: EnergyModelSpec,
  data: BinaryDataset,
  args: BoltzmannExactArgs = {},
  initial?: ModelParameters,
): Promise<BoltzmannExactSession> {
  const config = { ...BOLTZMANN_EXACT_DEFAULTS, ...args };
  const params = completeParameters(model, initial, config.seed, config.initScale);
  const plans = createBoltzmannPlans(model, data);
  let stats: PhaseStatistics;
  try {
    stats = await evaluatePhases(plans, params);
  } catch (error) {
    plans.dispose();
    throw error;
  }
  return {
    parameters: () => cloneParameters(params),
    metrics: () => boltzmannMetrics(plans, stats),
    async step() {
      applyUpdate(params, learningDirection(model, stats), config.learningRate, config.weightDecay);
      stats = await evaluatePhases(plans, params);
      return boltzmannMetrics(plans, stats);
    },
    dispose: () => plans.dispose(),
  };
}
