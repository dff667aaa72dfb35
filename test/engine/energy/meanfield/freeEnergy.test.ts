import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EnergyModelSpec } from '../../../../engine/compiler/types';
import { exactClampedSummary, exactModelStatistics } from '../../../../engine/energy/exact';
import { meanFieldFixedPoint, meanFieldFreeEnergy } from '../../../../engine/energy/meanfield/fixedPoint';
import { geometricTemperatures } from '../../../../engine/energy/meanfield/schedule';
import { denseCouplings } from '../../../../engine/energy/dense';
import type { ModelParameters } from '../../../../engine/model/parameters';
import { createRandom } from '../../../../engine/random/seeded';
import { bruteForce } from '../../helpers/bruteForce';
import { fullyCoupledModel, layeredModel, randomParameters, rbmModel, useTestBackend } from '../../helpers/models';
import { meanFieldReference } from './reference';

beforeAll(useTestBackend);

const scaled = (params: ModelParameters, factor: number): ModelParameters => ({
  weights: Object.fromEntries(Object.entries(params.weights).map(([k, v]) => [k, v.map((x) => x * factor)])),
  biases: params.biases,
});

describe('mean-field free energy against exact enumeration', () => {
  const cases: [string, EnergyModelSpec][] = [
    ['fully coupled 3+4 pm1', fullyCoupledModel(3, 4, 'pm1')],
    ['layered 4+4 binary01', layeredModel(4, 4, 'binary01')],
    ['rbm 5+3 pm1', rbmModel(5, 3, 'pm1')],
  ];
  for (const [label, model] of cases) {
    it(`${label}: F_MF ≥ −β⁻¹ ln Z, free and clamped (Gibbs–Bogoliubov)`, () => {
      const params = randomParameters(model, 21, 0.7, 0.5);
      for (const beta of [0.5, 1, 2]) {
        const free = meanFieldFixedPoint(model, params, { beta, tolerance: 1e-7 });
        const exact = exactModelStatistics(model, params, beta);
        expect(free.freeEnergies[0]).toBeGreaterThanOrEqual(exact.freeEnergy - 1e-4);
        const rows = model.encoding === 'pm1' ? [-1, 1, 1, -1, 1, -1, -1, -1] : [0, 1, 1, 0, 1, 0, 0, 0];
        const v = model.visibleIndices.length;
        const patterns = Uint8Array.from({ length: 2 * v }, (_, k) => (rows[k % rows.length] > 0 ? 1 : 0));
        const clamp = { units: model.visibleIndices, values: Float32Array.from(patterns, (b) => (b ? 1 : model.encoding === 'pm1' ? -1 : 0)) };
        const clamped = meanFieldFixedPoint(model, params, { beta, clamp, tolerance: 1e-7 });
        const summary = exactClampedSummary(model, params, patterns, 2, beta);
        for (let p = 0; p < 2; p++) {
          const exactClamped = -(summary.logProbabilities[p] + exact.logPartition) / beta;
          expect(clamped.freeEnergies[p]).toBeGreaterThanOrEqual(exactClamped - 1e-4);
        }
      }
    });
  }

  it('approaches the exact free energy as βW → 0, the gap tending to the Onsager term ½β Σ_{i<j} w_ij²(1 − m_i²)(1 − m_j²)', () => {
    const model = fullyCoupledModel(3, 4, 'pm1');
    const base = randomParameters(model, 8, 1, 0.3);
    const n = model.unitCount;
    const gaps: number[] = [];
    for (const epsilon of [0.2, 0.1, 0.05]) {
      const params = scaled(base, epsilon);
      const result = meanFieldFixedPoint(model, params, { beta: 1, tolerance: 1e-7 });
      const exactF = -bruteForce(model, params).logZ;
      const gap = result.freeEnergies[0] - exactF;
      const w = denseCouplings(model, params).couplings;
      const m = result.means;
      let onsager = 0;
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) onsager += 0.5 * w[i * n + j] ** 2 * (1 - m[i] ** 2) * (1 - m[j] ** 2);
      gaps.push(gap);
      expect(gap).toBeGreaterThan(0);
      // Next Plefka order is O(ε³) against the O(ε²) Onsager term: the ratio's error shrinks ∝ ε.
      expect(Math.abs(gap / onsager - 1)).toBeLessThan(2 * epsilon);
    }
    expect(gaps[1] / gaps[0]).toBeCloseTo(0.25, 1);
    expect(gaps[2] / gaps[1]).toBeCloseTo(0.25, 1);
  });
});

