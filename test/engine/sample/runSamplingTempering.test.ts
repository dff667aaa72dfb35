import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { exactStateProbabilities } from '../../../engine/energy/exact';
import { sampleModel, samplingMethodsFor } from '../../../engine/sample/runSampling';
import { fullyCoupledModel, randomParameters, rbmModel, useTestBackend } from '../helpers/models';

beforeAll(useTestBackend);

/** An 8-unit ±1 ferromagnet (every pair J = 0.5, biases −0.06): two far modes, the all −1 one e^{0.96} ≈ 2.6 times as likely. */
const model = fullyCoupledModel(8, 0, 'pm1');
const params = randomParameters(model, 1);
for (const key of Object.keys(params.weights)) params.weights[key].fill(0.5);
for (const key of Object.keys(params.biases)) params.biases[key].fill(-0.06);

/** An RBM with two far modes: 8 ±1 visible units joined by 0.9 to each of 2 hidden units, visible biases −0.06. */
const rbm = rbmModel(8, 2, 'pm1');
const rbmParams = randomParameters(rbm, 1);
rbmParams.weights['r#internal'].fill(0.9);
for (const values of Object.values(rbmParams.biases)) values.fill(0);
rbmParams.biases['r'].fill(-0.06, 0, 8);

/** Exact probability that units 0–7 hold more −1 than +1, among states meeting `keep` (bit i of k is unit i). */
function exactMinorityShare(keep: (k: number) => boolean = () => true, which = { model, params }): number {
  const p = exactStateProbabilities(which.model, which.params);
  let [inside, total] = [0, 0];
  p.forEach((pk, k) => {
    if (!keep(k)) return;
    total += pk;
    let ones = 0;
    for (let i = 0; i < 8; i++) ones += (k >>> i) & 1;
    if (ones < 4) inside += pk;
  });
  return inside / total;
}

/** Share of samples (count × 8 bits) with more 0 (−1) than 1 bits. */
const sampledShare = (bits: Uint8Array, count: number): number =>
  Array.from({ length: count }, (_, c) => bits.subarray(c * 8, c * 8 + 8).reduce((a, b) => a + b, 0)).filter((ones) => ones < 4).length / count;

