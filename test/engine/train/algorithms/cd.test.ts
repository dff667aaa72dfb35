import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtinDataset } from '../../../../engine/data/builtin';
import { rbmExactDataFit } from '../../../../engine/energy/rbm/exact';
import { rbmView } from '../../../../engine/energy/rbm/view';
import { CD_INFO, exactRbmMetrics, sampledRbmMetrics } from '../../../../engine/train/algorithms/cd';
import { PCD_INFO } from '../../../../engine/train/algorithms/pcd';
import { algorithmsFor, findAlgorithm } from '../../../../engine/train/catalog';
import { trainModel, type EpochReport } from '../../../../engine/train/train';
import { fullyCoupledModel, layeredModel, randomDataset, rbmModel, useTestBackend } from '../../helpers/models';

beforeAll(useTestBackend);

async function train(algorithm: string, model: ReturnType<typeof rbmModel>, data: ReturnType<typeof randomDataset>, epochs: number, config: Record<string, number>) {
  const reports: EpochReport[] = [];
  const parameters = await trainModel(model, data, { algorithm, epochs, seed: 2, config }, undefined, { onEpoch: (e) => void reports.push(e) });
  return { parameters, reports };
}

describe('cd and pcd training algorithms', () => {
  it('are offered for RBM-structured models only, with a reason otherwise', () => {
    const names = (model: Parameters<typeof algorithmsFor>[0]) => algorithmsFor(model).map((a) => a.name);
    expect(names(rbmModel(3, 4))).toEqual(expect.arrayContaining(['cd', 'pcd']));
    expect(names(layeredModel(3, 2))).not.toContain('cd');
    expect(names(fullyCoupledModel(3, 4))).not.toContain('pcd');
    expect(findAlgorithm('cd')!.refuses(layeredModel(3, 2))).toMatch(/only couples visible to hidden units/);
    expect(PCD_INFO.hyperparameters.map((h) => h.key)).toEqual([...CD_INFO.hyperparameters.map((h) => h.key), 'chains']);
    expect(findAlgorithm('cd')!.infoFor!(rbmModel(3, 4)).metrics).toEqual(exactRbmMetrics);
    expect(findAlgorithm('cd')!.infoFor!(rbmModel(40, 30)).metrics).toEqual(sampledRbmMetrics);
  });

  it('cd reports reconstruction error and exact KL / log-likelihood each epoch; KL falls on XOR and matches the returned parameters', async () => {
    const model = rbmModel(3, 4, 'pm1');
    const xor = builtinDataset('xor')!;
    const before = tf.memory().numTensors;
    const { parameters, reports } = await train('cd', model, xor, 300, { learningRate: 0.1, k: 3, momentum: 0.5, initScale: 0.5 });
    expect(tf.memory().numTensors).toBe(before);
    expect(reports.length).toBe(300);
    for (const r of reports) expect(Object.keys(r.metrics).sort()).toEqual([...exactRbmMetrics].sort());
    expect(reports[299].metrics.kl).toBeLessThan(reports[0].metrics.kl);
    expect(reports[299].metrics.kl).toBeLessThan(0.3);
    expect(reports[299].metrics.kl).toBeCloseTo(rbmExactDataFit(rbmView(model, parameters), xor).kl, 5);
  });

  it('pcd trains 0/1 units; large models report an AIS log-likelihood every aisEvery epochs', async () => {
    const bars = builtinDataset('bars-stripes-3x3')!;
    const { reports } = await train('pcd', rbmModel(9, 8, 'binary01'), bars, 200, { learningRate: 0.2, chains: 20, batchSize: 7, momentum: 0.5, initScale: 0.1 });
    // From ≈ log 512 − log 14 = 3.6 nats (uniform over 9 bits) towards 0.
    console.log(`PCD on bars-and-stripes: KL ${reports[0].metrics.kl.toFixed(3)} after 1 epoch, ${reports.at(-1)!.metrics.kl.toFixed(3)} after 200`);
    expect(reports.at(-1)!.metrics.kl).toBeLessThan(2.5);
    const wide = rbmModel(30, 30, 'binary01');
    const big = await train('cd', wide, randomDataset(30, 20, 3), 2, { aisEvery: 2 });
    expect(Object.keys(big.reports[0].metrics)).toEqual(['reconstructionError']);
    expect(Object.keys(big.reports[1].metrics).sort()).toEqual([...sampledRbmMetrics].sort());
    // 30 bits of random data under a near-uniform model: log-likelihood ≈ −30 log 2.
    expect(big.reports[1].metrics.aisLogLikelihood).toBeCloseTo(-30 * Math.LN2, 0);
  }, 30_000);
});
