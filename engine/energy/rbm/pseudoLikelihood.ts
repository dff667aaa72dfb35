import * as tf from '@tensorflow/tfjs';
import type { BinaryDataset } from '../../data/dataset';
import { createRandom } from '../../random/seeded';
import { CHUNK_ENTRIES } from '../states';
import { negativeFreeEnergies } from './exact';
import { columnBatch, disposeRbmTensors, uploadRbm, type RbmTensors } from './layers';
import type { RbmView } from './view';

/** Settings of the stochastic pseudo-likelihood. */
export interface PseudoLikelihoodArgs {
  /** Seed of the row subsample and of the flipped unit of each row. Default 0. */
  seed?: number;
  /** Rows used at most; above it a uniform subsample without replacement. Default PSEUDO_LIKELIHOOD_ROWS. */
  maxRows?: number;
}

/** Rows the per-epoch monitor reads by default: a standard error of ≈ sd/30, at two free energies per row. */
export const PSEUDO_LIKELIHOOD_ROWS = 1000;

/** A pseudo-likelihood estimate per visible unit (a proxy for fit, never the log-likelihood). */
export interface PseudoLikelihoodEstimate {
  /** Mean over rows of log P(v_i | v_−i) for one uniformly drawn i per row: unbiased for (1/V) Σ_i log P(v_i | v_−i) over the data. */
  perUnit: number;
  /** Standard deviation of the per-row terms / √rows (covers both the row subsample and the random flip). */
  standardError: number;
  /** Rows used. */
  rows: number;
}

function checkData(view: RbmView, data: BinaryDataset): void {
  if (data.width !== view.visibleCount) {
    throw new Error(`Dataset '${data.name}' has ${data.width} columns but the RBM has ${view.visibleCount} visible units: use data made for this model`);
  }
  if (data.rowCount === 0) throw new Error(`Dataset '${data.name}' has no rows: a pseudo-likelihood needs at least one pattern`);
}

/** Columns per chunk so that a [V + H, columns] block stays within CHUNK_ENTRIES. */
const chunkColumns = (view: RbmView): number => Math.max(1, Math.floor(CHUNK_ENTRIES / (view.visibleCount + view.hiddenCount)));

/** log P(x_i | x_−i) = log σ(F(x̃) − F(x)) = −softplus(−F(x̃) + F(x)) per column, for states x and their one-flip partners x̃ (both V × n). */
function conditionalLogProbabilities(rbm: RbmTensors, states: tf.Tensor2D, flipped: tf.Tensor2D, repeats = 1): tf.Tensor1D {
  return tf.tidy(() => {
    const negF = negativeFreeEnergies(rbm, states);
    const base = repeats === 1 ? negF : tf.tile(negF, [repeats]);
    return tf.neg(tf.softplus(tf.sub(negativeFreeEnergies(rbm, flipped), base))) as tf.Tensor1D;
  });
}

/** `count` distinct rows of `total` in random order (partial Fisher–Yates), or every row in order when count = total. */
function pickRows(total: number, count: number, next: (n: number) => number): Int32Array {
  const order = Int32Array.from({ length: total }, (_, i) => i);
  if (count === total) return order;
  for (let k = 0; k < count; k++) {
    const j = k + next(total - k);
    const t = order[k];
    order[k] = order[j];
    order[j] = t;
  }
  return order.subarray(0, count);
}

/**
 * Stochastic pseudo-likelihood per visible unit (scikit-learn BernoulliRBM.score_samples divided by V; Besag 1975): for
 * each row flip one uniform visible unit i and take log σ(F(ṽ) − F(v)); a proxy for fit, not the log-likelihood.
 */
export function rbmPseudoLikelihood(view: RbmView, data: BinaryDataset, args: PseudoLikelihoodArgs = {}): PseudoLikelihoodEstimate {
  checkData(view, data);
  const maxRows = args.maxRows ?? PSEUDO_LIKELIHOOD_ROWS;
  if (!Number.isInteger(maxRows) || maxRows < 1) throw new RangeError(`maxRows must be a whole number ≥ 1 (rows read at most); got ${maxRows}`);
  const random = createRandom(args.seed ?? 0).fork('pseudo-likelihood');
  const rows = pickRows(data.rowCount, Math.min(maxRows, data.rowCount), (n) => random.int(n));
  const flips = Int32Array.from(rows, () => random.int(view.visibleCount));
  const terms = new Float64Array(rows.length);
  const width = view.visibleCount;
  const chunk = chunkColumns(view);
  const rbm = uploadRbm(view);
  try {
    for (let first = 0; first < rows.length; first += chunk) {
      const part = rows.subarray(first, Math.min(rows.length, first + chunk));
      const n = part.length;
      const states = columnBatch(data.bits, width, part, view.encoding);
      const flipped = Float32Array.from(states);
      const low = view.encoding === 'pm1' ? -1 : 0;
      for (let b = 0; b < n; b++) {
        const at = flips[first + b] * n + b;
        flipped[at] = flipped[at] === 1 ? low : 1;
      }
      const logP = tf.tidy(() => conditionalLogProbabilities(rbm, tf.tensor2d(states, [width, n]), tf.tensor2d(flipped, [width, n])));
      terms.set(logP.dataSync(), first);
      logP.dispose();
    }
  } finally {
    disposeRbmTensors(rbm);
  }
  let sum = 0;
  for (const t of terms) sum += t;
  const mean = sum / terms.length;
  let squares = 0;
  for (const t of terms) squares += (t - mean) ** 2;
  const standardError = terms.length > 1 ? Math.sqrt(squares / (terms.length - 1) / terms.length) : NaN;
  return { perUnit: mean, standardError, rows: terms.length };
}

/** Exact pseudo-log-likelihood per visible unit, (1/(NV)) Σ_rows Σ_i log P(v_i | v_−i) (Besag 1975), all V flips of every row batched: a proxy, not the log-likelihood. */
export function rbmExactPseudoLikelihood(view: RbmView, data: BinaryDataset): number {
  checkData(view, data);
  const width = view.visibleCount;
  const rowsPerChunk = Math.max(1, Math.floor(chunkColumns(view) / width));
  const rbm = uploadRbm(view);
  let total = 0;
  try {
    for (let first = 0; first < data.rowCount; first += rowsPerChunk) {
      const n = Math.min(rowsPerChunk, data.rowCount - first);
      const part = Int32Array.from({ length: n }, (_, k) => first + k);
      const states = columnBatch(data.bits, width, part, view.encoding);
      const sum = tf.tidy(() => {
        const x = tf.tensor2d(states, [width, n]);
        // Column i·n + b of the tiled block is row b with unit i flipped: the flip mask is I_V ⊗ 1ᵀ_n.
        const tiled = tf.tile(x, [1, width]) as tf.Tensor2D;
        const mask = tf.reshape(tf.tile(tf.reshape(tf.eye(width), [width, width, 1]), [1, 1, n]), [width, width * n]);
        const change = view.encoding === 'pm1' ? tf.mul(tiled, -2) : tf.sub(1, tf.mul(tiled, 2));
        const flipped = tf.add(tiled, tf.mul(mask, change)) as tf.Tensor2D;
        return tf.sum(conditionalLogProbabilities(rbm, x, flipped, width));
      });
      total += sum.dataSync()[0];
      sum.dispose();
    }
  } finally {
    disposeRbmTensors(rbm);
  }
  return total / (data.rowCount * width);
}
