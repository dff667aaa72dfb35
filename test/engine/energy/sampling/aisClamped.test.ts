import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EnergyModelSpec } from '../../../../engine/compiler/types';
import { empiricalDistribution } from '../../../../engine/energy/empirical';
import { createWorkClock } from '../../../../engine/likelihood/progress';
import { clampedLogPartitions } from '../../../../engine/energy/sampling/aisClamped';
import { resolveAis } from '../../../../engine/energy/sampling/aisGeneral';
import { enumerateStates } from '../../../../engine/energy/sampling/exactSample';
import { noLeak } from '../../helpers/noLeak';
import { fullyCoupledModel, layeredModel, randomDataset, randomParameters, useTestBackend } from '../../helpers/models';

beforeAll(useTestBackend);

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const spread = (xs: number[]): number => Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1));

/** 40 distinct visible patterns of a model's width. */
function distinctPatterns(model: EnergyModelSpec, seed: number) {
  const empirical = empiricalDistribution(randomDataset(model.visibleIndices.length, 400, seed));
  const count = Math.min(40, empirical.count);
  return { patterns: empirical.patterns.subarray(0, count * model.visibleIndices.length), count };
}

/** log Z(v) = log Σ_h e^{−H(v,h)} by enumerating the hidden units of each pattern. */
const exactClamped = (model: EnergyModelSpec, params: ReturnType<typeof randomParameters>, patterns: { patterns: Uint8Array; count: number }) =>
  enumerateStates(model, params, { clamp: patterns }).then((e) => e.logNormalizers);

describe('clamped log Z(v) against enumeration', () => {
  it('10 visible + 6 coupled hidden units: clamped AIS per pattern, z-scores over 40 patterns look standard', async () => {
    const model = fullyCoupledModel(10, 6, 'pm1');
    const params = randomParameters(model, 3, 0.6, 0.5);
    const patterns = distinctPatterns(model, 1);
    const exact = await exactClamped(model, params, patterns);
    const result = await noLeak(() => clampedLogPartitions(model, params, patterns, resolveAis({ temperatures: 100, runs: 40, seed: 5 }), createWorkClock(0, undefined)));
    expect(result.method).toBe('ais');
    expect(result.reverseStart).toBe('exact');
    const z = Array.from(exact, (x, p) => (result.forward.logZ[p] - x) / result.forward.standardError[p]);
    const zReverse = Array.from(exact, (x, p) => (result.reverse!.logZ[p] - x) / result.reverse!.standardError[p]);
    console.log(`clamped AIS 10+6: forward z mean ${mean(z).toFixed(2)} sd ${spread(z).toFixed(2)}, reverse z mean ${mean(zReverse).toFixed(2)} sd ${spread(zReverse).toFixed(2)}, effective runs ${mean(Array.from(result.forward.effectiveRuns)).toFixed(1)}/40`);
    expect(z.every((x) => Math.abs(x) < 4.5)).toBe(true);
    expect(Math.abs(mean(z))).toBeLessThan(0.6);
    expect(spread(z)).toBeGreaterThan(0.4);
    expect(spread(z)).toBeLessThan(1.6);
    expect(mean(zReverse)).toBeGreaterThan(-0.6);
    expect(mean(zReverse)).toBeLessThan(1);
  });

  it('is biased in the expected directions on a short schedule: forward low, reverse from exact samples of P(h|v) high', async () => {
    const model = fullyCoupledModel(6, 8, 'binary01');
    const params = randomParameters(model, 9, 2, 0.5);
    const patterns = distinctPatterns(model, 2);
    const exact = await exactClamped(model, params, patterns);
    const result = await clampedLogPartitions(model, params, patterns, resolveAis({ temperatures: 3, runs: 3, seed: 1 }), createWorkClock(0, undefined));
    const forward = Array.from(exact, (x, p) => result.forward.logZ[p] - x);
    const reverse = Array.from(exact, (x, p) => result.reverse!.logZ[p] - x);
    const sem = (xs: number[]) => spread(xs) / Math.sqrt(xs.length);
    console.log(`clamped short schedule: forward − exact ${mean(forward).toFixed(3)} ± ${sem(forward).toFixed(3)}, reverse − exact ${mean(reverse).toFixed(3)} ± ${sem(reverse).toFixed(3)} over ${exact.length} patterns`);
    expect(mean(forward)).toBeLessThan(-3 * sem(forward));
    expect(mean(reverse)).toBeGreaterThan(3 * sem(reverse));
  });

  it('is exact without hidden–hidden couplings (visible–visible and visible–hidden only) and without hidden units', async () => {
    const layered = layeredModel(6, 3, 'binary01');
    const noHiddenPairs = { ...layered, weightBlocks: layered.weightBlocks.filter((b) => b.key !== 'hh') };
    for (const model of [noHiddenPairs, fullyCoupledModel(7, 0, 'pm1')]) {
      const params = randomParameters(model, 4, 0.8, 0.5);
      const patterns = distinctPatterns(model, 3);
      const result = await noLeak(() => clampedLogPartitions(model, params, patterns, resolveAis({}), createWorkClock(0, undefined)));
      expect(result.method).toBe('exact');
      const exact = await exactClamped(model, params, patterns);
      exact.forEach((x, p) => expect(result.forward.logZ[p]).toBeCloseTo(x, 4));
    }
  });

  it('batches patterns (several batches agree with enumeration) and stops with tensors freed when the hook throws', async () => {
    const model = fullyCoupledModel(5, 4, 'pm1');
    const params = randomParameters(model, 6);
    const patterns = distinctPatterns(model, 4);
    const exact = await exactClamped(model, params, patterns);
    const batched = await noLeak(() => clampedLogPartitions(model, params, patterns, resolveAis({ temperatures: 60, runs: 16 }), createWorkClock(0, undefined), 4 * 16 * 5));
    exact.forEach((x, p) => expect(Math.abs(batched.forward.logZ[p] - x)).toBeLessThan(4.5 * batched.forward.standardError[p] + 1e-4));
    const before = tf.memory().numTensors;
    const clock = createWorkClock(1, () => {
      throw new Error('stop');
    }, 1, 0);
    await expect(clampedLogPartitions(model, params, patterns, resolveAis({ temperatures: 50, runs: 4 }), clock)).rejects.toThrow('stop');
    expect(tf.memory().numTensors).toBe(before);
  });
});
