import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtinDataset } from '../../../../engine/data/builtin';
import { contrastiveDivergence } from '../../../../engine/energy/rbm/cd';
import { startGreedyTraining, type GreedyEpoch } from '../../../../engine/energy/rbm/stackGreedy';
import { randomDataset, useTestBackend } from '../../helpers/models';
import { stackModel } from './dbnHelpers';

beforeAll(useTestBackend);

const bars = builtinDataset('bars-stripes-4x4')!;

/** `epochs` steps of a greedy run of `model` on `data`, its reports and final parameters (the session disposed). */
async function greedyRun(model: ReturnType<typeof stackModel>, data: typeof bars, epochs: number, args: Parameters<typeof startGreedyTraining>[2]) {
  const session = await startGreedyTraining(model, data, args);
  try {
    const reports: GreedyEpoch[] = [];
    const snapshots = [];
    for (let e = 0; e < epochs; e++) {
      reports.push(await session.step());
      snapshots.push(session.parameters());
    }
    return { reports, snapshots };
  } finally {
    session.dispose();
  }
}

describe('startGreedyTraining (greedy layer-wise CD of a stack of RBMs)', () => {
  it('trains the bottom RBM exactly as plain CD-k with the same seed and settings', async () => {
    const data = randomDataset(5, 23, 4);
    const args = { k: 2, learningRate: 0.2, batchSize: 4, momentum: 0.5, weightDecay: 0.001, initScale: 0.1, seed: 11 };
    const epochs = 6;
    const plain = await contrastiveDivergence(stackModel([5, 3]), data, epochs, args);
    const { snapshots } = await greedyRun(stackModel([5, 3, 2]), data, epochs, { ...args, epochsPerLayer: epochs });
    const layerOne = snapshots[epochs - 1];
    expect(Array.from(layerOne.weights.e1)).toEqual(Array.from(plain.parameters.weights.e1));
    expect(Array.from(layerOne.biases.V)).toEqual(Array.from(plain.parameters.biases.V));
    // Before H1–H2 starts, H1 holds the bottom RBM's hidden bias.
    expect(Array.from(layerOne.biases.H1)).toEqual(Array.from(plain.parameters.biases.H1));
  });

  it('goes up one RBM per epochsPerLayer, freezes the ones below, and lowers each reconstruction error on 4×4 bars-and-stripes', async () => {
    const before = tf.memory().numTensors;
    const args = { learningRate: 0.1, batchSize: 5, momentum: 0.5, initScale: 0.1, seed: 3, epochsPerLayer: 40 };
    const { reports, snapshots } = await greedyRun(stackModel([16, 12, 8]), bars, 82, args);
    expect(tf.memory().numTensors).toBe(before);
    expect(reports.map((r) => r.layer)).toEqual([...Array(40).fill(1), ...Array(42).fill(2)]);
    const error = (layer: number, at: 'first' | 'last') => {
      const series = reports.filter((r) => r.layer === layer).map((r) => r.reconstructionError);
      return at === 'first' ? series[0] : series[series.length - 1];
    };
    expect(error(1, 'last')).toBeLessThan(0.7 * error(1, 'first'));
    expect(error(2, 'last')).toBeLessThan(error(2, 'first'));
    reports.forEach((r) => expect(Number.isFinite(r.freeEnergy)).toBe(true));
    // The bottom RBM's weights do not move once H1–H2 trains; its visible bias stays on V; H1 now holds H1–H2's visible bias.
    expect(Array.from(snapshots[81].weights.e1)).toEqual(Array.from(snapshots[39].weights.e1));
    expect(Array.from(snapshots[81].biases.V)).toEqual(Array.from(snapshots[39].biases.V));
    expect(Array.from(snapshots[81].weights.e2)).not.toEqual(Array.from(snapshots[40].weights.e2));
    expect(Array.from(snapshots[81].biases.H1)).not.toEqual(Array.from(snapshots[39].biases.H1));
  });

  it('passes samples up when asked (fresh each epoch, reproducible for a seed) and frees its tensors', async () => {
    const before = tf.memory().numTensors;
    const args = { learningRate: 0.1, initScale: 0.1, seed: 5, epochsPerLayer: 3, propagate: 'samples' as const };
    const first = await greedyRun(stackModel([16, 6, 4, 3], 'pm1'), bars, 9, args);
    const again = await greedyRun(stackModel([16, 6, 4, 3], 'pm1'), bars, 9, args);
    const means = await greedyRun(stackModel([16, 6, 4, 3], 'pm1'), bars, 9, { ...args, propagate: 'means' });
    expect(tf.memory().numTensors).toBe(before);
    expect(first.reports.map((r) => r.layer)).toEqual([1, 1, 1, 2, 2, 2, 3, 3, 3]);
    expect(Array.from(again.snapshots[8].weights.e3)).toEqual(Array.from(first.snapshots[8].weights.e3));
    expect(Array.from(means.snapshots[8].weights.e1)).toEqual(Array.from(first.snapshots[8].weights.e1));
    expect(Array.from(means.snapshots[8].weights.e2)).not.toEqual(Array.from(first.snapshots[8].weights.e2));
  });

  it('refuses models that are not stacks and bad settings, naming the fix', async () => {
    await expect(startGreedyTraining(stackModel([16, 4]), bars)).rejects.toThrow(/at least two hidden layers/);
    await expect(startGreedyTraining(stackModel([16, 4, 2]), bars, { epochsPerLayer: 0 })).rejects.toThrow(/Epochs per layer must be a whole number ≥ 1/);
    await expect(startGreedyTraining(stackModel([9, 4, 2]), bars)).rejects.toThrow(/16 columns but the model has 9 visible units/);
  });
});
