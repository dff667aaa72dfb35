import * as tf from '@tensorflow/tfjs';
import type { EnergyModelSpec } from '../../compiler/types';
import type { BinaryDataset } from '../../data/dataset';
import type { ModelParameters } from '../../model/parameters';
import { createRandom } from '../../random/seeded';
import { negativeFreeEnergiesOf } from './exact';
import { disposeRbmTensors, logUnitPartition, sampleUnits, unitMeans, uploadRbm, type RbmTensors } from './layers';
import { createUniformNoise, type UniformNoise } from './noise';
import { rbmView, type RbmView } from './view';

/** Annealed importance sampling for RBMs (Neal 2001; Salakhutdinov & Murray 2008, §3–4), hidden units summed analytically. */
export interface AisArgs {
  /** Number K of intermediate distributions p_k ∝ p_A^{1−β_k} p_B^{β_k}; β spaced as Salakhutdinov & Murray (1/29 of them on [0, ½], 8/29 on [½, 0.9], 20/29 on [0.9, 1]). Default 1000. */
  temperatures?: number;
  /** Independent annealing runs, all advanced together as one batch. Default 100. */
  runs?: number;
  /** Seed of the base samples and the Gibbs noise. Default 0. */
  seed?: number;
  /**
   * P(v_i = 1) of the base-rate model p_A (independent visible units, Salakhutdinov & Murray eq. 14), e.g.
   * visibleBaseRates(train); default ½ (uniform). AIS only finds mass its chains reach: a CD-1 RBM on binarised digits
   * kept most of its mass on dense images that chains started from the digits' base rates never visited (log Z 63 nats
   * low; see test/bench/rbm.ts), so compare both bases on a new model.
   */
  baseRates?: Float32Array;
}

export const AIS_DEFAULTS = { temperatures: 1000, runs: 100, seed: 0 } as const;

/** An AIS estimate of log Z with its error bar. */
export interface AisEstimate {
  /** log Ẑ = log Z_A + log( (1/R) Σ_r w_r ). */
  logZ: number;
  /** Standard error of log Ẑ by the delta method: sd(w) / (√R · mean(w)). */
  standardError: number;
  /** log Z_A of the base-rate model. */
  logZBase: number;
  /** log w_r of each run. */
  logWeights: Float64Array;
  /** (Σ w)² / Σ w², between 1 and R: how many runs effectively carry the estimate. */
  effectiveRuns: number;
}

/** Salakhutdinov & Murray's β schedule with K points, β_K = 1 (0 excluded). */
export function aisSchedule(count: number): Float64Array {
  if (!Number.isInteger(count) || count < 1) throw new Error(`AIS needs at least one intermediate temperature (an integer), got ${count}`);
  const pieces: [number, number, number][] = [
    [0, 0.5, 1 / 29],
    [0.5, 0.9, 8 / 29],
    [0.9, 1, 20 / 29],
  ];
  const betas = new Float64Array(count);
  let k = 0;
  pieces.forEach(([from, to, share], p) => {
    const n = p === pieces.length - 1 ? count - k : Math.round(count * share);
    for (let j = 1; j <= n; j++) betas[k++] = from + ((to - from) * j) / n;
  });
  return betas;
}

/** P(v_i = 1) in the rows of `data`, smoothed by one pseudo-count each way ((n_i + 1)/(N + 2)). */
export function visibleBaseRates(data: BinaryDataset): Float32Array {
  const rates = new Float32Array(data.width);
  for (let r = 0; r < data.rowCount; r++) for (let i = 0; i < data.width; i++) rates[i] += data.bits[r * data.width + i];
  return rates.map((n) => (n + 1) / (data.rowCount + 2));
}

/** Base-model biases b_A from rates: logit p for 0/1 units, ½ logit p for ±1 units (P(+1) = σ(2b)). */
function baseBiases(view: RbmView, rates: Float32Array | undefined): Float32Array {
  if (rates !== undefined && rates.length !== view.visibleCount) throw new Error(`Base rates need ${view.visibleCount} entries (one per visible unit), got ${rates.length}`);
  const scale = view.encoding === 'pm1' ? 0.5 : 1;
  return Float32Array.from({ length: view.visibleCount }, (_, i) => {
    const p = rates === undefined ? 0.5 : Math.min(1 - 1e-6, Math.max(1e-6, rates[i]));
    return scale * Math.log(p / (1 - p));
  });
}

/** log Z_A = H log 2 + Σ_i log Σ_{v_i} e^{b_A,i v_i}. */
function baseLogPartition(view: RbmView, bias: Float32Array): number {
  let sum = view.hiddenCount * Math.LN2;
  for (const b of bias) sum += view.encoding === 'pm1' ? Math.abs(b) + Math.log1p(Math.exp(-2 * Math.abs(b))) : Math.max(b, 0) + Math.log1p(Math.exp(-Math.abs(b)));
  return sum;
}

