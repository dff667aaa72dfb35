import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EnergyModelSpec } from '../../../../engine/compiler/types';
import { exactClampedSummary, exactModelStatistics } from '../../../../engine/energy/exact';
import { gibbsSample, type SamplingArgs, type SamplingResult } from '../../../../engine/energy/sampling/gibbs';
import type { ModelParameters } from '../../../../engine/model/parameters';
import { createRandom } from '../../../../engine/random/seeded';
import { bruteForce } from '../../helpers/bruteForce';
import { fullyCoupledModel, layeredModel, randomParameters, rbmModel, useTestBackend } from '../../helpers/models';

beforeAll(useTestBackend);

/** Every ⟨s_i⟩ and ⟨s_i s_j⟩ (i < j) within k standard errors of the exact value; the SE comes from independent chains. */
function expectWithinErrors(result: SamplingResult, exactMeans: ArrayLike<number>, exactCorrelations: ArrayLike<number> | undefined, k = 4): number {
  const n = result.unitCount;
  let worst = 0;
  for (let i = 0; i < n; i++) {
    const z = Math.abs(result.meanStates[i] - exactMeans[i]) / result.meanStatesError[i];
    worst = Math.max(worst, z);
    expect(z, `⟨s_${i}⟩ = ${result.meanStates[i]} vs exact ${exactMeans[i]} (SE ${result.meanStatesError[i]})`).toBeLessThan(k);
  }
  if (exactCorrelations === undefined) return worst;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const e = result.correlationsError![i * n + j];
      const z = Math.abs(result.correlations![i * n + j] - exactCorrelations[i * n + j]) / e;
      worst = Math.max(worst, z);
      expect(z, `⟨s_${i}s_${j}⟩ = ${result.correlations![i * n + j]} vs exact ${exactCorrelations[i * n + j]} (SE ${e})`).toBeLessThan(k);
    }
  }
  return worst;
}

/** Standard errors must be honest: not inflated beyond what a few hundred recorded sweeps of 64 chains can give. */
function expectUsefulErrors(result: SamplingResult): void {
  const largest = result.meanStatesError.reduce((a, b) => Math.max(a, b), 0);
  expect(largest).toBeGreaterThan(0);
  expect(largest).toBeLessThan(0.03);
}

/** Single-unit nodes (visible first) with each pair coupled with probability `density`: colour classes of several units. */
function sparseModel(visible: number, hidden: number, density: number, seed: number): EnergyModelSpec {
  const full = fullyCoupledModel(visible, hidden, 'pm1');
  const random = createRandom(seed);
  return { ...full, weightBlocks: full.weightBlocks.filter(() => random.next() < density) };
}

const chainArgs: SamplingArgs = { chains: 64, groups: 64, burnIn: 50, sweeps: 300 };

async function sampleAndCompare(model: EnergyModelSpec, params: ModelParameters, args: SamplingArgs, beta = 1): Promise<SamplingResult> {
  const before = tf.memory().numTensors;
  const result = await gibbsSample(model, params, { ...chainArgs, ...args, beta });
  expect(tf.memory().numTensors).toBe(before);
  const exact = exactModelStatistics(model, params, beta);
  expectWithinErrors(result, exact.meanStates, exact.correlations);
  expectUsefulErrors(result);
  return result;
}

