import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { meanFieldFixedPoint } from '../../../engine/energy/meanfield/fixedPoint';
import { rbmLogPartition, rbmNegativeFreeEnergies } from '../../../engine/energy/rbm/exact';
import { rbmView } from '../../../engine/energy/rbm/view';
import { inferenceRows, inferRows, methodsFor } from '../../../engine/infer/runInference';
import { bruteForce } from '../helpers/bruteForce';
import { datasetFromRows, fullyCoupledModel, layeredModel, randomDataset, randomParameters, rbmModel, useTestBackend } from '../helpers/models';
import { noLeak } from '../helpers/noLeak';
import { partialReference, rowOf } from './partialReference';

beforeAll(useTestBackend);

const hiddenOf = (means: ArrayLike<number>, hidden: number[]): number[] => hidden.map((u) => means[u]);

describe('inferRows on energy models: exact', () => {
  for (const model of [fullyCoupledModel(4, 3, 'pm1'), layeredModel(4, 2, 'binary01'), rbmModel(4, 3, 'pm1')]) {
    it(`matches brute force with and without a clamp (${model.family}, ${model.encoding})`, async () => {
      const params = randomParameters(model, 5, 0.7, 0.5);
      const data = randomDataset(4, 8, 9);
      const reference = bruteForce(model, params);
      const full = await noLeak(() => inferRows(model, params, data, { method: 'exact' }));
      expect(full.quantity).toBe('logProbability');
      const known = [1, 0, 1, 0];
      const partial = await noLeak(() => inferRows(model, params, data, { method: 'exact', clamp: { mask: known } }));
      for (let r = 0; r < data.rowCount; r++) {
        const bits = rowOf(data.bits, 4, r);
        expect(full.values![r]).toBeCloseTo(reference.logProbabilityOf(bits), 4);
        const fullMeans = hiddenOf(reference.conditionalMeans(bits), model.hiddenIndices);
        fullMeans.forEach((m, k) => expect(full.hiddenMeans[r * fullMeans.length + k]).toBeCloseTo(m, 4));
        const expected = partialReference(model, reference, bits, known);
        expect(partial.values![r]).toBeCloseTo(expected.logProbability, 4);
        hiddenOf(expected.means, model.hiddenIndices).forEach((m, k) => expect(partial.hiddenMeans[r * fullMeans.length + k]).toBeCloseTo(m, 4));
        hiddenOf(expected.means, model.visibleIndices).forEach((m, k) => expect(partial.visibleMeans![r * 4 + k]).toBeCloseTo(m, 4));
        const threshold = model.encoding === 'pm1' ? 0 : 0.5;
        for (let k = 0; k < 4; k++) expect(partial.completed![r * 4 + k]).toBe(known[k] ? bits[k] : expected.means[model.visibleIndices[k]] > threshold ? 1 : 0);
      }
      expect(Array.from(partial.known!)).toEqual(Array.from({ length: 32 }, (_, k) => known[k % 4]));
    });
  }

  it('takes a clamp per row, and gives rows as plain objects', async () => {
    const model = fullyCoupledModel(3, 2, 'binary01');
    const params = randomParameters(model, 2, 0.8, 0.3);
    const data = datasetFromRows([[1, 0, 1], [0, 1, 1], [1, 1, 0]]);
    const mask = [1, 1, 0, 0, 1, 1, 1, 1, 1];
    const result = await inferRows(model, params, data, { method: 'exact', clamp: { mask } });
    const reference = bruteForce(model, params);
    for (let r = 0; r < 3; r++) {
      const expected = partialReference(model, reference, rowOf(data.bits, 3, r), mask.slice(r * 3, r * 3 + 3));
      expect(result.values![r]).toBeCloseTo(expected.logProbability, 4);
    }
    const rows = inferenceRows(result);
    expect(rows[1].logProbability).toBe(result.values![1]);
    expect(rows[1].hiddenMeans).toEqual(Array.from(result.hiddenMeans.subarray(2, 4)));
    expect(rows[2].completed).toEqual([1, 1, 0]);
    expect(JSON.parse(JSON.stringify(rows))).toEqual(rows);
  });
});

