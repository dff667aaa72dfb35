import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EnergyModelSpec } from '../../../../engine/compiler/types';
import { stackFantasies } from '../../../../engine/energy/rbm/stackFantasies';
import { requireStack, stackViews } from '../../../../engine/energy/rbm/stack';
import type { RbmView } from '../../../../engine/energy/rbm/view';
import type { ModelParameters } from '../../../../engine/model/parameters';
import { createRandom } from '../../../../engine/random/seeded';
import { useTestBackend } from '../../helpers/models';
import { stackModel } from './dbnHelpers';

beforeAll(useTestBackend);

/** Parameters with every weight N(0, scale²) and every bias N(0, (scale/2)²), seeded. */
function randomParameters(model: EnergyModelSpec, seed: number, scale: number): ModelParameters {
  const random = createRandom(seed);
  const draw = (n: number, s: number) => Float32Array.from({ length: n }, () => s * random.normal());
  return {
    weights: Object.fromEntries(model.weightBlocks.map((b) => [b.key, draw(b.shape[0] * b.shape[1], scale)])),
    biases: Object.fromEntries(model.biasBlocks.map((b) => [b.nodeId, draw(b.range.end - b.range.start, scale / 2)])),
  };
}

/** The unit values of state index `s` of `n` units (bit i of s is unit i). */
const stateValues = (s: number, n: number, low: number): number[] => Array.from({ length: n }, (_, i) => ((s >>> i) & 1 ? 1 : low));

/**
 * The DBN's exact distribution over the visible states, in float64: the top RBM's marginal over its lower layer by
 * enumeration, then P(h_{l−1} | h_l) = Π_i e^{s_i f_i} / Σ_{s} e^{s f_i} with f = W h + b down to the visible layer.
 */
function exactVisibleDistribution(views: RbmView[], low: number): Float64Array {
  const top = views[views.length - 1];
  let below = new Float64Array(2 ** top.visibleCount);
  for (let a = 0; a < below.length; a++) {
    const x = stateValues(a, top.visibleCount, low);
    for (let b = 0; b < 2 ** top.hiddenCount; b++) {
      const h = stateValues(b, top.hiddenCount, low);
      let exponent = 0;
      x.forEach((xi, i) => {
        exponent += top.visibleBias[i] * xi;
        h.forEach((hj, j) => (exponent += xi * top.weights[i * top.hiddenCount + j] * hj));
      });
      h.forEach((hj, j) => (exponent += top.hiddenBias[j] * hj));
      below[a] += Math.exp(exponent);
    }
  }
  const z = below.reduce((s, p) => s + p, 0);
  below = below.map((p) => p / z);
  for (let l = views.length - 2; l >= 0; l--) {
    const view = views[l];
    const next = new Float64Array(2 ** view.visibleCount);
    below.forEach((p, a) => {
      const h = stateValues(a, view.hiddenCount, low);
      const fields = Array.from({ length: view.visibleCount }, (_, i) => view.visibleBias[i] + h.reduce((s, hj, j) => s + view.weights[i * view.hiddenCount + j] * hj, 0));
      for (let v = 0; v < next.length; v++) {
        const x = stateValues(v, view.visibleCount, low);
        next[v] += p * fields.reduce((q, f, i) => q * Math.exp(x[i] * f) / (Math.exp(f) + Math.exp(low * f)), 1);
      }
    });
    below = next;
  }
  return below;
}

/** Pearson's χ² of the visible states of `states` (count × unitCount bits, visible units first) against `expected`. */
function chiSquare(states: Uint8Array, count: number, unitCount: number, visible: number, expected: Float64Array): number {
  const observed = new Float64Array(expected.length);
  for (let c = 0; c < count; c++) {
    let index = 0;
    for (let i = 0; i < visible; i++) index |= states[c * unitCount + i] << i;
    observed[index]++;
  }
  return expected.reduce((sum, p, k) => sum + (observed[k] - count * p) ** 2 / (count * p), 0);
}