describe('Gibbs sampling against exact enumeration (10 units, hidden units and thresholds)', () => {
  const fully = fullyCoupledModel(6, 4, 'pm1');
  const fullyParams = randomParameters(fully, 11, 0.5, 0.5);

  it('colour-class Gibbs on a fully coupled ±1 machine matches exact marginals and pair correlations within 4 SE', async () => {
    const result = await sampleAndCompare(fully, fullyParams, { seed: 1 });
    expect(result.colourClasses).toBe(10);
  });

  it('plain sequential Gibbs matches the same exact values', async () => {
    await sampleAndCompare(fully, fullyParams, { seed: 2, order: 'sequential' });
  });

  it('on a sparse net (colour classes of several units) colour-class and sequential Gibbs agree with each other and with exact values', async () => {
    const model = sparseModel(6, 4, 0.35, 21);
    const params = randomParameters(model, 15, 0.9, 0.5);
    const a = await sampleAndCompare(model, params, { seed: 3 });
    const b = await sampleAndCompare(model, params, { seed: 4, order: 'sequential' });
    expect(a.colourClasses).toBeGreaterThan(1);
    expect(a.colourClasses).toBeLessThan(6);
    const n = model.unitCount;
    for (let i = 0; i < n; i++) {
      const se = Math.hypot(a.meanStatesError[i], b.meanStatesError[i]);
      expect(Math.abs(a.meanStates[i] - b.meanStates[i]) / se).toBeLessThan(4);
      for (let j = i + 1; j < n; j++) {
        const k = i * n + j;
        expect(Math.abs(a.correlations![k] - b.correlations![k]) / Math.hypot(a.correlationsError![k], b.correlationsError![k])).toBeLessThan(4);
      }
    }
  });

  it('a layered 0/1 machine (lateral blocks, thresholds) at β = 0.6', async () => {
    const model = layeredModel(6, 4, 'binary01');
    await sampleAndCompare(model, randomParameters(model, 12, 0.8, 0.6, true), { seed: 5 }, 0.6);
  });

  it('block Gibbs on a bipartite RBM takes two colour classes, at β = 1.7', async () => {
    const model = rbmModel(6, 4, 'pm1');
    const result = await sampleAndCompare(model, randomParameters(model, 13, 0.4, 0.3), { seed: 6 }, 1.7);
    expect(result.colourClasses).toBe(2);
  });

  it('Metropolis (colour classes and sequential) matches exact values', async () => {
    await sampleAndCompare(fully, fullyParams, { seed: 7, method: 'metropolis' });
    const model = layeredModel(5, 5, 'binary01');
    await sampleAndCompare(model, randomParameters(model, 14, 0.6, 0.4), { seed: 8, method: 'metropolis', order: 'sequential' });
  });

  it('clamped sampling matches the exact conditional marginals P(s | v)', async () => {
    const n = fully.unitCount;
    const visibleBits = Uint8Array.from([1, 0, 0, 1, 1, 0]);
    const mask = new Uint8Array(n);
    const values = new Float32Array(n);
    fully.visibleIndices.forEach((u, k) => {
      mask[u] = 1;
      values[u] = visibleBits[k] ? 1 : -1;
    });
    const before = tf.memory().numTensors;
    const result = await gibbsSample(fully, fullyParams, { ...chainArgs, seed: 9, clamp: { mask, values } });
    expect(tf.memory().numTensors).toBe(before);
    expect(result.colourClasses).toBe(4);
    const exact = exactClampedSummary(fully, fullyParams, visibleBits, 1);
    for (const u of fully.visibleIndices) {
      expect(result.meanStates[u]).toBe(values[u]);
      expect(result.meanStatesError[u]).toBe(0);
    }
    const hidden = fully.hiddenIndices;
    for (const u of hidden) {
      expect(Math.abs(result.meanStates[u] - exact.conditionalMeans[u]) / result.meanStatesError[u]).toBeLessThan(4);
    }
  });

  it('records H(s) of every chain after every recorded sweep, consistent with the final states', async () => {
    const model = layeredModel(5, 3, 'binary01');
    const params = randomParameters(model, 16, 0.7, 0.5);
    const before = tf.memory().numTensors;
    const result = await gibbsSample(model, params, { chains: 6, burnIn: 2, sweeps: 7, seed: 11, energyTrace: true, correlations: false });
    expect(tf.memory().numTensors).toBe(before);
    expect(result.correlations).toBeUndefined();
    expect(result.energyTrace!.length).toBe(7 * 6);
    const reference = bruteForce(model, params);
    const n = model.unitCount;
    for (let c = 0; c < 6; c++) {
      const state = result.finalStates.subarray(c * n, (c + 1) * n);
      const index = Array.from(state).reduce((a, v, i) => a | ((v > 0 ? 1 : 0) << i), 0);
      expect(result.energyTrace![6 * 6 + c]).toBeCloseTo(reference.energies[index], 4);
    }
  });

  it('refuses bad settings with errors that name the problem', async () => {
    const before = tf.memory().numTensors;
    await expect(gibbsSample(fully, fullyParams, { chains: 0 })).rejects.toThrow(/Chains must be a whole number ≥ 1; got 0/);
    await expect(gibbsSample(fully, fullyParams, { chains: 10, groups: 3 })).rejects.toThrow(/groups must be a whole number ≥ 1 that divides the 10 chains; got 3/);
    await expect(gibbsSample(fully, fullyParams, { beta: -1 })).rejects.toThrow(/β must be finite and ≥ 0; got -1/);
    await expect(gibbsSample(fully, fullyParams, { chains: 2, initial: new Float32Array(20) })).rejects.toThrow(/Initial state value 0 is not a pm1 state/);
    await expect(gibbsSample(fully, fullyParams, { clamp: { mask: new Uint8Array(3), values: new Float32Array(3) } })).rejects.toThrow(/Clamp mask has 3 entries/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('per-chain clamps: each chain keeps its own pattern and its hidden units follow that pattern', async () => {
    const n = fully.unitCount;
    const chains = 64;
    const patterns = [Uint8Array.from([1, 1, 1, 1, 1, 1]), Uint8Array.from([0, 0, 0, 0, 0, 0])];
    const mask = new Uint8Array(chains * n);
    const values = new Float32Array(chains * n);
    for (let c = 0; c < chains; c++) {
      // Odd chains clamp only the first three visible units, so the clamp sets differ between chains too.
      const units = c % 2 === 0 ? fully.visibleIndices : fully.visibleIndices.slice(0, 3);
      units.forEach((u, k) => {
        mask[c * n + u] = 1;
        values[c * n + u] = patterns[c % 4 < 2 ? 0 : 1][k] ? 1 : -1;
      });
    }
    const result = await gibbsSample(fully, fullyParams, { chains, groups: chains, burnIn: 30, sweeps: 5, seed: 10, clamp: { mask, values } });
    for (let c = 0; c < chains; c++) for (let i = 0; i < n; i++) if (mask[c * n + i]) expect(result.finalStates[c * n + i]).toBe(values[c * n + i]);
  });
});
