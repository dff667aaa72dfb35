import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../../../engine/compiler/compile';
import type { EnergyModelSpec } from '../../../../engine/compiler/types';
import { meanFieldFixedPoint, meanFieldFreeEnergy, type MeanFieldArgs } from '../../../../engine/energy/meanfield/fixedPoint';
import { couplingClasses } from '../../../../engine/energy/meanfield/colouring';
import { chooseStorage } from '../../../../engine/energy/meanfield/layout';
import { fullyCoupledModel, layeredModel, mixedDiagram, randomParameters, rbmModel, useTestBackend } from '../../helpers/models';
import { meanFieldReference } from './reference';

beforeAll(useTestBackend);

const compiledMixed = (encoding: 'pm1' | 'binary01'): EnergyModelSpec => {
  const result = compile(mixedDiagram(encoding));
  if (!result.ok || result.model.type !== 'energy') throw new Error('mixed diagram did not compile to an energy model');
  return result.model;
};

const models: [string, EnergyModelSpec][] = [
  ['fully coupled 3+4 pm1', fullyCoupledModel(3, 4, 'pm1')],
  ['fully coupled 3+4 binary01', fullyCoupledModel(3, 4, 'binary01')],
  ['layered 5+4 pm1 (lateral blocks)', layeredModel(5, 4, 'pm1')],
  ['layered 4+3 binary01, hidden first', layeredModel(4, 3, 'binary01', true)],
  ['rbm 6+4 pm1', rbmModel(6, 4, 'pm1')],
  ['compiled mixed diagram binary01', compiledMixed('binary01')],
  ['compiled mixed diagram pm1', compiledMixed('pm1')],
];

/** Rows of random visible values in the model's encoding (±1 or 0/1). */
function visibleRows(model: EnergyModelSpec, rows: number, seed: number): Float32Array {
  let state = seed * 7919 + 17;
  const bit = (): number => ((state = (state * 1103515245 + 12345) % 2147483648) >> 16) & 1;
  return Float32Array.from({ length: rows * model.visibleIndices.length }, () => (bit() ? 1 : model.encoding === 'pm1' ? -1 : 0));
}

describe('mean-field fixed points satisfy their equations (float64 check)', () => {
  for (const [label, model] of models) {
    for (const update of ['sequential', 'synchronous'] as const) {
      for (const clamped of [false, true]) {
        it(`${label}, ${update}${clamped ? ', visible units clamped per pattern' : ''}`, () => {
          const tensorsBefore = tf.memory().numTensors;
          const params = randomParameters(model, model.unitCount * 13 + 1, 0.6, 0.4, true);
          const beta = 0.8;
          const batch = 5;
          const args: MeanFieldArgs = { beta, update, tolerance: 1e-7, maxIterations: 5000, seed: 3, batch, initialSpread: 0.8 };
          if (clamped) args.clamp = { units: model.visibleIndices, values: visibleRows(model, batch, model.unitCount) };
          const result = meanFieldFixedPoint(model, params, args);
          expect(tf.memory().numTensors).toBe(tensorsBefore);
          expect(result.converged).toBe(true);
          expect(result.shape).toEqual([batch, model.unitCount]);
          const reference = meanFieldReference(model, params);
          const n = model.unitCount;
          const clampSet = new Set(clamped ? model.visibleIndices : []);
          for (let p = 0; p < batch; p++) {
            const m = result.means.subarray(p * n, (p + 1) * n);
            expect(reference.residual(m, beta, clampSet)).toBeLessThan(1e-6);
            if (clamped) model.visibleIndices.forEach((u, k) => expect(m[u]).toBe(args.clamp!.values[p * model.visibleIndices.length + k]));
            expect(result.freeEnergies[p]).toBeCloseTo(reference.freeEnergy(m, beta), 4);
          }
        });
      }
    }
  }
});

describe('independent sets of the coupling graph', () => {
  it('never put two coupled units in one set and cover every unit once', () => {
    for (const [, model] of models) {
      const classes = couplingClasses(model.unitCount, model.weightBlocks);
      expect(classes.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: model.unitCount }, (_, i) => i));
      const params = randomParameters(model, 1);
      const reference = meanFieldReference(model, params);
      for (const c of classes) {
        for (const i of c) {
          const unit = new Float64Array(model.unitCount);
          unit[i] = 1;
          const h = reference.field(unit);
          for (const j of c) if (j !== i) expect(Math.abs(h[j] - reference.field(new Float64Array(model.unitCount))[j])).toBe(0);
        }
      }
    }
  });
  it('use two sets for an RBM and one per unit for a self-coupled layer', () => {
    expect(couplingClasses(10, rbmModel(6, 4).weightBlocks)).toEqual([[0, 1, 2, 3, 4, 5], [6, 7, 8, 9]]);
    expect(couplingClasses(9, layeredModel(5, 4).weightBlocks).length).toBe(9);
  });
});

describe('mean-field free energy', () => {
  it('matches the float64 formula for arbitrary means, without leaking tensors', () => {
    for (const [, model] of models) {
      const params = randomParameters(model, 5);
      const n = model.unitCount;
      const means = Float32Array.from({ length: 3 * n }, (_, k) => (model.encoding === 'pm1' ? Math.sin(k + 1) * 0.9 : 0.5 + 0.45 * Math.sin(k + 1)));
      const before = tf.memory().numTensors;
      const values = meanFieldFreeEnergy(model, params, means, [3, n], 0.7);
      expect(tf.memory().numTensors).toBe(before);
      const reference = meanFieldReference(model, params);
      for (let p = 0; p < 3; p++) expect(values[p]).toBeCloseTo(reference.freeEnergy(means.subarray(p * n, (p + 1) * n), 0.7), 4);
    }
  });
});

