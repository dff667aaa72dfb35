import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BeliefEvidence } from '../../../engine/belief/evidence';
import { exactBeliefInference, exactLogLikelihoodGradient } from '../../../engine/belief/exact';
import { networkAt, stackNetworks, type BeliefNetwork } from '../../../engine/belief/network';
import { randomDagNetwork, randomLayeredBatch, randomLayeredNetwork } from '../../../engine/belief/randomNetworks';
import { ancestralSample } from '../../../engine/belief/sampling';
import { createRandom } from '../../../engine/random/seeded';
import { useTestBackend } from '../helpers/models';
import { logJoint64, reference64 } from './reference';

beforeAll(useTestBackend);

// float32 enumeration against float64 brute force: sums of ≤ 2^18 terms and logs of order 10 stay within 1e-4.
const TOLERANCE = 1e-4;

/** `count` patterns observing a random subset of `observed` units (partial evidence mixing visible and hidden units). */
function randomEvidence(net: BeliefNetwork, observed: number, count: number, seed: number): BeliefEvidence {
  const random = createRandom(seed);
  const units = Array.from({ length: net.unitCount }, (_, i) => i)
    .sort(() => random.next() - 0.5)
    .slice(0, observed);
  return { units, values: Uint8Array.from({ length: count * observed }, () => random.int(2)), count };
}

function expectMatchesReference(net: BeliefNetwork, evidence: BeliefEvidence, result: ReturnType<typeof exactBeliefInference>, k = 0): void {
  const n = net.unitCount;
  const w = evidence.units.length;
  for (let p = 0; p < evidence.count; p++) {
    const ref = reference64(net, evidence.units, evidence.values.subarray(p * w, (p + 1) * w));
    const got = result.logLikelihood[k * evidence.count + p];
    expect(Math.abs(got - ref.logLikelihood)).toBeLessThan(TOLERANCE * Math.max(1, Math.abs(ref.logLikelihood)));
    for (let i = 0; i < n; i++) expect(Math.abs(result.marginals[(k * evidence.count + p) * n + i] - ref.marginals[i])).toBeLessThan(TOLERANCE);
  }
}

describe('exact belief inference', () => {
  it('matches float64 brute force on random DAGs with partial evidence, leaving no tensors', () => {
    for (let seed = 0; seed < 12; seed++) {
      const { network } = randomDagNetwork(4 + (seed % 6), 1 + (seed % 3), seed, { scale: 2 });
      const evidence = randomEvidence(network, 1 + (seed % 4), 3, seed + 100);
      const before = tf.memory().numTensors;
      const result = exactBeliefInference(network, evidence);
      expect(tf.memory().numTensors).toBe(before);
      expectMatchesReference(network, evidence, result);
    }
  });

  it('batches over networks and patterns (2-4-6 networks, visible evidence)', () => {
    const batch = randomLayeredBatch([2, 4, 6], 7, 3);
    const evidence = randomEvidence(networkAt(batch, 0), 0, 1, 0);
    evidence.units = batch.visibleIndices;
    evidence.count = 5;
    evidence.values = Uint8Array.from({ length: 30 }, (_, k) => (k * 7) % 3 === 0 ? 1 : 0);
    const result = exactBeliefInference(batch, evidence);
    expect(result.logLikelihood).toHaveLength(35);
    for (let k = 0; k < 7; k++) expectMatchesReference(networkAt(batch, k), evidence, result, k);
  });

  it('splits large enumerations into config and pattern chunks (8 networks × 14 unobserved units × 36 units)', () => {
    const net = randomLayeredNetwork([4, 10, 22], 9, { scale: 0.5 });
    const random = createRandom(4);
    const evidence: BeliefEvidence = { units: net.visibleIndices, values: Uint8Array.from({ length: 44 }, () => random.int(2)), count: 2 };
    expectMatchesReference(net, evidence, exactBeliefInference(stackNetworks(Array(8).fill(net)), evidence), 5);
  });

  it('with no evidence, ln P = 0 and the marginals are the prior marginals', () => {
    const net = randomLayeredNetwork([2, 3], 4);
    const result = exactBeliefInference(net, { units: [], values: new Uint8Array(0), count: 1 });
    expect(result.logLikelihood[0]).toBeCloseTo(0, 5);
    const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
    expect(result.marginals[0]).toBeCloseTo(sigmoid(net.biases[0]), 5);
  });

  it('gives the exact log-likelihood gradient Σ_p E[(S_i − σ_i) S_j | v_p]', () => {
    for (let seed = 0; seed < 4; seed++) {
      const { network } = randomDagNetwork(7, 3, seed);
      const evidence = randomEvidence(network, 3, 4, seed);
      evidence.units = network.visibleIndices;
      const before = tf.memory().numTensors;
      const grad = exactLogLikelihoodGradient(network, evidence);
      expect(tf.memory().numTensors).toBe(before);
      const expectedW = new Float64Array(49);
      const expectedB = new Float64Array(7);
      let total = 0;
      for (let p = 0; p < 4; p++) {
        const ref = reference64(network, evidence.units, evidence.values.subarray(p * 3, p * 3 + 3));
        total += ref.logLikelihood;
        ref.weightGradient.forEach((g, e) => (expectedW[e] += g));
        ref.biasGradient.forEach((g, i) => (expectedB[i] += g));
      }
      expect(grad.logLikelihood).toBeCloseTo(total, 3);
      grad.weights.forEach((g, e) => expect(Math.abs(g - expectedW[e])).toBeLessThan(TOLERANCE));
      grad.biases.forEach((g, i) => expect(Math.abs(g - expectedB[i])).toBeLessThan(TOLERANCE));
    }
  });

  it('refuses more than 24 unobserved units, naming the alternatives', () => {
    const net = randomLayeredNetwork([10, 15, 5], 1);
    expect(() => exactBeliefInference(net, { units: [], values: new Uint8Array(0), count: 1 })).toThrow(/at most u = 24.*30 units unobserved.*Gibbs/);
    expect(() => exactBeliefInference(net, { units: [40], values: Uint8Array.of(1), count: 1 })).toThrow(/outside/);
  });
});

describe('ancestral sampling', () => {
  it('draws full states with the joint probabilities P(S) (every state within 4 standard errors), leaving no tensors', () => {
    const batch = stackNetworks([randomLayeredNetwork([1, 3], 5, { scale: 2 }), randomLayeredNetwork([1, 3], 6, { scale: 2 })]);
    const count = 20000;
    const before = tf.memory().numTensors;
    const samples = ancestralSample(batch, { count, seed: 3 });
    expect(tf.memory().numTensors).toBe(before);
    for (let k = 0; k < 2; k++) {
      const net = networkAt(batch, k);
      const counts = new Float64Array(16);
      for (let r = 0; r < count; r++) {
        let code = 0;
        for (let i = 0; i < 4; i++) code |= samples.states[(k * count + r) * 4 + i] << i;
        counts[code]++;
      }
      for (let code = 0; code < 16; code++) {
        const p = Math.exp(logJoint64(net, [0, 1, 2, 3].map((i) => (code >> i) & 1)));
        const se = Math.sqrt((p * (1 - p)) / count);
        expect(Math.abs(counts[code] / count - p)).toBeLessThan(4 * se + 1e-9);
      }
    }
  });

  it('is reproducible from its seed', () => {
    const net = randomLayeredNetwork([2, 4, 6], 1);
    expect(ancestralSample(net, { count: 10, seed: 7 }).states).toEqual(ancestralSample(net, { count: 10, seed: 7 }).states);
  });
});
