import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EnergyModelSpec } from '../../../../engine/compiler/types';
import type { UnitEncoding } from '../../../../engine/diagram/types';
import { exactModelStatistics } from '../../../../engine/energy/exact';
import { estimateGeneralLogPartition, estimateGeneralLogPartitions } from '../../../../engine/energy/sampling/aisGeneral';
import type { LogPartitionEstimate } from '../../../../engine/likelihood/estimate';
import { noLeak } from '../../helpers/noLeak';
import { fullyCoupledModel, layeredModel, randomDataset, randomParameters, useTestBackend } from '../../helpers/models';

beforeAll(useTestBackend);

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const spread = (xs: number[]): number => Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1));
const inside = (e: LogPartitionEstimate, exact: number): boolean => e.interval[0] <= exact && exact <= e.interval[1];

/** A Boltzmann machine with every pair of its 16 units coupled (visible–visible, visible–hidden, hidden–hidden). */
function denseMachine(encoding: UnitEncoding, seed: number, scale: number) {
  const model = fullyCoupledModel(10, 6, encoding);
  return { model, params: randomParameters(model, seed, scale, 0.5), data: randomDataset(10, 40, seed + 100) };
}

describe('general AIS of log Z against enumeration: 10 visible + 6 hidden, all couplings', () => {
  it.each([
    ['pm1', 0.4],
    ['binary01', 1.2],
  ] as [UnitEncoding, number][])('%s units: covers exact log Z in at least 38 of 40 seeds (batched as independent runs), forward z-scores look standard', async (encoding, scale) => {
    const { model, params, data } = denseMachine(encoding, 3, scale);
    const exact = exactModelStatistics(model, params).logPartition;
    const estimates = await noLeak(() => estimateGeneralLogPartitions(model, params, { temperatures: 150, runs: 50, data, seed: 7, checkBase: false }, 40));
    const covered = estimates.filter((e) => inside(e, exact)).length;
    const z = estimates.map((e) => (e.forward.logZ - exact) / e.forward.standardError);
    const zReverse = estimates.map((e) => (e.reverse!.logZ - exact) / e.reverse!.standardError);
    console.log(`general AIS 10+6 ${encoding}: exact log Z ${exact.toFixed(3)}, covered ${covered}/40, forward z mean ${mean(z).toFixed(2)} sd ${spread(z).toFixed(2)}, reverse z mean ${mean(zReverse).toFixed(2)} sd ${spread(zReverse).toFixed(2)}, effective runs ${mean(estimates.map((e) => e.forward.effectiveRuns)).toFixed(1)}/50`);
    expect(covered).toBeGreaterThanOrEqual(38);
    expect(Math.abs(mean(z))).toBeLessThan(0.6);
    expect(spread(z)).toBeGreaterThan(0.5);
    expect(spread(z)).toBeLessThan(1.6);
    // Reverse AIS from exact samples errs upward (E[log Ẑ] ≥ log Z): its z-scores may sit a little above 0, not far.
    expect(mean(zReverse)).toBeGreaterThan(-0.6);
    expect(mean(zReverse)).toBeLessThan(1);
    const first = estimates[0];
    expect(first.exact).toBeCloseTo(exact, 4);
    expect(first.provenance).toMatchObject({ method: 'ais', base: 'data', temperatures: 150, runs: 50, seed: 7, reverseStart: 'exact' });
    expect(first.forward.logWeights).toHaveLength(50);
    expect(first.forward.effectiveShare.betas.at(-1)).toBe(1);
    expect(first.reverse!.effectiveShare.betas[0]).toBe(1);
    expect(first.reverse!.effectiveShare.share[0]).toBeCloseTo(1, 6);
    for (const share of [first.forward.effectiveShare.share, first.reverse!.effectiveShare.share]) {
      expect(share.every((s) => s > 0 && s <= 1 + 1e-9)).toBe(true);
    }
    // Independent runs: estimates from one batch differ.
    expect(new Set(estimates.map((e) => e.forward.logZ)).size).toBe(40);
  });

  it('is biased in the expected directions on a short schedule: forward low, reverse from exact samples high', async () => {
    const { model, params } = denseMachine('binary01', 5, 1.2);
    const exact = exactModelStatistics(model, params).logPartition;
    const estimates = await estimateGeneralLogPartitions(model, params, { temperatures: 8, runs: 4, base: 'uniform', seed: 2, checkBase: false }, 150);
    const forward = estimates.map((e) => e.forward.logZ - exact);
    const reverse = estimates.map((e) => e.reverse!.logZ - exact);
    const sem = (xs: number[]) => spread(xs) / Math.sqrt(xs.length);
    console.log(`short schedule 0/1: forward − exact ${mean(forward).toFixed(3)} ± ${sem(forward).toFixed(3)}, reverse − exact ${mean(reverse).toFixed(3)} ± ${sem(reverse).toFixed(3)}`);
    expect(mean(forward)).toBeLessThan(-3 * sem(forward));
    expect(mean(reverse)).toBeGreaterThan(3 * sem(reverse));
  });
});

