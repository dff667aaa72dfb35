import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { UnitEncoding } from '../../../../engine/diagram/types';
import { aisSchedule, annealedImportanceSampling, rbmTestLogLikelihood, visibleBaseRates } from '../../../../engine/energy/rbm/ais';
import { rbmExactDataFit, rbmLogPartition } from '../../../../engine/energy/rbm/exact';
import { rbmView } from '../../../../engine/energy/rbm/view';
import { randomDataset, randomParameters, rbmModel, useTestBackend } from '../../helpers/models';

beforeAll(useTestBackend);

describe('annealed importance sampling for RBMs (Salakhutdinov & Murray 2008)', () => {
  // log Ẑ is a consistent estimator whose spread is its delta-method standard error; 3 standard errors covers 99.7 % of a
  // normal spread (the bias of the log, ≈ SE²/2, is below 0.001 here). The runs are seeded, so the check is reproducible;
  // over seeds 0–11 the largest gap was 1.6 (0/1) and 2.3 (±1) standard errors. (±1 units with weights of scale 0.5 —
  // 0/1 weights of scale 2 — need ≈ 3000 temperatures: at 1000 one seed in twelve fell 3.5 standard errors low.)
  it.each([
    ['binary01', 20, 12, 1.0],
    ['pm1', 16, 10, 0.3],
  ] as [UnitEncoding, number, number, number][])('%s units, %i × %i, weights of scale %f: log Z within 3 standard errors and 0.1 nats of enumeration', (encoding, v, h, scale) => {
    const model = rbmModel(v, h, encoding);
    const params = randomParameters(model, v + h, scale, 0.5);
    const exact = rbmLogPartition(rbmView(model, params));
    const estimate = annealedImportanceSampling(model, params, { temperatures: 1000, runs: 200, seed: 5 });
    expect(estimate.standardError).toBeGreaterThan(0);
    expect(estimate.standardError).toBeLessThan(0.05);
    expect(Math.abs(estimate.logZ - exact)).toBeLessThan(3 * estimate.standardError);
    expect(Math.abs(estimate.logZ - exact)).toBeLessThan(0.1);
    expect(estimate.effectiveRuns).toBeGreaterThan(1);
    expect(estimate.logWeights.length).toBe(200);
  });

  it('test log-likelihood: exact free energies minus the AIS log Z, with the base-rate model of the data', () => {
    const model = rbmModel(12, 8, 'binary01');
    const params = randomParameters(model, 2, 0.8, 0.5);
    const data = randomDataset(12, 40, 6);
    const view = rbmView(model, params);
    const exact = rbmExactDataFit(view, data).logLikelihood;
    const fit = rbmTestLogLikelihood(model, params, data, { temperatures: 500, runs: 100, seed: 1, baseRates: visibleBaseRates(data) });
    expect(fit.standardError).toBe(fit.logZ.standardError);
    expect(Math.abs(fit.meanLogLikelihood - exact)).toBeLessThan(Math.max(3 * fit.standardError, 1e-3));
    expect(fit.rowStandardError).toBeGreaterThan(0);
  });

  it('schedule, input checks, and tf.memory().numTensors unchanged', () => {
    const betas = aisSchedule(290);
    expect(betas.length).toBe(290);
    expect(betas[betas.length - 1]).toBe(1);
    expect(betas.every((b, k) => b > (k === 0 ? 0 : betas[k - 1]))).toBe(true);
    expect(betas.filter((b) => b <= 0.5).length).toBe(10);
    const model = rbmModel(5, 3);
    const params = randomParameters(model, 1);
    const before = tf.memory().numTensors;
    annealedImportanceSampling(model, params, { temperatures: 20, runs: 4 });
    rbmTestLogLikelihood(model, params, randomDataset(5, 3, 1), { temperatures: 10, runs: 4 });
    expect(tf.memory().numTensors).toBe(before);
    expect(() => annealedImportanceSampling(model, params, { runs: 1 })).toThrow(/at least 2 runs/);
    expect(() => annealedImportanceSampling(model, params, { baseRates: new Float32Array(2) })).toThrow(/need 5 entries/);
  });
});
