import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtinDataset } from '../../../../engine/data/builtin';
import type { EnergyModelSpec } from '../../../../engine/compiler/types';
import { exactModelStatistics } from '../../../../engine/energy/exact';
import { startContrastiveDivergence, type CdArgs } from '../../../../engine/energy/rbm/cd';
import { rbmExactDataFit } from '../../../../engine/energy/rbm/exact';
import { disposeRbmTensors, uploadRbm } from '../../../../engine/energy/rbm/layers';
import { createUniformNoise } from '../../../../engine/energy/rbm/noise';
import { temperedBlockGibbs } from '../../../../engine/energy/rbm/tempering';
import { rbmView } from '../../../../engine/energy/rbm/view';
import { temperingLadder } from '../../../../engine/energy/sampling/tempering';
import type { ModelParameters } from '../../../../engine/model/parameters';
import { createRandom } from '../../../../engine/random/seeded';
import { randomParameters, rbmModel, useTestBackend } from '../../helpers/models';

beforeAll(useTestBackend);

/** An RBM with two far modes: 8 ±1 visible units all joined by weight w to each of 2 hidden units (all +1 or all −1), a small bias towards −1. */
function bimodalRbm(): { model: EnergyModelSpec; params: ModelParameters } {
  const model = rbmModel(8, 2, 'pm1');
  const params = randomParameters(model, 1);
  params.weights['r#internal'].fill(0.9);
  for (const values of Object.values(params.biases)) values.fill(0);
  params.biases['r'].fill(-0.06, 0, 8);
  return { model, params };
}

/** Mean of every visible unit of the β = 1 replica over `sweeps` recorded steps, per group of chains (groups × V), all chains started at all +1. */
function sampleVisibleMeans(model: EnergyModelSpec, params: ModelParameters, betas: Float64Array, chains: number, groups: number, sweeps: number, seed: number) {
  const view = rbmView(model, params);
  const rbm = uploadRbm(view);
  const random = createRandom(seed);
  const noise = { hidden: createUniformNoise(random.fork('h')), visible: createUniformNoise(random.fork('v')) };
  let hidden = Array.from(betas, () => tf.ones([view.hiddenCount, chains]) as tf.Tensor2D);
  let sum = tf.zeros([view.visibleCount, chains]) as tf.Tensor2D;
  let accepted = tf.zeros([Math.max(0, betas.length - 1)]) as tf.Tensor1D;
  const attempts = new Float64Array(Math.max(0, betas.length - 1));
  let round = 0;
  for (let t = 0; t < 50 + sweeps; t++) {
    let tried: Float64Array = new Float64Array(0);
    const out = tf.tidy(() => {
      const state = temperedBlockGibbs(rbm, hidden, betas, 1, round, noise);
      [tried, round] = [state.attempts, state.round];
      return { hidden: state.hidden, sum: t >= 50 ? tf.add(sum, state.visible[0]) : tf.clone(sum), accepted: t >= 50 ? tf.add(accepted, state.accepted) : tf.clone(accepted) };
    });
    tf.dispose([...hidden, sum, accepted]);
    [hidden, sum, accepted] = [out.hidden, out.sum as tf.Tensor2D, out.accepted as tf.Tensor1D];
    if (t >= 50) tried.forEach((a, p) => (attempts[p] += a));
  }
  const totals = sum.arraySync() as number[][];
  const rates = Float64Array.from(accepted.dataSync(), (a, p) => a / attempts[p]);
  tf.dispose([...hidden, sum, accepted]);
  disposeRbmTensors(rbm);
  const perGroup = chains / groups;
  const groupMeans = Array.from({ length: groups }, (_, g) => totals.map((row) => row.slice(g * perGroup, (g + 1) * perGroup).reduce((a, b) => a + b, 0) / (perGroup * sweeps)));
  const mean = groupMeans[0].map((_, i) => groupMeans.reduce((s, m) => s + m[i], 0) / groups);
  const se = mean.map((m, i) => Math.sqrt(groupMeans.reduce((s, g) => s + (g[i] - m) ** 2, 0) / (groups - 1) / groups));
  return { mean, se, rates };
}

