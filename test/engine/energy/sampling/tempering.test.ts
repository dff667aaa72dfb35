import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EnergyModelSpec } from '../../../../engine/compiler/types';
import { exactModelStatistics, exactStateProbabilities } from '../../../../engine/energy/exact';
import { couplingMatrix } from '../../../../engine/energy/sampling/couplings';
import { gibbsSample } from '../../../../engine/energy/sampling/gibbs';
import { createTemperedChainSet, temperingLadder } from '../../../../engine/energy/sampling/tempering';
import { temperedSample } from '../../../../engine/energy/sampling/temperingSample';
import type { ModelParameters } from '../../../../engine/model/parameters';
import { createRandom } from '../../../../engine/random/seeded';
import { fullyCoupledModel, randomParameters, useTestBackend } from '../../helpers/models';

beforeAll(useTestBackend);

/** ±1 state of index k (bit i = unit i), as exactStateProbabilities numbers them. */
const stateOf = (k: number, n: number): Float32Array => Float32Array.from({ length: n }, (_, i) => ((k >>> i) & 1 ? 1 : -1));

/** H(s) = −½ sᵀWs − bᵀs in float64. */
function energyOf(model: EnergyModelSpec, params: ModelParameters, s: ArrayLike<number>): number {
  const { weights, biases, unitCount: n } = couplingMatrix(model, params);
  let e = 0;
  for (let i = 0; i < n; i++) {
    e -= biases[i] * s[i];
    for (let j = 0; j < n; j++) e -= 0.5 * s[i] * weights[i * n + j] * s[j];
  }
  return e;
}

/** A ferromagnet of 8 ±1 units, every pair coupled by J, biases b: two far modes (all +1, all −1). */
function ferromagnet(coupling: number, bias: number): { model: EnergyModelSpec; params: ModelParameters } {
  const model = fullyCoupledModel(8, 0, 'pm1');
  const params = randomParameters(model, 1);
  for (const key of Object.keys(params.weights)) params.weights[key].fill(coupling);
  for (const key of Object.keys(params.biases)) params.biases[key].fill(bias);
  return { model, params };
}

describe('temperingLadder', () => {
  it('is geometric from 1 down to the lowest β and refuses bad settings', () => {
    const ladder = temperingLadder(5, 0.0625);
    expect(Array.from(ladder)).toEqual([1, 0.5, 0.25, 0.125, 0.0625]);
    expect(Array.from(temperingLadder(1, 0.3))).toEqual([1]);
    expect(() => temperingLadder(0, 0.1)).toThrow(/Replicas must be a whole number ≥ 1/);
    expect(() => temperingLadder(4, 0)).toThrow(/lowest inverse temperature β must lie in \(0, 1\]/);
  });
});

describe('replica exchange on an enumerable toy', () => {
  const model = fullyCoupledModel(3, 0, 'pm1');
  const params = randomParameters(model, 4, 0.9, 0.6);
  const betas = [1, 0.35];
  const states = 8;
  const energies = Array.from({ length: states }, (_, k) => energyOf(model, params, stateOf(k, 3)));

  it('swaps (a, b) with probability min(1, e^{(β0−β1)(H(a)−H(b))}), so the joint Π_r e^{−β_r H} is in detailed balance', () => {
    const repeats = 150;
    const chains = states * states * repeats;
    const initial = new Float32Array(2 * chains * 3);
    for (let c = 0; c < chains; c++) {
      const pair = c % (states * states);
      initial.set(stateOf(pair % states, 3), c * 3);
      initial.set(stateOf(Math.floor(pair / states), 3), (chains + c) * 3);
    }
    const before = tf.memory().numTensors;
    const set = createTemperedChainSet(model, params, { chains, random: createRandom(3), initial, betas });
    set.swap();
    const after = set.replicas[0].naturalStates();
    const rate = set.acceptance();
    set.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const swapped = new Float64Array(states * states);
    for (let c = 0; c < chains; c++) {
      const pair = c % (states * states);
      const b = Math.floor(pair / states);
      const k = after.subarray(c * 3, c * 3 + 3).reduce((s, v, i) => s + (v > 0 ? 2 ** i : 0), 0);
      if (k === b) swapped[pair] += 1 / repeats;
    }
    const weight = (a: number, b: number): number => Math.exp(-betas[0] * energies[a] - betas[1] * energies[b]);
    let expectedRate = 0;
    for (let a = 0; a < states; a++) {
      for (let b = 0; b < states; b++) {
        const p = Math.min(1, Math.exp((betas[0] - betas[1]) * (energies[a] - energies[b])));
        expectedRate += p / (states * states);
        const se = Math.sqrt(Math.max(p * (1 - p), 0.25 / repeats) / repeats);
        expect(Math.abs(swapped[b * states + a] - p), `swap of (${a}, ${b})`).toBeLessThan(4.5 * se);
        // Flux balance: π(a, b) P(swap | a, b) = π(b, a) P(swap | b, a), exactly by construction of p.
        const reverse = Math.min(1, Math.exp((betas[0] - betas[1]) * (energies[b] - energies[a])));
        expect(weight(a, b) * p).toBeCloseTo(weight(b, a) * reverse, 10);
      }
    }
    expect(Math.abs(rate[0] - expectedRate)).toBeLessThan(0.02);
  });

  it('leaves the enumerated joint stationary: after a swap from exact draws, replica 0 still follows e^{−H}/Z (χ² over 8 states)', () => {
    const chains = 6000;
    const joint = [exactStateProbabilities(model, params, betas[0]), exactStateProbabilities(model, params, betas[1])];
    const random = createRandom(11);
    const draw = (p: Float64Array): number => {
      let u = random.next();
      for (let k = 0; k < p.length; k++) if ((u -= p[k]) < 0) return k;
      return p.length - 1;
    };
    const initial = new Float32Array(2 * chains * 3);
    for (let r = 0; r < 2; r++) for (let c = 0; c < chains; c++) initial.set(stateOf(draw(joint[r]), 3), (r * chains + c) * 3);
    const set = createTemperedChainSet(model, params, { chains, random: createRandom(5), initial, betas });
    set.swap();
    const after = set.replicas[0].naturalStates();
    const rate = set.acceptance()[0];
    set.dispose();
    const counts = new Float64Array(states);
    for (let c = 0; c < chains; c++) counts[after.subarray(c * 3, c * 3 + 3).reduce((s, v, i) => s + (v > 0 ? 2 ** i : 0), 0)]++;
    const chi2 = Array.from(counts).reduce((s, o, k) => s + (o - chains * joint[0][k]) ** 2 / (chains * joint[0][k]), 0);
    expect(chi2).toBeLessThan(24.3); // 7 degrees of freedom, p = 0.001
    expect(rate).toBeGreaterThan(0.05);
    expect(rate).toBeLessThan(1);
  });

  it('accepts every swap when all β are equal', () => {
    const set = createTemperedChainSet(model, params, { chains: 50, random: createRandom(2), betas: [1, 1, 1] });
    for (let t = 0; t < 4; t++) set.step('gibbs', 'colour');
    expect(Array.from(set.acceptance())).toEqual([1, 1]);
    set.dispose();
  });
});

