import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { hopfieldRun } from '../../../../engine/energy/hopfield/dynamics';
import { hebbNetwork, hopfieldEnergy, hopfieldFromWeights, patternOverlaps, type HopfieldNetwork } from '../../../../engine/energy/hopfield/network';
import { corruptPatterns, hopfieldRetrieve } from '../../../../engine/energy/hopfield/retrieve';
import { createRandom } from '../../../../engine/random/seeded';
import { useTestBackend } from '../../helpers/models';

beforeAll(useTestBackend);

const randomPatterns = (count: number, n: number, seed: number): Float32Array => {
  const random = createRandom(seed);
  return Float32Array.from({ length: count * n }, () => (random.next() < 0.5 ? -1 : 1));
};

/** A random symmetric network with thresholds (float weights, zero diagonal). */
function randomNetwork(n: number, seed: number, thresholdScale = 0.3): HopfieldNetwork {
  const random = createRandom(seed);
  const w = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const v = random.normal() / Math.sqrt(n);
      w[i * n + j] = v;
      w[j * n + i] = v;
    }
  }
  return hopfieldFromWeights(w, n, Float32Array.from({ length: n }, () => thresholdScale * random.normal()));
}

/** b_i = Σ_j w_ij s_j − θ_i in float64. */
function fieldOf(net: HopfieldNetwork, s: ArrayLike<number>, i: number): number {
  const n = net.unitCount;
  let b = 0;
  for (let j = 0; j < n; j++) b += net.couplings[i * n + j] * s[j];
  return b * net.couplingScale - net.thresholds[i];
}

const sgn = (b: number): number => (b >= 0 ? 1 : -1);

/** Asynchronous deterministic dynamics in cyclic order, one unit at a time (Mehlig eq. 2.5), until a sweep changes nothing. */
function referenceAsynchronous(net: HopfieldNetwork, start: ArrayLike<number>, clamped?: Uint8Array): number[] {
  const s = Array.from(start);
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = 0; i < net.unitCount; i++) {
      if (clamped?.[i]) continue;
      const next = sgn(fieldOf(net, s, i));
      if (next !== s[i]) [s[i], changed] = [next, true];
    }
  }
  return s;
}

describe("Hebb's rule", () => {
  it('stores w_ij = N⁻¹ Σ_µ x_i x_j with the diagonal zeroed (eq. 2.26) or kept (eq. 2.25)', () => {
    const n = 12;
    const x = randomPatterns(4, n, 1);
    const before = tf.memory().numTensors;
    const zeroed = hebbNetwork(x, 4);
    const kept = hebbNetwork(x, 4, { zeroDiagonal: false });
    expect(tf.memory().numTensors).toBe(before);
    expect(zeroed.couplingScale).toBe(1 / n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let mu = 0; mu < 4; mu++) sum += x[mu * n + i] * x[mu * n + j];
        expect(kept.couplings[i * n + j]).toBe(sum);
        expect(zeroed.couplings[i * n + j]).toBe(i === j ? 0 : sum);
      }
    }
    expect(kept.couplings[0]).toBe(4);
    expect(Array.from(zeroed.thresholds)).toEqual(new Array(n).fill(0));
  });

  it('refuses patterns that are not ±1 rows', () => {
    expect(() => hebbNetwork(Float32Array.of(1, 0, 1, 1), 2)).toThrow(/value 0 at row 0 is not ±1; map 0\/1 bits with x = 2b − 1/);
    expect(() => hebbNetwork(Float32Array.of(1, -1, 1), 2)).toThrow(/3 values do not split into 2 equal rows/);
    expect(() => hebbNetwork(new Float32Array(0), 0)).toThrow(/count must be a whole number ≥ 1/);
  });

  it('few stored patterns are fixed points with energy −½ Σ w s s (eq. 2.43) and overlap 1 with themselves', async () => {
    const n = 100;
    const x = randomPatterns(3, n, 2);
    const net = hebbNetwork(x, 3);
    const before = tf.memory().numTensors;
    const run = await hopfieldRun(net, x, 3, { update: 'synchronous', patterns: x, patternCount: 3 });
    expect(run.sweeps).toBe(1);
    expect(Array.from(run.stable)).toEqual([1, 1, 1]);
    expect(Array.from(run.states)).toEqual(Array.from(x));
    const energies = hopfieldEnergy(net, x, 3);
    const overlaps = patternOverlaps(x, 3, x, 3);
    expect(tf.memory().numTensors).toBe(before);
    for (let mu = 0; mu < 3; mu++) {
      let h = 0;
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) h -= 0.5 * (net.couplings[i * n + j] / n) * x[mu * n + i] * x[mu * n + j];
      expect(energies[mu]).toBeCloseTo(h, 3);
      expect(run.energies[mu]).toBeCloseTo(h, 3);
      expect(overlaps[mu * 3 + mu]).toBe(1);
      expect(run.overlaps![mu * 3 + mu]).toBe(1);
    }
  });
});

