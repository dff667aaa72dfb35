import { beforeAll, describe, expect, it } from 'vitest';
import { meanFieldBound } from '../../../engine/belief/bound/meanField';
import { mixtureBound } from '../../../engine/belief/bound/mixture';
import type { BeliefEvidence } from '../../../engine/belief/evidence';
import { randomLayeredNetwork } from '../../../engine/belief/randomNetworks';
import type { BeliefNetwork } from '../../../engine/belief/network';
import { useTestBackend } from '../helpers/models';
import { evaluate } from './reference';

beforeAll(useTestBackend);

const withWeight = (net: BeliefNetwork, e: number, delta: number): BeliefNetwork => {
  const weights = Float32Array.from(net.weights);
  weights[e] += delta;
  return { ...net, weights };
};
const withBias = (net: BeliefNetwork, i: number, delta: number): BeliefNetwork => {
  const biases = Float32Array.from(net.biases);
  biases[i] += delta;
  return { ...net, biases };
};

/** Central difference of f at step h (float32 parameters: h = 1/64 is exact in float32). */
const central = (f: (delta: number) => number, h = 1 / 64): number => (f(h) - f(-h)) / (2 * h);

describe('gradient of the bound with respect to weights and biases', () => {
  const net = randomLayeredNetwork([2, 4, 6], 12, { scale: 1.5 });
  const evidence: BeliefEvidence = { units: net.visibleIndices, values: Uint8Array.of(1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 1, 0), count: 2 };
  const n = net.unitCount;

  it('sums ∂F/∂J and ∂F/∂b over patterns, matching finite differences of F at the optimised µ and ξ', () => {
    const result = meanFieldBound(net, evidence, { tolerance: 1e-7, withGradient: true });
    const at = (network: BeliefNetwork): number =>
      [0, 1].reduce((sum, p) => sum + evaluate(network, result.means.subarray(p * n, (p + 1) * n), result.xi.subarray(p * n, (p + 1) * n)), 0);
    let checked = 0;
    for (let e = 0; e < n * n; e++) {
      if (net.linkMask[e] === 0) {
        expect(result.gradient!.weights[e]).toBe(0);
        continue;
      }
      // F is smooth in J; a step of 1/64 leaves a third-order error ≈ 1e-5.
      expect(result.gradient!.weights[e]).toBeCloseTo(central((d) => at(withWeight(net, e, d))), 3);
      checked++;
    }
    for (let i = 0; i < n; i++) expect(result.gradient!.biases[i]).toBeCloseTo(central((d) => at(withBias(net, i, d))), 3);
    expect(checked).toBe(32);
  });

  it('weights the components by a_m for a mixture', () => {
    const result = mixtureBound(net, evidence, { components: 3, maxSweeps: 100, withGradient: true });
    const m = 3;
    const at = (network: BeliefNetwork): number => {
      let total = 0;
      for (let p = 0; p < 2; p++) {
        for (let c = 0; c < m; c++) {
          const row = (p * m + c) * n;
          total += result.weights[p * m + c] * evaluate(network, result.means.subarray(row, row + n), result.xi.subarray(row, row + n));
        }
      }
      return total;
    };
    // The float64 evaluation re-optimises a in closed form, so the returned a differ from the state's by ~1e-6.
    for (const e of [2 * n + 0, 5 * n + 1, 7 * n + 3, 11 * n + 5]) expect(result.gradient!.weights[e]).toBeCloseTo(central((d) => at(withWeight(net, e, d))), 2);
    for (const i of [0, 3, 9]) expect(result.gradient!.biases[i]).toBeCloseTo(central((d) => at(withBias(net, i, d))), 2);
  });
});
