import * as tf from '@tensorflow/tfjs';
import type { EnergyModelSpec } from '../../compiler/types';
import type { ModelParameters } from '../../model/parameters';
import type { SeededRandom } from '../../random/seeded';
import { denseCouplings } from '../dense';
import { chunkLogWeights, type EnergyTensors } from '../enumeration';
import { createEnumerationPlan, type EnumerationChunk, type EnumerationPlan } from '../states';

/** Most free units sampled exactly by enumeration (2^20 states per pattern); beyond this, samplers start from Gibbs chains. */
export const MAX_EXACT_SAMPLE_UNITS = 20;

/** Most units whose log Z is enumerated beside an estimate (2^24 states, as the Exact view). */
export const MAX_EXACT_PARTITION_UNITS = 24;

/** Visible units held at patterns: `count` × visibleIndices.length bits (0/1), in visibleIndices order. */
export interface VisiblePatterns {
  patterns: Uint8Array;
  count: number;
}

/** The enumerated normalisers and, when asked for, exact samples. */
export interface EnumeratedStates {
  /** log Σ_free e^{−H(s)} per group: [log Z] for the free model, log Z(v) = log Σ_h e^{−H(v,h)} per pattern when clamped. */
  logNormalizers: Float64Array;
  /** `samplesPerGroup` states per group (group-major), each N unit values (±1 or 0/1) in natural order; empty when none were asked for. */
  states: Float32Array;
}

const logSumExp = (values: ArrayLike<number>, from: number, to: number): number => {
  let top = -Infinity;
  for (let i = from; i < to; i++) top = Math.max(top, values[i]);
  if (!Number.isFinite(top)) return top;
  let sum = 0;
  for (let i = from; i < to; i++) sum += Math.exp(values[i] - top);
  return top + Math.log(sum);
};

/** Row of each sample by inverse CDF over a group's row masses (float64, on the seeded stream). */
function pickRows(rowLogs: Float64Array, first: number, rows: number, groupLog: number, samples: number, random: SeededRandom, out: Int32Array, at: number): void {
  const cumulative = new Float64Array(rows);
  let sum = 0;
  for (let a = 0; a < rows; a++) cumulative[a] = sum += Math.exp(rowLogs[first + a] - groupLog);
  for (let s = 0; s < samples; s++) {
    const u = random.next() * sum;
    let lo = 0;
    let hi = rows - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    out[at + s] = first + lo;
  }
}

/** One chunk's normalisers and samples: rows picked in JS from downloaded row masses, columns by a batched inverse CDF on the backend. */
function chunkStates(chunk: EnumerationChunk, plan: EnumerationPlan, energy: EnergyTensors, samplesPerGroup: number, random: SeededRandom | undefined) {
  const rowsPerGroup = chunk.rows.shape[0] / chunk.groupCount;
  const logWeights = chunkLogWeights(chunk, plan, energy);
  const rowLogTensor = tf.logSumExp(logWeights, 1);
  try {
    const rowLogs = Float64Array.from(rowLogTensor.dataSync());
    const logNormalizers = Float64Array.from({ length: chunk.groupCount }, (_, g) => logSumExp(rowLogs, g * rowsPerGroup, (g + 1) * rowsPerGroup));
    if (samplesPerGroup === 0 || random === undefined) return { logNormalizers, states: new Float32Array(0) };
    const count = chunk.groupCount * samplesPerGroup;
    const rowIndex = new Int32Array(count);
    for (let g = 0; g < chunk.groupCount; g++) pickRows(rowLogs, g * rowsPerGroup, rowsPerGroup, logNormalizers[g], samplesPerGroup, random, rowIndex, g * samplesPerGroup);
    const uniforms = Float32Array.from({ length: count }, () => random.next());
    const states = tf.tidy(() => {
      const rows = tf.tensor1d(rowIndex, 'int32');
      const within = tf.exp(tf.sub(tf.gather(logWeights, rows), tf.reshape(tf.gather(rowLogTensor, rows), [-1, 1])));
      const below = tf.step(tf.sub(tf.tensor2d(uniforms, [count, 1]), tf.cumsum(within, 1)));
      const columns = tf.cast(tf.minimum(tf.sum(below, 1), plan.cols.shape[0] - 1), 'int32');
      return tf.add(tf.gather(chunk.rows, rows), tf.gather(plan.cols, columns));
    });
    const values = states.dataSync() as Float32Array;
    states.dispose();
    return { logNormalizers, states: values };
  } finally {
    tf.dispose([logWeights, rowLogTensor]);
  }
}

/**
 * Enumerates the free model (or P(free | v) per visible pattern) in chunks: log normalisers, and `samplesPerGroup`
 * exact samples per group drawn by inverse CDF on `random` (states with probability e^{−H(s)}/Z, or e^{−H(v,h)}/Z(v)).
 * `tick` is awaited after every chunk (≤ 2^22 states), so a progress hook can stop the enumeration.
 */
export async function enumerateStates(
  model: EnergyModelSpec,
  params: ModelParameters,
  options: { clamp?: VisiblePatterns; samplesPerGroup?: number; random?: SeededRandom; tick?: () => Promise<void> | undefined } = {},
): Promise<EnumeratedStates> {
  const free = model.unitCount - (options.clamp ? model.visibleIndices.length : 0);
  const samplesPerGroup = options.samplesPerGroup ?? 0;
  if (samplesPerGroup > 0 && free > MAX_EXACT_SAMPLE_UNITS) {
    throw new RangeError(`Exact sampling enumerates at most ${MAX_EXACT_SAMPLE_UNITS} free units (2^${MAX_EXACT_SAMPLE_UNITS} states); this model has ${free}: start the chains from Gibbs sampling instead`);
  }
  if (samplesPerGroup > 0 && options.random === undefined) throw new Error('Exact sampling needs a seeded random stream (options.random)');
  const dense = denseCouplings(model, params);
  const clamp = options.clamp;
  const groups = clamp?.count ?? 1;
  const plan = createEnumerationPlan(
    model.unitCount,
    model.encoding,
    clamp ? { units: model.visibleIndices, patterns: clamp.patterns, count: clamp.count, weights: new Float64Array(clamp.count).fill(1 / Math.max(1, clamp.count)) } : undefined,
  );
  const energy: EnergyTensors = { couplings: tf.tensor2d(dense.couplings, [dense.unitCount, dense.unitCount]), biases: tf.tensor1d(dense.biases), beta: 1 };
  try {
    const logNormalizers = new Float64Array(groups);
    const states = new Float32Array(groups * samplesPerGroup * model.unitCount);
    for (const chunk of plan.chunks) {
      const part = chunkStates(chunk, plan, energy, samplesPerGroup, options.random);
      logNormalizers.set(part.logNormalizers, chunk.firstGroup);
      states.set(part.states, chunk.firstGroup * samplesPerGroup * model.unitCount);
      await options.tick?.();
    }
    return { logNormalizers, states };
  } finally {
    plan.dispose();
    tf.dispose([energy.couplings, energy.biases]);
  }
}

/** log Z = log Σ_s e^{−H(s)} by enumeration (N ≤ 24), without the moments exactModelStatistics also computes. */
export async function enumeratedLogPartition(model: EnergyModelSpec, params: ModelParameters, tick?: () => Promise<void> | undefined): Promise<number> {
  return (await enumerateStates(model, params, { tick })).logNormalizers[0];
}
