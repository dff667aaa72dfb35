import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { exactClampedSummary, exactModelStatistics, exactStateProbabilities } from '../../../../engine/energy/exact';
import { enumeratedLogPartition, enumerateStates } from '../../../../engine/energy/sampling/exactSample';
import { createRandom } from '../../../../engine/random/seeded';
import { fullyCoupledModel, layeredModel, randomParameters, useTestBackend } from '../../helpers/models';
import { noLeak } from '../../helpers/noLeak';

beforeAll(useTestBackend);

/** State index with bit i = unit i on (as exactStateProbabilities). */
const indexOf = (states: Float32Array, at: number, n: number): number => {
  let k = 0;
  for (let i = 0; i < n; i++) if (states[at * n + i] === 1) k |= 1 << i;
  return k;
};

describe('exact samples and normalisers for the start of reverse AIS', () => {
  it('draws states with frequencies P(s) = e^{−H(s)}/Z (every state within 4.5 binomial SE) and gives log Z', async () => {
    const model = layeredModel(3, 3, 'pm1');
    const params = randomParameters(model, 2, 0.6, 0.5);
    const probabilities = exactStateProbabilities(model, params);
    const draws = 40_000;
    const { states, logNormalizers } = await noLeak(() => enumerateStates(model, params, { samplesPerGroup: draws, random: createRandom(3) }));
    expect(logNormalizers[0]).toBeCloseTo(exactModelStatistics(model, params).logPartition, 4);
    const counts = new Float64Array(probabilities.length);
    for (let s = 0; s < draws; s++) counts[indexOf(states, s, model.unitCount)]++;
    probabilities.forEach((p, k) => expect(Math.abs(counts[k] / draws - p)).toBeLessThan(4.5 * Math.sqrt((p * (1 - p)) / draws) + 1e-9));
    expect(await enumeratedLogPartition(model, params)).toBeCloseTo(logNormalizers[0], 6);
  });

  it('draws P(h | v) per clamped pattern: visible units held, hidden means as enumeration, log Z(v) as exact log P(v) + log Z', async () => {
    const model = fullyCoupledModel(4, 5, 'binary01');
    const params = randomParameters(model, 5, 0.8, 0.5);
    const patterns = Uint8Array.from([1, 0, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1]);
    const count = 3;
    const draws = 20_000;
    const before = tf.memory().numTensors;
    const { states, logNormalizers } = await enumerateStates(model, params, { clamp: { patterns, count }, samplesPerGroup: draws, random: createRandom(9) });
    expect(tf.memory().numTensors).toBe(before);
    const exact = exactClampedSummary(model, params, patterns, count);
    const logZ = exactModelStatistics(model, params).logPartition;
    const n = model.unitCount;
    for (let p = 0; p < count; p++) {
      expect(logNormalizers[p]).toBeCloseTo(exact.logProbabilities[p] + logZ, 4);
      for (let i = 0; i < n; i++) {
        let on = 0;
        for (let s = 0; s < draws; s++) on += states[(p * draws + s) * n + i];
        const m = exact.conditionalMeans[p * n + i];
        if (i < 4) expect(on / draws).toBe(patterns[p * 4 + i]);
        else expect(Math.abs(on / draws - m)).toBeLessThan(4.5 * Math.sqrt((m * (1 - m)) / draws) + 1e-9);
      }
    }
  });

  it('refuses exact sampling beyond 20 free units, naming the alternative', async () => {
    const model = fullyCoupledModel(21, 0, 'pm1');
    await expect(enumerateStates(model, randomParameters(model, 1), { samplesPerGroup: 1, random: createRandom(1) })).rejects.toThrow(/at most 20 free units.*Gibbs/);
  });
});
