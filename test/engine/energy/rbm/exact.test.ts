import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { UnitEncoding } from '../../../../engine/diagram/types';
import { exactKlDivergence, exactModelStatistics, exactVisibleLogProbabilities } from '../../../../engine/energy/exact';
import { canEnumerateRbm, rbmExactDataFit, rbmLogPartition, rbmNegativeFreeEnergies } from '../../../../engine/energy/rbm/exact';
import { rbmView, type RbmView } from '../../../../engine/energy/rbm/view';
import { randomDataset, randomParameters, rbmModel, useTestBackend } from '../../helpers/models';
import { multiBlockRbm } from './helpers';

beforeAll(useTestBackend);

/** log Z in float64 by enumerating every hidden state in JS, visible units summed analytically. */
function hiddenEnumerationLogZ(view: RbmView): number {
  const { visibleCount: v, hiddenCount: h, encoding } = view;
  const low = encoding === 'pm1' ? -1 : 0;
  const logSum = (x: number) => (encoding === 'pm1' ? Math.abs(x) + Math.log1p(Math.exp(-2 * Math.abs(x))) : Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))));
  const terms: number[] = [];
  const hidden = new Float64Array(h);
  for (let s = 0; s < 2 ** h; s++) {
    let term = 0;
    for (let j = 0; j < h; j++) {
      hidden[j] = (s >> j) & 1 ? 1 : low;
      term += view.hiddenBias[j] * hidden[j];
    }
    for (let i = 0; i < v; i++) {
      let field = view.visibleBias[i];
      for (let j = 0; j < h; j++) field += view.weights[i * h + j] * hidden[j];
      term += logSum(field);
    }
    terms.push(term);
  }
  const top = Math.max(...terms);
  return top + Math.log(terms.reduce((a, t) => a + Math.exp(t - top), 0));
}

describe('exact RBM log Z by enumerating the smaller layer', () => {
  it.each([
    ['pm1', 8, 5],
    ['pm1', 5, 8],
    ['binary01', 9, 4],
    ['binary01', 4, 9],
  ] as [UnitEncoding, number, number][])('%s units, %i visible × %i hidden, equals exact.ts enumeration of all 2^N states', (encoding, v, h) => {
    const model = rbmModel(v, h, encoding);
    const params = randomParameters(model, v * 10 + h, 0.6, 0.4);
    // float32 log-sum-exp over 2^13 terms of magnitude ≲ 20: agreement to 1e-4 relative.
    expect(rbmLogPartition(rbmView(model, params))).toBeCloseTo(exactModelStatistics(model, params).logPartition, 3);
  });

  it('multi-block models and chunked enumeration (2^15 hidden states × 130 visible units) match float64 references', () => {
    const multi = multiBlockRbm();
    const params = randomParameters(multi, 3, 0.6, 0.4);
    expect(rbmLogPartition(rbmView(multi, params))).toBeCloseTo(exactModelStatistics(multi, params).logPartition, 3);
    const wide = rbmModel(130, 15, 'binary01');
    const view = rbmView(wide, randomParameters(wide, 4, 0.05, 0.2));
    expect(canEnumerateRbm(view)).toBe(true);
    const reference = hiddenEnumerationLogZ(view);
    expect(Math.abs(rbmLogPartition(view) - reference) / reference).toBeLessThan(1e-5);
  });

  it('free energies, KL and log-likelihood agree with exact.ts (log P(v) = −F(v) − log Z)', () => {
    for (const encoding of ['pm1', 'binary01'] as const) {
      const model = rbmModel(6, 5, encoding);
      const params = randomParameters(model, 12, 0.7, 0.5);
      const view = rbmView(model, params);
      const data = randomDataset(6, 30, 2);
      const logZ = rbmLogPartition(view);
      const logP = rbmNegativeFreeEnergies(view, data.bits, data.rowCount).map((x) => x - logZ);
      const reference = exactVisibleLogProbabilities(model, params, data.bits, data.rowCount);
      logP.forEach((x, k) => expect(x).toBeCloseTo(reference[k], 4));
      expect(rbmExactDataFit(view, data).kl).toBeCloseTo(exactKlDivergence(model, params, data), 4);
    }
  });

  it('refuses when both layers are too large, pointing to AIS; leaves tf.memory().numTensors unchanged', () => {
    const big = rbmModel(30, 26);
    const view = rbmView(big, randomParameters(big, 1));
    expect(canEnumerateRbm(view)).toBe(false);
    expect(() => rbmLogPartition(view)).toThrow(/at most 24 units.*annealed importance sampling/);
    const small = rbmView(rbmModel(5, 3), randomParameters(rbmModel(5, 3), 1));
    const before = tf.memory().numTensors;
    rbmLogPartition(small);
    rbmNegativeFreeEnergies(small, new Uint8Array(10), 2);
    rbmExactDataFit(small, randomDataset(5, 4, 1));
    expect(tf.memory().numTensors).toBe(before);
  });
});
