import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtinDataset } from '../../../../engine/data/builtin';
import { exactKlDivergence, exactVisibleDistribution } from '../../../../engine/energy/exact';
import { startBoltzmannSampled } from '../../../../engine/energy/sampling/boltzmannSampled';
import { exactFit } from '../../../../engine/energy/sampling/fit';
import { trainModel } from '../../../../engine/train/train';
import { datasetFromRows, fullyCoupledModel, randomParameters, useTestBackend } from '../../helpers/models';

beforeAll(useTestBackend);

const xor = builtinDataset('xor')!;

describe('sampled Boltzmann learning (Ackley, Hinton & Sejnowski; Mehlig §4.4)', () => {
  it('XOR with 4 hidden units reaches KL < 0.05, checked by exact enumeration', async () => {
    const model = fullyCoupledModel(3, 4, 'pm1');
    const before = tf.memory().numTensors;
    const session = startBoltzmannSampled(model, xor, { seed: 5, learningRate: 0.1, phaseChains: 1024, sweeps: 3 });
    let epochs = 0;
    let kl = Infinity;
    while (kl >= 0.05 && epochs < 1000) {
      kl = (await session.step()).kl!;
      epochs++;
    }
    const exact = exactKlDivergence(model, session.parameters(), xor);
    // It stays near there: with 3 sweeps per update the persistent free-phase chains lag the slowly mixing trained machine,
    // so sampled learning hovers around KL ≈ 0.05 where exact-statistics learning keeps descending (see the report).
    let later = 0;
    for (let epoch = 0; epoch < 30; epoch++) later += (await session.step()).kl! / 30;
    session.dispose();
    expect(tf.memory().numTensors).toBe(before);
    console.log(`XOR, 3 visible + 4 hidden ±1 units, persistent chains: KL = ${exact.toFixed(4)} after ${epochs} epochs; mean over the next 30: ${later.toFixed(4)}`);
    expect(exact).toBeCloseTo(kl, 6);
    expect(exact).toBeLessThan(0.05);
    expect(later).toBeLessThan(0.1);
  });

  it('without hidden units the machine cannot go below KL = ln 2 on XOR, and gets there', async () => {
    // XOR has zero means and zero pair correlations, so the best pairwise model is uniform: KL = ln 8 − ln 4.
    const model = fullyCoupledModel(3, 0, 'pm1');
    const session = startBoltzmannSampled(model, xor, { seed: 1, learningRate: 0.1, initScale: 1 });
    const kls: number[] = [];
    for (let epoch = 0; epoch < 60; epoch++) kls.push((await session.step()).kl!);
    expect(Math.min(...kls)).toBeGreaterThanOrEqual(Math.LN2 - 1e-6);
    expect(kls[0]).toBeGreaterThan(Math.LN2 + 0.05);
    expect(kls.at(-1)!).toBeLessThan(Math.LN2 + 0.01);
  });

  it('input→output mode learns XOR as y given (x1, x2): every output right and the conditional KL falling', async () => {
    const model = fullyCoupledModel(3, 4, 'pm1');
    const session = startBoltzmannSampled(model, xor, { seed: 0, learningRate: 0.1, mode: 'input-output', inputUnits: 2 });
    const kls: number[] = [];
    for (let epoch = 0; epoch < 120; epoch++) kls.push((await session.step()).kl!);
    const pv = exactVisibleDistribution(model, session.parameters());
    for (let x = 0; x < 4; x++) {
      const y = (x & 1) ^ (x >> 1);
      // Bit k of the pattern index is visible unit k: inputs are bits 0 and 1, the output bit 2.
      expect(pv[x | (y << 2)] / (pv[x] + pv[x | 4])).toBeGreaterThan(0.5);
    }
    expect(kls.at(-1)!).toBeLessThan(0.75 * kls[0]);
  });

  it('the input→output fit is Σ_x P(x) KL(P_data(y|x) ‖ P_model(y|x)), checked against a direct sum', () => {
    const model = fullyCoupledModel(4, 2, 'binary01');
    const params = randomParameters(model, 3, 0.8, 0.5);
    const data = datasetFromRows([[0, 1, 1, 0], [0, 1, 1, 1], [0, 1, 0, 0], [1, 1, 0, 1], [1, 1, 0, 1], [0, 0, 0, 0]]);
    const before = tf.memory().numTensors;
    const fit = exactFit(model, params, data, 'input-output', 2);
    expect(tf.memory().numTensors).toBe(before);
    const pv = exactVisibleDistribution(model, params);
    const index = (row: number[]): number => row.reduce((a, b, k) => a | (b << k), 0);
    const rows = [[0, 1, 1, 0], [0, 1, 1, 1], [0, 1, 0, 0], [1, 1, 0, 1], [1, 1, 0, 1], [0, 0, 0, 0]];
    let kl = 0;
    let logLikelihood = 0;
    for (const row of rows) {
      const x = index(row) & 3;
      const sameInput = rows.filter((r) => (index(r) & 3) === x);
      const pData = sameInput.filter((r) => index(r) === index(row)).length / sameInput.length;
      const pModel = pv[index(row)] / [0, 1, 2, 3].reduce((a, y) => a + pv[x | (y << 2)], 0);
      kl += (Math.log(pData) - Math.log(pModel)) / rows.length;
      logLikelihood += Math.log(pModel) / rows.length;
    }
    expect(fit.kl).toBeCloseTo(kl, 5);
    expect(fit.logLikelihood).toBeCloseTo(logLikelihood, 5);
  });

  it('trains through trainModel as algorithm boltzmann, with annealed chains and choices validated', async () => {
    const model = fullyCoupledModel(3, 2, 'binary01');
    const before = tf.memory().numTensors;
    const seen: Record<string, number>[] = [];
    const request = { algorithm: 'boltzmann', epochs: 3, seed: 2, config: { chainMode: 'annealed', phaseChains: 64, annealingSteps: 2 } };
    await trainModel(model, xor, request, undefined, { onEpoch: (e) => void seen.push(e.metrics) });
    expect(tf.memory().numTensors).toBe(before);
    expect(seen).toHaveLength(3);
    for (const m of seen) expect(Object.keys(m).sort()).toEqual(['gradientNorm', 'kl', 'logLikelihood']);
    await expect(trainModel(model, xor, { ...request, config: { chainMode: 'frozen' } }, undefined, { onEpoch: () => {} })).rejects.toThrow(
      /Chains \(chainMode\) must be one of persistent, annealed/,
    );
    await expect(trainModel(model, xor, { ...request, config: { mode: 'input-output', inputUnits: 3 } }, undefined, { onEpoch: () => {} })).rejects.toThrow(
      /inputUnits between 1 and 2/,
    );
  });
});
