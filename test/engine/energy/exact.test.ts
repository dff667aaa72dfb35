import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../../engine/compiler/compile';
import type { EnergyModelSpec } from '../../../engine/compiler/types';
import {
  allPatterns,
  exactClampedSummary,
  exactKlDivergence,
  exactModelStatistics,
  exactStateProbabilities,
  exactVisibleDistribution,
  exactVisibleLogProbabilities,
} from '../../../engine/energy/exact';
import { initialParameters } from '../../../engine/model/parameters';
import { bruteForce, maxRelativeError } from '../helpers/bruteForce';
import { datasetFromRows, fullyCoupledModel, layeredModel, randomDataset, randomParameters, rbmModel, useTestBackend, xorDiagram } from '../helpers/models';

beforeAll(useTestBackend);

// float32 enumeration against float64 brute force: 1e-4 relative (|x| ≥ 1) or absolute (|x| < 1).
const TOLERANCE = 1e-4;

const cases: [string, EnergyModelSpec][] = [
  ['fully coupled 2+1 pm1', fullyCoupledModel(2, 1, 'pm1')],
  ['fully coupled 3+4 pm1 (XOR machine)', fullyCoupledModel(3, 4, 'pm1')],
  ['fully coupled 3+2 binary01', fullyCoupledModel(3, 2, 'binary01')],
  ['layered 4+3 pm1', layeredModel(4, 3, 'pm1')],
  ['layered 3+3 binary01, hidden first', layeredModel(3, 3, 'binary01', true)],
  ['rbm 5+3 pm1', rbmModel(5, 3, 'pm1')],
  ['rbm 4+2 binary01', rbmModel(4, 2, 'binary01')],
  ['layered 8+0 pm1 (no hidden units)', layeredModel(8, 0, 'pm1')],
];

