import * as tf from '@tensorflow/tfjs';
import { createRandom } from '../random/seeded';
import { toBatch } from './exact';
import type { BeliefNetwork, BeliefNetworkBatch } from './network';

/** Draws from a network: each unit set after its parents with P(S_i = 1 | parents) = σ(Σ_j J_ij S_j + b_i). */
export interface AncestralSampleArgs {
  /** Samples per network. */
  count: number;
  /** Seed of the draws. Default 0. */
  seed?: number;
}

/** `count` samples per network as 0/1 bytes. */
export interface BeliefSamples {
  networkCount: number;
  count: number;
  unitCount: number;
  /** [K, count, N] row-major. */
  states: Uint8Array;
}

/** Ancestral sampling (fantasies, Saul & Jordan §4): layer by layer, all samples and networks at once. */
export function ancestralSample(networks: BeliefNetwork | BeliefNetworkBatch, args: AncestralSampleArgs): BeliefSamples {
  const batch = toBatch(networks);
  const { networkCount: k, unitCount: n } = batch;
  const count = args.count;
  if (!Number.isInteger(count) || count < 1) throw new Error(`Sample count must be a positive integer, got ${count}`);
  const random = createRandom(args.seed ?? 0);
  const seeds = batch.layers.map(() => random.tfSeed());
  const sampled = tf.tidy(() => {
    const weightsT = tf.transpose(tf.tensor3d(batch.weights, [k, n, n]), [0, 2, 1]);
    const biases = tf.reshape(tf.tensor2d(batch.biases, [k, n]), [k, 1, n]);
    let states: tf.Tensor3D = tf.zeros([k, count, n]);
    batch.layers.forEach((units, l) => {
      const mask = new Float32Array(n);
      for (const u of units) mask[u] = 1;
      const probabilities = tf.sigmoid(tf.add(tf.matMul(states, weightsT), biases));
      const draws = tf.cast(tf.less(tf.randomUniform([k, count, n], 0, 1, 'float32', seeds[l]), probabilities), 'float32');
      states = tf.add(states, tf.mul(draws, tf.tensor1d(mask))) as tf.Tensor3D;
    });
    return tf.cast(states, 'int32');
  });
  const states = Uint8Array.from(sampled.dataSync());
  sampled.dispose();
  return { networkCount: k, count, unitCount: n, states };
}

/** The visible units of samples as rows of bits in visibleIndices order ([K·count, V], a BinaryDataset's layout). */
export function visibleBits(samples: BeliefSamples, visibleIndices: number[]): Uint8Array {
  const rows = samples.networkCount * samples.count;
  const n = samples.unitCount;
  const bits = new Uint8Array(rows * visibleIndices.length);
  for (let r = 0; r < rows; r++) visibleIndices.forEach((u, k) => (bits[r * visibleIndices.length + k] = samples.states[r * n + u]));
  return bits;
}
