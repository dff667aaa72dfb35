import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtinDataset } from '../../../../engine/data/builtin';
import { rbmExactDataFit } from '../../../../engine/energy/rbm/exact';
import { rbmView } from '../../../../engine/energy/rbm/view';
import { CD_INFO, exactRbmMetrics } from '../../../../engine/train/algorithms/cd';
import { AIS_METRICS } from '../../../../engine/train/algorithms/rbmMonitor';
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
    expect(PCD_INFO.hyperparameters.map((h) => h.key).slice(0, CD_INFO.hyperparameters.length + 1)).toEqual([...CD_INFO.hyperparameters.map((h) => h.key), 'chains']);
    expect(findAlgorithm('cd')!.infoFor!(rbmModel(3, 4)).metrics).toEqual(['reconstructionError', 'kl', 'logLikelihood', ...AIS_METRICS]);
    expect(findAlgorithm('cd')!.infoFor!(rbmModel(300, 18)).metrics).toEqual(['reconstructionError', 'logLikelihood', 'pseudoLogLikelihood', ...AIS_METRICS]);
    expect(findAlgorithm('cd')!.infoFor!(rbmModel(40, 30)).metrics).toEqual(['reconstructionError', 'pseudoLogLikelihood', ...AIS_METRICS]);
    expect(findAlgorithm('pcd')!.infoFor!(rbmModel(3, 4)).choices).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'aisBase', options: ['data', 'uniform'], default: 'data' })]));
    expect(findAlgorithm('cd')!.infoFor!(rbmModel(3, 4)).choices).toEqual([expect.objectContaining({ key: 'aisBase' })]);
  });

  it('cd reports reconstruction error and exact KL / log-likelihood each epoch; KL falls on XOR and matches the returned parameters', async () => {
    const model = rbmModel(3, 4, 'pm1');
    const xor = builtinDataset('xor')!;
    const before = tf.memory().numTensors;
    const { parameters, reports } = await train('cd', model, xor, 300, { learningRate: 0.1, k: 3, momentum: 0.5, initScale: 0.5 });
    expect(tf.memory().numTensors).toBe(before);
    expect(reports.length).toBe(300);
    for (const r of reports) expect(Object.keys(r.metrics).sort()).toEqual(['kl', 'logLikelihood', 'reconstructionError']);
    expect(exactRbmMetrics.slice(0, 3)).toEqual(['reconstructionError', 'kl', 'logLikelihood']);
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
    const big = await train('cd', wide, randomDataset(30, 20, 3), 2, { aisEvery: 2, aisTemperatures: 300, aisRuns: 32 });
    expect(Object.keys(big.reports[0].metrics).sort()).toEqual(['pseudoLogLikelihood', 'reconstructionError']);
    expect(Object.keys(big.reports[1].metrics).sort()).toEqual(['pseudoLogLikelihood', 'reconstructionError', ...AIS_METRICS].sort());
    // 30 bits of random data under a near-uniform model: log-likelihood ≈ −30 log 2, on both sides.
    expect(big.reports[1].metrics.aisLogLikelihood).toBeCloseTo(-30 * Math.LN2, 0);
    expect(big.reports[1].metrics.aisReverseLogLikelihood).toBeCloseTo(-30 * Math.LN2, 0);
  }, 30_000);

  it('the AIS monitor runs beside exact metrics every aisEvery epochs, seeded by run and epoch, and hands its records over', async () => {
    const model = rbmModel(8, 5, 'binary01');
    const data = randomDataset(8, 40, 4);
    const before = tf.memory().numTensors;
    const { reports } = await train('cd', model, data, 4, { aisEvery: 2, aisTemperatures: 200, aisRuns: 32, initScale: 0.5 });
    expect(tf.memory().numTensors).toBe(before);
    expect(reports.map((r) => r.estimates.map((e) => e.name))).toEqual([[], ['AIS estimate at epoch 2'], [], ['AIS estimate at epoch 4']]);
    for (const epoch of [2, 4]) {
      const { metrics, estimates } = reports[epoch - 1];
      const [{ likelihood, trace }] = estimates;
      expect(Object.keys(metrics).sort()).toEqual(['kl', 'logLikelihood', 'reconstructionError', ...AIS_METRICS].sort());
      // Seed 2 of the run plus the epoch; base fitted to the training rows; exact beside it.
      expect(likelihood.provenance).toMatchObject({ method: 'ais', base: 'data', temperatures: 200, runs: 32, seed: 2 + epoch });
      expect(likelihood.exact).toBeCloseTo(metrics.logLikelihood, 6);
      expect(metrics.aisLogLikelihood).toBeCloseTo(likelihood.forward.value, 9);
      expect(metrics.aisReverseLogLikelihood).toBeCloseTo(likelihood.reverse!.value, 9);
      expect(metrics.aisEffectiveShare).toBeCloseTo(Math.min(likelihood.forward.effective!, likelihood.reverse!.effective!) / 32, 9);
      // 8 visible units: reverse AIS starts from exact samples, so the forward/reverse interval brackets exact (with slack for noise).
      expect(Math.abs(metrics.aisLogLikelihood - metrics.logLikelihood)).toBeLessThan(4 * metrics.aisStandardError + 0.05);
      expect(trace!.shape[0]).toBe(3);
    }
    const reports2: EpochReport[] = [];
    await trainModel(model, data, { algorithm: 'pcd', epochs: 2, seed: 2, config: { aisEvery: 1, aisTemperatures: 50, aisRuns: 8, aisBase: 'uniform' } }, undefined, { onEpoch: (e) => void reports2.push(e) });
    expect(reports2[0].estimates[0].likelihood.provenance.base).toBe('uniform');
  }, 30_000);

  it('reports the exact log-likelihood at AIS epochs and the last epoch when enumeration is feasible but not every epoch', async () => {
    // 240 × 18: 2^18 hidden states × 258 units is beyond the per-epoch budget (EPOCH_METRIC_COST) but enumerable.
    const model = rbmModel(240, 18, 'binary01');
    const data = randomDataset(240, 20, 6);
    const { reports } = await train('cd', model, data, 3, { aisEvery: 2, aisTemperatures: 30, aisRuns: 4 });
    expect(reports.map((r) => ['logLikelihood', 'kl', 'aisLogLikelihood'].filter((k) => k in r.metrics))).toEqual([[], ['logLikelihood', 'aisLogLikelihood'], ['logLikelihood']]);
    for (const r of reports) expect(Number.isFinite(r.metrics.pseudoLogLikelihood)).toBe(true);
    // The monitor's enumeration and the AIS estimator's own exact value (enumerated separately) agree.
    expect(reports[1].estimates[0].likelihood.exact).toBeCloseTo(reports[1].metrics.logLikelihood, 3);
  }, 60_000);
});
