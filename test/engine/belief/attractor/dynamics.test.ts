import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { attractorRelax, lyapunov, meanFieldResiduals } from '../../../../engine/belief/attractor/relax';
import { repeatedEvidence, type BeliefEvidence } from '../../../../engine/belief/evidence';
import { networkAt } from '../../../../engine/belief/network';
import { randomDagNetwork, randomLayeredBatch } from '../../../../engine/belief/randomNetworks';
import { createRandom } from '../../../../engine/random/seeded';
import { useTestBackend } from '../../helpers/models';
import { referenceFields, referenceLyapunov, referenceStep, referenceTopDown, sigmoid } from './reference';

beforeAll(async () => {
  await useTestBackend();
});

/** `count` random patterns over `units` (seeded). */
function randomEvidence(units: number[], count: number, seed: number): BeliefEvidence {
  const random = createRandom(seed);
  return { units, count, values: Uint8Array.from({ length: count * units.length }, () => (random.next() < 0.5 ? 1 : 0)) };
}

describe('attractor dynamics (Saul & Jordan §3.3)', () => {
  it('follows a float64 reference of the top-down pass and of eq. 3.12 with eq. 3.13 or 3.14, on a random DAG with partial evidence', async () => {
    const { network } = randomDagNetwork(9, 4, 3, { linkProbability: 0.6 });
    const clamped = network.visibleIndices.slice(0, 3);
    const values = [1, 0, 1];
    for (const xiUpdate of ['sigmoid', 'exact'] as const) {
      const dt = xiUpdate === 'exact' ? 0.01 : 0.25;
      const result = await attractorRelax(network, repeatedEvidence(clamped, values), { iterations: 20, stepSize: dt, xiUpdate });
      let state = referenceTopDown(network, clamped, values);
      for (let t = 0; t <= 20; t++) {
        // float32 engine vs float64 reference: L ≈ 5–10 summed over 9 units, so 1e-4 is a few float32 ulps per term.
        expect(Math.abs(result.trace![t] - referenceLyapunov(network, state.mu, state.xi))).toBeLessThan(1e-4);
        if (t < 20) state = referenceStep(network, clamped, state, dt, xiUpdate);
      }
      for (let i = 0; i < 9; i++) {
        expect(Math.abs(result.means[i] - state.mu[i])).toBeLessThan(1e-5);
        expect(Math.abs(result.signals[i] - state.xi[i])).toBeLessThan(xiUpdate === 'exact' ? 1e-4 : 1e-5);
      }
      for (const u of clamped) expect(result.means[u]).toBe(values[clamped.indexOf(u)]);
    }
  });

  it('never increases L along eqs. 3.12/3.13 with a small step, on random layered networks of several shapes', async () => {
    // Euler's step on eq. 3.9 is stiff: ξ_i relaxes at rate 1/(τ_h⟨δz_i²⟩), so "small" means Δt below the smallest
    // variance ⟨δz_i²⟩ met along the path (≈ 0.002–0.01 on these networks); Δt = 0.01 already lets L rise on some.
    for (const [s, sizes] of [[2, 4, 6], [3, 6, 8], [2, 3, 4, 5]].entries()) {
      const batch = randomLayeredBatch(sizes, 16, 40 + s);
      const evidence = randomEvidence(batch.visibleIndices, 3, s);
      const iterations = 500;
      const result = await attractorRelax(batch, evidence, { iterations, stepSize: 0.002, xiUpdate: 'exact' });
      const rows = 16 * 3;
      for (let p = 0; p < rows; p++) {
        for (let t = 0; t < iterations; t++) {
          const before = result.trace![t * rows + p];
          // float32 rounding of a sum of ~20 terms of size ≤ 10: allow 1e-6 relative.
          expect(result.trace![(t + 1) * rows + p]).toBeLessThanOrEqual(before + 1e-6 * Math.abs(before));
        }
        expect(result.trace![iterations * rows + p]).toBeLessThan(result.trace![p]);
      }
    }
  });

  it('relaxes to a fixed point that satisfies the mean-field equations 3.4–3.5 to 1e-6', async () => {
    const batch = randomLayeredBatch([3, 6, 8], 20, 7);
    const evidence = randomEvidence(batch.visibleIndices, 4, 9);
    const result = await attractorRelax(batch, evidence, { iterations: 400, stepSize: 0.5, recordTrace: false });
    const residuals = await meanFieldResiduals(batch, evidence, result);
    for (const r of [...residuals.means, ...residuals.signals]) expect(r).toBeLessThan(1e-6);
    // The same check in float64 on the engine's float32 state (eqs. 3.4–3.5 written out independently).
    for (let k = 0; k < 20; k++) {
      const net = networkAt(batch, k);
      for (let p = 0; p < 4; p++) {
        const offset = (k * 4 + p) * net.unitCount;
        const mu = result.means.subarray(offset, offset + net.unitCount);
        const xi = result.signals.subarray(offset, offset + net.unitCount);
        const { g, h, variance } = referenceFields(net, mu, xi);
        for (const i of net.hiddenIndices) expect(Math.abs(mu[i] - sigmoid(g[i]))).toBeLessThan(1e-6);
        for (let i = 0; i < net.unitCount; i++) if (variance[i] > 0) expect(Math.abs(xi[i] - sigmoid(h[i]))).toBeLessThan(1e-6);
      }
    }
  });

  it('starts from a given state when asked, keeping clamped units at their evidence', async () => {
    const { network } = randomDagNetwork(7, 3, 12);
    const evidence = randomEvidence(network.visibleIndices, 2, 4);
    const random = createRandom(5);
    const state = { means: Float32Array.from({ length: 14 }, () => random.next()), signals: Float32Array.from({ length: 14 }, () => random.next()) };
    const result = await attractorRelax(network, evidence, { iterations: 0, initial: state });
    const L = await lyapunov(network, 2, result);
    expect(result.trace).toHaveLength(2);
    expect(result.lyapunov[1]).toBeCloseTo(L[1], 5);
    for (let p = 0; p < 2; p++) {
      network.visibleIndices.forEach((u, k) => expect(result.means[p * 7 + u]).toBe(evidence.values[p * 3 + k]));
      for (const u of network.hiddenIndices) expect(result.means[p * 7 + u]).toBeCloseTo(state.means[p * 7 + u], 6);
    }
  });

  it('refuses bad settings and evidence with a message naming the problem', async () => {
    const { network } = randomDagNetwork(5, 2, 1);
    const evidence = randomEvidence(network.visibleIndices, 1, 1);
    await expect(attractorRelax(network, evidence, { stepSize: 2 })).rejects.toThrow(/stepSize 2 exceeds muTimeConstant/);
    await expect(attractorRelax(network, evidence, { iterations: -1 })).rejects.toThrow(/iterations/);
    await expect(attractorRelax(network, { units: [9], values: Uint8Array.of(1), count: 1 })).rejects.toThrow(/outside/);
  });

  it('leaves tf.memory().numTensors unchanged', async () => {
    const batch = randomLayeredBatch([2, 4, 6], 3, 2);
    const evidence = randomEvidence(batch.visibleIndices, 2, 2);
    const before = tf.memory().numTensors;
    const result = await attractorRelax(batch, evidence, { iterations: 5 });
    await attractorRelax(batch, evidence, { iterations: 3, xiUpdate: 'exact', stepSize: 0.01, recordTrace: false, initial: result });
    await lyapunov(batch, 2, result);
    await meanFieldResiduals(batch, evidence, result);
    await expect(attractorRelax(batch, evidence, { initial: { means: [], signals: [] } })).rejects.toThrow(/K·B·N/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
