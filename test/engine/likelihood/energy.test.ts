import * as tf from '@tensorflow/tfjs';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EnergyModelSpec } from '../../../engine/compiler/types';
import { estimateRbmLikelihood, estimateRbmLogPartition } from '../../../engine/energy/rbm/ais';
import { exactModelStatistics, exactVisibleLogProbabilities } from '../../../engine/energy/exact';
import { estimateGeneralLogPartition } from '../../../engine/energy/sampling/aisGeneral';
import { estimateEnergyLikelihood, estimateEnergyLogPartition } from '../../../engine/likelihood/energy';
import { datasetFromRows, fullyCoupledModel, layeredModel, randomDataset, randomParameters, rbmModel, useTestBackend } from '../helpers/models';
import { noLeak } from '../helpers/noLeak';

// Pass-through spies: the real estimators run, and the dispatcher's choice is counted.
vi.mock('../../../engine/energy/rbm/ais', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../engine/energy/rbm/ais')>();
  return { ...actual, estimateRbmLogPartition: vi.fn(actual.estimateRbmLogPartition), estimateRbmLikelihood: vi.fn(actual.estimateRbmLikelihood) };
});
vi.mock('../../../engine/energy/sampling/aisGeneral', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../engine/energy/sampling/aisGeneral')>();
  return { ...actual, estimateGeneralLogPartition: vi.fn(actual.estimateGeneralLogPartition) };
});

beforeAll(useTestBackend);
beforeEach(() => vi.clearAllMocks());

const mean = (xs: ArrayLike<number>): number => Array.from(xs).reduce((a, b) => a + b, 0) / xs.length;

/** Exact ln P(v) of every row (hidden units summed out by enumeration). */
function exactRows(model: EnergyModelSpec, params: ReturnType<typeof randomParameters>, rows: ReturnType<typeof randomDataset>): Float64Array {
  return exactVisibleLogProbabilities(model, params, rows.bits, rows.rowCount);
}

