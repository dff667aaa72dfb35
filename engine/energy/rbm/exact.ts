import * as tf from '@tensorflow/tfjs';
import type { BinaryDataset } from '../../data/dataset';
import { dataFit, empiricalDistribution, type DataFit, type EmpiricalDistribution } from '../empirical';
import { columnBatch, disposeRbmTensors, logUnitPartition, uploadRbm, type RbmTensors } from './layers';
import type { RbmView } from './view';

/** Largest layer whose 2^n states are enumerated for an exact log Z (the other layer is summed analytically). */
export const MAX_ENUMERATED_LAYER = 24;

/** Most entries of one enumeration chunk's states × other-layer field matrix. */
const CHUNK_ENTRIES = 1 << 22;

/** The layer enumerated for an exact log Z (the smaller one), and its size. */
export function enumeratedLayer(view: Pick<RbmView, 'visibleCount' | 'hiddenCount'>): { layer: 'visible' | 'hidden'; size: number } {
  return view.visibleCount <= view.hiddenCount ? { layer: 'visible', size: view.visibleCount } : { layer: 'hidden', size: view.hiddenCount };
}

/** Whether log Z can be had exactly: the smaller layer has at most MAX_ENUMERATED_LAYER units. */
export const canEnumerateRbm = (view: Pick<RbmView, 'visibleCount' | 'hiddenCount'>): boolean => enumeratedLayer(view).size <= MAX_ENUMERATED_LAYER;

/** States × units up to which an exact log Z is cheap enough to report after every training epoch (≈ 0.1 s on wasm). */
export const EPOCH_METRIC_COST = 2 ** 26;

/** Whether exact KL and log-likelihood are cheap enough to compute after every epoch. */
export function exactMetricsAffordable(view: Pick<RbmView, 'visibleCount' | 'hiddenCount'>): boolean {
  const { size } = enumeratedLayer(view);
  return size <= MAX_ENUMERATED_LAYER && 2 ** size * (view.visibleCount + view.hiddenCount) <= EPOCH_METRIC_COST;
}

/** −F(v) = bᵀv + Σ_j log Σ_{h_j} e^{h_j (Wᵀv + c)_j} for visible states [V × n] (hidden units summed analytically), length n. */
export function negativeFreeEnergies(rbm: RbmTensors, visibleT: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const linear = tf.sum(tf.mul(visibleT, rbm.visibleBias), 0);
    const fields = tf.add(tf.matMul(rbm.weightsT, visibleT), rbm.hiddenBias);
    return tf.add(linear, tf.sum(logUnitPartition(fields, rbm.encoding), 0)) as tf.Tensor1D;
  });
}

/** The same with the roles swapped: cᵀh + Σ_i log Σ_{v_i} e^{v_i (Wh + b)_i} for hidden states [H × n]. */
function negativeHiddenFreeEnergies(rbm: RbmTensors, hiddenT: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const linear = tf.sum(tf.mul(hiddenT, rbm.hiddenBias), 0);
    const fields = tf.add(tf.matMul(rbm.weights, hiddenT), rbm.visibleBias);
    return tf.add(linear, tf.sum(logUnitPartition(fields, rbm.encoding), 0)) as tf.Tensor1D;
  });
}

/** States first … first + count − 1 of `size` units as a [size × count] column block (bit j of the index is unit j). */
function enumeratedStates(size: number, first: number, count: number, low: number): Float32Array {
  const values = new Float32Array(size * count);
  for (let j = 0; j < size; j++) {
    for (let k = 0; k < count; k++) values[j * count + k] = ((first + k) >>> j) & 1 ? 1 : low;
  }
  return values;
}

/** Adds log-sum-exp terms in float64: log(e^a + e^b). */
const logAdd = (a: number, b: number): number => (a === -Infinity ? b : b === -Infinity ? a : Math.max(a, b) + Math.log1p(Math.exp(-Math.abs(a - b))));

