import * as tf from '@tensorflow/tfjs';
import type { SeededRandom } from '../../random/seeded';
import { enumeratedLayer, MAX_ENUMERATED_LAYER, negativeFreeEnergies } from './exact';
import { logUnitPartition, sampleUnits, unitMeans, visibleFields, type RbmTensors } from './layers';
import type { UniformNoise } from './noise';

/** Most entries of one chunk's states × other-layer field matrix (as exact.ts). */
const CHUNK_ENTRIES = 1 << 22;

/** How the smaller layer's 2^n states are walked: the layer, its size, states per chunk and the number of chunks. */
export interface EnumerationPlan {
  layer: 'visible' | 'hidden';
  size: number;
  chunk: number;
  chunks: number;
  /** Multiply-adds of one chunk's product (for progress weighting). */
  chunkCost: number;
}

/** The chunked walk over the smaller layer (≤ MAX_ENUMERATED_LAYER units), or undefined when it is too large. */
export function enumerationPlan(rbm: Pick<RbmTensors, 'visibleCount' | 'hiddenCount'>): EnumerationPlan | undefined {
  const { layer, size } = enumeratedLayer(rbm);
  if (size > MAX_ENUMERATED_LAYER) return undefined;
  const other = layer === 'visible' ? rbm.hiddenCount : rbm.visibleCount;
  const total = 2 ** size;
  const chunk = Math.min(total, 2 ** Math.max(0, Math.floor(Math.log2(CHUNK_ENTRIES / Math.max(1, other + size)))));
  return { layer, size, chunk, chunks: total / chunk, chunkCost: chunk * size * other };
}

/** States first … first + count − 1 of `size` units as a [size × count] column block (bit j of the index is unit j). */
function enumeratedStates(size: number, first: number, count: number, low: number): Float32Array {
  const values = new Float32Array(size * count);
  for (let j = 0; j < size; j++) for (let k = 0; k < count; k++) values[j * count + k] = ((first + k) >>> j) & 1 ? 1 : low;
  return values;
}

/** log Σ_v e^{vᵀ(Wh + b)} + cᵀh for hidden states [H × n]: the unnormalised log marginal of h. */
function negativeHiddenFreeEnergies(rbm: RbmTensors, hiddenT: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.add(tf.sum(tf.mul(hiddenT, rbm.hiddenBias), 0), tf.sum(logUnitPartition(visibleFields(rbm, hiddenT), rbm.encoding), 0)) as tf.Tensor1D);
}

const logAdd = (a: number, b: number): number => (a === -Infinity ? b : b === -Infinity ? a : Math.max(a, b) + Math.log1p(Math.exp(-Math.abs(a - b))));

/** Exact log Z and, when `samples` > 0, that many exact samples of v ~ P(v) at β = 1 as a [V × samples] batch (caller disposes). */
export interface EnumerationResult {
  logZ: number;
  visible?: tf.Tensor2D;
}

/**
 * Walks the smaller layer's 2^n states in chunks: log Z = log Σ e^{−F} (float64 across and within chunks) and exact samples of
 * that layer from its marginal, one pass: each sample keeps its state or moves into the current chunk with probability
 * m_chunk / (m_seen + m_chunk) (weighted reservoir), and within the chunk by inverse CDF; both on the seeded `uniform` stream.
 * A hidden sample is completed by v ~ P(v | h) on `noise`. `tick(units)` is awaited after every chunk.
 */
export async function enumerateRbm(
  rbm: RbmTensors,
  plan: EnumerationPlan,
  samples: number,
  uniform: SeededRandom,
  noise: UniformNoise,
  tick: (chunkDone: number) => Promise<void> | undefined,
): Promise<EnumerationResult> {
  const low = rbm.encoding === 'pm1' ? -1 : 0;
  const chosen = new Int32Array(samples);
  let logZ = -Infinity;
  const cumulative = new Float64Array(plan.chunk);
  for (let c = 0; c < plan.chunks; c++) {
    const first = c * plan.chunk;
    const negF = tf.tidy(() => {
      const states = tf.tensor2d(enumeratedStates(plan.size, first, plan.chunk, low), [plan.size, plan.chunk]);
      return plan.layer === 'visible' ? negativeFreeEnergies(rbm, states) : negativeHiddenFreeEnergies(rbm, states);
    });
    const values = negF.dataSync();
    negF.dispose();
    let top = -Infinity;
    for (let k = 0; k < values.length; k++) top = Math.max(top, values[k]);
    let mass = 0;
    for (let k = 0; k < values.length; k++) cumulative[k] = mass += Math.exp(values[k] - top);
    const chunkLogMass = top + Math.log(mass);
    const seen = logZ;
    logZ = logAdd(logZ, chunkLogMass);
    const moveProbability = Math.exp(chunkLogMass - logZ);
    for (let r = 0; r < samples; r++) {
      if (seen !== -Infinity && uniform.next() >= moveProbability) continue;
      const target = uniform.next() * mass;
      let lo = 0;
      let hi = values.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cumulative[mid] > target) hi = mid;
        else lo = mid + 1;
      }
      chosen[r] = first + lo;
    }
    await tick(c + 1);
  }
  if (samples === 0) return { logZ };
  const states = new Float32Array(plan.size * samples);
  for (let j = 0; j < plan.size; j++) for (let r = 0; r < samples; r++) states[j * samples + r] = (chosen[r] >>> j) & 1 ? 1 : low;
  const visible = tf.tidy(() => {
    const layer = tf.tensor2d(states, [plan.size, samples]);
    return plan.layer === 'visible' ? layer : sampleUnits(unitMeans(visibleFields(rbm, layer), rbm.encoding), rbm.encoding, noise);
  });
  return { logZ, visible };
}
