import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { meanFieldBound } from '../../../engine/belief/bound/meanField';
import { mixtureBound } from '../../../engine/belief/bound/mixture';
import type { BeliefEvidence } from '../../../engine/belief/evidence';
import { beliefNetwork, networkAt, stackNetworks, type BeliefNetworkBatch } from '../../../engine/belief/network';
import { randomBeliefParameters, randomDagNetwork, randomLayeredBatch, randomLayeredNetwork } from '../../../engine/belief/randomNetworks';
import { createRandom } from '../../../engine/random/seeded';
import { useTestBackend } from '../helpers/models';
import { elbo64, evaluate, reference64 } from './reference';

beforeAll(useTestBackend);

/** 1000 networks of varied shapes: six layered shapes and eight random DAG structures, with random weights. */
function variedBatches(): BeliefNetworkBatch[] {
  const batches: BeliefNetworkBatch[] = [];
  const shapes = [[2, 4, 6], [3, 5], [1, 3, 4], [2, 2, 2, 3], [4, 6], [3, 3, 3]];
  shapes.forEach((sizes, i) => batches.push(randomLayeredBatch(sizes, 100, 10 + i, { scale: 1 + 0.4 * i })));
  for (let d = 0; d < 8; d++) {
    const { model } = randomDagNetwork(6 + (d % 4), 2 + (d % 3), 100 + d);
    batches.push(stackNetworks(Array.from({ length: 50 }, (_, k) => beliefNetwork(model, randomBeliefParameters(model, 1000 * d + k, { scale: 2 })))));
  }
  return batches;
}

describe('the SJJ mean-field bound (Bishop et al. eq. 4)', () => {
  it('never exceeds the exact ln P(V) on 1000 random networks (float64, to 1e-9); the mixture bound is at least the mean-field bound', () => {
    let problems = 0;
    let tightest = -Infinity;
    for (const [b, batch] of variedBatches().entries()) {
      const random = createRandom(b);
      const v = batch.visibleIndices.length;
      const evidence: BeliefEvidence = { units: batch.visibleIndices, values: Uint8Array.from({ length: v }, () => random.int(2)), count: 1 };
      const before = tf.memory().numTensors;
      const single = meanFieldBound(batch, evidence);
      const mixture = mixtureBound(batch, evidence, { components: 2, maxSweeps: 20 });
      expect(tf.memory().numTensors).toBe(before);
      for (let k = 0; k < batch.networkCount; k++) {
        const exact = reference64(networkAt(batch, k), batch.visibleIndices, evidence.values).logLikelihood;
        expect(single.bound[k]).toBeLessThanOrEqual(exact + 1e-9);
        expect(mixture.bound[k]).toBeLessThanOrEqual(exact + 1e-9);
        // Where the posterior is factorial both bounds are exact to ~1e-8 and differ only by float32 optimisation noise.
        expect(mixture.bound[k]).toBeGreaterThanOrEqual(single.bound[k] - 1e-8);
        tightest = Math.max(tightest, single.bound[k] - exact);
        problems++;
      }
    }
    expect(problems).toBe(1000);
    // Some posteriors are nearly factorial: the 1e-9 check is then a real test of the float64 evaluation.
    expect(tightest).toBeGreaterThan(-1e-6);
  });

  it('lies below the ELBO of its own factorial Q (the SJJ inequality only loosens it), with partial evidence', () => {
    for (let seed = 0; seed < 8; seed++) {
      const { network } = randomDagNetwork(7, 3, seed, { scale: 2 });
      const random = createRandom(seed);
      const units = [0, 1, 2, 3, 4, 5, 6].filter(() => random.next() < 0.4);
      const evidence: BeliefEvidence = { units, values: Uint8Array.from(units, () => random.int(2)), count: 1 };
      const result = meanFieldBound(network, evidence);
      const elbo = elbo64(network, units, evidence.values, [1], result.means);
      expect(result.bound[0]).toBeLessThanOrEqual(elbo + 1e-9);
      expect(elbo).toBeLessThanOrEqual(reference64(network, units, evidence.values).logLikelihood + 1e-9);
      expect(result.converged).toBe(true);
    }
  });

  it('stops at a stationary point: no single mean or ξ can raise F (finite differences in float64)', () => {
    const net = randomLayeredNetwork([2, 4, 6], 3);
    const evidence: BeliefEvidence = { units: net.visibleIndices, values: Uint8Array.of(0, 1, 0, 0, 1, 1), count: 1 };
    const result = meanFieldBound(net, evidence, { tolerance: 1e-7 });
    const base = result.bound[0];
    expect(evaluate(net, result.means, result.xi)).toBeCloseTo(base, 12);
    for (const h of net.hiddenIndices) {
      for (const step of [1e-3, -1e-3]) {
        const mu = Float32Array.from(result.means);
        mu[h] += step;
        expect(evaluate(net, mu, result.xi)).toBeLessThanOrEqual(base + 1e-7);
      }
    }
    for (let i = 0; i < net.unitCount; i++) {
      for (const step of [1e-3, -1e-3]) {
        const xi = Float32Array.from(result.xi);
        xi[i] += step;
        expect(evaluate(net, result.means, xi)).toBeLessThanOrEqual(base + 1e-7);
      }
    }
  });

  it('gives one bound per network and pattern, the same as running them one by one', () => {
    const batch = randomLayeredBatch([2, 3, 4], 3, 8);
    const evidence: BeliefEvidence = { units: batch.visibleIndices, values: Uint8Array.of(1, 0, 1, 1, 0, 0, 0, 1), count: 2 };
    const together = meanFieldBound(batch, evidence, { tolerance: 1e-7 });
    for (let k = 0; k < 3; k++) {
      const alone = meanFieldBound(networkAt(batch, k), evidence, { tolerance: 1e-7 });
      for (let p = 0; p < 2; p++) expect(together.bound[k * 2 + p]).toBeCloseTo(alone.bound[p], 5);
    }
  });
});