/** log w of every run, on the backend: Σ_k log p*_k(v_k) − log p*_{k−1}(v_k), v_{k+1} ~ T_k(v_k) (one Gibbs sweep at β_k). */
function annealRuns(rbm: RbmTensors, baseBias: tf.Tensor2D, betas: Float64Array, runs: number, noise: UniformNoise): tf.Tensor1D {
  const encoding = rbm.encoding;
  const biasGap = tf.sub(rbm.visibleBias, baseBias);
  let visible = tf.tidy(() => sampleUnits(unitMeans(tf.tile(baseBias, [1, runs]), encoding), encoding, noise));
  let logWeights = tf.zeros([runs]) as tf.Tensor1D;
  let previous = 0;
  for (let k = 0; k < betas.length; k++) {
    const beta = betas[k];
    const last = k === betas.length - 1;
    const next = tf.tidy(() => {
      const fields = tf.add(tf.matMul(rbm.weightsT, visible), rbm.hiddenBias);
      const scaled = tf.mul(fields, beta);
      const hiddenGain = tf.sub(logUnitPartition(scaled, encoding), logUnitPartition(tf.mul(fields, previous), encoding));
      const visibleGain = tf.mul(tf.sum(tf.mul(visible, biasGap), 0), beta - previous);
      const weights = tf.add(logWeights, tf.add(visibleGain, tf.sum(hiddenGain, 0))) as tf.Tensor1D;
      if (last) return { weights, visible };
      const hidden = sampleUnits(unitMeans(scaled, encoding), encoding, noise);
      const visibleField = tf.add(tf.mul(tf.add(tf.matMul(rbm.weights, hidden), rbm.visibleBias), beta), tf.mul(baseBias, 1 - beta));
      return { weights, visible: sampleUnits(unitMeans(visibleField, encoding), encoding, noise) };
    });
    logWeights.dispose();
    if (next.visible !== visible) visible.dispose();
    logWeights = next.weights;
    visible = next.visible;
    previous = beta;
  }
  tf.dispose([visible, biasGap]);
  return logWeights;
}

/** log Z from the run weights, with the delta-method standard error and the effective number of runs. */
function summariseWeights(logZBase: number, logWeights: Float64Array): Omit<AisEstimate, 'logWeights' | 'logZBase'> {
  const runs = logWeights.length;
  const top = logWeights.reduce((a, b) => Math.max(a, b), -Infinity);
  const scaled = Array.from(logWeights, (x) => Math.exp(x - top));
  const mean = scaled.reduce((a, b) => a + b, 0) / runs;
  const variance = runs > 1 ? scaled.reduce((a, w) => a + (w - mean) ** 2, 0) / (runs - 1) : 0;
  const sumSquares = scaled.reduce((a, w) => a + w * w, 0);
  return {
    logZ: logZBase + top + Math.log(mean),
    standardError: Math.sqrt(variance / runs) / mean,
    effectiveRuns: (mean * runs) ** 2 / sumSquares,
  };
}

/** AIS estimate of log Z on an RBM view (Salakhutdinov & Murray 2008, Algorithm 1 with eq. 15's p*_k). */
export function rbmAnnealedLogPartition(view: RbmView, args: AisArgs = {}): AisEstimate {
  const temperatures = args.temperatures ?? AIS_DEFAULTS.temperatures;
  const runs = args.runs ?? AIS_DEFAULTS.runs;
  if (!Number.isInteger(runs) || runs < 2) throw new Error(`AIS needs at least 2 runs (an integer) for an error bar, got ${runs}`);
  const betas = aisSchedule(temperatures);
  const bias = baseBiases(view, args.baseRates);
  const logZBase = baseLogPartition(view, bias);
  const noise = createUniformNoise(createRandom(args.seed ?? AIS_DEFAULTS.seed).fork('ais'));
  const rbm = uploadRbm(view);
  const baseBias = tf.tensor2d(bias, [view.visibleCount, 1]);
  try {
    const weightsTensor = annealRuns(rbm, baseBias, betas, runs, noise);
    const logWeights = Float64Array.from(weightsTensor.dataSync());
    weightsTensor.dispose();
    return { ...summariseWeights(logZBase, logWeights), logZBase, logWeights };
  } finally {
    baseBias.dispose();
    disposeRbmTensors(rbm);
  }
}

/** AIS estimate of log Z for an RBM-structured energy model (plain data in and out). */
export function annealedImportanceSampling(model: EnergyModelSpec, params: ModelParameters, args: AisArgs = {}): AisEstimate {
  return rbmAnnealedLogPartition(rbmView(model, params), args);
}

/** Average test log-likelihood (1/N) Σ_n log P(v_n) = (1/N) Σ_n −F(v_n) − log Ẑ, with the free energies exact and log Z from AIS. */
export interface TestLogLikelihood {
  meanLogLikelihood: number;
  /** Error bar of meanLogLikelihood from the AIS estimate of log Z (the free energies are exact). */
  standardError: number;
  /** Standard error of the mean over the test rows (how much another test set of this size would vary). */
  rowStandardError: number;
  logZ: AisEstimate;
}

/** Mean log P(v) over the rows of `data` (Salakhutdinov & Murray 2008, Table 1): exact −F(v), AIS log Z. */
export function rbmTestLogLikelihood(model: EnergyModelSpec, params: ModelParameters, data: BinaryDataset, args: AisArgs = {}): TestLogLikelihood {
  const view = rbmView(model, params);
  if (data.width !== view.visibleCount) throw new Error(`Dataset '${data.name}' has ${data.width} columns but the model has ${view.visibleCount} visible units`);
  if (data.rowCount === 0) throw new Error(`Dataset '${data.name}' has no rows`);
  const logZ = rbmAnnealedLogPartition(view, args);
  const rbm = uploadRbm(view);
  let negF: Float64Array;
  try {
    negF = negativeFreeEnergiesOf(rbm, data.bits, data.rowCount);
  } finally {
    disposeRbmTensors(rbm);
  }
  const n = negF.length;
  const mean = negF.reduce((a, b) => a + b, 0) / n;
  const variance = n > 1 ? negF.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1) : 0;
  return { meanLogLikelihood: mean - logZ.logZ, standardError: logZ.standardError, rowStandardError: Math.sqrt(variance / n), logZ };
}