describe('temperedSample on a bimodal Boltzmann machine', () => {
  it('finds both modes of a strongly coupled 8-unit ferromagnet where plain Gibbs from one mode stays stuck', async () => {
    const { model, params } = ferromagnet(0.5, -0.06);
    const exact = exactModelStatistics(model, params).meanStates;
    expect(exact[0]).toBeLessThan(-0.3);
    const initial = new Float32Array(64 * 8).fill(1);
    const common = { chains: 64, groups: 16, burnIn: 100, sweeps: 500, seed: 7, initial, correlations: false };
    const before = tf.memory().numTensors;
    const tempered = await temperedSample(model, params, { ...common, replicas: 6, lowestBeta: 0.1 });
    const plain = await gibbsSample(model, params, common);
    expect(tf.memory().numTensors).toBe(before);
    let worst = 0;
    for (let i = 0; i < 8; i++) {
      const z = Math.abs(tempered.meanStates[i] - exact[i]) / tempered.meanStatesError[i];
      worst = Math.max(worst, z);
      expect(Math.abs(plain.meanStates[i] - exact[i])).toBeGreaterThan(1);
    }
    expect(worst).toBeLessThan(4);
    expect(tempered.meanStatesError[0]).toBeLessThan(0.15);
    tempered.swapAcceptance.forEach((rate) => {
      expect(rate).toBeGreaterThan(0.05);
      expect(rate).toBeLessThan(1);
    });
    const again = await temperedSample(model, params, { ...common, replicas: 6, lowestBeta: 0.1 });
    expect(Array.from(again.meanStates)).toEqual(Array.from(tempered.meanStates));
    expect(Array.from(again.swapAcceptance)).toEqual(Array.from(tempered.swapAcceptance));
  });

  it('has honest error bars: z-scores of 40 independent 16-chain estimates of the magnetisation look standard', async () => {
    const { model, params } = ferromagnet(0.5, -0.06);
    const exact = exactModelStatistics(model, params).meanStates.reduce((a, b) => a + b, 0) / 8;
    const [seeds, perSeed] = [40, 16];
    const chains = seeds * perSeed;
    // One batch of independent chains, each its own group, split into 40 replications of 16 chains (as 40 seeds would be).
    const run = await temperedSample(model, params, { chains, groups: chains, burnIn: 100, sweeps: 400, seed: 9, replicas: 6, lowestBeta: 0.1, correlations: false });
    const magnetisation = Array.from({ length: chains }, (_, c) => run.groupMeans.subarray(c * 8, c * 8 + 8).reduce((a, b) => a + b, 0) / 8);
    const z = Array.from({ length: seeds }, (_, k) => {
      const part = magnetisation.slice(k * perSeed, (k + 1) * perSeed);
      const m = part.reduce((a, b) => a + b, 0) / perSeed;
      const se = Math.sqrt(part.reduce((a, b) => a + (b - m) ** 2, 0) / (perSeed - 1) / perSeed);
      return (m - exact) / se;
    });
    const meanZ = z.reduce((a, b) => a + b, 0) / seeds;
    const spread = Math.sqrt(z.reduce((a, b) => a + (b - meanZ) ** 2, 0) / (seeds - 1));
    expect(Math.abs(meanZ)).toBeLessThan(0.5);
    expect(spread).toBeGreaterThan(0.6);
    expect(spread).toBeLessThan(1.5);
  });

  it('reports progress and stops when the hook throws, its tensors freed', async () => {
    const { model, params } = ferromagnet(0.3, 0);
    const before = tf.memory().numTensors;
    const calls: number[] = [];
    const run = temperedSample(model, params, {
      chains: 8,
      burnIn: 0,
      sweeps: 100_000,
      replicas: 3,
      progress: (done) => {
        calls.push(done);
        if (calls.length === 2) throw new Error('stopped');
      },
    });
    await expect(run).rejects.toThrow('stopped');
    expect(calls[1]).toBeLessThan(100_000);
    expect(tf.memory().numTensors).toBe(before);
    await expect(temperedSample(model, params, { betas: [0.5, 0.2] })).rejects.toThrow(/β_0 must be 1/);
    await expect(temperedSample(model, params, { betas: [1, 0.5], replicas: 2 })).rejects.toThrow(/either a ladder/);
  });
});
