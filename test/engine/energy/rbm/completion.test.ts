import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtinDataset } from '../../../../engine/data/builtin';
import { allPatterns } from '../../../../engine/energy/exact';
import { startContrastiveDivergence } from '../../../../engine/energy/rbm/cd';
import { completePatterns } from '../../../../engine/energy/rbm/completion';
import { rbmNegativeFreeEnergies } from '../../../../engine/energy/rbm/exact';
import { rbmView } from '../../../../engine/energy/rbm/view';
import { randomParameters, rbmModel, useTestBackend } from '../../helpers/models';

beforeAll(useTestBackend);

describe('completePatterns by clamped Gibbs sampling', () => {
  it.each(['pm1', 'binary01'] as const)('estimates P(v_i = 1 | known units) of a %s RBM within 4 standard errors of exact enumeration', (encoding) => {
    const model = rbmModel(6, 4, encoding);
    const params = randomParameters(model, 21, 0.8, 0.5);
    const patterns = Uint8Array.from([1, 0, 1, 1, 0, 0, 0, 1, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0]);
    const known = Uint8Array.from([1, 1, 0, 0, 0, 1]);
    const result = completePatterns(model, params, patterns, 3, known, { chains: 64, sweeps: 100, seed: 2 });
    // Exact: P(v) ∝ e^{−F(v)} over the 64 visible states, conditioned on the known units.
    const states = allPatterns(6);
    const negF = rbmNegativeFreeEnergies(rbmView(model, params), states, 64);
    for (let p = 0; p < 3; p++) {
      const consistent = [...Array(64).keys()].filter((s) => [0, 1, 5].every((i) => states[s * 6 + i] === patterns[p * 6 + i]));
      const top = Math.max(...consistent.map((s) => negF[s]));
      const weight = (s: number) => Math.exp(negF[s] - top);
      const total = consistent.reduce((a, s) => a + weight(s), 0);
      for (const i of [2, 3, 4]) {
        const exact = consistent.reduce((a, s) => a + (states[s * 6 + i] ? weight(s) : 0), 0) / total;
        const k = p * 6 + i;
        expect(result.standardErrors[k]).toBeGreaterThan(0);
        expect(Math.abs(result.probabilities[k] - exact)).toBeLessThan(4 * result.standardErrors[k]);
        expect(result.completed[k]).toBe(result.probabilities[k] > 0.5 ? 1 : 0);
      }
      for (const i of [0, 1, 5]) expect(result.completed[p * 6 + i]).toBe(patterns[p * 6 + i]);
    }
  });

  it('per-pattern masks, mean field, input checks, and tf.memory().numTensors unchanged', () => {
    const model = rbmModel(4, 3, 'binary01');
    const params = randomParameters(model, 2);
    const patterns = Uint8Array.from([1, 0, 1, 1, 0, 0, 1, 0]);
    const before = tf.memory().numTensors;
    const perPattern = completePatterns(model, params, patterns, 2, Uint8Array.from([1, 1, 1, 1, 0, 0, 0, 0]), { sweeps: 20 });
    expect(Array.from(perPattern.completed.subarray(0, 4))).toEqual([1, 0, 1, 1]);
    expect(perPattern.patternAccuracy).toBeGreaterThanOrEqual(0.5);
    const meanField = completePatterns(model, params, patterns, 2, Uint8Array.from([1, 0, 0, 0]), { method: 'meanfield' });
    expect(Array.from(meanField.standardErrors).every((x) => x === 0)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => completePatterns(model, params, patterns, 2, Uint8Array.from([1, 0]))).toThrow(/needs 4 entries.*or 8/);
    expect(() => completePatterns(model, params, patterns, 3, Uint8Array.from([1, 0, 0, 0]))).toThrow(/Expected 3 patterns of 4 bits/);
  });
});

describe('bars-and-stripes pattern completion (Mehlig Fig. 4.4)', () => {
  it('after CD training, clamping the first row completes every pattern whose first row determines it', async () => {
    const bars = builtinDataset('bars-stripes-3x3')!;
    const model = rbmModel(9, 12, 'pm1');
    // 8 copies of the 14 patterns per minibatch: CD-1 with a full batch, momentum 0.5. Over training seeds 0–7 every
    // completion below was right, each unknown bit with Gibbs probability ≥ 0.92 of the correct value.
    const repeats = 8;
    const data = { ...bars, rowCount: bars.rowCount * repeats, bits: Uint8Array.from({ length: bars.bits.length * repeats }, (_, k) => bars.bits[k % bars.bits.length]) };
    const session = await startContrastiveDivergence(model, data, { k: 1, learningRate: 0.1, momentum: 0.5, batchSize: data.rowCount, initScale: 0.1, seed: 3 });
    for (let epoch = 0; epoch < 1000; epoch++) await session.epoch();
    const params = session.parameters();
    session.dispose();
    // A first row with mixed values is the column mask of exactly one bars pattern; 000 and 111 begin five patterns each.
    const determined = [...Array(bars.rowCount).keys()].filter((p) => {
      const row = bars.bits.subarray(p * 9, p * 9 + 3);
      return !(row[0] === row[1] && row[1] === row[2]);
    });
    expect(determined.length).toBe(6);
    const patterns = Uint8Array.from(determined.flatMap((p) => Array.from(bars.bits.subarray(p * 9, p * 9 + 9))));
    const firstRow = Uint8Array.from([1, 1, 1, 0, 0, 0, 0, 0, 0]);
    for (const method of ['gibbs', 'meanfield'] as const) {
      const result = completePatterns(model, params, patterns, determined.length, firstRow, { method, seed: 1 });
      expect(Array.from(result.completed)).toEqual(Array.from(patterns));
      expect(result.patternAccuracy).toBe(1);
    }
  }, 30_000);
});