describe('mixtures of mean-field distributions (Bishop et al. eqs. 5–19)', () => {
  it('lie below the ELBO of the mixture distribution itself and above the single mean-field bound', () => {
    const batch = randomLayeredBatch([2, 4, 6], 12, 5, { scale: 2 });
    const evidence: BeliefEvidence = { units: batch.visibleIndices, values: Uint8Array.of(0, 1, 1, 0, 0, 1), count: 1 };
    const before = tf.memory().numTensors;
    const mixture = mixtureBound(batch, evidence, { components: 3, maxSweeps: 200 });
    expect(tf.memory().numTensors).toBe(before);
    const single = meanFieldBound(batch, evidence);
    let gain = 0;
    for (let k = 0; k < 12; k++) {
      const net = networkAt(batch, k);
      const mu = mixture.means.subarray(k * 3 * 12, (k + 1) * 3 * 12);
      const elbo = elbo64(net, batch.visibleIndices, evidence.values, mixture.weights.subarray(k * 3, k * 3 + 3), mu);
      expect(mixture.bound[k]).toBeLessThanOrEqual(elbo + 1e-9);
      expect(mixture.bound[k]).toBeGreaterThanOrEqual(single.bound[k] - 1e-8);
      expect(mixture.weights.subarray(k * 3, k * 3 + 3).reduce((a, b) => a + b)).toBeCloseTo(1, 9);
      gain += mixture.bound[k] - single.bound[k];
    }
    // Strongly coupled networks (weights in (−2, 2)) have multimodal posteriors: the mixture gains on average.
    expect(gain / 12).toBeGreaterThan(0.005);
  });

  it('with one component reproduces the mean-field bound', () => {
    const batch = randomLayeredBatch([2, 4, 6], 20, 6);
    const evidence: BeliefEvidence = { units: batch.visibleIndices, values: new Uint8Array(6), count: 1 };
    const single = meanFieldBound(batch, evidence, { tolerance: 1e-7 });
    const mixture = mixtureBound(batch, evidence, { components: 1, tolerance: 1e-7 });
    for (let k = 0; k < 20; k++) expect(mixture.bound[k]).toBeCloseTo(single.bound[k], 6);
  });
});
