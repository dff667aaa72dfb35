import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtinDataset } from '../../../../engine/data/builtin';
import { contrastiveDivergence, startContrastiveDivergence } from '../../../../engine/energy/rbm/cd';
import { rbmExactDataFit } from '../../../../engine/energy/rbm/exact';
import { rbmView } from '../../../../engine/energy/rbm/view';
import { randomDataset, rbmModel, useTestBackend } from '../../helpers/models';
import { multiBlockRbm } from './helpers';

beforeAll(useTestBackend);

const bars = builtinDataset('bars-stripes-3x3')!;

describe('contrastiveDivergence (plain data in and out)', () => {
  it('is reproducible for a seed, lowers the reconstruction error and the KL on bars-and-stripes, and frees its tensors', async () => {
    const model = rbmModel(9, 10, 'binary01');
    const args = { k: 1, learningRate: 0.3, momentum: 0.5, batchSize: 4, initScale: 0.1, seed: 7 };
    const before = tf.memory().numTensors;
    const first = await contrastiveDivergence(model, bars, 150, args);
    const again = await contrastiveDivergence(model, bars, 150, args);
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(again.parameters.weights['r#internal'])).toEqual(Array.from(first.parameters.weights['r#internal']));
    expect(Array.from(again.reconstructionErrors)).toEqual(Array.from(first.reconstructionErrors));
    const other = await contrastiveDivergence(model, bars, 150, { ...args, seed: 8 });
    expect(Array.from(other.parameters.weights['r#internal'])).not.toEqual(Array.from(first.parameters.weights['r#internal']));
    expect(first.reconstructionErrors[149]).toBeLessThan(first.reconstructionErrors[0] / 2);
    // 14 rows in minibatches of 4, 4, 4 and a remainder of 2; the uniform model has KL log(512/14) = 3.60.
    expect(rbmExactDataFit(rbmView(model, first.parameters), bars).kl).toBeLessThan(1.5);
  });

  it('persistent CD and multi-block models train through the same session; weights no block holds stay 0', async () => {
    const model = multiBlockRbm('pm1');
    const data = randomDataset(model.visibleIndices.length, 30, 2);
    const session = await startContrastiveDivergence(model, data, { persistent: true, chains: 9, k: 2, batchSize: 7, learningRate: 0.2, weightDecay: 0.01 });
    const start = session.view();
    for (let e = 0; e < 5; e++) await session.epoch();
    expect(session.epochs()).toBe(5);
    const view = session.view();
    expect(view.weights).not.toEqual(start.weights);
    view.mask!.forEach((m, k) => {
      if (m === 0) expect(view.weights[k]).toBe(0);
    });
    expect(Object.keys(session.parameters().weights).sort()).toEqual(model.weightBlocks.map((b) => b.key).sort());
    expect(await session.reconstructionError()).toBeGreaterThan(0);
    session.dispose();
  });

  it('refuses bad settings and mismatched data, naming the problem', async () => {
    const model = rbmModel(3, 2);
    const xor = builtinDataset('xor')!;
    await expect(contrastiveDivergence(model, xor, 1, { batchSize: 0 })).rejects.toThrow(/Batch size must be a positive integer/);
    await expect(contrastiveDivergence(model, xor, 1, { momentum: 1 })).rejects.toThrow(/Momentum must lie in \[0, 1\)/);
    await expect(contrastiveDivergence(rbmModel(4, 2), xor, 1)).rejects.toThrow(/3 columns but the model has 4 visible units/);
    await expect(contrastiveDivergence(model, xor, -1)).rejects.toThrow(/Epochs must be a non-negative integer/);
  });
});
