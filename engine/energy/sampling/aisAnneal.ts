import * as tf from '@tensorflow/tfjs';
import type { UnitEncoding } from '../../diagram/types';
import { tracePoints } from '../../likelihood/weights';
import type { UniformNoise } from '../rbm/noise';
import { type WorkClock } from '../../likelihood/progress';

/**
 * The units one AIS anneals, as a batch of chains on the backend: f_β(x) = exp(aᵀx + β g(x)) with g(x) = ½xᵀJx + dᵀx,
 * so f_0 is the factorised base p_A ∝ e^{aᵀx} and f_1 = e^{½xᵀJx + hᵀx} (h = a + d) the target (Neal 2001, p_k ∝ p_A^{1−β} p*^β).
 * Units are in internal order, each colour class of J a contiguous block of rows; states are [F, chains].
 */
export interface AnnealTarget {
  /** ±1 or 0/1 units. */
  encoding: UnitEncoding;
  /** F, the annealed units. */
  unitCount: number;
  /** Chains advanced together (runs, or patterns × runs). */
  chains: number;
  /** Independent sets of J as internal position ranges [start, start + size). */
  classes: { start: number; size: number }[];
  /** J [F, F], symmetric, zero diagonal and zero within each class. */
  couplings: tf.Tensor2D;
  /** a, the base's fields [F, 1] (shared) or [F, chains]. */
  base: tf.Tensor2D;
  /** d = h − a, same shape as `base`. */
  gap: tf.Tensor2D;
}

/** Frees a target's tensors. */
export const disposeTarget = (target: AnnealTarget): void => tf.dispose([target.couplings, target.base, target.gap]);

/** Per-class slices of the target, made once per annealing. */
interface ClassPart {
  start: number;
  size: number;
  couplings: tf.Tensor2D;
  base: tf.Tensor2D;
  gap: tf.Tensor2D;
}

const rowsOf = (x: tf.Tensor2D, start: number, size: number): tf.Tensor2D => tf.slice(x, [start, 0], [size, -1]);

function classParts(target: AnnealTarget): ClassPart[] {
  return target.classes.map(({ start, size }) =>
    tf.tidy(() => ({ start, size, couplings: rowsOf(target.couplings, start, size), base: rowsOf(target.base, start, size), gap: rowsOf(target.gap, start, size) })),
  );
}

const disposeParts = (parts: ClassPart[]): void => parts.forEach((p) => tf.dispose([p.couplings, p.base, p.gap]));

/** A heat-bath sample given the local fields f: P(x = 1) = σ(2f) for ±1 units, σ(f) for 0/1 units (Mehlig eq. 3.1). */
export function sampleFromFields(fields: tf.Tensor2D, encoding: UnitEncoding, noise: UniformNoise): tf.Tensor2D {
  return tf.tidy(() => {
    const p = tf.sigmoid(encoding === 'pm1' ? tf.mul(fields, 2) : fields);
    const up = tf.step(tf.sub(p, tf.tensor2d(noise.fill(fields.size), fields.shape)));
    return (encoding === 'pm1' ? tf.sub(tf.mul(up, 2), 1) : up) as tf.Tensor2D;
  });
}

/** x_0 ~ p_A: every unit independent with field a. */
export const sampleBase = (target: AnnealTarget, noise: UniformNoise): tf.Tensor2D =>
  tf.tidy(() => sampleFromFields(tf.broadcastTo(target.base, [target.unitCount, target.chains]) as tf.Tensor2D, target.encoding, noise));

/** x with rows [start, start + part.rows) replaced by `part`. */
function replaceRows(x: tf.Tensor2D, start: number, part: tf.Tensor2D): tf.Tensor2D {
  const n = x.shape[0];
  const end = start + part.shape[0];
  const pieces = [...(start > 0 ? [rowsOf(x, 0, start)] : []), part, ...(end < n ? [rowsOf(x, end, n - end)] : [])];
  return pieces.length === 1 ? tf.clone(part) : tf.concat(pieces, 0);
}

/** One Gibbs sweep over the colour classes at β, leaving p_β ∝ f_β invariant: each class from its field a + β(Jx + d). Returns a new tensor. */
function sweep(x: tf.Tensor2D, parts: ClassPart[], beta: number, encoding: UnitEncoding, noise: UniformNoise): tf.Tensor2D {
  let states = x;
  for (const part of parts) {
    const next = tf.tidy(() => {
      const fields = tf.add(part.base, tf.mul(tf.add(tf.matMul(part.couplings, states), part.gap), beta)) as tf.Tensor2D;
      return replaceRows(states, part.start, sampleFromFields(fields, encoding, noise));
    });
    if (states !== x) states.dispose();
    states = next;
  }
  return states === x ? tf.clone(x) : states;
}

