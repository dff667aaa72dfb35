import * as tf from '@tensorflow/tfjs';
import type { EnergyModelSpec } from '../compiler/types';
import type { BinaryDataset } from '../data/dataset';
import { exactClampedSummary } from '../energy/exact';
import { negativeFreeEnergiesOf } from '../energy/rbm/exact';
import { columnBatch, disposeRbmTensors, hiddenFields, unitMeans, uploadRbm, type RbmTensors } from '../energy/rbm/layers';
import { enumerateRbm, enumerationPlan } from '../energy/rbm/exactSample';
import { createUniformNoise } from '../energy/rbm/noise';
import { rbmView } from '../energy/rbm/view';
import type { ModelParameters } from '../model/parameters';
import { createRandom } from '../random/seeded';
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
export async function enumerateGroups(model: EnergyModelSpec, data: BinaryDataset, mask: Uint8Array, score: PatternScorer, progress?: RowProgress): Promise<Omit<EnumeratedInference, 'summary'>> {
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
  return { ...(await enumerateGroups(model, data, mask, score, progress)), summary: {} };
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

/**
 * ln P(v) = −F(v) − log Z for RBMs of any size whose smaller layer has at most 24 units: log Z by walking that layer's
 * states in chunks (the first half of the progress), −F(v) and ⟨h | v⟩ exact per row, unknown visible units summed.
 */
export async function rbmExactInference(model: EnergyModelSpec, params: ModelParameters, data: BinaryDataset, mask: Uint8Array, progress?: RowProgress): Promise<EnumeratedInference> {
  const rbm = uploadRbm(rbmView(model, params));
  try {
    const plan = enumerationPlan(rbm);
    if (plan === undefined) throw new RangeError(`Exact inference on an RBM enumerates its smaller layer (at most 24 units); this one has ${Math.min(rbm.visibleCount, rbm.hiddenCount)}: use ais`);
    const rows = data.rowCount;
    const random = createRandom(0);
    const { logZ } = await enumerateRbm(rbm, plan, 0, random, createUniformNoise(random), async (chunks) => progress?.((0.5 * rows * chunks) / plan.chunks, rows));
    const part = await enumerateGroups(model, data, mask, (patterns, count) => rbmPatternScores(rbm, patterns, count), (done) => progress?.(0.5 * rows + 0.5 * done, rows));
    return { ...part, values: part.values.map((v) => v - logZ), summary: { logZ, enumeratedUnits: plan.size } };
  } finally {
    disposeRbmTensors(rbm);
  }
}

/** Runs `use` with a scorer of RBM patterns (exact −F(v) and ⟨h | v⟩) whose tensors live until it settles. */
export async function withRbmScorer<T>(model: EnergyModelSpec, params: ModelParameters, use: (score: PatternScorer) => Promise<T>): Promise<T> {
  const rbm = uploadRbm(rbmView(model, params));
  try {
    return await use((patterns, count) => rbmPatternScores(rbm, patterns, count));
  } finally {
    disposeRbmTensors(rbm);
  }
}
