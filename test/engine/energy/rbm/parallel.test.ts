import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { contrastiveDivergenceStep, type CdState } from '../../../../engine/energy/rbm/cd';
import { columnBatch } from '../../../../engine/energy/rbm/layers';
import { createUniformNoise, type UniformNoise } from '../../../../engine/energy/rbm/noise';
import { createCdReplica, createCdShard, hiddenSlice } from '../../../../engine/energy/rbm/parallel';
import { rbmView } from '../../../../engine/energy/rbm/view';
import { createRandom } from '../../../../engine/random/seeded';
import { randomDataset, randomParameters, rbmModel, useTestBackend } from '../../helpers/models';
import { maxDifference } from './helpers';
import { batchRows, runParallel } from './parallel';

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

/** A stream whose blocks (units × columns) put each replica's block (units × columns/replicas) side by side, as one full-minibatch update draws them. */
function sideBySideNoise(streams: UniformNoise[], columns: number): UniformNoise {
  const part = columns / streams.length;
  return {
    fill(count, low, high, out = new Float32Array(count)) {
      const rows = count / columns;
      const blocks = streams.map((stream) => stream.fill(rows * part, low, high));
      for (let i = 0; i < rows; i++) blocks.forEach((block, r) => out.set(block.subarray(i * part, (i + 1) * part), i * columns + r * part));
      return out;
    },
  };
}

describe('parallel CD-k: hidden-unit shards and data-parallel replicas', () => {
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

  it('two worker threads holding half the hidden units each reproduce the unsharded updates', async () => {
    const model = rbmModel(10, 6, 'binary01');
    const view = rbmView(model, randomParameters(model, 7, 0.5, 0.3));
    const data = randomDataset(10, 20, 4);
    const options = { mode: 'hidden' as const, workers: 2, args: { k: 1, learningRate: 0.2 }, batchSize: 8, batches: 6, noiseSeed: 3, orderSeed: 9 };
    const sharded = await runParallel(view, data.bits, data.rowCount, options);
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

  it('one replica with the trivial average is contrastiveDivergenceStep; replicas refuse PCD', () => {
    const model = rbmModel(4, 3, 'pm1');
    const view = rbmView(model, randomParameters(model, 6));
    const batch = columnBatch(randomDataset(4, 5, 2).bits, 4, [0, 1, 2, 3, 4], 'pm1');
    const args = { k: 1, learningRate: 0.4, weightDecay: 0.1, momentum: 0.3 };
    const replicaNoise = createUniformNoise(createRandom(8));
    const before = tf.memory().numTensors;
    const replica = createCdReplica(view, args, { hidden: replicaNoise, visible: replicaNoise });
    let state: CdState = { view };
    const reference = createUniformNoise(createRandom(8));
    for (let s = 0; s < 3; s++) {
      replica.step(batch, 5, (steps) => steps);
      state = contrastiveDivergenceStep(state, batch, 5, args, reference);
    }
    expect(maxDifference(replica.view().weights, state.view.weights)).toBeLessThan(1e-6);
    expect(maxDifference(replica.view().visibleBias, state.view.visibleBias)).toBeLessThan(1e-6);
    replica.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(() => createCdReplica(view, { persistent: true }, { hidden: replicaNoise, visible: replicaNoise })).toThrow(/not replicated/);
  });

  it('two worker threads with half of each minibatch and averaged increments reproduce the full-minibatch updates', async () => {
    const model = rbmModel(10, 6, 'binary01');
    const view = rbmView(model, randomParameters(model, 7, 0.5, 0.3));
    const data = randomDataset(10, 20, 4);
    const options = { mode: 'data' as const, workers: 2, args: { k: 2, learningRate: 0.2, momentum: 0.5 }, batchSize: 8, batches: 5, noiseSeed: 3, orderSeed: 9 };
    const run = await runParallel(view, data.bits, data.rowCount, options);
    const root = createRandom(options.noiseSeed);
    const streams = (kind: string) => [0, 1].map((r) => createUniformNoise(root.fork(`${kind}-${r}`)));
    const noise = { hidden: sideBySideNoise(streams('hidden'), 8), visible: sideBySideNoise(streams('visible'), 8) };
    let state: CdState = { view };
    for (const rows of batchRows(data.rowCount, options.batchSize, options.batches, options.orderSeed)) {
      state = contrastiveDivergenceStep(state, columnBatch(data.bits, 10, rows, 'binary01'), options.batchSize, options.args, noise);
    }
    expect(Array.from(run.views[0].weights)).toEqual(Array.from(run.views[1].weights));
    expect(maxDifference(run.views[0].weights, state.view.weights)).toBeLessThan(1e-5);
    expect(maxDifference(run.views[0].visibleBias, state.view.visibleBias)).toBeLessThan(1e-5);
    expect(maxDifference(run.views[0].hiddenBias, state.view.hiddenBias)).toBeLessThan(1e-5);
  }, 30_000);
});
