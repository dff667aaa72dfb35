import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { exactStateProbabilities } from '../../../../engine/energy/exact';
import { gibbsEnergyInference } from '../../../../engine/infer/energyGibbs';
import { inferRows } from '../../../../engine/infer/runInference';
import { datasetFromRows, fullyCoupledModel, randomParameters, useTestBackend } from '../../helpers/models';

beforeAll(useTestBackend);

/** 6 visible + 3 hidden ±1 units, every pair coupled by 0.6, biases −0.55: with s_0 = +1 known the other 8 units keep two modes (P(+) ≈ 0.7). */
const model = fullyCoupledModel(6, 3, 'pm1');
const params = randomParameters(model, 2);
for (const key of Object.keys(params.weights)) params.weights[key].fill(0.6);
for (const key of Object.keys(params.biases)) params.biases[key].fill(-0.55);

/** Exact ⟨s_i | s_0 = +1⟩ for every unit, by enumerating the 2^9 states. */
function exactConditionalMeans(): Float64Array {
  const p = exactStateProbabilities(model, params);
  const means = new Float64Array(9);
  let total = 0;
  p.forEach((pk, k) => {
    if ((k & 1) === 0) return;
    total += pk;
    for (let i = 0; i < 9; i++) means[i] += pk * ((k >>> i) & 1 ? 1 : -1);
  });
  return means.map((m) => m / total);
}

describe('Gibbs inference with tempered chains (replicas > 1)', () => {
  it('matches the exact posterior means where the clamped system is bimodal, with far smaller errors than plain chains', async () => {
    const data = datasetFromRows([
      [1, 0, 1, 0, 1, 0],
      [1, 1, 1, 1, 1, 1],
    ]);
    const mask = new Uint8Array(12);
    mask[0] = mask[6] = 1;
    const exact = exactConditionalMeans();
    expect(Math.abs(exact[6])).toBeLessThan(0.6);
    const settings = { chains: 16, burnIn: 50, sweeps: 300, seed: 4 };
    const before = tf.memory().numTensors;
    const tempered = await gibbsEnergyInference(model, params, data, mask, { ...settings, replicas: 5, lowestBeta: 0.1 });
    const plain = await gibbsEnergyInference(model, params, data, mask, settings);
    expect(tf.memory().numTensors).toBe(before);
    for (let row = 0; row < 2; row++) {
      for (let k = 0; k < 3; k++) {
        const at = row * 3 + k;
        const z = Math.abs(tempered.hiddenMeans[at] - exact[6 + k]) / tempered.hiddenStandardErrors[at];
        expect(z, `row ${row} hidden ${k}: ${tempered.hiddenMeans[at]} ± ${tempered.hiddenStandardErrors[at]} vs ${exact[6 + k]}`).toBeLessThan(4);
        expect(tempered.hiddenStandardErrors[at]).toBeLessThan(0.5 * plain.hiddenStandardErrors[at]);
      }
      for (let k = 1; k < 6; k++) expect(Math.abs(tempered.visibleMeans[row * 6 + k] - exact[k]) / tempered.visibleStandardErrors[row * 6 + k]).toBeLessThan(4);
      expect(tempered.visibleMeans[row * 6]).toBe(1);
    }
    expect(tempered.summary.replicas).toBe(5);
    for (let pair = 0; pair < 4; pair++) expect(tempered.summary[`swapAcceptance${pair}`]).toBeGreaterThan(0.05);
    expect(plain.summary.replicas).toBeUndefined();
  });

  it('takes replicas and lowestBeta through inferRows, stops when the hook throws, and refuses a bad ladder', async () => {
    const data = datasetFromRows([[1, 0, 1, 0, 1, 0]]);
    const result = await inferRows(model, params, data, { method: 'gibbs', chains: 4, burnIn: 2, sweeps: 5, replicas: 3, lowestBeta: 0.5 });
    expect(result.summary.replicas).toBe(3);
    expect(result.summary.lowestBeta).toBe(0.5);
    const before = tf.memory().numTensors;
    let calls = 0;
    const long = inferRows(model, params, data, {
      method: 'gibbs',
      chains: 4,
      sweeps: 10_000_000,
      replicas: 2,
      onProgress: () => {
        if (++calls === 2) throw new Error('stop');
      },
    });
    await expect(long).rejects.toThrow('stop');
    expect(tf.memory().numTensors).toBe(before);
    await expect(inferRows(model, params, data, { method: 'gibbs', replicas: 0 })).rejects.toThrow(/Tempering replicas .* must lie in \[1, 64\]/);
  });
});
