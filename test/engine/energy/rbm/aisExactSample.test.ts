import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { UnitEncoding } from '../../../../engine/diagram/types';
import { rbmLogPartition, rbmNegativeFreeEnergies } from '../../../../engine/energy/rbm/exact';
import { enumerateRbm, enumerationPlan } from '../../../../engine/energy/rbm/exactSample';
import { disposeRbmTensors, uploadRbm } from '../../../../engine/energy/rbm/layers';
import { createUniformNoise } from '../../../../engine/energy/rbm/noise';
import { rbmView } from '../../../../engine/energy/rbm/view';
import { createRandom } from '../../../../engine/random/seeded';
import { randomParameters, rbmModel, useTestBackend } from '../../helpers/models';

beforeAll(useTestBackend);

/** Every visible state's exact probability exp(−F(v) − log Z), state index = Σ_i v_i 2^i. */
function exactVisibleDistribution(view: ReturnType<typeof rbmView>): Float64Array {
  const v = view.visibleCount;
  const states = 2 ** v;
  const bits = new Uint8Array(states * v);
  for (let s = 0; s < states; s++) for (let i = 0; i < v; i++) bits[s * v + i] = (s >>> i) & 1;
  const logZ = rbmLogPartition(view);
  return rbmNegativeFreeEnergies(view, bits, states).map((x) => Math.exp(x - logZ));
}

describe('exact samples of an RBM from the enumerated smaller layer (reverse AIS start)', () => {
  // Pearson's χ² over the 2^V visible states with df = 2^V − 1 has mean df and sd √(2 df); 5 sd bounds a correct sampler
  // with probability > 1 − 10⁻⁵ and catches an off-by-one in the CDF or reservoir step (which moves mass between states).
  it.each([
    ['visible layer enumerated, one chunk', 4, 6, 'binary01', 0],
    ['visible layer enumerated, chunks of 2 (weighted reservoir across chunks)', 4, 6, 'pm1', 2],
    ['hidden layer enumerated, v drawn given h', 5, 3, 'binary01', 0],
    ['hidden layer enumerated, chunks of 1', 5, 3, 'pm1', 1],
  ] as [string, number, number, UnitEncoding, number][])('%s: χ² of 40,000 samples against P(v), log Z as enumeration', async (_, v, h, encoding, chunk) => {
    const model = rbmModel(v, h, encoding);
    const view = rbmView(model, randomParameters(model, v * h, 1.0, 1.0));
    const full = enumerationPlan(view)!;
    const plan = chunk === 0 ? full : { ...full, chunk, chunks: 2 ** full.size / chunk };
    const samples = 40000;
    const rbm = uploadRbm(view);
    const before = tf.memory().numTensors;
    let ticks = 0;
    const result = await enumerateRbm(rbm, plan, samples, createRandom(7).fork('u'), createUniformNoise(createRandom(7).fork('n')), () => void ticks++);
    const values = result.visible!.dataSync();
    result.visible!.dispose();
    expect(tf.memory().numTensors).toBe(before);
    disposeRbmTensors(rbm);
    expect(ticks).toBe(plan.chunks);
    expect(result.logZ).toBeCloseTo(rbmLogPartition(view), 4);
    const counts = new Float64Array(2 ** v);
    for (let r = 0; r < samples; r++) {
      let state = 0;
      for (let i = 0; i < v; i++) if (values[i * samples + r] > 0) state |= 1 << i;
      counts[state]++;
    }
    const p = exactVisibleDistribution(view);
    const chi2 = p.reduce((a, q, s) => a + (counts[s] - samples * q) ** 2 / (samples * q), 0);
    const df = p.length - 1;
    expect(chi2).toBeLessThan(df + 5 * Math.sqrt(2 * df));
  });

  it('plans chunks of at most 2^22 entries and refuses layers over 24 units', () => {
    expect(enumerationPlan({ visibleCount: 784, hiddenCount: 16 })).toMatchObject({ layer: 'hidden', size: 16, chunk: 4096, chunks: 16 });
    expect(enumerationPlan({ visibleCount: 12, hiddenCount: 20 })).toMatchObject({ layer: 'visible', size: 12, chunks: 1 });
    expect(enumerationPlan({ visibleCount: 30, hiddenCount: 25 })).toBeUndefined();
  });
});
