import * as tf from '@tensorflow/tfjs';
import { MAX_ENUMERATED_UNITS } from './exact';
import type { BeliefNetwork } from './network';

/** States whose log-joints one TF.js chunk computes ([chunk, N] states and fields). */
const STATES_PER_CHUNK = 1 << 16;

/**
 * ln P(S) = Σ_i S_i z_i − ln(1 + e^{z_i}), z = J S + b (Saul & Jordan eq. 2.2), for every one of the 2^N joint states;
 * bit i of the state index is unit i. N ≤ MAX_ENUMERATED_UNITS.
 */
export function beliefLogJoints(network: BeliefNetwork): Float64Array {
  const n = network.unitCount;
  if (n > MAX_ENUMERATED_UNITS) {
    throw new RangeError(`Enumerating every joint state handles at most ${MAX_ENUMERATED_UNITS} units (2^${MAX_ENUMERATED_UNITS} states); this network has ${n}`);
  }
  const total = 2 ** n;
  const logJoints = new Float64Array(total);
  const transposed = tf.tidy(() => tf.transpose(tf.tensor2d(network.weights, [n, n])));
  const biases = tf.tensor1d(network.biases);
  const powers = tf.tensor1d(Array.from({ length: n }, (_, i) => 2 ** i), 'int32');
  try {
    for (let first = 0; first < total; first += STATES_PER_CHUNK) {
      const count = Math.min(STATES_PER_CHUNK, total - first);
      const chunk = tf.tidy(() => {
        const index = tf.expandDims(tf.range(first, first + count, 1, 'int32'), 1);
        const states = tf.cast(tf.mod(tf.floorDiv(index, powers), 2), 'float32');
        const fields = tf.add(tf.matMul(states, transposed), biases);
        return tf.sum(tf.sub(tf.mul(states, fields), tf.softplus(fields)), 1);
      });
      logJoints.set(chunk.dataSync(), first);
      chunk.dispose();
    }
  } finally {
    tf.dispose([transposed, biases, powers]);
  }
  return logJoints;
}
