import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { hopfieldRun } from '../../../../engine/energy/hopfield/dynamics';
import { hebbNetwork } from '../../../../engine/energy/hopfield/network';
import { criticalStorageCapacity, erf, oneStepErrorExact, oneStepErrorLargeN, steadyStateOverlap } from '../../../../engine/energy/hopfield/theory';
import { createRandom } from '../../../../engine/random/seeded';
import { useTestBackend } from '../../helpers/models';

beforeAll(useTestBackend);

const randomPatterns = (count: number, n: number, seed: number): Float32Array => {
  const random = createRandom(seed);
  return Float32Array.from({ length: count * n }, () => (random.next() < 0.5 ? -1 : 1));
};

describe('storage-capacity theory', () => {
  it('erf and α_c ≈ 0.1379 from eq. 3.41 (Mehlig eq. 3.42)', () => {
    expect(erf(1)).toBeCloseTo(0.8427007929497149, 6);
    expect(erf(-0.5)).toBeCloseTo(-0.5204998778130465, 6);
    expect(criticalStorageCapacity()).toBeCloseTo(0.1379, 4);
    expect(steadyStateOverlap(0.1)).toBeGreaterThan(0.99);
    expect(steadyStateOverlap(0.14)).toBe(0);
  });

  it('the exact binomial one-step error agrees with a direct float64 simulation at small N, for both diagonal conventions', () => {
    const random = createRandom(1);
    for (const [n, p, zeroDiagonal] of [[20, 6, true], [20, 6, false], [15, 9, true]] as [number, number, boolean][]) {
      let errors = 0;
      let bits = 0;
      for (let rep = 0; rep < 1500; rep++) {
        const x = Array.from({ length: p }, () => Array.from({ length: n }, () => (random.next() < 0.5 ? -1 : 1)));
        for (let nu = 0; nu < p; nu++) {
          for (let i = 0; i < n; i++) {
            let b = 0;
            for (let j = 0; j < n; j++) {
              if (zeroDiagonal && j === i) continue;
              for (let mu = 0; mu < p; mu++) b += x[mu][i] * x[mu][j] * x[nu][j];
            }
            if ((b >= 0 ? 1 : -1) !== x[nu][i]) errors++;
            bits++;
          }
        }
      }
      const exact = oneStepErrorExact(n, p, zeroDiagonal);
      expect(Math.abs(errors / bits - exact) / Math.sqrt((exact * (1 - exact)) / bits)).toBeLessThan(4);
    }
  });

  it('approaches eq. 2.39 as N grows at fixed α, with the zeroed diagonal', () => {
    for (const alpha of [0.1, 0.2]) {
      const large = oneStepErrorExact(200_000, Math.round(alpha * 200_000), true);
      expect(Math.abs(large / oneStepErrorLargeN(alpha) - 1)).toBeLessThan(0.01);
    }
  });
});

describe('Hopfield network of N = 1000 units with random patterns', () => {
  const n = 1000;

  it('measured one-step error probability matches the exact finite-N value at α = 0.05, 0.1, 0.2 for both diagonal conventions', async () => {
    const before = tf.memory().numTensors;
    const replicates: Record<number, number> = { 0.05: 8, 0.1: 4, 0.2: 2 };
    const lines: string[] = [];
    for (const alpha of [0.05, 0.1, 0.2]) {
      const p = Math.round(alpha * n);
      for (const zeroDiagonal of [true, false]) {
        // Errors of one pattern share its overlaps with all others, so the standard error comes from the spread of
        // the per-pattern error rates (patterns are nearly independent), floored by the binomial value.
        const perPattern: number[] = [];
        for (let r = 0; r < replicates[alpha]; r++) {
          const x = randomPatterns(p, n, 1000 * r + p);
          const network = hebbNetwork(x, p, { zeroDiagonal });
          // One synchronous step from every stored pattern at once: each bit is updated once.
          const run = await hopfieldRun(network, x, p, { update: 'synchronous', sweeps: 1 });
          for (let nu = 0; nu < p; nu++) {
            let wrong = 0;
            for (let i = 0; i < n; i++) if (run.states[nu * n + i] !== x[nu * n + i]) wrong++;
            perPattern.push(wrong / n);
          }
        }
        const bits = perPattern.length * n;
        const errors = Math.round(perPattern.reduce((a, b) => a + b, 0) * n);
        const exact = oneStepErrorExact(n, p, zeroDiagonal);
        const mean = errors / bits;
        const spread = perPattern.reduce((a, v) => a + (v - mean) ** 2, 0) / (perPattern.length - 1);
        const standardError = Math.max(Math.sqrt(spread / perPattern.length), Math.sqrt((exact * (1 - exact)) / bits));
        const measured = errors / bits;
        lines.push(
          `α = ${alpha} (${zeroDiagonal ? 'w_ii = 0, eq. 2.26' : 'w_ii = p/N, eq. 2.25'}): measured ${measured.toExponential(3)} ± ${standardError.toExponential(1)}` +
            ` (${errors} of ${bits} bits), exact ${exact.toExponential(3)}, Mehlig eq. 2.39 ${oneStepErrorLargeN(alpha).toExponential(3)}`,
        );
        expect(Math.abs(measured - exact), lines.at(-1)).toBeLessThan(4 * standardError + 1 / bits);
      }
    }
    console.log(`One-step error probability, N = ${n}:\n  ${lines.join('\n  ')}`);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('the steady-state overlap after asynchronous updates collapses as α passes α_c ≈ 0.14', async () => {
    const cues = 8;
    const overlapAt: Record<number, number> = {};
    for (const alpha of [0.08, 0.12, 0.2]) {
      const p = Math.round(alpha * n);
      const x = randomPatterns(p, n, 7 + p);
      const network = hebbNetwork(x, p);
      const run = await hopfieldRun(network, x.subarray(0, cues * n), cues, { update: 'asynchronous', seed: p, patterns: x, patternCount: p });
      expect(run.stable.every((s) => s === 1)).toBe(true);
      overlapAt[alpha] = Array.from({ length: cues }, (_, k) => run.overlaps![k * p + k]).reduce((a, b) => a + b, 0) / cues;
    }
    console.log(
      `Steady-state overlap m with the cued pattern, N = ${n} (α_c = ${criticalStorageCapacity().toFixed(4)}, eq. 3.41):\n  ` +
        Object.entries(overlapAt)
          .map(([alpha, m]) => `α = ${alpha}: m = ${m.toFixed(3)} (large-N eqs. 3.39c/3.41: ${steadyStateOverlap(Number(alpha)).toFixed(3)})`)
          .join('\n  '),
    );
    expect(overlapAt[0.08]).toBeGreaterThan(0.98);
    expect(overlapAt[0.12]).toBeGreaterThan(0.95);
    expect(overlapAt[0.2]).toBeLessThan(0.6);
  });
});