describe('exact enumeration against a naive float64 enumeration', () => {
  for (const [label, model] of cases) {
    for (const beta of [1, 0.5]) {
      it(`${label}, β = ${beta}, freeing every tensor it made`, () => {
        const tensorsBefore = tf.memory().numTensors;
        const params = randomParameters(model, model.unitCount * 7 + beta * 10, 0.6, 0.4, true);
        const reference = bruteForce(model, params, beta);
        const stats = exactModelStatistics(model, params, beta);
        expect(Math.abs(stats.logPartition - reference.logZ)).toBeLessThan(TOLERANCE * Math.max(1, Math.abs(reference.logZ)));
        expect(stats.freeEnergy).toBeCloseTo(-stats.logPartition / beta, 10);
        expect(maxRelativeError(stats.meanStates, reference.means)).toBeLessThan(TOLERANCE);
        expect(maxRelativeError(stats.correlations, reference.correlations)).toBeLessThan(TOLERANCE);

        const probabilities = exactStateProbabilities(model, params, beta);
        expect(probabilities.length).toBe(2 ** model.unitCount);
        probabilities.forEach((p, k) => expect(Math.abs(p - reference.probabilities[k])).toBeLessThan(TOLERANCE * reference.probabilities[k] + 1e-7));

        const width = model.visibleIndices.length;
        const patterns = allPatterns(width);
        const logPv = exactVisibleLogProbabilities(model, params, patterns, 2 ** width, beta);
        const expected = Array.from({ length: 2 ** width }, (_, p) => reference.logProbabilityOf(patterns.subarray(p * width, (p + 1) * width)));
        expect(maxRelativeError(logPv, expected)).toBeLessThan(TOLERANCE);
        const visible = exactVisibleDistribution(model, params, beta);
        expect(visible.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
        expect(maxRelativeError(visible, expected.map(Math.exp))).toBeLessThan(TOLERANCE);
        expect(tf.memory().numTensors).toBe(tensorsBefore);
      });
    }
  }

  it('gives conditional means ⟨s | v⟩ equal to the naive ones, with the visible units at their clamped values', () => {
    const model = layeredModel(3, 4, 'binary01');
    const params = randomParameters(model, 3, 0.8);
    const reference = bruteForce(model, params);
    const patterns = allPatterns(3);
    const summary = exactClampedSummary(model, params, patterns, 8);
    for (let p = 0; p < 8; p++) {
      const bits = patterns.subarray(p * 3, p * 3 + 3);
      const means = summary.conditionalMeans.subarray(p * model.unitCount, (p + 1) * model.unitCount);
      expect(maxRelativeError(means, reference.conditionalMeans(bits))).toBeLessThan(TOLERANCE);
      model.visibleIndices.forEach((unit, k) => expect(means[unit]).toBeCloseTo(bits[k], 5));
    }
  });
});

describe('KL(P_data ‖ P_model)', () => {
  it('matches Σ P_data log(P_data / P_model) by brute force, counting repeated rows as frequencies', () => {
    const model = fullyCoupledModel(3, 2, 'pm1');
    const params = randomParameters(model, 8);
    const data = datasetFromRows([[0, 0, 1], [0, 0, 1], [1, 1, 0], [0, 1, 0]]);
    const reference = bruteForce(model, params);
    const expected =
      0.5 * Math.log(0.5 / Math.exp(reference.logProbabilityOf([0, 0, 1]))) +
      0.25 * Math.log(0.25 / Math.exp(reference.logProbabilityOf([1, 1, 0]))) +
      0.25 * Math.log(0.25 / Math.exp(reference.logProbabilityOf([0, 1, 0])));
    expect(exactKlDivergence(model, params, data)).toBeCloseTo(expected, 4);
  });

  it('is ≥ 0 for random models and datasets', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const model = layeredModel(4, 2, seed % 2 ? 'pm1' : 'binary01');
      expect(exactKlDivergence(model, randomParameters(model, seed, 1), randomDataset(4, 10, seed))).toBeGreaterThanOrEqual(-1e-6);
    }
  });

  it('is 0 when the data distribution equals the model distribution', () => {
    // Zero parameters give the uniform P(v) = 2^−V (hidden units sum out to a constant); the data holds every pattern once.
    const model = layeredModel(3, 2, 'pm1');
    const params = initialParameters(model, 1, 0);
    const rows = Array.from({ length: 8 }, (_, p) => [p & 1, (p >> 1) & 1, (p >> 2) & 1]);
    expect(Math.abs(exactKlDivergence(model, params, datasetFromRows(rows)))).toBeLessThan(1e-6);
    // A single pattern: KL = −log P(v) = log 8.
    expect(exactKlDivergence(model, params, datasetFromRows([[1, 0, 1]]))).toBeCloseTo(Math.log(8), 5);
  });

  it('names the mismatch when the dataset width differs from the visible units', () => {
    const model = layeredModel(3, 2);
    expect(() => exactKlDivergence(model, initialParameters(model, 1), randomDataset(4, 2, 1))).toThrow(/4 columns but the model has 3 visible units/);
  });
});

describe('compiled diagrams', () => {
  it('the compiled XOR example has the layout and statistics of the hand-built test model', () => {
    const result = compile(xorDiagram());
    if (!result.ok || result.model.type !== 'energy') throw new Error('XOR diagram did not compile to an energy model');
    const handBuilt = fullyCoupledModel(3, 4, 'pm1');
    expect(result.model.visibleIndices).toEqual(handBuilt.visibleIndices);
    expect(result.model.weightBlocks.map((b) => b.key).sort()).toEqual(handBuilt.weightBlocks.map((b) => b.key).sort());
    const params = randomParameters(handBuilt, 6);
    const a = exactModelStatistics(result.model, params);
    const b = exactModelStatistics(handBuilt, params);
    expect(a.logPartition).toBeCloseTo(b.logPartition, 5);
    expect(maxRelativeError(a.correlations, b.correlations)).toBeLessThan(1e-6);
  });
});

describe('size limit', () => {
  it('refuses more than 24 units, naming the unit count and the limit', () => {
    const model = layeredModel(20, 5);
    expect(() => exactModelStatistics(model, initialParameters(model, 1))).toThrow(/at most 24 units .* this model has 25 units/);
  });
});
