import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { denseCouplings } from '../../../engine/energy/dense';
import { empiricalDistribution } from '../../../engine/energy/empirical';
import { enumerationStatistics } from '../../../engine/energy/enumeration';
import { createEnumerationPlan } from '../../../engine/energy/states';
import { bruteForce, maxRelativeError } from '../helpers/bruteForce';
import { layeredModel, randomDataset, randomParameters, useTestBackend } from '../helpers/models';

beforeAll(useTestBackend);

describe('enumeration plans', () => {
  it('splits free units between rows and columns so both sides stay near √(groups · 2^free)', () => {
    const free = createEnumerationPlan(20, 'pm1');
    expect(free.rowUnits.length).toBe(10);
    expect(free.colUnits.length).toBe(10);
    expect(free.cols.shape).toEqual([1024, 20]);
    free.dispose();
    const clamped = createEnumerationPlan(10, 'pm1', { units: [0, 1, 2, 3], patterns: new Uint8Array(16 * 4), count: 16, weights: new Float64Array(16) });
    expect(clamped.rowUnits.length + clamped.colUnits.length).toBe(6);
    expect(clamped.rowUnits.length).toBe(1);
    clamped.dispose();
  });

  it('gives the same clamped statistics whether groups share one chunk or are split over many', () => {
    const baseline = tf.memory().numTensors;
    const model = layeredModel(5, 4, 'pm1');
    const params = randomParameters(model, 4, 0.7);
    const data = empiricalDistribution(randomDataset(5, 40, 2));
    const dense = denseCouplings(model, params);
    const clamp = { units: model.visibleIndices, patterns: data.patterns, count: data.count, weights: data.probabilities };
    const whole = createEnumerationPlan(model.unitCount, model.encoding, clamp);
    const split = createEnumerationPlan(model.unitCount, model.encoding, clamp, 40);
    expect(whole.chunks.length).toBe(1);
    expect(split.chunks.length).toBeGreaterThan(3);
    const before = tf.memory().numTensors;
    const [a, b] = tf.tidy(() => {
      const energy = { couplings: tf.tensor2d(dense.couplings, [9, 9]), biases: tf.tensor1d(dense.biases), beta: 1 };
      return [whole, split].map((plan) => {
        const s = enumerationStatistics(plan, energy, true);
        return tf.concat([s.groupLogNormalizers, s.meanStates, tf.reshape(s.correlations, [-1]), tf.reshape(s.groupMeans!, [-1])]);
      });
    });
    expect(maxRelativeError(b.dataSync(), a.dataSync())).toBeLessThan(1e-5);
    tf.dispose([a, b]);
    expect(tf.memory().numTensors).toBe(before);

    // And the weighted clamped moments match the brute-force Σ_μ P_data(v_μ) ⟨s⟩_{P(h|v_μ)}.
    const reference = bruteForce(model, params);
    const expected = new Float64Array(9);
    data.probabilities.forEach((p, k) => reference.conditionalMeans(data.patterns.subarray(k * 5, k * 5 + 5)).forEach((m, i) => (expected[i] += p * m)));
    const energy = { couplings: tf.tensor2d(dense.couplings, [9, 9]), biases: tf.tensor1d(dense.biases), beta: 1 };
    const stats = enumerationStatistics(split, energy);
    expect(maxRelativeError(stats.meanStates.dataSync(), expected)).toBeLessThan(1e-4);
    tf.dispose([energy.couplings, energy.biases, stats.groupLogNormalizers, stats.meanStates, stats.correlations]);
    whole.dispose();
    split.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
  });
});
