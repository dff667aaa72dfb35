import * as tf from '@tensorflow/tfjs';
import { createRandom, type SeededRandom } from '../../random/seeded';
import type { BeliefNetworkBatch } from '../network';
import { attractorSettings, relaxState, type AttractorArgs } from './dynamics';
import type { ClampTensors } from './clamp';
import { denseBlock, disposeStructure, networkTensors, withParameters, type NetworkTensors, type StructureTensors } from './fields';
import { learningDirection } from './learning';
import { readTensors } from './relax';

/** Mean-field learning (Saul & Jordan §3.4) settings: the dynamics' settings plus the update. */
export interface AttractorTrainingArgs extends AttractorArgs {
  /** η in J ← J + η·⟨eq. 3.17⟩ over a mini-batch. Default 0.05 (Saul & Jordan §4, footnote 2). */
  learningRate?: number;
  /** Patterns per update. Default 1: the on-line rule of §3.4 as used in §4. */
  batchSize?: number;
}

export const ATTRACTOR_TRAINING_DEFAULTS = { learningRate: 0.05, batchSize: 1 } as const;

/** Training patterns of one network: rowCount × V bits (0/1), V = the network's visible units in sorted order. */
export interface PatternSet {
  rowCount: number;
  bits: Uint8Array;
}

/** K networks trained side by side, each on its own patterns (e.g. one network per digit class). */
export interface AttractorTrainer {
  readonly networkCount: number;
  /**
   * One pass: network k visits its rows once in a fresh seeded order, relaxing (top-down start) and applying eq. 3.17
   * after each mini-batch. Resolves to each network's mean −L over its rows, measured before each update.
   */
  epoch(): Promise<Float32Array>;
  /** The current weights and biases as plain data. */
  networks(): Promise<BeliefNetworkBatch>;
  dispose(): void;
}

function shuffled(count: number, random: SeededRandom): number[] {
  const order = Array.from({ length: count }, (_, k) => k);
  for (let k = count - 1; k > 0; k--) {
    const m = random.int(k + 1);
    [order[k], order[m]] = [order[m], order[k]];
  }
  return order;
}

/** Starts mean-field learning of `initial`'s K networks on `data[k]`; the trainer owns its tensors until dispose(). */
export function createAttractorTrainer(initial: BeliefNetworkBatch, data: PatternSet[], seed: number, args: AttractorTrainingArgs = {}): AttractorTrainer {
  const settings = attractorSettings(args);
  const learningRate = args.learningRate ?? ATTRACTOR_TRAINING_DEFAULTS.learningRate;
  const batchSize = args.batchSize ?? ATTRACTOR_TRAINING_DEFAULTS.batchSize;
  const k = initial.networkCount;
  const n = initial.unitCount;
  const visible = initial.visibleIndices;
  const v = visible.length;
  if (!(learningRate >= 0 && Number.isFinite(learningRate))) throw new Error(`Learning rate must be a non-negative number, got ${learningRate}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`Batch size must be a positive integer, got ${batchSize}`);
  if (data.length !== k) throw new Error(`Mean-field learning of ${k} networks needs ${k} pattern sets, got ${data.length}`);
  data.forEach((set, index) => {
    if (set.rowCount < 1 || set.bits.length !== set.rowCount * v) {
      throw new Error(`Pattern set ${index} must hold rowCount·V = ${set.rowCount}·${v} bits with rowCount ≥ 1; got ${set.bits.length}`);
    }
  });
  const maxRows = Math.max(...data.map((set) => set.rowCount));
  const padded = new Float32Array(k * maxRows * v);
  data.forEach((set, index) => padded.set(set.bits, index * maxRows * v));
  const placement = new Float32Array(v * n);
  visible.forEach((unit, column) => (placement[column * n + unit] = 1));
  const visibleMask = new Float32Array(n);
  visible.forEach((unit) => (visibleMask[unit] = 1));

  const patterns = tf.tensor2d(padded, [k * maxRows, v]);
  const place = tf.tensor2d(placement, [v, n]);
  const mask = tf.tensor3d(visibleMask, [1, 1, n]);
  let net: NetworkTensors = networkTensors(initial);
  const random = createRandom(seed).fork('attractor-training');
  let epochIndex = 0;

  const structure: StructureTensors = net;
  const parameterTensors = (x: NetworkTensors): tf.Tensor[] => [x.block, x.squaredBlock, x.columns, x.squaredColumns, x.biases];

  /** One mini-batch per network: relax, apply eq. 3.17, return Σ −L·weight per network. */
  const update = (indices: Int32Array, weights: Float32Array): tf.Tensor1D => {
    const [block, biases, negLyapunov] = tf.tidy(() => {
      const rows = tf.gather(patterns, tf.tensor1d(indices, 'int32'));
      const values = tf.reshape(tf.matMul(rows, place), [k, batchSize, n]) as tf.Tensor3D;
      const clamp: ClampTensors = { patternCount: batchSize, mask, values, dispose: () => {} };
      const patternWeights = tf.tensor3d(weights, [k, batchSize, 1]);
      const relaxed = relaxState(net, clamp, settings);
      const direction = learningDirection(net, relaxed.state, patternWeights);
      return [
        tf.add(net.block, tf.mul(learningRate, direction.weights)) as tf.Tensor3D,
        tf.add(net.biases, tf.mul(learningRate, direction.biases)) as tf.Tensor3D,
        tf.sum(tf.mul(tf.neg(relaxed.lyapunov), tf.reshape(patternWeights, [k, batchSize])), 1) as tf.Tensor1D,
      ];
    });
    tf.dispose(parameterTensors(net));
    net = withParameters(structure, block, biases);
    return negLyapunov;
  };

  return {
    networkCount: k,
    async epoch() {
      const epochRandom = random.fork(`epoch ${epochIndex++}`);
      const orders = data.map((set, index) => shuffled(set.rowCount, epochRandom.fork(`network ${index}`)));
      const steps = Math.ceil(maxRows / batchSize);
      let total = tf.zeros([k]) as tf.Tensor1D;
      for (let s = 0; s < steps; s++) {
        const indices = new Int32Array(k * batchSize);
        const weights = new Float32Array(k * batchSize);
        orders.forEach((order, index) => {
          for (let j = 0; j < batchSize; j++) {
            const position = s * batchSize + j;
            if (position >= order.length) continue;
            indices[index * batchSize + j] = index * maxRows + order[position];
            weights[index * batchSize + j] = 1;
          }
        });
        const sum = update(indices, weights);
        const next = tf.add(total, sum) as tf.Tensor1D;
        total.dispose();
        sum.dispose();
        total = next;
        if (s % 64 === 63) await tf.nextFrame();
      }
      const [sums] = await readTensors([total]).finally(() => total.dispose());
      return Float32Array.from(sums, (value, index) => value / data[index].rowCount);
    },
    async networks() {
      const dense = denseBlock(net, net.block);
      const [weights, biases] = await readTensors([dense, net.biases]).finally(() => dense.dispose());
      return { ...initial, weights, biases };
    },
    dispose() {
      tf.dispose([...parameterTensors(net), patterns, place, mask]);
      disposeStructure(structure);
    },
  };
}