describe('stationary points of F_MF are the fixed points', () => {
  for (const encoding of ['pm1', 'binary01'] as const) {
    it(`${encoding}: ∇F_MF vanishes at a fixed point and F_MF rises under small perturbations`, () => {
      const model = layeredModel(4, 3, encoding);
      const params = randomParameters(model, 4, 0.8, 0.4);
      const beta = 1.3;
      const result = meanFieldFixedPoint(model, params, { beta, tolerance: 1e-7, batch: 3, initialSpread: 0.9, seed: 2 });
      const reference = meanFieldReference(model, params);
      const n = model.unitCount;
      const random = createRandom(11);
      for (let p = 0; p < 3; p++) {
        const m = Array.from(result.means.subarray(p * n, (p + 1) * n));
        const gradient = reference.gradient(m, beta);
        // Scaled by 1 − m² (μ(1 − μ) for 0/1): near saturation the entropy's slope atanh'(m) = 1/(1 − m²) amplifies float32 rounding of m.
        const curvature = (x: number): number => (encoding === 'pm1' ? 1 - x * x : x * (1 - x));
        expect(Math.max(...gradient.map((g, i) => Math.abs(g) * curvature(m[i])))).toBeLessThan(1e-6);
        const f0 = reference.freeEnergy(m, beta);
        for (let trial = 0; trial < 10; trial++) {
          const moved = m.map((x) => Math.min(0.999, Math.max(encoding === 'pm1' ? -0.999 : 0.001, x + 1e-3 * random.normal())));
          expect(reference.freeEnergy(moved, beta)).toBeGreaterThan(f0 - 1e-12);
        }
        const away = m.map((x) => (encoding === 'pm1' ? 0.5 * x : 0.5 * x + 0.25));
        expect(Math.max(...reference.gradient(away, beta).map((g, i) => Math.abs(g) * curvature(away[i])))).toBeGreaterThan(1e-2);
      }
    });
  }
});

describe('unit encodings', () => {
  it('a 0/1 machine and its ±1 image (J = W/4, h = b/2 + W·1/4) have the same fixed point m = 2μ − 1, F_MF shifted by −⅛·1ᵀW1 − ½·bᵀ1', () => {
    const binary = fullyCoupledModel(3, 3, 'binary01');
    const spins = fullyCoupledModel(3, 3, 'pm1');
    const params = randomParameters(binary, 6, 1.2, 0.6);
    const dense = denseCouplings(binary, params);
    const n = binary.unitCount;
    const image: ModelParameters = { weights: {}, biases: {} };
    for (const b of spins.weightBlocks) image.weights[b.key] = params.weights[b.key].map((w) => w / 4);
    let shift = 0;
    for (const bias of spins.biasBlocks) {
      const i = bias.range.start;
      let rowSum = 0;
      for (let j = 0; j < n; j++) rowSum += dense.couplings[i * n + j];
      image.biases[bias.nodeId] = Float32Array.of(params.biases[bias.nodeId][0] / 2 + rowSum / 4);
      shift += -rowSum / 8 - dense.biases[i] / 2;
    }
    const initial01 = Float32Array.from({ length: 4 * n }, (_, k) => 0.5 + 0.4 * Math.sin(3 * k + 1));
    const a = meanFieldFixedPoint(binary, params, { beta: 1.5, initial: initial01, tolerance: 1e-7 });
    const b = meanFieldFixedPoint(spins, image, { beta: 1.5, initial: initial01.map((x) => 2 * x - 1), tolerance: 1e-7 });
    a.means.forEach((mu, k) => expect(2 * mu - 1).toBeCloseTo(b.means[k], 5));
    a.freeEnergies.forEach((f, p) => expect(f).toBeCloseTo(b.freeEnergies[p] + shift, 4));
  });
});

describe('deterministic annealing', () => {
  it('reaches a lower F_MF than cold starts at the final β on a frustrated random net (SK couplings)', () => {
    const n = 48;
    const model = layeredModel(n, 0, 'pm1');
    const random = createRandom(2024);
    const lateral = new Float32Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) lateral[i * n + j] = lateral[j * n + i] = random.normal() / Math.sqrt(n);
    }
    const params: ModelParameters = {
      weights: { vv: lateral, vh: new Float32Array(0) },
      biases: { v: Float32Array.from({ length: n }, () => 0.05 * random.normal()), h: new Float32Array(0) },
    };
    const beta = 4;
    const before = tf.memory().numTensors;
    const cold = meanFieldFixedPoint(model, params, { beta, batch: 64, initialSpread: 1, seed: 1, maxIterations: 2000 });
    const annealed = meanFieldFixedPoint(model, params, {
      beta,
      annealing: { temperatures: geometricTemperatures(2, 0.25, 30), iterationsPerStage: 5 },
      seed: 1,
      maxIterations: 2000,
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(cold.converged && annealed.converged).toBe(true);
    const coldMean = cold.freeEnergies.reduce((a, f) => a + f, 0) / cold.freeEnergies.length;
    const coldBest = Math.min(...cold.freeEnergies);
    console.log(`SK N=${n}, β=${beta}: annealed F_MF ${annealed.freeEnergies[0].toFixed(4)}; 64 cold starts mean ${coldMean.toFixed(4)}, best ${coldBest.toFixed(4)}`);
    expect(annealed.freeEnergies[0]).toBeLessThan(coldMean);
    expect(meanFieldFreeEnergy(model, params, annealed.means, annealed.shape, beta)[0]).toBeCloseTo(annealed.freeEnergies[0], 4);
  });
});