/** g(x) = ½xᵀJx + dᵀx per chain [chains]: log f_β′ − log f_β = (β′ − β) g(x). */
const gain = (target: AnnealTarget, x: tf.Tensor2D): tf.Tensor1D =>
  tf.tidy(() => tf.sum(tf.mul(x, tf.add(tf.mul(tf.matMul(target.couplings, x), 0.5), target.gap)), 0) as tf.Tensor1D);

/** Run weights and their partial sums at the trace points. */
export interface AnnealRun {
  /** log w of each chain. */
  logWeights: Float64Array;
  /** β of each trace point, in annealing order. */
  traceBetas: Float64Array;
  /** Partial log weights, points × chains row-major. */
  partial: Float64Array;
  /** The last states [F, chains] when asked for (caller disposes). */
  final?: tf.Tensor2D;
}

/**
 * AIS over β_1 … β_K (β_0 = 0). Forward (Neal 2001): x_0 ~ p_A, log w = Σ_k (β_k − β_{k−1}) g(x_{k−1}), x_k ~ T_k(x_{k−1}),
 * E[w] = Z_1/Z_A. Reverse (Grosse et al. 2015): x_K ~ p_1 (from `start`), log w = −Σ_k (β_k − β_{k−1}) g(x_k),
 * x_{k−1} ~ T_{k−1}(x_k), E[w] = Z_A/Z_1. T_k is one Gibbs sweep at β_k. `start` is taken over (disposed).
 * Trace points (as the RBM passes, so both directions share their β): forward the weight of β_0 … β_k, reverse of β_K … β_k.
 */
export async function annealChains(
  target: AnnealTarget,
  betas: Float64Array,
  direction: 'forward' | 'reverse',
  start: tf.Tensor2D,
  noise: UniformNoise,
  clock: WorkClock,
  keepFinal = false,
): Promise<AnnealRun> {
  const count = betas.length;
  const chains = target.chains;
  const points = tracePoints(count);
  const order = direction === 'forward' ? Array.from(points) : Array.from(points).reverse();
  const partial = new Float64Array(order.length * chains);
  const traceBetas = Float64Array.from(order, (k) => betas[k]);
  const parts = classParts(target);
  let x: tf.Tensor2D | undefined = start;
  let logWeights = tf.zeros([chains]) as tf.Tensor1D;
  let traced = 0;
  try {
    for (let step = 0; step < count; step++) {
      const k = direction === 'forward' ? step : count - 1 - step;
      const lower = k > 0 ? betas[k - 1] : 0;
      const delta = direction === 'forward' ? betas[k] - lower : lower - betas[k];
      const states: tf.Tensor2D = x;
      const record = traced < order.length && order[traced] === k;
      if (record && direction === 'reverse') partial.set(logWeights.dataSync(), chains * traced++);
      const next = tf.tidy(() => tf.add(logWeights, tf.mul(gain(target, states), delta)) as tf.Tensor1D);
      logWeights.dispose();
      logWeights = next;
      if (record && direction === 'forward') partial.set(logWeights.dataSync(), chains * traced++);
      const sweepBeta = direction === 'forward' ? (k < count - 1 ? betas[k] : undefined) : k > 0 ? lower : undefined;
      if (sweepBeta !== undefined) {
        x = sweep(states, parts, sweepBeta, target.encoding, noise);
        states.dispose();
      }
      await clock.tick();
    }
    const result: AnnealRun = { logWeights: Float64Array.from(logWeights.dataSync()), traceBetas, partial };
    if (keepFinal) [result.final, x] = [x, undefined];
    return result;
  } finally {
    logWeights.dispose();
    x?.dispose();
    disposeParts(parts);
  }
}

/** `sweeps` Gibbs sweeps at β (1: the target itself) from `start` (taken over); returns the last states. */
export async function gibbsSweeps(target: AnnealTarget, start: tf.Tensor2D, beta: number, sweeps: number, noise: UniformNoise, clock: WorkClock): Promise<tf.Tensor2D> {
  const parts = classParts(target);
  let x: tf.Tensor2D | undefined = start;
  try {
    for (let s = 0; s < sweeps; s++) {
      const states: tf.Tensor2D = x;
      x = sweep(states, parts, beta, target.encoding, noise);
      states.dispose();
      await clock.tick();
    }
    const out: tf.Tensor2D = x;
    x = undefined;
    return out;
  } finally {
    x?.dispose();
    disposeParts(parts);
  }
}