describe('tempered block Gibbs for RBMs', () => {
  it('the β = 1 replica matches the exact marginals of a two-mode RBM where plain block Gibbs from one mode stays there', () => {
    const { model, params } = bimodalRbm();
    const exact = exactModelStatistics(model, params).meanStates;
    expect(exact[0]).toBeLessThan(-0.2);
    const before = tf.memory().numTensors;
    const tempered = sampleVisibleMeans(model, params, temperingLadder(6, 0.1), 64, 16, 600, 3);
    const plain = sampleVisibleMeans(model, params, temperingLadder(1), 64, 16, 600, 3);
    expect(tf.memory().numTensors).toBe(before);
    for (let i = 0; i < 8; i++) {
      expect(Math.abs(tempered.mean[i] - exact[i]) / tempered.se[i], `unit ${i}: ${tempered.mean[i]} ± ${tempered.se[i]} vs ${exact[i]}`).toBeLessThan(4);
      expect(Math.abs(plain.mean[i] - exact[i])).toBeGreaterThan(0.8);
    }
    expect(tempered.se[0]).toBeLessThan(0.15);
    tempered.rates.forEach((r) => {
      expect(r).toBeGreaterThan(0.05);
      expect(r).toBeLessThan(1);
    });
    expect(Array.from(sampleVisibleMeans(model, params, new Float64Array([1, 1, 1]), 8, 2, 5, 1).rates)).toEqual([1, 1]);
  });
});

describe('PCD with tempered chains', () => {
  const bars = builtinDataset('bars-stripes-3x3')!;
  const model = rbmModel(9, 10, 'binary01');
  const args: CdArgs = { persistent: true, chains: 20, k: 1, learningRate: 0.1, batchSize: 2, momentum: 0.5, initScale: 0.1, seed: 5, replicas: 4, lowestBeta: 0.3 };

  it('trains a small RBM (KL falls), reports swap rates in (0, 1) each epoch, reproduces for a seed and frees its tensors', async () => {
    const before = tf.memory().numTensors;
    const run = async () => {
      const session = await startContrastiveDivergence(model, bars, args);
      const start = rbmExactDataFit(session.view(), bars).kl;
      const rates: Float64Array[] = [];
      for (let e = 0; e < 150; e++) {
        await session.epoch();
        rates.push(session.swapAcceptance()!);
      }
      const end = rbmExactDataFit(session.view(), bars).kl;
      const weights = Array.from(session.view().weights);
      session.dispose();
      return { start, end, rates, weights };
    };
    const first = await run();
    const again = await run();
    expect(tf.memory().numTensors).toBe(before);
    expect(again.weights).toEqual(first.weights);
    // 14 patterns of 512: the near-uniform start has KL ≈ log(512/14) = 3.6.
    expect(first.start).toBeGreaterThan(3.3);
    expect(first.end).toBeLessThan(2);
    for (const epochRates of first.rates) {
      expect(epochRates.length).toBe(3);
      epochRates.forEach((r) => {
        expect(r).toBeGreaterThan(0);
        expect(r).toBeLessThan(1);
      });
    }
  });

  it('plain PCD has no swap rates; tempering is refused without persistent chains or with a bad ladder', async () => {
    const session = await startContrastiveDivergence(model, bars, { ...args, replicas: 1 });
    await session.epoch();
    expect(session.swapAcceptance()).toBeUndefined();
    session.dispose();
    await expect(startContrastiveDivergence(model, bars, { ...args, persistent: false })).rejects.toThrow(/runs on persistent chains: use PCD/);
    await expect(startContrastiveDivergence(model, bars, { ...args, lowestBeta: 2 })).rejects.toThrow(/lowest inverse temperature/);
  });
});
