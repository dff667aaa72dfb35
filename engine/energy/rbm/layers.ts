import * as tf from '@tensorflow/tfjs';
import type { UnitEncoding } from '../../diagram/types';
import type { UniformNoise } from './noise';
import type { RbmView } from './view';

/**
 * An RBM on the backend in column layout: states are [units × batch] so that the weight matrices are always the left
 * operand of a product (the wasm backend repacks the right operand on every new tensor, and runs transposed products
 * an order of magnitude slower), with W and Wᵀ both kept so that no product is transposed.
 */
export interface RbmTensors {
  encoding: UnitEncoding;
  visibleCount: number;
  hiddenCount: number;
  /** W, V × H. */
  weights: tf.Tensor2D;
  /** Wᵀ, H × V. */
  weightsT: tf.Tensor2D;
  /** b as a column, V × 1. */
  visibleBias: tf.Tensor2D;
  /** c as a column, H × 1. */
  hiddenBias: tf.Tensor2D;
}

/** Uploads `view` (W, Wᵀ, b, c); the caller disposes the result with disposeRbmTensors. */
export function uploadRbm(view: RbmView): RbmTensors {
  const { visibleCount: v, hiddenCount: h } = view;
  return tf.tidy(() => {
    const weights = tf.tensor2d(view.weights, [v, h]);
    return {
      encoding: view.encoding,
      visibleCount: v,
      hiddenCount: h,
      weights: tf.keep(weights),
      weightsT: tf.keep(tf.transpose(weights)),
      visibleBias: tf.keep(tf.tensor2d(view.visibleBias, [v, 1])),
      hiddenBias: tf.keep(tf.tensor2d(view.hiddenBias, [h, 1])),
    };
  });
}

/** Frees W, Wᵀ, b and c. */
export function disposeRbmTensors(rbm: RbmTensors): void {
  tf.dispose([rbm.weights, rbm.weightsT, rbm.visibleBias, rbm.hiddenBias]);
}

/** Local fields of the hidden units, Wᵀv + c (Mehlig eq. 4.30a with c = −θ^(h)), H × batch. */
export const hiddenFields = (rbm: RbmTensors, visibleT: tf.Tensor2D): tf.Tensor2D => tf.add(tf.matMul(rbm.weightsT, visibleT), rbm.hiddenBias);

/** Local fields of the visible units, Wh + b (Mehlig eq. 4.30b), V × batch. */
export const visibleFields = (rbm: RbmTensors, hiddenT: tf.Tensor2D): tf.Tensor2D => tf.add(tf.matMul(rbm.weights, hiddenT), rbm.visibleBias);

/** E[s | field]: tanh(b) for ±1 units (Mehlig eq. 4.34), σ(b) for 0/1 units. */
export const unitMeans = (fields: tf.Tensor, encoding: UnitEncoding): tf.Tensor2D =>
  (encoding === 'pm1' ? tf.tanh(fields) : tf.sigmoid(fields)) as tf.Tensor2D;

/**
 * A sample with the given means: s = +1 with probability (1 + m)/2 = p(b) (Mehlig eq. 4.30), else −1, for ±1 units;
 * s = 1 with probability m for 0/1 units. One comparison with uniform noise per unit, no per-unit JS loop.
 */
export function sampleUnits(means: tf.Tensor2D, encoding: UnitEncoding, noise: UniformNoise): tf.Tensor2D {
  const count = means.size;
  if (encoding === 'binary01') return tf.step(tf.sub(means, tf.tensor2d(noise.fill(count), means.shape))) as tf.Tensor2D;
  const up = tf.step(tf.sub(means, tf.tensor2d(noise.fill(count, -1, 1), means.shape)));
  return tf.sub(tf.mul(up, 2), 1) as tf.Tensor2D;
}

/** log Σ_{s=states} e^{s·x}: softplus(x) = log(1 + eˣ) for 0/1 units, log 2cosh(x) = |x| + softplus(−2|x|) for ±1 units. */
export function logUnitPartition(fields: tf.Tensor, encoding: UnitEncoding): tf.Tensor {
  if (encoding === 'binary01') return tf.softplus(fields);
  const magnitude = tf.abs(fields);
  return tf.add(magnitude, tf.softplus(tf.mul(magnitude, -2)));
}

/** Data rows (0/1 bits, `width` per row) picked by `rows`, as a [width × rows.length] Float32Array of unit values (±1 or 0/1). */
export function columnBatch(bits: Uint8Array, width: number, rows: ArrayLike<number>, encoding: UnitEncoding, out?: Float32Array): Float32Array {
  const count = rows.length;
  const values = out ?? new Float32Array(width * count);
  const zero = encoding === 'pm1' ? -1 : 0;
  for (let b = 0; b < count; b++) {
    const offset = rows[b] * width;
    for (let i = 0; i < width; i++) values[i * count + b] = bits[offset + i] ? 1 : zero;
  }
  return values;
}
