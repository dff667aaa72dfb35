import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CompiledModel } from '../../../../engine/compiler/types';
import { builtinDataset } from '../../../../engine/data/builtin';
import { DBN_METRICS } from '../../../../engine/train/algorithms/dbnGreedy';
import { algorithmsFor, findAlgorithm } from '../../../../engine/train/catalog';
import { trainModel, type EpochReport } from '../../../../engine/train/train';
import { rbmModel, useTestBackend } from '../../helpers/models';
import { stackModel } from '../../energy/rbm/dbnHelpers';

beforeAll(useTestBackend);

const bars = builtinDataset('bars-stripes-4x4')!;

async function train(algorithm: string, model: CompiledModel, epochs: number, config: Record<string, number | string>) {
  const reports: EpochReport[] = [];
  const parameters = await trainModel(model, bars, { algorithm, epochs, seed: 6, config }, undefined, { onEpoch: (e) => void reports.push(e) });
  return { parameters, reports };
}

describe('the dbn-greedy training algorithm', () => {
  it('is offered for stacks with two or more hidden layers only, epochs defaulting to layers × epochs per layer', () => {
    const names = (model: CompiledModel) => algorithmsFor(model).map((a) => a.name);
    expect(names(stackModel([16, 12, 8]))).toContain('dbn-greedy');
    expect(names(rbmModel(16, 8))).not.toContain('dbn-greedy');
    expect(findAlgorithm('dbn-greedy')!.refuses(stackModel([16, 8]))).toMatch(/at least two hidden layers/);
    const info = findAlgorithm('dbn-greedy')!.infoFor!(stackModel([16, 12, 8, 4]));
    expect(info.defaultEpochs).toBe(3 * 100);
    expect(info.hyperparameters.find((h) => h.key === 'momentum')!.default).toBe(0.5);
    expect(info.metrics).toEqual(DBN_METRICS);
    // Any other model gets the generic description (two RBMs' worth of epochs) rather than an error.
    expect(findAlgorithm('dbn-greedy')!.infoFor!(rbmModel(4, 2)).defaultEpochs).toBe(2 * 100);
    expect(info.hyperparameters.map((h) => h.key)).toEqual(['epochsPerLayer', 'learningRate', 'k', 'batchSize', 'momentum', 'weightDecay', 'initScale']);
    expect(info.choices).toEqual([expect.objectContaining({ key: 'propagate', options: ['means', 'samples'], default: 'means' })]);
  });

  it('runs through trainModel: layer 1 equals the cd algorithm epoch for epoch, then H1–H2 trains; no tensors left', async () => {
    const config = { learningRate: 0.1, k: 1, batchSize: 8, momentum: 0.5, initScale: 0.1 };
    const before = tf.memory().numTensors;
    const cd = await train('cd', stackModel([16, 12]), 10, config);
    const dbn = await train('dbn-greedy', stackModel([16, 12, 8]), 25, { ...config, epochsPerLayer: 10, propagate: 'means' });
    expect(tf.memory().numTensors).toBe(before);
    expect(dbn.reports.map((r) => r.totalSteps)).toEqual(Array(25).fill(25));
    expect(dbn.reports.map((r) => r.metrics.layer)).toEqual([...Array(10).fill(1), ...Array(15).fill(2)]);
    for (let e = 0; e < 10; e++) {
      expect(Array.from(dbn.reports[e].parameters.weights.e1)).toEqual(Array.from(cd.reports[e].parameters.weights.e1));
      expect(dbn.reports[e].metrics.reconstructionError).toBe(cd.reports[e].metrics.reconstructionError);
    }
    expect(Array.from(dbn.parameters.weights.e1)).toEqual(Array.from(cd.parameters.weights.e1));
    expect(dbn.reports[24].metrics.reconstructionError).toBeLessThan(dbn.reports[10].metrics.reconstructionError);
  });

  it('refuses a run too short to train every layer, naming the epochs it needs', async () => {
    await expect(train('dbn-greedy', stackModel([16, 12, 8]), 30, { epochsPerLayer: 20 })).rejects.toThrow(
      /2 RBMs at 20 epochs per layer needs at least 40 epochs; set Epochs to 40 or lower the epochs per layer to 15/,
    );
    await expect(train('dbn-greedy', stackModel([16, 12, 8]), 40, { propagate: 'modes' })).rejects.toThrow(/must be one of means, samples/);
  });
});