describe('inferRows on energy models: sampling and estimates', () => {
  it('gibbs: hidden and unknown visible means within 4.5 standard errors of exact', async () => {
    const model = fullyCoupledModel(4, 3, 'pm1');
    const params = randomParameters(model, 8, 0.5, 0.5);
    const data = randomDataset(4, 4, 3);
    const reference = bruteForce(model, params);
    const known = [1, 1, 0, 1];
    const result = await noLeak(() => inferRows(model, params, data, { method: 'gibbs', clamp: { mask: known }, seed: 4, sweeps: 400 }));
    expect(result.values).toBeUndefined();
    let compared = 0;
    for (let r = 0; r < data.rowCount; r++) {
      const expected = partialReference(model, reference, rowOf(data.bits, 4, r), known);
      const check = (got: number, se: number, want: number): void => {
        expect(se).toBeGreaterThan(0);
        expect(Math.abs(got - want)).toBeLessThan(4.5 * se + 1e-3);
        compared++;
      };
      model.hiddenIndices.forEach((u, k) => check(result.hiddenMeans[r * 3 + k], result.hiddenStandardErrors![r * 3 + k], expected.means[u]));
      check(result.visibleMeans![r * 4 + 2], result.visibleStandardErrors![r * 4 + 2], expected.means[model.visibleIndices[2]]);
      expect(result.visibleStandardErrors![r * 4]).toBe(0);
      expect(result.visibleMeans![r * 4]).toBe(data.bits[r * 4] ? 1 : -1);
    }
    expect(compared).toBe(16);
  });

  it('ais: log P(v) within 3 standard errors and 0.1 nats of exact; hidden means exact', async () => {
    const model = rbmModel(6, 4, 'binary01');
    const params = randomParameters(model, 3, 1, 0.5);
    const data = randomDataset(6, 6, 1);
    const reference = bruteForce(model, params);
    const result = await noLeak(() => inferRows(model, params, data, { method: 'ais', temperatures: 300, runs: 64, seed: 2 }));
    const exact = await inferRows(model, params, data, { method: 'exact' });
    expect(result.quantity).toBe('logProbabilityEstimate');
    expect(result.summary.logZ).toBeCloseTo(reference.logZ, 0);
    for (let r = 0; r < data.rowCount; r++) {
      const gap = Math.abs(result.values![r] - reference.logProbabilityOf(rowOf(data.bits, 6, r)));
      expect(gap).toBeLessThan(Math.min(0.1, 3 * result.standardErrors![r] + 1e-3));
    }
    Array.from(exact.hiddenMeans).forEach((m, k) => expect(result.hiddenMeans[k]).toBeCloseTo(m, 4));
    const partial = await inferRows(model, params, data, { method: 'ais', temperatures: 300, runs: 64, seed: 2, clamp: { positions: [0, 1, 2] } });
    const exactPartial = await inferRows(model, params, data, { method: 'exact', clamp: { positions: [0, 1, 2] } });
    Array.from(exactPartial.values!).forEach((v, r) => expect(Math.abs(partial.values![r] - v)).toBeLessThan(0.1));
    Array.from(exactPartial.visibleMeans!).forEach((m, k) => expect(partial.visibleMeans![k]).toBeCloseTo(m, 4));
    // The full record: forward as the per-row mean, reverse beside it, the interval around both, the seed and base recorded.
    const likelihood = result.likelihood!;
    const mean = result.values!.reduce((a, v) => a + v, 0) / data.rowCount;
    expect(likelihood).toMatchObject({ quantity: 'meanLogLikelihood', rows: 6, runs: 64, provenance: { method: 'ais', base: 'data', temperatures: 300, runs: 64, seed: 2 } });
    expect(likelihood.forward.value).toBeCloseTo(mean, 6);
    expect(likelihood.reverse).toBeDefined();
    expect(likelihood.interval[0]).toBeLessThanOrEqual(Math.min(likelihood.forward.value, likelihood.reverse!.value));
    expect(likelihood.interval[1]).toBeGreaterThanOrEqual(Math.max(likelihood.forward.value, likelihood.reverse!.value));
    expect(likelihood.provenanceText).toMatch(/data base rates of the 6 rows scored/);
    expect(partial.likelihood!.provenance.method).toBe('ais');
  });

  it('exact on RBMs beyond 24 units: the smaller layer enumerated; ln P(v), hidden means and clamped rows as the reference', async () => {
    const model = rbmModel(30, 6, 'pm1');
    const params = randomParameters(model, 4, 0.3, 0.2);
    const data = randomDataset(30, 5, 2);
    const view = rbmView(model, params);
    const logZ = rbmLogPartition(view);
    const negF = rbmNegativeFreeEnergies(view, data.bits, data.rowCount);
    const result = await noLeak(() => inferRows(model, params, data, { method: 'exact' }));
    expect(result.summary).toMatchObject({ enumeratedUnits: 6 });
    Array.from(negF).forEach((f, r) => expect(result.values![r]).toBeCloseTo(f - logZ, 3));
    const ais = await inferRows(model, params, data, { method: 'ais', temperatures: 100, runs: 16 });
    Array.from(ais.hiddenMeans).forEach((m, k) => expect(result.hiddenMeans[k]).toBeCloseTo(m, 5));
    // Two unknown units: ln P of the known 28 = log-sum-exp over the 4 completions of −F − log Z.
    const partial = await noLeak(() => inferRows(model, params, data, { method: 'exact', clamp: { positions: Array.from({ length: 28 }, (_, k) => k) } }));
    for (let r = 0; r < data.rowCount; r++) {
      const completions = [0, 1, 2, 3].map((c) => {
        const bits = Uint8Array.from(data.bits.subarray(r * 30, (r + 1) * 30));
        bits[28] = c & 1;
        bits[29] = (c >> 1) & 1;
        return rbmNegativeFreeEnergies(view, bits, 1)[0] - logZ;
      });
      const top = Math.max(...completions);
      expect(partial.values![r]).toBeCloseTo(top + Math.log(completions.reduce((a, x) => a + Math.exp(x - top), 0)), 3);
    }
  });

  it('ais on Boltzmann machines with hidden–hidden and visible–visible couplings: every row within 4 SE of exact; uniform base selectable; no clamp', async () => {
    const model = fullyCoupledModel(4, 3, 'pm1');
    const params = randomParameters(model, 8, 0.5, 0.3);
    const data = randomDataset(4, 6, 3);
    const reference = bruteForce(model, params);
    for (const base of ['data', 'uniform'] as const) {
      const result = await noLeak(() => inferRows(model, params, data, { method: 'ais', temperatures: 200, runs: 32, seed: 5, base }));
      expect(result.likelihood!.provenance.base).toBe(base);
      for (let r = 0; r < data.rowCount; r++) {
        const exact = reference.logProbabilityOf(rowOf(data.bits, 4, r));
        expect(Math.abs(result.values![r] - exact)).toBeLessThan(4 * result.standardErrors![r] + 0.02);
      }
      // AIS gives no posterior means of interacting hidden units.
      expect(Array.from(result.hiddenMeans).every(Number.isNaN)).toBe(true);
    }
    await expect(inferRows(model, params, data, { method: 'ais', temperatures: 10, runs: 4, clamp: { positions: [0, 1] } })).rejects.toThrow(/needs a restricted Boltzmann machine.*gibbs/);
    await expect(inferRows(model, params, data, { method: 'ais', base: 'magic' as never })).rejects.toThrow(/must be one of data, uniform, got magic/);
    await expect(inferRows(model, params, data, { method: 'exact', base: 'data' })).rejects.toThrow(/has no option 'base'/);
  });

  it('meanfield: the clamped means solve the fixed-point equations, each phase bounds its exact free energy, the error falls like w²', async () => {
    const model = layeredModel(3, 3, 'pm1');
    const data = randomDataset(3, 5, 7);
    const worst: number[] = [];
    for (const scale of [0.1, 0.05, 0.8]) {
      const params = randomParameters(model, 11, scale, 0.4);
      const reference = bruteForce(model, params);
      const result = await noLeak(() => inferRows(model, params, data, { method: 'meanfield', seed: 1 }));
      expect(result.summary.converged).toBe(true);
      expect(result.summary.logZEstimate as number).toBeLessThanOrEqual(reference.logZ + 1e-4);
      const clamped = meanFieldFixedPoint(model, params, {
        clamp: { units: model.visibleIndices, values: Float32Array.from(data.bits, (b) => (b ? 1 : -1)) },
        initial: (() => {
          const start = new Float32Array(5 * 6);
          for (let r = 0; r < 5; r++) {
            model.visibleIndices.forEach((u, k) => (start[r * 6 + u] = data.bits[r * 3 + k] ? 1 : -1));
            model.hiddenIndices.forEach((u, k) => (start[r * 6 + u] = result.hiddenMeans[r * 3 + k]));
          }
          return start;
        })(),
        maxIterations: 0,
      });
      expect(clamped.residual).toBeLessThan(1e-5);
      let gap = 0;
      for (let r = 0; r < data.rowCount; r++) {
        const exact = reference.logProbabilityOf(rowOf(data.bits, 3, r));
        const clampedLogSum = result.values![r] + (result.summary.logZEstimate as number);
        expect(clampedLogSum).toBeLessThanOrEqual(exact + reference.logZ + 1e-4);
        gap = Math.max(gap, Math.abs(result.values![r] - exact));
      }
      worst.push(gap);
    }
    expect(worst[1]).toBeLessThan(0.35 * worst[0]);
    expect(worst[1]).toBeLessThan(0.03);
  });
});