describe('Hopfield dynamics', () => {
  const n = 40;
  const net = randomNetwork(n, 3);
  const starts = randomPatterns(12, n, 4);

  it('asynchronous updates in cyclic order equal the one-unit-at-a-time reference exactly', async () => {
    const before = tf.memory().numTensors;
    const run = await hopfieldRun(net, starts, 12, { update: 'asynchronous', order: 'cyclic' });
    expect(tf.memory().numTensors).toBe(before);
    for (let c = 0; c < 12; c++) expect(Array.from(run.states.subarray(c * n, (c + 1) * n))).toEqual(referenceAsynchronous(net, starts.subarray(c * n, (c + 1) * n)));
    expect(run.stable.every((v) => v === 1)).toBe(true);
  });

  it('asynchronous updates in random order end at fixed points with lower energy (eq. 2.49), holding clamped units', async () => {
    const clampMask = new Uint8Array(n);
    for (let i = 0; i < n; i += 5) clampMask[i] = 1;
    const run = await hopfieldRun(net, starts, 12, { update: 'asynchronous', seed: 5, clampMask });
    const startEnergies = hopfieldEnergy(net, starts, 12);
    for (let c = 0; c < 12; c++) {
      const s = run.states.subarray(c * n, (c + 1) * n);
      for (let i = 0; i < n; i++) {
        if (clampMask[i]) expect(s[i]).toBe(starts[c * n + i]);
        else expect(s[i]).toBe(sgn(fieldOf(net, s, i)));
      }
      expect(run.energies[c]).toBeLessThanOrEqual(startEnergies[c] + 1e-5);
    }
    const reference = referenceAsynchronous(net, starts.subarray(0, n), clampMask);
    const cyclic = await hopfieldRun(net, starts.subarray(0, n), 1, { update: 'asynchronous', order: 'cyclic', clampMask });
    expect(Array.from(cyclic.states)).toEqual(reference);
  });

  it('synchronous updates apply s ← sgn(b) to all free units at once (eq. 2.4), clamped per state', async () => {
    const clampMask = new Uint8Array(12 * n);
    for (let c = 0; c < 12; c++) clampMask[c * n + c] = 1;
    const run = await hopfieldRun(net, starts, 12, { update: 'synchronous', sweeps: 1, clampMask });
    expect(run.sweeps).toBe(1);
    for (let c = 0; c < 12; c++) {
      const s0 = starts.subarray(c * n, (c + 1) * n);
      for (let i = 0; i < n; i++) expect(run.states[c * n + i]).toBe(i === c ? s0[i] : sgn(fieldOf(net, s0, i)));
    }
  });

  it('zero local fields give +1 (sgn(0) = +1, eq. 1.3) exactly with Hebb weights', async () => {
    // Two orthogonal patterns of 4 bits: every field of the mixed state below is exactly 0.
    const x = Float32Array.of(1, 1, 1, 1, 1, -1, 1, -1);
    const hebb = hebbNetwork(x, 2, { zeroDiagonal: false });
    const run = await hopfieldRun(hebb, Float32Array.of(1, -1, -1, 1), 1, { update: 'synchronous', sweeps: 1 });
    // b = (x¹·s) x¹/N + (x²·s) x²/N = 0 for s = (1, −1, −1, 1).
    expect(Array.from(run.states)).toEqual([1, 1, 1, 1]);
  });

  it('tiny local fields still decide by their sign', async () => {
    // b = ±1e-9 for every unit: the wasm sign kernel would round these to 0.
    const tiny = hopfieldFromWeights(Float32Array.of(0, 1e-9, 1e-9, 0), 2);
    for (const update of ['synchronous', 'asynchronous'] as const) {
      const run = await hopfieldRun(tiny, Float32Array.of(-1, -1, 1, -1), 2, { update, sweeps: 1, order: 'cyclic' });
      // Synchronous: both units follow the other's old state; cyclic asynchronous: unit 0 turns to −1 first, then unit 1 follows it.
      expect(Array.from(run.states)).toEqual(update === 'synchronous' ? [-1, -1, -1, 1] : [-1, -1, -1, -1]);
    }
  });

  it('stochastic updates (eq. 3.1) sample P(s) ∝ e^{−βH(s)}: marginals and correlations of 2048 chains match exact enumeration', async () => {
    const m = 8;
    const small = randomNetwork(m, 6, 0.5);
    const beta = 0.8;
    const chains = 2048;
    const before = tf.memory().numTensors;
    const run = await hopfieldRun(small, randomPatterns(chains, m, 7), chains, { update: 'stochastic', beta, sweeps: 25, seed: 8 });
    expect(tf.memory().numTensors).toBe(before);
    expect(run.sweeps).toBe(25);
    // Exact moments by enumerating the 2^8 states.
    const z = { total: 0, mean: new Float64Array(m), corr: new Float64Array(m * m) };
    for (let k = 0; k < 2 ** m; k++) {
      const s = Array.from({ length: m }, (_, i) => ((k >> i) & 1 ? 1 : -1));
      let h = 0;
      for (let i = 0; i < m; i++) h += 0.5 * -fieldOf(small, s, i) * s[i] - 0.5 * small.thresholds[i] * s[i] + small.thresholds[i] * s[i];
      const w = Math.exp(-beta * h);
      z.total += w;
      for (let i = 0; i < m; i++) {
        z.mean[i] += w * s[i];
        for (let j = 0; j < m; j++) z.corr[i * m + j] += w * s[i] * s[j];
      }
    }
    for (let i = 0; i < m; i++) {
      const values = Array.from({ length: chains }, (_, c) => run.states[c * m + i]);
      const mean = values.reduce((a, b) => a + b, 0) / chains;
      const se = Math.sqrt((1 - mean * mean) / chains);
      expect(Math.abs(mean - z.mean[i] / z.total) / se).toBeLessThan(4);
      for (let j = i + 1; j < m; j++) {
        const products = Array.from({ length: chains }, (_, c) => run.states[c * m + i] * run.states[c * m + j]);
        const pm = products.reduce((a, b) => a + b, 0) / chains;
        expect(Math.abs(pm - z.corr[i * m + j] / z.total) / Math.sqrt((1 - pm * pm) / chains)).toBeLessThan(4);
      }
    }
  });

  it('the time-averaged overlap m_1(T) (eq. 3.9) stays ordered at low noise and melts for β < 1 (mean field: m = tanh(βm))', async () => {
    const n = 400;
    const x = randomPatterns(3, n, 14);
    const hebb = hebbNetwork(x, 3);
    const cue = x.subarray(0, n);
    const start = Float32Array.from({ length: 4 * n }, (_, k) => cue[k % n]);
    const cold = await hopfieldRun(hebb, start, 4, { update: 'stochastic', beta: 4, sweeps: 30, seed: 15, patterns: x, patternCount: 3 });
    const hot = await hopfieldRun(hebb, start, 4, { update: 'stochastic', beta: 0.5, sweeps: 30, seed: 16, patterns: x, patternCount: 3 });
    for (let c = 0; c < 4; c++) {
      // tanh(4m) = m gives m ≈ 0.9993; with β = 0.5 only m = 0 solves it, up to N^{-1/2} fluctuations and the first sweeps' memory.
      expect(cold.averageOverlaps![c * 3]).toBeGreaterThan(0.97);
      expect(Math.abs(hot.averageOverlaps![c * 3])).toBeLessThan(0.15);
    }
  });

  it('refuses bad settings with errors that name the problem', async () => {
    await expect(hopfieldRun(net, starts, 12, { sweeps: 0 })).rejects.toThrow(/Sweeps must be a whole number ≥ 1; got 0/);
    await expect(hopfieldRun(net, starts, 12, { update: 'stochastic', beta: -1 })).rejects.toThrow(/noise parameter β must be positive and finite; got -1/);
    await expect(hopfieldRun(net, starts.subarray(0, 2 * 10), 2)).rejects.toThrow(/Initial states have 10 units; the network has 40/);
    await expect(hopfieldRun(net, starts, 12, { clampMask: new Uint8Array(3) })).rejects.toThrow(/clampMask has 3 entries/);
  });
});

