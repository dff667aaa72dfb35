import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtinDataset } from '../../../../engine/data/builtin';
import { PCD_INFO, pcdAlgorithm, SWAP_ACCEPTANCE_METRIC } from '../../../../engine/train/algorithms/pcd';
import { trainModel, type EpochReport } from '../../../../engine/train/train';
import { rbmModel, useTestBackend } from '../../helpers/models';

beforeAll(useTestBackend);

const bars = builtinDataset('bars-stripes-3x3')!;
const model = rbmModel(9, 8, 'binary01');
const base = { learningRate: 0.1, batchSize: 2, momentum: 0.5, initScale: 0.1, chains: 20 };

async function train(config: Record<string, number | string>, epochs = 100): Promise<{ reports: EpochReport[]; weights: number[] }> {
  const reports: EpochReport[] = [];
  const parameters = await trainModel(model, bars, { algorithm: 'pcd', epochs, seed: 3, config }, undefined, { onEpoch: (e) => void reports.push(e) });
  return { reports, weights: Array.from(parameters.weights['r#internal']) };
}

describe('the pcd algorithm with sampler = tempering', () => {
  it('offers the sampler choice and ladder settings, and lists swapAcceptance among its metrics', () => {
    expect(PCD_INFO.choices?.find((c) => c.key === 'sampler')?.options).toEqual(['gibbs', 'tempering']);
    expect(PCD_INFO.hyperparameters.map((h) => h.key)).toEqual(expect.arrayContaining(['replicas', 'lowestBeta']));
    const info = pcdAlgorithm.infoFor!(model);
    expect(info.metrics).toContain(SWAP_ACCEPTANCE_METRIC);
    expect(info.choices?.map((c) => c.key)).toContain('sampler');
  });

  it('reports the mean swap acceptance in (0, 1) every epoch and lowers the KL; gibbs ignores the ladder settings bit for bit', async () => {
    const before = tf.memory().numTensors;
    const tempered = await train({ ...base, sampler: 'tempering', replicas: 3, lowestBeta: 0.3 });
    expect(tf.memory().numTensors).toBe(before);
    for (const r of tempered.reports) {
      expect(r.metrics[SWAP_ACCEPTANCE_METRIC]).toBeGreaterThan(0);
      expect(r.metrics[SWAP_ACCEPTANCE_METRIC]).toBeLessThan(1);
    }
    expect(tempered.reports[99].metrics.kl).toBeLessThan(tempered.reports[0].metrics.kl - 0.8);
    const gibbs = await train({ ...base, replicas: 3, lowestBeta: 0.3 }, 5);
    const plain = await train(base, 5);
    expect(gibbs.weights).toEqual(plain.weights);
    expect(gibbs.reports[4].metrics[SWAP_ACCEPTANCE_METRIC]).toBeUndefined();
    expect(gibbs.weights).not.toEqual((await train({ ...base, sampler: 'tempering', replicas: 3, lowestBeta: 0.3 }, 5)).weights);
    expect(tf.memory().numTensors).toBe(before);
  });
});