/** log Z on uploaded tensors by enumerating the smaller layer in chunks (float32 sums over ≤ 2^22 entries, float64 across chunks). */
export function logPartitionOf(rbm: RbmTensors): number {
  const { layer, size } = enumeratedLayer(rbm);
  if (size > MAX_ENUMERATED_LAYER) {
    throw new RangeError(
      `An exact log Z enumerates the smaller layer and handles at most ${MAX_ENUMERATED_LAYER} units there; this RBM has ` +
        `${rbm.visibleCount} visible and ${rbm.hiddenCount} hidden units: estimate it with annealed importance sampling instead`,
    );
  }
  const other = layer === 'visible' ? rbm.hiddenCount : rbm.visibleCount;
  const total = 2 ** size;
  const chunk = Math.min(total, 2 ** Math.max(0, Math.floor(Math.log2(CHUNK_ENTRIES / Math.max(1, other + size)))));
  const low = rbm.encoding === 'pm1' ? -1 : 0;
  let logZ = -Infinity;
  for (let first = 0; first < total; first += chunk) {
    const part = tf.tidy(() => {
      const states = tf.tensor2d(enumeratedStates(size, first, chunk, low), [size, chunk]);
      const negF = layer === 'visible' ? negativeFreeEnergies(rbm, states) : negativeHiddenFreeEnergies(rbm, states);
      return tf.logSumExp(negF);
    });
    logZ = logAdd(logZ, part.dataSync()[0]);
    part.dispose();
  }
  return logZ;
}

/** log Z of an RBM by enumerating its smaller layer, the other summed analytically (exact; smaller layer ≤ 24 units). */
export function rbmLogPartition(view: RbmView): number {
  const rbm = uploadRbm(view);
  try {
    return logPartitionOf(rbm);
  } finally {
    disposeRbmTensors(rbm);
  }
}

/** −F(v) of `count` visible patterns (0/1 bits, visible order), in chunks. */
export function negativeFreeEnergiesOf(rbm: RbmTensors, patterns: Uint8Array, count: number): Float64Array {
  const width = rbm.visibleCount;
  const out = new Float64Array(count);
  const chunk = Math.max(1, Math.floor(CHUNK_ENTRIES / Math.max(1, rbm.visibleCount + rbm.hiddenCount)));
  for (let first = 0; first < count; first += chunk) {
    const n = Math.min(chunk, count - first);
    const rows = Int32Array.from({ length: n }, (_, k) => first + k);
    const negF = tf.tidy(() => negativeFreeEnergies(rbm, tf.tensor2d(columnBatch(patterns, width, rows, rbm.encoding), [width, n])));
    out.set(negF.dataSync(), first);
    negF.dispose();
  }
  return out;
}

/** −F(v) = log Σ_h e^{−H(v,h)} for `count` visible patterns (0/1 bits in visible order), hidden units summed analytically. */
export function rbmNegativeFreeEnergies(view: RbmView, patterns: Uint8Array, count: number): Float64Array {
  const rbm = uploadRbm(view);
  try {
    return negativeFreeEnergiesOf(rbm, patterns, count);
  } finally {
    disposeRbmTensors(rbm);
  }
}

/** KL(P_data‖P_model) (Mehlig eq. 4.18) and mean log-likelihood, exactly: log P(v) = −F(v) − log Z. Pass `empirical` to reuse it across calls. */
export function rbmExactDataFit(view: RbmView, data: BinaryDataset, empirical: EmpiricalDistribution = empiricalDistribution(data)): DataFit {
  if (data.width !== view.visibleCount) throw new Error(`Dataset '${data.name}' has ${data.width} columns but the RBM has ${view.visibleCount} visible units`);
  if (data.rowCount === 0) throw new Error(`Dataset '${data.name}' has no rows`);
  const rbm = uploadRbm(view);
  try {
    const logZ = logPartitionOf(rbm);
    const negF = negativeFreeEnergiesOf(rbm, empirical.patterns, empirical.count);
    return dataFit(empirical, negF.map((x) => x - logZ));
  } finally {
    disposeRbmTensors(rbm);
  }
}
