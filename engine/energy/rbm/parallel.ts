import * as tf from '@tensorflow/tfjs';
import { resolveCdArgs, type CdArgs } from './cdArgs';
import { cdUpdate, disposeState, type CdNoise, type CdSteps, type CdUpdateHooks, type TrainState } from './cdUpdate';
import { uploadRbm, type RbmTensors } from './layers';
import type { RbmView } from './view';

/** CD-k state of one worker: its parameters (and velocity) on this backend, updated one minibatch at a time with `hooks`. */
interface LocalCd {
  update(batch: Float32Array, batchSize: number, hooks: Omit<CdUpdateHooks, 'mask'>): void;
  view(): RbmView;
  dispose(): void;
}

function createLocalCd(start: RbmView, config: Required<CdArgs>, noise: CdNoise): LocalCd {
  const { visibleCount: v, hiddenCount: h } = start;
  let live: TrainState = { rbm: uploadRbm(start) };
  if (config.momentum > 0) {
    live.velocity = { weights: tf.zeros([v, h]), visibleBias: tf.zeros([v, 1]), hiddenBias: tf.zeros([h, 1]) };
  }
  const mask = start.mask ? tf.tensor2d(start.mask, [v, h]) : undefined;
  return {
    update(batch, batchSize, hooks) {
      const data = tf.tensor2d(batch, [v, batchSize]);
      try {
        const next = cdUpdate(live, data, config, noise, { ...hooks, mask });
        disposeState(live);
        live = next;
      } finally {
        data.dispose();
      }
    },
    view() {
      const read = (t: tf.Tensor): Float32Array => Float32Array.from(t.dataSync());
      return { ...start, weights: read(live.rbm.weights), visibleBias: read(live.rbm.visibleBias), hiddenBias: read(live.rbm.hiddenBias) };
    },
    dispose() {
      disposeState(live);
      mask?.dispose();
    },
  };
}

/**
 * One share of CD-k split over hidden units, for running a minibatch on several backends at once (e.g. one per worker
 * thread): the shard holds c and the columns of W of its hidden units, and all of b. Every product except the visible
 * fields Wh + b = Σ_shards W_s h_s + b stays inside the shard, so the shards only trade the V × B partial fields once
 * per Gibbs step; given identical visible noise they then draw identical visible samples, so b stays identical too.
 */
export interface CdShard {
  /**
   * One minibatch update (Mehlig Algorithm 3) of `batchSize` patterns in column layout. `exchange` receives this shard's
   * partial fields W_s h_s (V × B, column layout) and must return the sum over all shards, added in the same order in every shard.
   */
  step(batch: Float32Array, batchSize: number, exchange: (partial: Float32Array) => Float32Array): void;
  /** The shard's W columns, c and b after the last step (downloaded on call). */
  view(): RbmView;
  dispose(): void;
}

/** A shard starting from `slice` (visibleCount × the shard's hidden units). Persistent CD is not sharded. */
export function createCdShard(slice: RbmView, args: CdArgs, noise: CdNoise): CdShard {
  const config = resolveCdArgs(args);
  if (config.persistent) throw new Error('A hidden-unit shard runs CD-k; persistent chains are not sharded');
  const local = createLocalCd(slice, config, noise);
  return {
    step(batch, batchSize, exchange) {
      const fieldsOfVisible = (rbm: RbmTensors, hidden: tf.Tensor2D): tf.Tensor2D => {
        const partial = tf.matMul(rbm.weights, hidden);
        const total = exchange(partial.dataSync() as Float32Array);
        if (total.length !== partial.size) throw new Error(`The shards' summed fields need ${partial.size} values, got ${total.length}`);
        return tf.add(tf.tensor2d(total, partial.shape as [number, number]), rbm.visibleBias);
      };
      local.update(batch, batchSize, { fieldsOfVisible });
    },
    view: () => local.view(),
    dispose: () => local.dispose(),
  };
}

/**
 * One replica of data-parallel CD-k: every replica holds all of W, b, c and runs an equal part of each minibatch; the
 * increments are averaged across replicas before they are applied, so all replicas keep identical parameters.
 */
export interface CdReplica {
  /**
   * One update on this replica's `batchSize` patterns (column layout). `average` receives the local increments ΔW, Δb, Δc
   * concatenated (V·H + V + H values) and must return their mean over all replicas, summed in the same order everywhere.
   */
  step(batch: Float32Array, batchSize: number, average: (steps: Float32Array) => Float32Array): void;
  /** W, b, c after the last step (downloaded on call). */
  view(): RbmView;
  dispose(): void;
}

/** A data-parallel replica starting from `view`, with its own noise streams. */
export function createCdReplica(view: RbmView, args: CdArgs, noise: CdNoise): CdReplica {
  const config = resolveCdArgs(args);
  if (config.persistent) throw new Error('A data-parallel replica runs CD-k; persistent chains are not replicated');
  const { visibleCount: v, hiddenCount: h } = view;
  const local = createLocalCd(view, config, noise);
  return {
    step(batch, batchSize, average) {
      const combineSteps = (steps: CdSteps): CdSteps => {
        const packed = tf.concat([tf.reshape(steps.weights, [-1]), tf.reshape(steps.visibleBias, [-1]), tf.reshape(steps.hiddenBias, [-1])]);
        const mean = average(packed.dataSync() as Float32Array);
        if (mean.length !== packed.size) throw new Error(`The averaged increments need ${packed.size} values, got ${mean.length}`);
        const all = tf.tensor1d(mean);
        return {
          weights: tf.reshape(tf.slice(all, 0, v * h), [v, h]),
          visibleBias: tf.reshape(tf.slice(all, v * h, v), [v, 1]),
          hiddenBias: tf.reshape(tf.slice(all, v * h + v, h), [h, 1]),
        };
      };
      local.update(batch, batchSize, { combineSteps });
    },
    view: () => local.view(),
    dispose: () => local.dispose(),
  };
}

/** Columns [start, end) of the hidden units of `view` as a shard's starting slice. */
export function hiddenSlice(view: RbmView, start: number, end: number): RbmView {
  if (!(Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start < end && end <= view.hiddenCount)) {
    throw new Error(`A hidden slice needs 0 ≤ start < end ≤ ${view.hiddenCount}, got [${start}, ${end})`);
  }
  const width = end - start;
  const pick = (matrix: Float32Array): Float32Array => {
    const out = new Float32Array(view.visibleCount * width);
    for (let i = 0; i < view.visibleCount; i++) out.set(matrix.subarray(i * view.hiddenCount + start, i * view.hiddenCount + end), i * width);
    return out;
  };
  return {
    encoding: view.encoding,
    visibleCount: view.visibleCount,
    hiddenCount: width,
    weights: pick(view.weights),
    visibleBias: Float32Array.from(view.visibleBias),
    hiddenBias: view.hiddenBias.slice(start, end),
    ...(view.mask ? { mask: pick(view.mask) } : {}),
  };
}
