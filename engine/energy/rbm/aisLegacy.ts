import * as tf from '@tensorflow/tfjs';
import type { EnergyModelSpec } from '../../compiler/types';
import type { BinaryDataset } from '../../data/dataset';
import { AIS_DEFAULTS } from '../../likelihood/estimate';
import { summariseLogWeights, tracePoints } from '../../likelihood/weights';
import type { ModelParameters } from '../../model/parameters';
import { createRandom } from '../../random/seeded';
import { baseBiases, baseLogPartition, createAnnealer, forwardPass, sampleBase } from './aisAnneal';
import { aisSchedule } from './aisSchedule';
import { negativeFreeEnergiesOf } from './exact';
import { disposeRbmTensors, uploadRbm } from './layers';
import { createUniformNoise } from './noise';
import { rbmView, type RbmView } from './view';

/** Forward-only, synchronous AIS (Salakhutdinov & Murray 2008, §3–4), kept for callers not yet on estimateRbmLogPartition. */
export interface AisArgs {
  /** Number K of intermediate distributions. Default 1000. */
  temperatures?: number;
  /** Independent annealing runs, all advanced together as one batch. Default 100. */
  runs?: number;
  /** Seed of the base samples and the Gibbs noise. Default 0. */
  seed?: number;
  /** P(v_i = 1) of the base-rate model p_A (Salakhutdinov & Murray eq. 14), e.g. visibleBaseRates(train); default ½ (uniform). */
  baseRates?: Float32Array;
}

/** A forward AIS estimate of log Z with its error bar. */
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

/** @deprecated Use estimateRbmLogPartition (forward + reverse, diagnostics). Forward AIS estimate of log Z (Salakhutdinov & Murray Algorithm 1, eq. 15). */
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
    const { gammas, record } = forwardPass(betas, tracePoints(temperatures));
    const annealer = createAnnealer(rbm, baseBias, sampleBase(baseBias, runs, rbm.encoding, noise), gammas, record, noise);
    try {
      while (annealer.step());
    } finally {
      annealer.dispose();
    }
    const { logWeights } = annealer.result();
    const s = summariseLogWeights(logWeights);
    return { logZ: logZBase + s.logMean, standardError: s.standardError, effectiveRuns: s.effective, logZBase, logWeights };
  } finally {
    baseBias.dispose();
    disposeRbmTensors(rbm);
  }
}

/** @deprecated Use estimateRbmLogPartition. Forward AIS estimate of log Z for an RBM-structured energy model (plain data in and out). */
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

/** @deprecated Use estimateRbmLikelihood. Mean log P(v) over the rows of `data` (Salakhutdinov & Murray 2008, Table 1): exact −F(v), forward AIS log Z. */
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