describe('inferRows refusals and method lists', () => {
  const model = fullyCoupledModel(3, 2);
  const params = randomParameters(model, 1);
  const data = randomDataset(3, 2, 1);

  it('lists the methods that fit each model', () => {
    expect(methodsFor(model).map((m) => m.name)).toEqual(['exact', 'gibbs', 'meanfield', 'ais']);
    expect(methodsFor(rbmModel(3, 2)).map((m) => m.name)).toEqual(['exact', 'gibbs', 'meanfield', 'ais']);
    expect(methodsFor(rbmModel(20, 10)).map((m) => m.name)).toEqual(['exact', 'gibbs', 'meanfield', 'ais']);
    expect(methodsFor(rbmModel(30, 30)).map((m) => m.name)).toEqual(['gibbs', 'meanfield', 'ais']);
    for (const m of methodsFor(rbmModel(3, 2))) expect(m.label.length).toBeGreaterThan(3);
  });

  it('names the methods that apply when the method does not', async () => {
    await expect(inferRows(model, params, data, { method: 'attractor' })).rejects.toThrow(/applies to sigmoid belief networks.*exact, gibbs, meanfield, ais$/);
    await expect(inferRows(model, params, data, { method: 'magic' })).rejects.toThrow(/'magic' is not an inference method/);
    const big = rbmModel(30, 30);
    await expect(inferRows(big, randomParameters(big, 1), randomDataset(30, 1, 1), { method: 'exact' })).rejects.toThrow(
      /at most 24 units \(an RBM's smaller layer at most 24\); this model has 60; methods for this restricted Boltzmann machine: gibbs, meanfield, ais/,
    );
  });

  it('refuses options of other methods, bad ranges, bad clamps and too many unknown units', async () => {
    await expect(inferRows(model, params, data, { method: 'gibbs', runs: 5 })).rejects.toThrow(/'gibbs' has no option 'runs'; it takes chains, burnIn, sweeps/);
    await expect(inferRows(model, params, data, { method: 'gibbs', chains: 1 })).rejects.toThrow(/chains\) must lie in \[2/);
    await expect(inferRows(model, params, data, { method: 'exact', clamp: { positions: [3] } })).rejects.toThrow(/position 3 is outside 0…2/);
    await expect(inferRows(model, params, data, { method: 'exact', clamp: { mask: [1, 0] } })).rejects.toThrow(/give V = 3/);
    await expect(inferRows(model, params, randomDataset(4, 1, 1), { method: 'exact' })).rejects.toThrow(/4 columns but the model has 3 visible/);
    const wide = rbmModel(18, 2);
    await expect(inferRows(wide, randomParameters(wide, 1), randomDataset(18, 1, 1), { method: 'exact', clamp: { positions: [0] } })).rejects.toThrow(
      /2\^17 completions.*use gibbs or meanfield/,
    );
  });
});

describe('inferRows progress', () => {
  it('awaits onProgress after each batch, ending at all rows, and stops when it throws', async () => {
    const model = rbmModel(3, 2, 'binary01');
    const params = randomParameters(model, 1);
    const data = randomDataset(3, 300, 2);
    for (const method of ['exact', 'meanfield', 'gibbs'] as const) {
      const calls: [number, number][] = [];
      await inferRows(model, params, data, { method, ...(method === 'gibbs' ? { chains: 64, sweeps: 2, burnIn: 0 } : {}), onProgress: (done, total) => void calls.push([done, total]) });
      expect(calls.length).toBeGreaterThan(0);
      expect(calls[calls.length - 1]).toEqual([300, 300]);
      calls.forEach(([done], k) => k > 0 && expect(done).toBeGreaterThan(calls[k - 1][0]));
    }
    const before = tf.memory().numTensors;
    const stop = (): never => {
      throw new Error('stopped');
    };
    await expect(inferRows(model, params, data, { method: 'gibbs', chains: 64, sweeps: 2, burnIn: 0, onProgress: stop })).rejects.toThrow('stopped');
    expect(tf.memory().numTensors).toBe(before);
  });
});
