import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { attractorRelax, lyapunov } from '../../../../engine/belief/attractor/relax';
import { exactBeliefInference } from '../../../../engine/belief/exact';
import { networkAt } from '../../../../engine/belief/network';
import { randomDagNetwork, randomLayeredBatch, randomLayeredNetwork } from '../../../../engine/belief/randomNetworks';
import { createRandom } from '../../../../engine/random/seeded';
import { useTestBackend } from '../../helpers/models';
import { referenceElbo, referenceExpectedSoftplus, referenceFields, referenceLogJoint, referenceLyapunov, softplus } from './reference';

beforeAll(async () => {
  await useTestBackend();
});

const uniformState = (length: number, seed: number): Float32Array => {
  const random = createRandom(seed);
  return Float32Array.from({ length }, () => 0.02 + 0.96 * random.next());
};

describe('Lyapunov function L (Saul & Jordan eq. 3.10) and −L as a stand-in for ln P(V)', () => {
  it('matches a float64 evaluation of eq. 3.10 at arbitrary states of a random DAG, batched over patterns', async () => {
    const { network } = randomDagNetwork(10, 4, 8, { linkProbability: 0.5 });
    const means = uniformState(3 * 10, 1);
    const signals = uniformState(3 * 10, 2);
    const L = await lyapunov(network, 3, { means, signals });
    for (let p = 0; p < 3; p++) {
      const slice = (a: Float32Array): Float32Array => a.subarray(p * 10, (p + 1) * 10);
      expect(Math.abs(L[p] - referenceLyapunov(network, slice(means), slice(signals)))).toBeLessThan(1e-4);
    }
  });

  it('gives −L = ln P(S) exactly when every unit is clamped (no hidden units left to approximate)', async () => {
    const batch = randomLayeredBatch([3, 5], 4, 3, { visibleLayers: [0, 1] });
    const random = createRandom(4);
    const values = Uint8Array.from({ length: 6 * 8 }, () => (random.next() < 0.5 ? 1 : 0));
    const evidence = { units: batch.visibleIndices, values, count: 6 };
    const result = await attractorRelax(batch, evidence, { iterations: 3 });
    const exact = exactBeliefInference(batch, evidence);
    for (let k = 0; k < 4; k++) {
      for (let p = 0; p < 6; p++) {
        const s = Array.from(values.subarray(p * 8, (p + 1) * 8));
        expect(-result.lyapunov[k * 6 + p]).toBeCloseTo(referenceLogJoint(networkAt(batch, k), s), 4);
        expect(-result.lyapunov[k * 6 + p]).toBeCloseTo(exact.logLikelihood[k * 6 + p], 4);
      }
    }
  });

  it('equals the exact evidence bound E_Q[ln P(H,V)] + H(Q) with ⟨ln(1+e^z)⟩ replaced by the Gaussian estimate of eq. A.10', async () => {
    // Appendix A: L = −[H(Q) + E_Q ln P(H,V)] once each ⟨ln(1 + e^{z_i})⟩ is replaced by ½ξ_i²⟨δz_i²⟩ + ln(1 + e^{h_i}).
    // So −L ≤ ln P(V) holds whenever that estimate upper-bounds ⟨ln(1 + e^{z_i})⟩ — exactly so when z_i is Gaussian.
    for (let seed = 0; seed < 6; seed++) {
      const net = randomLayeredNetwork([2, 4, 5], seed, { scale: 1.5 });
      const clamped = net.visibleIndices;
      const random = createRandom(seed + 100);
      const mu = Float64Array.from({ length: net.unitCount }, () => 0.05 + 0.9 * random.next());
      clamped.forEach((u) => (mu[u] = random.next() < 0.5 ? 1 : 0));
      const xi = Float64Array.from({ length: net.unitCount }, () => random.next());
      const [L] = await lyapunov(net, 1, { means: mu, signals: xi });
      const { variance, h } = referenceFields(net, mu, xi);
      const expected = referenceExpectedSoftplus(net, clamped, mu);
      let gaussianExcess = 0;
      for (let i = 0; i < net.unitCount; i++) gaussianExcess += 0.5 * xi[i] * xi[i] * variance[i] + softplus(h[i]) - expected[i];
      expect(Math.abs(-L - (referenceElbo(net, clamped, mu) - gaussianExcess))).toBeLessThan(1e-4);
    }
  });

  it('bounds ⟨ln(1 + e^z)⟩ from above for Gaussian z at every ξ (eq. A.10, the lemma behind −L ≤ ln P(V) in the large-network limit)', () => {
    const random = createRandom(3);
    for (let trial = 0; trial < 50; trial++) {
      const mean = 6 * random.next() - 3;
      const variance = 4 * random.next();
      const xi = random.next();
      let integral = 0;
      const steps = 4000;
      for (let s = 0; s < steps; s++) {
        const x = -8 + (16 * (s + 0.5)) / steps;
        integral += ((16 / steps) * Math.exp(-0.5 * x * x) * softplus(mean + Math.sqrt(variance) * x)) / Math.sqrt(2 * Math.PI);
      }
      expect(integral).toBeLessThanOrEqual(0.5 * xi * xi * variance + softplus(mean + 0.5 * (1 - 2 * xi) * variance) + 1e-9);
    }
  });

  it('stays below the exact ln P(V) at the fixed point on 500 random 2-4-6 networks (Bishop et al. §3 ensemble), but is no rigorous bound', async () => {
    const relaxedGap = async (scale: number, seed: number): Promise<Float64Array> => {
      const batch = randomLayeredBatch([2, 4, 6], 500, seed, { scale });
      const random = createRandom(seed);
      const evidence = { units: batch.visibleIndices, values: Uint8Array.from({ length: 6 }, () => (random.next() < 0.5 ? 1 : 0)), count: 1 };
      const result = await attractorRelax(batch, evidence, { iterations: 300, stepSize: 0.5, recordTrace: false });
      const exact = exactBeliefInference(batch, evidence);
      return Float64Array.from(exact.logLikelihood, (logP, k) => -result.lyapunov[k] - logP);
    };
    // Weights and biases uniform in (−1, 1): −L* − ln P(V) ≤ −0.014 on 2,000 such networks in float64, so 1e-4 is slack.
    const small = await relaxedGap(1, 5);
    for (const gap of small) expect(gap).toBeLessThan(-1e-4);
    // With weights in (−6, 6) the Gaussian estimate of eq. A.10 fails for units with few, saturated parents: −L > ln P(V).
    const large = await relaxedGap(6, 6);
    expect(large.filter((gap) => gap > 1e-3).length).toBeGreaterThan(10);
  });

  it('leaves tf.memory().numTensors unchanged', async () => {
    const { network } = randomDagNetwork(6, 2, 1);
    const before = tf.memory().numTensors;
    await lyapunov(network, 1, { means: uniformState(6, 1), signals: uniformState(6, 2) });
    await expect(lyapunov(network, 2, { means: uniformState(6, 1), signals: uniformState(6, 2) })).rejects.toThrow(/K·B·N = 12/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
