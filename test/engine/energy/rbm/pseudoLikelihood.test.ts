import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { UnitEncoding } from '../../../../engine/diagram/types';
import { rbmExactPseudoLikelihood, rbmPseudoLikelihood } from '../../../../engine/energy/rbm/pseudoLikelihood';
import { rbmView, type RbmView } from '../../../../engine/energy/rbm/view';
import { randomDataset, randomParameters, rbmModel, useTestBackend } from '../../helpers/models';

beforeAll(useTestBackend);

/** log Σ_h e^{−H(v,h)} by enumerating every hidden state in float64 (no free-energy formula). */
function logUnnormalised(view: RbmView, v: Float64Array): number {
  const { visibleCount: nv, hiddenCount: nh, encoding } = view;
  const low = encoding === 'pm1' ? -1 : 0;
  const terms: number[] = [];
  for (let k = 0; k < 2 ** nh; k++) {
    let e = 0;
    for (let j = 0; j < nh; j++) {
      const h = (k >>> j) & 1 ? 1 : low;
      e += view.hiddenBias[j] * h;
      for (let i = 0; i < nv; i++) e += v[i] * view.weights[i * nh + j] * h;
    }
    for (let i = 0; i < nv; i++) e += view.visibleBias[i] * v[i];
    terms.push(e);
  }
  const top = Math.max(...terms);
  return top + Math.log(terms.reduce((s, t) => s + Math.exp(t - top), 0));
}

/** Brute-force log P(v_i | v_−i) for every row and unit, rows × V. */
function conditionalsByEnumeration(view: RbmView, bits: Uint8Array, rows: number): Float64Array {
  const width = view.visibleCount;
  const low = view.encoding === 'pm1' ? -1 : 0;
  const out = new Float64Array(rows * width);
  for (let r = 0; r < rows; r++) {
    const v = Float64Array.from(bits.subarray(r * width, (r + 1) * width), (b) => (b ? 1 : low));
    const own = logUnnormalised(view, v);
    for (let i = 0; i < width; i++) {
      const flipped = Float64Array.from(v);
      flipped[i] = v[i] === 1 ? low : 1;
      const other = logUnnormalised(view, flipped);
      out[r * width + i] = own - (Math.max(own, other) + Math.log1p(Math.exp(-Math.abs(own - other))));
    }
  }
  return out;
}

const mean = (xs: ArrayLike<number>): number => Array.from(xs).reduce((s, x) => s + x, 0) / xs.length;

describe.each<UnitEncoding>(['binary01', 'pm1'])('pseudo-likelihood of an RBM (%s units)', (encoding) => {
  const model = rbmModel(7, 4, encoding);
  const view = rbmView(model, randomParameters(model, 3, 1.2, 0.8));
  const data = randomDataset(7, 40, 5);

  it('the exact per-unit pseudo-log-likelihood equals the mean of the enumerated conditionals', () => {
    const before = tf.memory().numTensors;
    const exact = rbmExactPseudoLikelihood(view, data);
    expect(tf.memory().numTensors).toBe(before);
    const reference = mean(conditionalsByEnumeration(view, data.bits, data.rowCount));
    expect(Math.abs(exact - reference)).toBeLessThan(2e-5);
    expect(reference).toBeLessThan(-0.05);
  });

  it('the one-flip estimate is unbiased: its mean over 60 seeds matches the exact value within 3 standard errors', () => {
    const exact = rbmExactPseudoLikelihood(view, data);
    const before = tf.memory().numTensors;
    const estimates = Array.from({ length: 60 }, (_, seed) => rbmPseudoLikelihood(view, data, { seed }));
    expect(tf.memory().numTensors).toBe(before);
    const values = estimates.map((e) => e.perUnit);
    const m = mean(values);
    const sd = Math.sqrt(values.reduce((s, x) => s + (x - m) ** 2, 0) / (values.length - 1));
    expect(Math.abs(m - exact)).toBeLessThan((3 * sd) / Math.sqrt(values.length));
    expect(sd).toBeGreaterThan(0);
    // With every row read, only the flip is random, so the reported error (which also covers the row sample) is conservative.
    const reported = mean(estimates.map((e) => e.standardError));
    expect(reported).toBeGreaterThan(0.8 * sd);
    expect(reported).toBeLessThan(3 * sd);
    expect(estimates[0].rows).toBe(40);
  });

  it('subsamples rows above maxRows reproducibly and still matches per row the enumerated conditional of the flipped unit', () => {
    const a = rbmPseudoLikelihood(view, data, { seed: 4, maxRows: 10 });
    const b = rbmPseudoLikelihood(view, data, { seed: 4, maxRows: 10 });
    const c = rbmPseudoLikelihood(view, data, { seed: 5, maxRows: 10 });
    expect(a).toEqual(b);
    expect(a.perUnit).not.toBe(c.perUnit);
    expect(a.rows).toBe(10);
    const single = { ...data, rowCount: 1, bits: data.bits.subarray(0, 7) };
    const conditionals = conditionalsByEnumeration(view, single.bits, 1);
    const one = rbmPseudoLikelihood(view, single, { seed: 9 });
    expect(Array.from(conditionals).some((x) => Math.abs(x - one.perUnit) < 2e-5)).toBe(true);
    expect(Number.isNaN(one.standardError)).toBe(true);
  });
});

describe('pseudo-likelihood input checks', () => {
  const model = rbmModel(3, 2);
  const view = rbmView(model, randomParameters(model, 1));
  it('names a width mismatch, empty data and a bad maxRows', () => {
    expect(() => rbmPseudoLikelihood(view, randomDataset(4, 5, 1))).toThrow(/4 columns but the RBM has 3 visible units/);
    expect(() => rbmExactPseudoLikelihood(view, { ...randomDataset(3, 1, 1), rowCount: 0, bits: new Uint8Array(0) })).toThrow(/has no rows/);
    expect(() => rbmPseudoLikelihood(view, randomDataset(3, 5, 1), { maxRows: 0 })).toThrow(/maxRows must be a whole number ≥ 1/);
  });
});
