import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BeliefEvidence } from '../../../engine/belief/evidence';
import { exactBeliefInference } from '../../../engine/belief/exact';
import { gibbsPosterior } from '../../../engine/belief/gibbs';
import { markovBlanketColouring } from '../../../engine/belief/gibbsChains';
import { asBatch, networkAt, parentsOf, stackNetworks, type BeliefNetwork } from '../../../engine/belief/network';
import { randomDagNetwork, randomLayeredNetwork } from '../../../engine/belief/randomNetworks';
import { createRandom } from '../../../engine/random/seeded';
import { useTestBackend } from '../helpers/models';

beforeAll(useTestBackend);

/** Partial evidence: a random subset of units (visible or hidden) observed at random values. */
function partialEvidence(net: BeliefNetwork, observed: number, count: number, seed: number): BeliefEvidence {
  const random = createRandom(seed);
  const units = Array.from({ length: net.unitCount }, (_, i) => i)
    .sort(() => random.next() - 0.5)
    .slice(0, observed)
    .sort((a, b) => a - b);
  return { units, values: Uint8Array.from({ length: count * observed }, () => random.int(2)), count };
}

describe('Gibbs sampling of P(H | evidence)', () => {
  it('colours units so that no two in one group share a Markov blanket', () => {
    const net = randomLayeredNetwork([2, 4, 6], 1);
    const groups = markovBlanketColouring(asBatch(net), [0, 1, 2, 3, 4, 5, 6, 7]);
    expect(groups.flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    for (const group of groups) {
      for (const a of group) {
        for (const b of group) {
          if (a === b) continue;
          expect(parentsOf(net, a)).not.toContain(b);
          const coParents = Array.from({ length: 12 }, (_, i) => parentsOf(net, i)).some((p) => p.includes(a) && p.includes(b));
          expect(coParents).toBe(false);
        }
      }
    }
  });

  it('matches exact posterior marginals within 4 standard errors on random networks with partial evidence', () => {
    const networks: { network: BeliefNetwork; evidence: BeliefEvidence }[] = [];
    for (let seed = 0; seed < 6; seed++) {
      const { network } = randomDagNetwork(6 + (seed % 3), 2, seed, { scale: 2 });
      networks.push({ network, evidence: partialEvidence(network, 2 + (seed % 3), 2, seed + 50) });
    }
    const layered = randomLayeredNetwork([2, 4, 6], 7, { scale: 1.5 });
    networks.push({ network: layered, evidence: partialEvidence(layered, 5, 2, 3) });
    let compared = 0;
    for (const { network, evidence } of networks) {
      const before = tf.memory().numTensors;
      const sampled = gibbsPosterior(network, evidence, { chains: 48, burnIn: 50, sweeps: 200, seed: 11 });
      expect(tf.memory().numTensors).toBe(before);
      const exact = exactBeliefInference(network, evidence);
      const n = network.unitCount;
      for (let e = 0; e < exact.marginals.length; e++) {
        if (evidence.units.includes(e % n)) {
          expect(sampled.marginals[e]).toBeCloseTo(exact.marginals[e], 5);
          continue;
        }
        const error = Math.abs(sampled.marginals[e] - exact.marginals[e]);
        expect(error, `entry ${e}: ${sampled.marginals[e]} vs ${exact.marginals[e]} ± ${sampled.standardErrors[e]}`).toBeLessThanOrEqual(
          4 * sampled.standardErrors[e] + 1e-5,
        );
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(60);
  });

  it('runs many networks at once (batched), each matching its own exact marginals', () => {
    const batch = stackNetworks([1, 2, 3].map((seed) => randomLayeredNetwork([2, 3, 3], seed, { scale: 2 })));
    const evidence: BeliefEvidence = { units: [5, 6, 7], values: Uint8Array.of(1, 0, 1), count: 1 };
    const sampled = gibbsPosterior(batch, evidence, { chains: 48, burnIn: 50, sweeps: 200, seed: 2 });
    for (let k = 0; k < 3; k++) {
      const exact = exactBeliefInference(networkAt(batch, k), evidence);
      for (let i = 0; i < 8; i++) {
        expect(Math.abs(sampled.marginals[k * 8 + i] - exact.marginals[i])).toBeLessThanOrEqual(4 * sampled.standardErrors[k * 8 + i] + 1e-5);
      }
    }
  });
});