describe('estimateEnergyLikelihood against enumeration', () => {
  it('10 visible + 6 hidden, all couplings: per-row ln P(v) within their error bars, exact mean inside the interval', async () => {
    const model = fullyCoupledModel(10, 6, 'pm1');
    const params = randomParameters(model, 3, 0.5, 0.5);
    const rows = randomDataset(10, 30, 12);
    const exact = exactRows(model, params, rows);
    const { estimate, perRow } = await noLeak(() => estimateEnergyLikelihood(model, params, rows, { temperatures: 200, runs: 64, seed: 4, checkBase: false }));
    const z = Array.from(exact, (x, n) => (perRow.forward[n] - x) / perRow.standardErrors[n]);
    console.log(`per-row ln P(v), 10+6 all couplings: z mean ${mean(z).toFixed(2)}, largest |z| ${Math.max(...z.map(Math.abs)).toFixed(2)}; mean ln P ${estimate.forward.mean.toFixed(3)} ± ${estimate.forward.standardError.toFixed(3)} (reverse ${estimate.reverse!.mean.toFixed(3)}), exact ${mean(exact).toFixed(3)}`);
    expect(z.every((x) => Math.abs(x) < 4)).toBe(true);
    expect(estimate.exact).toBeCloseTo(mean(exact), 4);
    expect(estimate.interval[0]).toBeLessThanOrEqual(mean(exact));
    expect(estimate.interval[1]).toBeGreaterThanOrEqual(mean(exact));
    expect(perRow.reverse).toHaveLength(30);
    expect(estimate.rows).toBe(30);
    expect(estimate.rowStandardError).toBeGreaterThan(0);
    expect(estimate.provenance).toMatchObject({ method: 'ais', base: 'data', reverseStart: 'exact', temperatures: 200, runs: 64 });
    expect(estimate.logPartition?.exact).toBeCloseTo(exactModelStatistics(model, params).logPartition, 4);
    expect(vi.mocked(estimateGeneralLogPartition)).toHaveBeenCalledTimes(1);
  });

  it('optimistic and conservative sides bracket the truth on a short schedule (forward above, reverse below, on average over seeds)', async () => {
    const model = fullyCoupledModel(6, 6, 'binary01');
    const params = randomParameters(model, 7, 1.5, 0.5);
    const rows = randomDataset(6, 12, 2);
    const exact = mean(exactRows(model, params, rows));
    const gaps = { forward: [] as number[], reverse: [] as number[] };
    const warnings = new Set<string>();
    for (let seed = 0; seed < 12; seed++) {
      const { estimate } = await estimateEnergyLikelihood(model, params, rows, { temperatures: 4, runs: 3, seed, checkBase: false, base: 'uniform' });
      gaps.forward.push(estimate.forward.mean - exact);
      gaps.reverse.push(estimate.reverse!.mean - exact);
      estimate.warnings.forEach((w) => warnings.add(`${w.code}${w.message.startsWith('Clamped') ? ' (clamped)' : ''}`));
    }
    // A schedule this short must say so, for log Z and for the clamped Z(v) alike.
    expect([...warnings]).toEqual(expect.arrayContaining(['forwardReverseGap', 'forwardReverseGap (clamped)']));
    console.log(`short schedule: optimistic side − exact ${mean(gaps.forward).toFixed(3)}, conservative side − exact ${mean(gaps.reverse).toFixed(3)} (12 seeds)`);
    expect(mean(gaps.forward)).toBeGreaterThan(0);
    expect(mean(gaps.reverse)).toBeLessThan(0);
  });

  it('visible–visible couplings with independent hidden units: Z(v) analytic, only log Z estimated', async () => {
    const layered = layeredModel(7, 4, 'binary01');
    const model = { ...layered, weightBlocks: layered.weightBlocks.filter((b) => b.key !== 'hh') };
    const params = randomParameters(model, 5, 0.6, 0.5);
    const rows = randomDataset(7, 20, 3);
    const exact = exactRows(model, params, rows);
    const { estimate, perRow } = await noLeak(() => estimateEnergyLikelihood(model, params, rows, { temperatures: 150, runs: 64, seed: 2 }));
    const logZ = estimate.logPartition!;
    // Every row is off by the same −(log Ẑ − log Z): Z(v) itself is exact.
    exact.forEach((x, n) => expect(perRow.forward[n] - x).toBeCloseTo(logZ.exact! - logZ.forward.logZ, 4));
    exact.forEach((x, n) => expect(perRow.reverse![n] - x).toBeCloseTo(logZ.exact! - logZ.reverse!.logZ, 4));
    expect(perRow.standardErrors.every((s) => Math.abs(s - logZ.forward.standardError) < 1e-12)).toBe(true);
    expect(estimate.warnings.filter((w) => w.message.startsWith('Clamped'))).toHaveLength(0);
  });

  it('Hopfield-style visible-only ±1 model: ln P(v) = −H(v) − log Z', async () => {
    const model = fullyCoupledModel(9, 0, 'pm1');
    const params = randomParameters(model, 8, 0.4, 0.3);
    const rows = datasetFromRows([[1, 0, 1, 0, 1, 0, 1, 0, 1], [1, 1, 1, 1, 0, 0, 0, 0, 0], [1, 0, 1, 0, 1, 0, 1, 0, 1]]);
    const exact = exactRows(model, params, rows);
    const { estimate, perRow } = await estimateEnergyLikelihood(model, params, rows, { temperatures: 100, runs: 32, seed: 1 });
    const shift = estimate.logPartition!.exact! - estimate.logPartition!.forward.logZ;
    exact.forEach((x, n) => expect(perRow.forward[n] - x).toBeCloseTo(shift, 4));
    expect(perRow.forward[0]).toBe(perRow.forward[2]);
    expect(estimate.exact).toBeCloseTo(mean(exact), 4);
  });
});

