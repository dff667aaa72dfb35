import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtinDataset } from '../../../../engine/data/builtin';
import { denseCouplings } from '../../../../engine/energy/dense';
import { startBoltzmannSampled } from '../../../../engine/energy/sampling/boltzmannSampled';
import { trainModel } from '../../../../engine/train/train';
import { fullyCoupledModel, randomParameters, useTestBackend } from '../../helpers/models';

beforeAll(useTestBackend);

const xor = builtinDataset('xor')!;

/**
 * Exact Metropolis acceptance at equilibrium: each colour-class update leaves P(s) ∝ e^{−H(s)} invariant, so the state a
 * unit's flip is proposed from is distributed as P, and the rate is Σ_s P(s) (1/N) Σ_i min(1, e^{−ΔH_i(s)}), ΔH_i = 2 s_i f_i.
 */
function exactAcceptance(weights: Float32Array, biases: Float32Array, n: number): number {
  let z = 0;
  let sum = 0;
  for (let code = 0; code < 2 ** n; code++) {
    const s = Array.from({ length: n }, (_, i) => ((code >> i) & 1 ? 1 : -1));
    const fields = s.map((_, i) => s.reduce((f, sj, j) => f + weights[i * n + j] * sj, biases[i]));
    const energy = -0.5 * s.reduce((e, si, i) => e + si * (fields[i] - biases[i]), 0) - s.reduce((e, si, i) => e + si * biases[i], 0);
    const weight = Math.exp(-energy);
    z += weight;
    sum += (weight * s.reduce((a, si, i) => a + Math.min(1, Math.exp(-2 * si * fields[i])), 0)) / n;
  }
  return sum / z;
}

describe('Metropolis acceptance rate of sampled Boltzmann learning', () => {
  it('matches the exact equilibrium rate of a fixed 4-unit machine (η = 0) within 0.01', async () => {
    const model = fullyCoupledModel(4, 0, 'pm1');
    const params = randomParameters(model, 3, 0.8, 0.5);
    const dense = denseCouplings(model, params);
    const expected = exactAcceptance(dense.couplings, dense.biases, 4);
    const data = { ...xor, width: 4, bits: new Uint8Array([0, 0, 0, 0, 1, 1, 0, 1, 0, 1, 1, 0, 1, 0, 1, 1]), rowCount: 4 };
    const before = tf.memory().numTensors;
    const session = startBoltzmannSampled(model, data, { seed: 2, learningRate: 0, method: 'metropolis', phaseChains: 2048, sweeps: 3 }, params);
    const rates: number[] = [];
    // The first epoch anneals the chains from random states; the rate is read at equilibrium after it.
    for (let epoch = 0; epoch < 6; epoch++) rates.push((await session.step()).acceptanceRate!);
    session.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const measured = rates.slice(1).reduce((a, r) => a + r, 0) / 5;
    console.log(`Metropolis acceptance, 4 coupled ±1 units: measured ${measured.toFixed(4)}, exact ${expected.toFixed(4)}`);
    expect(expected).toBeGreaterThan(0.2);
    expect(expected).toBeLessThan(0.9);
    expect(Math.abs(measured - expected)).toBeLessThan(0.01);
  });

  it('trainModel reports acceptanceRate for the boltzmann algorithm with the Metropolis sampler only', async () => {
    const model = fullyCoupledModel(3, 2, 'pm1');
    const seen: Record<string, number>[] = [];
    const request = { algorithm: 'boltzmann', epochs: 2, seed: 1, config: { phaseChains: 64, method: 'metropolis' } };
    await trainModel(model, xor, request, undefined, { onEpoch: (e) => void seen.push(e.metrics) });
    expect(seen.every((m) => m.acceptanceRate > 0 && m.acceptanceRate < 1)).toBe(true);
    seen.length = 0;
    await trainModel(model, xor, { ...request, config: { phaseChains: 64 } }, undefined, { onEpoch: (e) => void seen.push(e.metrics) });
    expect(seen.some((m) => 'acceptanceRate' in m)).toBe(false);
  });
});
