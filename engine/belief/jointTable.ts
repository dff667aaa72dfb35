import * as tf from '@tensorflow/tfjs';
import { MAX_ENUMERATED_UNITS } from './exact';
import type { BeliefNetwork } from './network';

/** Low units enumerated inside one TF.js chunk (2^16 states per chunk); the higher units are fixed per chunk. */
const LOW_BITS = 16;

/**
 * ln P(S) = Σ_i S_i z_i − ln(1 + e^{z_i}), z = J S + b (Saul & Jordan eq. 2.2), for every one of the 2^N joint states;
 * bit i of the state index is unit i. N ≤ MAX_ENUMERATED_UNITS. Each state is S = L + H with L enumerating the low units
 * (fixed tensor) and H the chunk's high units, so z = J L + (J H + b) needs one matrix product for all chunks.
 */
export function beliefLogJoints(network: BeliefNetwork): Float64Array {
  const n = network.unitCount;
  if (n > MAX_ENUMERATED_UNITS) {
    throw new RangeError(`Enumerating every joint state handles at most ${MAX_ENUMERATED_UNITS} units (2^${MAX_ENUMERATED_UNITS} states); this network has ${n}`);
  }
  const lowBits = Math.min(n, LOW_BITS);
  const lowCount = 2 ** lowBits;
  const lowStates = new Float32Array(lowCount * n);
  for (let s = 0; s < lowCount; s++) for (let i = 0; i < lowBits; i++) lowStates[s * n + i] = (s >> i) & 1;
  const weights = tf.tensor2d(network.weights, [n, n]);
  const low = tf.tensor2d(lowStates, [lowCount, n]);
  const lowFields = tf.tidy(() => tf.matMul(low, weights, false, true));
  const logJoints = new Float64Array(2 ** n);
  try {
    for (let high = 0; high < 2 ** (n - lowBits); high++) {
      const highState = Float32Array.from({ length: n }, (_, i) => (i >= lowBits ? (high >> (i - lowBits)) & 1 : 0));
      const offset = Float32Array.from(network.biases);
      for (let i = 0; i < n; i++) for (let j = lowBits; j < n; j++) offset[i] += network.weights[i * n + j] * highState[j];
      const chunk = tf.tidy(() => {
        const states = tf.add(low, tf.tensor1d(highState));
        const fields = tf.add(lowFields, tf.tensor1d(offset));
        return tf.sum(tf.sub(tf.mul(states, fields), tf.softplus(fields)), 1);
      });
      logJoints.set(chunk.dataSync(), high * lowCount);
      chunk.dispose();
    }
  } finally {
    tf.dispose([weights, low, lowFields]);
  }
  return logJoints;
}