describe("the sampling facade's tempering sampler", () => {
  it('is offered for energy models and draws both modes in their exact proportion, where plain Gibbs keeps its starting basins', async () => {
    expect(samplingMethodsFor(model).map((m) => m.name)).toContain('tempering');
    const exact = exactMinorityShare();
    expect(exact).toBeGreaterThan(0.65);
    const count = 400;
    const before = tf.memory().numTensors;
    const tempered = await sampleModel(model, params, { method: 'tempering', count, sweeps: 150, replicas: 6, lowestBeta: 0.1, seed: 3 });
    const plain = await sampleModel(model, params, { method: 'gibbs', count, sweeps: 150, seed: 3 });
    expect(tf.memory().numTensors).toBe(before);
    const se = Math.sqrt((exact * (1 - exact)) / count);
    expect(Math.abs(sampledShare(tempered.samples, count) - exact)).toBeLessThan(4 * se);
    expect(Math.abs(sampledShare(plain.samples, count) - exact)).toBeGreaterThan(0.1);
    expect(tempered.betas!.length).toBe(6);
    expect(tempered.swapAcceptance!.length).toBe(5);
    tempered.swapAcceptance!.forEach((r) => expect(r > 0 && r < 1).toBe(true));
    expect(tempered.energies!.length).toBe(count);
    const again = await sampleModel(model, params, { method: 'tempering', count, sweeps: 150, replicas: 6, lowestBeta: 0.1, seed: 3 });
    expect(Array.from(again.samples)).toEqual(Array.from(tempered.samples));
  });

  it('holds clamped units and samples the conditional distribution', async () => {
    const count = 300;
    const clamp = { mask: Uint8Array.from([1, 0, 0, 0, 0, 0, 0, 0]), bits: Uint8Array.from([1, 0, 0, 0, 0, 0, 0, 0]) };
    const result = await sampleModel(model, params, { method: 'tempering', count, sweeps: 100, replicas: 5, seed: 1, clamp });
    for (let c = 0; c < count; c++) expect(result.samples[c * 8]).toBe(1);
    const exact = exactMinorityShare((k) => (k & 1) === 1);
    expect(Math.abs(sampledShare(result.samples, count) - exact)).toBeLessThan(4 * Math.sqrt((exact * (1 - exact)) / count) + 0.01);
  });

  it('samples RBM-structured models by tempered block Gibbs, matching the exact mode weights, with and without held units', async () => {
    const count = 400;
    const before = tf.memory().numTensors;
    const free = await sampleModel(rbm, rbmParams, { method: 'tempering', count, sweeps: 150, replicas: 6, seed: 2 });
    const held = await sampleModel(rbm, rbmParams, { method: 'tempering', count, sweeps: 150, replicas: 6, seed: 2, clamp: { mask: Uint8Array.from([1, 0, 0, 0, 0, 0, 0, 0]), bits: new Uint8Array(8) } });
    const plain = await sampleModel(rbm, rbmParams, { method: 'gibbs', count, sweeps: 150, seed: 2 });
    expect(tf.memory().numTensors).toBe(before);
    const exactFree = exactMinorityShare(() => true, { model: rbm, params: rbmParams });
    const exactHeld = exactMinorityShare((k) => (k & 1) === 0, { model: rbm, params: rbmParams });
    expect(exactFree).toBeGreaterThan(0.6);
    for (const [result, exact] of [[free, exactFree], [held, exactHeld]] as const) {
      expect(Math.abs(sampledShare(result.samples, count) - exact)).toBeLessThan(4 * Math.sqrt((exact * (1 - exact)) / count) + 0.01);
      result.swapAcceptance!.forEach((r) => expect(r > 0 && r < 1).toBe(true));
    }
    for (let c = 0; c < count; c++) expect(held.samples[c * 8]).toBe(0);
    expect(Math.abs(sampledShare(plain.samples, count) - exactFree)).toBeGreaterThan(0.08);
    // Energies are H(v, h) of the returned states: recompute one from its visible bits and the drawn hidden units.
    const all = await sampleModel(rbm, rbmParams, { method: 'tempering', count: 3, sweeps: 5, replicas: 3, seed: 1, units: 'all' });
    const s = Array.from(all.samples.subarray(0, 10), (b) => (b ? 1 : -1));
    let energy = 0;
    for (let i = 0; i < 8; i++) energy -= -0.06 * s[i] + 0.9 * s[i] * (s[8] + s[9]);
    expect(all.energies![0]).toBeCloseTo(energy, 4);
  });

  it('reports progress, stops when the hook throws, and refuses settings of other samplers', async () => {
    const before = tf.memory().numTensors;
    let calls = 0;
    const stopped = sampleModel(model, params, {
      method: 'tempering',
      count: 4,
      sweeps: 1_000_000,
      replicas: 2,
      progress: () => {
        if (++calls === 2) throw new Error('stop');
      },
    });
    await expect(stopped).rejects.toThrow('stop');
    expect(tf.memory().numTensors).toBe(before);
    let rbmCalls = 0;
    const hook = () => {
      if (++rbmCalls === 2) throw new Error('stop');
    };
    await expect(sampleModel(rbm, rbmParams, { method: 'tempering', count: 4, sweeps: 1_000_000, replicas: 2, progress: hook })).rejects.toThrow('stop');
    expect(tf.memory().numTensors).toBe(before);
    await expect(sampleModel(model, params, { method: 'tempering', temperature: 2 })).rejects.toThrow(/samples at β = 1 with its own ladder.*temperature do not apply/);
    await expect(sampleModel(model, params, { method: 'gibbs', replicas: 4 })).rejects.toThrow(/replicas set the ladder of --method tempering/);
    await expect(sampleModel(model, params, { method: 'tempering', replicas: 3, lowestBeta: 0 })).rejects.toThrow(/lowest inverse temperature β must lie in \(0, 1\]/);
  });
});