describe('stackFantasies (Gibbs in the top RBM, one pass down)', () => {
  // χ² with 2^V − 1 degrees of freedom: 7 → 24.3, 3 → 16.3 at p = 0.001. The chains (30 sweeps of a 2 × 2 top RBM with
  // weights ~ N(0, 1.5²) on 0/1 units, N(0, 0.6²) on ±1 units, whose fields act on a range twice as wide) are mixed to far
  // below the sampling noise of 20 000 draws, so a failure means the wrong distribution.
  it.each([
    { sizes: [3, 2, 2], encoding: 'binary01' as const, scale: 1.5, limit: 24.3 },
    { sizes: [2, 2, 2, 2], encoding: 'binary01' as const, scale: 1.5, limit: 16.3 },
    { sizes: [2, 2, 2, 2], encoding: 'pm1' as const, scale: 0.6, limit: 16.3 },
  ])('samples the exact DBN distribution of a $sizes stack ($encoding)', async ({ sizes, encoding, scale, limit }) => {
    const model = stackModel(sizes, encoding);
    const params = randomParameters(model, 17, scale);
    const low = encoding === 'pm1' ? -1 : 0;
    const expected = exactVisibleDistribution(stackViews(requireStack(model), params), low);
    const count = 20_000;
    const before = tf.memory().numTensors;
    const result = await stackFantasies(model, params, { count, sweeps: 30, seed: 4 });
    expect(tf.memory().numTensors).toBe(before);
    const chi2 = chiSquare(result.states, count, model.unitCount, sizes[0], expected);
    expect(chi2).toBeLessThan(limit);
    // The same draws against a wrong model (the top RBM's weights negated) are far outside the tolerance.
    const wrong = { ...params, weights: { ...params.weights, [`e${sizes.length - 1}`]: params.weights[`e${sizes.length - 1}`].map((w) => -w) } };
    expect(chiSquare(result.states, count, model.unitCount, sizes[0], exactVisibleDistribution(stackViews(requireStack(model), wrong), low))).toBeGreaterThan(limit);
  });

  it('is reproducible for a seed, passes means down when asked, and refuses bad settings', async () => {
    const model = stackModel([4, 3, 2]);
    const params = randomParameters(model, 2, 1);
    const a = await stackFantasies(model, params, { count: 50, sweeps: 5, seed: 9 });
    const b = await stackFantasies(model, params, { count: 50, sweeps: 5, seed: 9 });
    const c = await stackFantasies(model, params, { count: 50, sweeps: 5, seed: 10 });
    expect(Array.from(b.states)).toEqual(Array.from(a.states));
    expect(Array.from(c.states)).not.toEqual(Array.from(a.states));
    const means = await stackFantasies(model, params, { count: 50, sweeps: 5, seed: 9, downPass: 'means' });
    expect(means.states.length).toBe(50 * model.unitCount);
    await expect(stackFantasies(model, params, { count: 0, sweeps: 5 })).rejects.toThrow(/fantasy count must be a whole number ≥ 1/);
    await expect(stackFantasies(model, params, { count: 5, sweeps: 0 })).rejects.toThrow(/Sweeps in the top RBM/);
    await expect(stackFantasies(stackModel([4, 3]), params, { count: 5, sweeps: 5 })).rejects.toThrow(/at least two hidden layers/);
  });
});

describe('stackFantasies progress', () => {
  it('reports the sweeps done and stops, freeing its tensors, when the progress callback throws', async () => {
    const model = stackModel([4, 3, 2]);
    const params = randomParameters(model, 3, 1);
    const seen: number[] = [];
    const before = tf.memory().numTensors;
    const stop = new Error('stop');
    await expect(
      stackFantasies(model, params, {
        count: 10,
        sweeps: 400,
        progress: (done, total) => {
          seen.push(done, total);
          if (done >= 100) throw stop;
        },
      }),
    ).rejects.toBe(stop);
    expect(tf.memory().numTensors).toBe(before);
    expect(seen).toEqual([50, 400, 100, 400]);
  });
});