describe('retrieval from corrupted patterns', () => {
  it('corruptPatterns flips exactly round(qN) bits, never kept ones', () => {
    const x = randomPatterns(5, 50, 9);
    const keep = new Uint8Array(50).fill(1, 0, 10);
    const cues = corruptPatterns(x, 5, 0.2, 1, keep);
    for (let r = 0; r < 5; r++) {
      let flipped = 0;
      for (let i = 0; i < 50; i++) {
        if (cues[r * 50 + i] !== x[r * 50 + i]) {
          flipped++;
          expect(i).toBeGreaterThanOrEqual(10);
        }
      }
      expect(flipped).toBe(10);
    }
  });

  it('a 200-unit network with 6 patterns corrects 20 % distortion for every pattern (eq. 2.7)', async () => {
    const n = 200;
    const x = randomPatterns(6, n, 10);
    const net = hebbNetwork(x, 6);
    const before = tf.memory().numTensors;
    const result = await hopfieldRetrieve(net, x, 6, { distortion: 0.2, seed: 11 });
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(result.retrieved)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(Array.from(result.targetOverlaps)).toEqual([1, 1, 1, 1, 1, 1]);
    const cueOverlaps = patternOverlaps(result.cues, 6, x, 6);
    for (let k = 0; k < 6; k++) expect(cueOverlaps[k * 6 + k]).toBeCloseTo(0.6, 6);
  });

  it('clamped units hold the known half of a pattern while the rest is completed', async () => {
    const n = 100;
    const x = randomPatterns(4, n, 12);
    const net = hebbNetwork(x, 4);
    const clampMask = new Uint8Array(n).fill(1, 0, 50);
    const result = await hopfieldRetrieve(net, x, 4, { distortion: 0.45, seed: 13, clampMask, patternIndices: [2, 3], update: 'synchronous' });
    expect(Array.from(result.targets)).toEqual([2, 3]);
    expect(Array.from(result.retrieved)).toEqual([1, 1]);
    for (let k = 0; k < 2; k++) for (let i = 0; i < 50; i++) expect(result.cues[k * n + i]).toBe(x[(k + 2) * n + i]);
  });
});
