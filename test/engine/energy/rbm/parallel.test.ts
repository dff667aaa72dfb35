import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { contrastiveDivergenceStep, type CdState } from '../../../../engine/energy/rbm/cd';
import { columnBatch } from '../../../../engine/energy/rbm/layers';
import { createUniformNoise, type UniformNoise } from '../../../../engine/energy/rbm/noise';
import { createCdShard, hiddenSlice } from '../../../../engine/energy/rbm/shard';
import { rbmView } from '../../../../engine/energy/rbm/view';
import { createRandom } from '../../../../engine/random/seeded';
import { randomDataset, randomParameters, rbmModel, useTestBackend } from '../../helpers/models';
import { maxDifference } from './helpers';
import { batchRows, runShards } from './shards';

beforeAll(useTestBackend);

/** A stream whose every block is the blocks of `streams` stacked (hidden units of shard 0, then shard 1, …), as one unsharded update draws them. */
function stackedNoise(streams: UniformNoise[], sizes: number[]): UniformNoise {
  const total = sizes.reduce((a, b) => a + b, 0);
  return {
    fill(count, low, high, out = new Float32Array(count)) {
      let offset = 0;
      streams.forEach((stream, s) => {
        const n = (count / total) * sizes[s];
        out.set(stream.fill(n, low, high), offset);
        offset += n;
      });
      return out;
    },
  };
}

describe('CD-k split over hidden-unit shards', () => {
  it('one shard with the trivial exchange is contrastiveDivergenceStep', () => {
    const model = rbmModel(5, 4, 'binary01');
    const view = rbmView(model, randomParameters(model, 3));
    const batch = columnBatch(randomDataset(5, 6, 1).bits, 5, [0, 1, 2, 3, 4, 5], 'binary01');
    const args = { k: 2, learningRate: 0.3, momentum: 0.5 };
    const noise = () => createUniformNoise(createRandom(5));
    const shardNoise = noise();
    const before = tf.memory().numTensors;
    const shard = createCdShard(view, args, { hidden: shardNoise, visible: shardNoise });
    let state: CdState = { view };
    const reference = noise();
    for (let s = 0; s < 3; s++) {
      shard.step(batch, 6, (partial) => partial);
      state = contrastiveDivergenceStep(state, batch, 6, args, reference);
    }
    expect(maxDifference(shard.view().weights, state.view.weights)).toBeLessThan(1e-6);
    shard.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(() => createCdShard(view, { persistent: true }, { hidden: shardNoise, visible: shardNoise })).toThrow(/not sharded/);
  });

  it('two worker threads, each with its own backend, reproduce the unsharded updates', async () => {
    const model = rbmModel(10, 6, 'binary01');
    const view = rbmView(model, randomParameters(model, 7, 0.5, 0.3));
    const data = randomDataset(10, 20, 4);
    const options = { shards: 2, args: { k: 1, learningRate: 0.2 }, batchSize: 8, batches: 6, noiseSeed: 3, orderSeed: 9 };
    const sharded = await runShards(view, data.bits, data.rowCount, options);
    const root = createRandom(options.noiseSeed);
    const noise = {
      hidden: stackedNoise([0, 1].map((s) => createUniformNoise(root.fork(`hidden-${s}`))), [3, 3]),
      visible: createUniformNoise(root.fork('visible')),
    };
    let state: CdState = { view };
    for (const rows of batchRows(data.rowCount, options.batchSize, options.batches, options.orderSeed)) {
      state = contrastiveDivergenceStep(state, columnBatch(data.bits, 10, rows, 'binary01'), options.batchSize, options.args, noise);
    }
    const [left, right] = sharded.views;
    // b is identical in both shards: they drew identical visible samples.
    expect(Array.from(left.visibleBias)).toEqual(Array.from(right.visibleBias));
    expect(maxDifference(left.visibleBias, state.view.visibleBias)).toBeLessThan(1e-5);
    expect(maxDifference(left.weights, hiddenSlice(state.view, 0, 3).weights)).toBeLessThan(1e-5);
    expect(maxDifference(right.weights, hiddenSlice(state.view, 3, 6).weights)).toBeLessThan(1e-5);
    expect(maxDifference([...left.hiddenBias, ...right.hiddenBias], state.view.hiddenBias)).toBeLessThan(1e-5);
  }, 30_000);
});