describe('the dispatcher', () => {
  it('sends an RBM to the RBM estimator (exact −F(v), reverse from exact samples of the smaller layer) and per-row values follow it', async () => {
    const model = rbmModel(30, 4, 'binary01');
    const params = randomParameters(model, 2, 0.3, 0.3);
    const rows = randomDataset(30, 10, 5);
    const logZ = await estimateEnergyLogPartition(model, params, { temperatures: 50, runs: 16, data: rows });
    expect(vi.mocked(estimateRbmLogPartition)).toHaveBeenCalledTimes(1);
    expect(vi.mocked(estimateGeneralLogPartition)).not.toHaveBeenCalled();
    // 34 units: the general path would have to start reverse AIS from Gibbs chains; the RBM path samples the 4 hidden units exactly.
    expect(logZ.provenance.reverseStart).toBe('exact');
    const { estimate, perRow } = await noLeak(() => estimateEnergyLikelihood(model, params, rows, { temperatures: 50, runs: 16 }));
    expect(vi.mocked(estimateRbmLikelihood)).toHaveBeenCalledTimes(1);
    const z = estimate.logPartition!;
    expect(mean(perRow.forward)).toBeCloseTo(estimate.forward.mean, 6);
    expect(mean(perRow.reverse!)).toBeCloseTo(estimate.reverse!.mean, 6);
    expect(perRow.forward[0] - perRow.reverse![0]).toBeCloseTo(z.reverse!.logZ - z.forward.logZ, 6);
    expect(perRow.standardErrors[0]).toBe(z.forward.standardError);
  });

  it('sends every other energy model to general AIS', async () => {
    const model = fullyCoupledModel(4, 2, 'pm1');
    await estimateEnergyLogPartition(model, randomParameters(model, 1), { temperatures: 10, runs: 4 });
    expect(vi.mocked(estimateGeneralLogPartition)).toHaveBeenCalledTimes(1);
    expect(vi.mocked(estimateRbmLogPartition)).not.toHaveBeenCalled();
  });

  it('reports progress over both parts, stops promptly with tensors freed, and refuses rows of the wrong width', async () => {
    const model = fullyCoupledModel(6, 5, 'pm1');
    const params = randomParameters(model, 3);
    const rows = randomDataset(6, 8, 1);
    const calls: [number, number][] = [];
    await estimateEnergyLikelihood(model, params, rows, { temperatures: 300, runs: 8, progress: (d, t) => void calls.push([d, t]) });
    expect(calls.at(-1)![0]).toBe(calls.at(-1)![1]);
    expect(calls.every(([d, t], k) => d <= t && (k === 0 || d >= calls[k - 1][0]))).toBe(true);
    const before = tf.memory().numTensors;
    let seen = 0;
    await expect(
      estimateEnergyLikelihood(model, params, rows, {
        temperatures: 50_000,
        runs: 8,
        progress: () => {
          if (++seen === 2) throw new Error('stopped');
        },
      }),
    ).rejects.toThrow('stopped');
    expect(tf.memory().numTensors).toBe(before);
    // A throw once the clamped AIS of Z(v) runs (past the general part's 3 of 5 passes) stops it as cleanly.
    let late = 0;
    const small = fullyCoupledModel(3, 3, 'pm1');
    await expect(
      estimateEnergyLikelihood(small, randomParameters(small, 1), randomDataset(3, 4, 2), {
        temperatures: 800,
        runs: 4,
        progress: (done, total) => {
          if (done > 0.7 * total) late++;
          if (late === 1) throw new Error('stopped late');
        },
      }),
    ).rejects.toThrow('stopped late');
    expect(tf.memory().numTensors).toBe(before);
    await expect(estimateEnergyLikelihood(model, params, randomDataset(5, 3, 1))).rejects.toThrow(/5 columns but the model has 6 visible units/);
    await expect(estimateEnergyLikelihood(model, params, { ...rows, rowCount: 0, bits: new Uint8Array(0) })).rejects.toThrow(/no rows/);
  });
});