describe('coupling storage', () => {
  for (const [label, model] of models.filter(([l]) => !l.startsWith('fully'))) {
    it(`${label}: dense W and block products give the same fixed points`, () => {
      const params = randomParameters(model, 31, 0.7, 0.4, true);
      for (const update of ['sequential', 'synchronous'] as const) {
        const args: MeanFieldArgs = { beta: 1.1, update, batch: 4, seed: 9, initialSpread: 0.5, tolerance: 1e-7 };
        const dense = meanFieldFixedPoint(model, params, { ...args, storage: 'dense' });
        const before = tf.memory().numTensors;
        const blocks = meanFieldFixedPoint(model, params, { ...args, storage: 'blocks' });
        expect(tf.memory().numTensors).toBe(before);
        blocks.means.forEach((m, k) => expect(m).toBeCloseTo(dense.means[k], 5));
      }
    });
  }
});

describe('convergence report and input checks', () => {
  const model = layeredModel(4, 3, 'pm1');
  const params = randomParameters(model, 2);
  it('reports the iteration cap as not converged, with the residual at the returned means', () => {
    const result = meanFieldFixedPoint(model, params, { maxIterations: 2, beta: 3, initialSpread: 1, update: 'synchronous', damping: 0.9 });
    expect(result.iterations).toBe(2);
    expect(result.converged).toBe(false);
    const reference = meanFieldReference(model, params);
    expect(result.residual).toBeCloseTo(reference.residual(result.means, 3), 5);
  });
  it('counts annealing iterations apart from the final stage', () => {
    const result = meanFieldFixedPoint(model, params, { annealing: { temperatures: [4, 2, 1.5], iterationsPerStage: 3 } });
    expect(result.annealingIterations).toBe(9);
    expect(result.converged).toBe(true);
  });
  it('names what is wrong with bad arguments', () => {
    expect(() => meanFieldFixedPoint(model, params, { beta: 0 })).toThrow(/β must be positive/);
    expect(() => meanFieldFixedPoint(model, params, { damping: 1 })).toThrow(/Damping must lie in \[0, 1\)/);
    expect(() => meanFieldFixedPoint(model, params, { clamp: { units: [0, 9], values: new Float32Array(2) } })).toThrow(/unit 9 is not a unit/);
    expect(() => meanFieldFixedPoint(model, params, { clamp: { units: [0], values: Float32Array.of(0.5, 2) } })).toThrow(/must lie in \[-1, 1\]; got 2/);
    expect(() => meanFieldFixedPoint(model, params, { initial: new Float32Array(10) })).toThrow(/not a multiple of the model's 7 units/);
    expect(() => meanFieldFixedPoint(model, params, { batch: 2, initial: new Float32Array(7) })).toThrow(/initial describes 1 patterns but the batch is 2/);
    expect(() => meanFieldFixedPoint(model, { weights: {}, biases: params.biases })).toThrow(/lack weights for block 'vv'/);
    expect(() => meanFieldFixedPoint(model, params, { annealing: { temperatures: [1, -1] } })).toThrow(/positive and finite/);
  });
  it('clamps only the units marked present in each pattern (partial patterns)', () => {
    const clamp = { units: [0, 1], values: Float32Array.of(1, -1, 1, -1), present: Uint8Array.of(1, 1, 1, 0) };
    const result = meanFieldFixedPoint(model, params, { clamp, beta: 0.5, tolerance: 1e-7 });
    const reference = meanFieldReference(model, params);
    const n = model.unitCount;
    expect(Array.from(result.means.subarray(0, 2))).toEqual([1, -1]);
    expect(result.means[n]).toBe(1);
    expect(reference.residual(result.means.subarray(n), 0.5, new Set([0]))).toBeLessThan(1e-6);
  });
});

describe('models far beyond the 24-unit dense helper', () => {
  it('a 784×500 RBM (block storage, two independent sets): clamped and free fixed points satisfy their equations (float64 check from the blocks)', () => {
    const model = rbmModel(784, 500, 'binary01');
    expect(chooseStorage(model)).toBe('blocks');
    const params = randomParameters(model, 5, 0.05, 0.2);
    const w = params.weights['r#internal'];
    const b = params.biases.r;
    const batch = 3;
    const before = tf.memory().numTensors;
    const clamp = { units: model.visibleIndices, values: Float32Array.from({ length: batch * 784 }, (_, k) => (Math.sin(k * 1.7) > 0 ? 1 : 0)) };
    for (const args of [{ clamp }, { batch, update: 'sequential' as const }, { batch, update: 'synchronous' as const }]) {
      // float32 fields of 784 terms bottom out near 1.2e-7, so 1e-7 is out of reach here; 5e-7 leaves the 1e-6 check a margin.
      const result = meanFieldFixedPoint(model, params, { ...args, tolerance: 5e-7, seed: 4, initialSpread: 0.6 });
      expect(result.converged).toBe(true);
      const n = model.unitCount;
      let worst = 0;
      for (let p = 0; p < batch; p++) {
        const mu = result.means.subarray(p * n, (p + 1) * n);
        for (let j = 0; j < 500; j++) {
          let field = b[784 + j];
          for (let i = 0; i < 784; i++) field += w[i * 500 + j] * mu[i];
          worst = Math.max(worst, Math.abs(mu[784 + j] - 1 / (1 + Math.exp(-field))));
        }
        if (args.clamp) continue;
        for (let i = 0; i < 784; i++) {
          let field = b[i];
          for (let j = 0; j < 500; j++) field += w[i * 500 + j] * mu[784 + j];
          worst = Math.max(worst, Math.abs(mu[i] - 1 / (1 + Math.exp(-field))));
        }
      }
      expect(worst).toBeLessThan(1e-6);
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