describe('general AIS on other structures and encodings', () => {
  const cases: [string, EnergyModelSpec][] = [
    ['0/1 Boltzmann machine, all couplings', fullyCoupledModel(7, 4, 'binary01')],
    ['±1 layered machine (lateral visible and hidden blocks)', layeredModel(6, 5, 'pm1')],
    ['Hopfield-style visible-only ±1 model', fullyCoupledModel(9, 0, 'pm1')],
    ['visible-only 0/1 model', fullyCoupledModel(8, 0, 'binary01')],
  ];
  it.each(cases)('%s: exact log Z inside the interval, forward within 4 SE', async (_, model) => {
    const params = randomParameters(model, 11, 0.5, 0.5);
    const data = randomDataset(model.visibleIndices.length, 25, 4);
    const exact = exactModelStatistics(model, params).logPartition;
    const estimate = await noLeak(() => estimateGeneralLogPartition(model, params, { temperatures: 150, runs: 64, data, seed: 1 }));
    expect(inside(estimate, exact)).toBe(true);
    expect(Math.abs(estimate.forward.logZ - exact)).toBeLessThan(4 * estimate.forward.standardError + 1e-3);
    expect(estimate.otherBase).toBeDefined();
    expect(estimate.provenance.reverseStart).toBe('exact');
  });

  it('starts reverse AIS from Gibbs chains at the data rows beyond 20 units, and says so', async () => {
    const model = layeredModel(14, 8, 'binary01');
    const params = randomParameters(model, 2, 0.3, 0.3);
    const data = randomDataset(14, 30, 9);
    const exact = exactModelStatistics(model, params).logPartition;
    const estimate = await noLeak(() => estimateGeneralLogPartition(model, params, { temperatures: 100, runs: 32, data, seed: 3, reverseBurnIn: 50, checkBase: false }));
    expect(estimate.provenance.reverseStart).toBe('gibbs');
    expect(estimate.warnings.map((w) => w.code)).toContain('approximateReverseStart');
    expect(estimate.exact).toBeCloseTo(exact, 3);
    expect(Math.abs(estimate.reverse!.logZ - exact)).toBeLessThan(4 * estimate.reverse!.standardError + 0.05);
  });

  it('falls back to the uniform base without rows, and then runs no second base', async () => {
    const model = fullyCoupledModel(5, 3, 'pm1');
    const params = randomParameters(model, 1);
    const estimate = await estimateGeneralLogPartition(model, params, { temperatures: 20, runs: 8 });
    expect(estimate.provenance.base).toBe('uniform');
    expect(estimate.otherBase).toBeUndefined();
    expect(estimate.logZBase).toBeCloseTo(8 * Math.log(2), 6);
  });
});

describe('general AIS: progress, cancellation and bad input', () => {
  const model = fullyCoupledModel(6, 4, 'pm1');
  const params = randomParameters(model, 8);

  it('reports progress up to the total and stops with every tensor freed when the hook throws', async () => {
    const calls: [number, number][] = [];
    await estimateGeneralLogPartition(model, params, { temperatures: 60, runs: 8, progress: (d, t) => void calls.push([d, t]) });
    expect(calls.at(-1)![0]).toBe(calls.at(-1)![1]);
    expect(calls.every(([d, t], k) => d <= t && (k === 0 || d >= calls[k - 1][0]))).toBe(true);

    const before = tf.memory().numTensors;
    let seen = 0;
    const stop = async () => {
      if (++seen === 1) throw new Error('stopped by the user');
    };
    await expect(estimateGeneralLogPartition(model, params, { temperatures: 100_000, runs: 8, progress: stop })).rejects.toThrow('stopped by the user');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses bad settings with messages naming the fix', async () => {
    await expect(estimateGeneralLogPartition(model, params, { runs: 1 })).rejects.toThrow(/at least 2 runs/);
    await expect(estimateGeneralLogPartition(model, params, { temperatures: 0 })).rejects.toThrow(/at least one intermediate temperature/);
    await expect(estimateGeneralLogPartition(model, params, { data: randomDataset(5, 3, 1) })).rejects.toThrow(/5 columns but the model has 6 visible units/);
    await expect(estimateGeneralLogPartition(model, params, { baseRates: new Float32Array(2) })).rejects.toThrow(/one per visible unit/);
    await expect(estimateGeneralLogPartition(model, params, { reverseBurnIn: -1 })).rejects.toThrow(/reverseBurnIn/);
  });
});
