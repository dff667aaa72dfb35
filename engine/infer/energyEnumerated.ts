import * as tf from '@tensorflow/tfjs';
import type { EnergyModelSpec } from '../compiler/types';
import type { BinaryDataset } from '../data/dataset';
import { exactClampedSummary } from '../energy/exact';
import { rbmAnnealedLogPartition, visibleBaseRates } from '../energy/rbm/ais';
import { negativeFreeEnergiesOf } from '../energy/rbm/exact';
import { columnBatch, disposeRbmTensors, hiddenFields, unitMeans, uploadRbm, type RbmTensors } from '../energy/rbm/layers';
import { rbmView } from '../energy/rbm/view';
import type { ModelParameters } from '../model/parameters';
import { groupByMask } from './clamp';
import { scoreWithCompletions, type PatternScorer, type PatternScores } from './completions';
import type { RowProgress } from './result';

/** What enumeration-based inference fills in: values per row, hidden and visible means, and run figures. */
export interface EnumeratedInference {
  values: Float64Array;
  standardErrors?: Float64Array;
  hiddenMeans: Float32Array;
  visibleMeans: Float32Array;
  summary: Record<string, number | boolean>;
}

/** Scores each distinct pattern once (data sets repeat patterns) and spreads the scores back to every copy. */
function distinct(score: PatternScorer, width: number, hiddenCount: number): PatternScorer {
  return (patterns, count) => {
    const index = new Map<string, number>();
    const slot = new Int32Array(count);
    const unique: number[] = [];
    for (let p = 0; p < count; p++) {
      const key = patterns.subarray(p * width, (p + 1) * width).join('');
      let k = index.get(key);
      if (k === undefined) index.set(key, (k = unique.push(p) - 1));
      slot[p] = k;
    }
    if (unique.length === count) return score(patterns, count);
    const packed = new Uint8Array(unique.length * width);
    unique.forEach((p, k) => packed.set(patterns.subarray(p * width, (p + 1) * width), k * width));
    const scores = score(packed, unique.length);
    const hiddenMeans = new Float64Array(count * hiddenCount);
    for (let p = 0; p < count; p++) {
      for (let h = 0; h < hiddenCount; h++) hiddenMeans[p * hiddenCount + h] = scores.hiddenMeans[slot[p] * hiddenCount + h];
    }
    return { logValues: Float64Array.from(slot, (k) => scores.logValues[k]), hiddenMeans };
  };
}

/** Runs `score` over every mask group of the data (one group without a clamp) and assembles the per-row columns. */
async function enumerate(model: EnergyModelSpec, data: BinaryDataset, mask: Uint8Array, score: PatternScorer, progress?: RowProgress): Promise<Omit<EnumeratedInference, 'summary'>> {
  const width = data.width;
  const h = model.hiddenIndices.length;
  const values = new Float64Array(data.rowCount);
  const hiddenMeans = new Float32Array(data.rowCount * h);
  const visibleMeans = new Float32Array(data.rowCount * width);
  const scorer = distinct(score, width, h);
  let done = 0;
  for (const group of groupByMask(mask, data.rowCount, width)) {
    const part = await scoreWithCompletions(data.bits, width, group, h, model.encoding, scorer, (rows) => progress?.(done + rows, data.rowCount));
    done += group.rows.length;
    group.rows.forEach((row, r) => {
      values[row] = part.values[r];
      hiddenMeans.set(part.hiddenMeans.subarray(r * h, (r + 1) * h), row * h);
      visibleMeans.set(part.visibleMeans.subarray(r * width, (r + 1) * width), row * width);
    });
  }
  return { values, hiddenMeans, visibleMeans };
}

/** ln P(v) by enumerating all states (Mehlig eq. 4.2 with the hidden units summed out; unknown visible units summed too). */
export async function exactEnergyInference(model: EnergyModelSpec, params: ModelParameters, data: BinaryDataset, mask: Uint8Array, progress?: RowProgress): Promise<EnumeratedInference> {
  const n = model.unitCount;
  const score: PatternScorer = (patterns, count) => {
    const summary = exactClampedSummary(model, params, patterns, count);
    const hiddenMeans = new Float64Array(count * model.hiddenIndices.length);
    for (let p = 0; p < count; p++) model.hiddenIndices.forEach((unit, k) => (hiddenMeans[p * model.hiddenIndices.length + k] = summary.conditionalMeans[p * n + unit]));
    return { logValues: summary.logProbabilities, hiddenMeans };
  };
  return { ...(await enumerate(model, data, mask, score, progress)), summary: {} };
}

/** −F(v) = ln Σ_h e^{−H(v,h)} and ⟨h_j | v⟩ = tanh or σ of c_j + Σ_i v_i W_ij for RBM patterns, on the backend. */
function rbmPatternScores(rbm: RbmTensors, patterns: Uint8Array, count: number): PatternScores {
  const negF = negativeFreeEnergiesOf(rbm, patterns, count);
  const means = tf.tidy(() => {
    const visibleT = tf.tensor2d(columnBatch(patterns, rbm.visibleCount, Int32Array.from({ length: count }, (_, k) => k), rbm.encoding), [rbm.visibleCount, count]);
    return tf.transpose(unitMeans(hiddenFields(rbm, visibleT), rbm.encoding));
  });
  const hiddenMeans = Float32Array.from(means.dataSync());
  means.dispose();
  return { logValues: negF, hiddenMeans };
}

/** AIS settings of the facade. */
export interface AisInferenceArgs {
  temperatures: number;
  runs: number;
  seed: number;
}

/**
 * ln P(v) ≈ −F(v) − ln Ẑ for an RBM (Salakhutdinov & Murray 2008): the free energy exact, ln Z by AIS from the data's
 * base rates; every row carries ln Ẑ's standard error. Unknown visible units are summed over their completions.
 */
export async function aisEnergyInference(
  model: EnergyModelSpec,
  params: ModelParameters,
  data: BinaryDataset,
  mask: Uint8Array,
  args: AisInferenceArgs,
  progress?: RowProgress,
): Promise<EnumeratedInference> {
  const view = rbmView(model, params);
  const logZ = rbmAnnealedLogPartition(view, { temperatures: args.temperatures, runs: args.runs, seed: args.seed, baseRates: visibleBaseRates(data) });
  const rbm = uploadRbm(view);
  try {
    const part = await enumerate(model, data, mask, (patterns, count) => rbmPatternScores(rbm, patterns, count), progress);
    return {
      ...part,
      values: part.values.map((v) => v - logZ.logZ),
      standardErrors: new Float64Array(data.rowCount).fill(logZ.standardError),
      summary: { logZ: logZ.logZ, logZStandardError: logZ.standardError, effectiveRuns: logZ.effectiveRuns },
    };
  } finally {
    disposeRbmTensors(rbm);
  }
}
