import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BeliefEvidence } from '../../../engine/belief/evidence';
import { exactBeliefInference } from '../../../engine/belief/exact';
import { beliefImportanceSampling } from '../../../engine/belief/importance';
import { randomDagNetwork } from '../../../engine/belief/randomNetworks';
import { useTestBackend } from '../helpers/models';
import { batch, errors, evidence, exact, mean, spread, zScores } from './importanceFixture';

beforeAll(useTestBackend);


describe('importance sampling of ln P(V) with the mean-field proposal, 40 networks 3-8-12 × 2 patterns against enumeration', () => {
  it('converges to exact ln P(V) as the samples grow, with standard z-scores, and never does worse than the bound on average', async () => {
    const before = tf.memory().numTensors;
    const two = await Promise.all([0, 1, 2, 3].map((seed) => beliefImportanceSampling(batch, evidence, { samples: 2, seed })));
    const few = await beliefImportanceSampling(batch, evidence, { samples: 10, seed: 4 });
    const many = await beliefImportanceSampling(batch, evidence, { samples: 10_000, seed: 7 });
    expect(tf.memory().numTensors).toBe(before);
    const twoErrors = two.flatMap(errors);
    const fewErrors = errors(few);
    const manyErrors = errors(many);
    const z = zScores(many);
    console.info(
      `IS mean-field 3-8-12: mean |error| S=10 ${mean(fewErrors.map(Math.abs)).toFixed(4)}, S=10,000 ${mean(manyErrors.map(Math.abs)).toFixed(5)}; ` +
        `mean error S=2 ${mean(twoErrors).toFixed(4)} (sd of the mean ${(spread(twoErrors) / Math.sqrt(320)).toFixed(4)}); z at S=10,000 mean ${mean(z).toFixed(2)} sd ${spread(z).toFixed(2)} max |z| ${Math.max(...z.map(Math.abs)).toFixed(2)}; ` +
        `mean estimate − bound ${mean(Array.from(many.values, (v, q) => v - many.bounds[q])).toFixed(4)}, exact − bound ${mean(Array.from(exact.logLikelihood, (v, q) => v - many.bounds[q])).toFixed(4)}; ` +
        `mean ESS ${mean(many.effectiveSamples).toFixed(0)} of 10,000`,
    );
    // The error shrinks like 1/√S (×31 here); ×10 leaves room for the heavier tails at S = 10.
    expect(mean(manyErrors.map(Math.abs))).toBeLessThan(mean(fewErrors.map(Math.abs)) / 10);
    // E[ln P̂] ≤ ln P(V) (Jensen): at S = 2 the downward bias stands out over 320 estimates.
    expect(mean(twoErrors)).toBeLessThan(-3 * (spread(twoErrors) / Math.sqrt(twoErrors.length)));
    // Delta-method z-scores of a well-matched proposal look standard (80 problems: mean ± 0.11 noise, sd within ±0.16).
    expect(Math.abs(mean(z))).toBeLessThan(0.4);
    expect(spread(z)).toBeGreaterThan(0.7);
    expect(spread(z)).toBeLessThan(1.35);
    expect(Math.max(...z.map(Math.abs))).toBeLessThan(4.5);
    for (let q = 0; q < 80; q++) {
      // bound ≤ ELBO of q ≤ E[ln P̂]: at S = 10,000 every estimate clears its bound up to its noise.
      expect(many.values[q]).toBeGreaterThan(many.bounds[q] - 2 * many.standardErrors[q]);
      // Jensen on the sample itself: mean ln w ≤ ln mean w, always.
      expect(many.meanLogWeights[q]).toBeLessThanOrEqual(many.values[q] + 1e-9);
      expect(many.effectiveSamples[q]).toBeGreaterThanOrEqual(1);
      expect(many.effectiveSamples[q]).toBeLessThanOrEqual(10_000 + 1e-6);
    }
    for (const r of [...two, few, many]) expect(mean(r.values) - mean(r.bounds)).toBeGreaterThan(0);
    // The SJJ bound also bounds the proposal's ELBO, estimated by the mean log weight.
    expect(mean(many.meanLogWeights) - mean(many.bounds)).toBeGreaterThan(0);
    expect(many.summary.warnings).toEqual([]);
  });

  it('self-normalised posterior means agree with the exact marginals', async () => {
    const result = await beliefImportanceSampling(batch, evidence, { samples: 2000, seed: 3 });
    let worst = 0;
    for (let q = 0; q < 80; q++) {
      for (const i of batch.hiddenIndices) worst = Math.max(worst, Math.abs(result.marginals[q * 23 + i] - exact.marginals[q * 23 + i]));
      for (const [k, i] of batch.visibleIndices.entries()) expect(result.marginals[q * 23 + i]).toBe(evidence.values[(q % 2) * 12 + k]);
    }
    // Binomial noise with ~1,300 effective samples: sd ≤ 0.5/√1300 ≈ 0.014 per marginal, 880 of them.
    expect(worst).toBeLessThan(0.07);
  });
});

describe('importance sampling with nothing to sample', () => {
  it('is exact with no unobserved unit: one weight P(V), standard error 0', async () => {
    const { network } = randomDagNetwork(6, 3, 4);
    const all: BeliefEvidence = { units: [0, 1, 2, 3, 4, 5], values: Uint8Array.from([1, 0, 1, 1, 0, 0]), count: 1 };
    const result = await beliefImportanceSampling(network, all, { samples: 50 });
    expect(result.values[0]).toBeCloseTo(exactBeliefInference(network, all).logLikelihood[0], 5);
    expect(result.standardErrors[0]).toBeLessThan(1e-6);
    expect(result.effectiveSamples[0]).toBeCloseTo(50, 3);
  });
});
