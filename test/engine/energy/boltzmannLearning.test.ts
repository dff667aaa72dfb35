import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EnergyModelSpec } from '../../../engine/compiler/types';
import { builtinDataset } from '../../../engine/data/builtin';
import {
  BOLTZMANN_EXACT_DEFAULTS,
  createBoltzmannPlans,
  evaluatePhases,
  learningDirection,
  startBoltzmannExact,
} from '../../../engine/energy/boltzmannLearning';
import { denseCouplings } from '../../../engine/energy/dense';
import { exactKlDivergence } from '../../../engine/energy/exact';
import { cloneParameters, type ModelParameters } from '../../../engine/model/parameters';
import { meanLogLikelihood } from '../helpers/bruteForce';
import { datasetFromRows, fullyCoupledModel, layeredModel, randomDataset, randomParameters, rbmModel, useTestBackend } from '../helpers/models';

beforeAll(useTestBackend);

/**
 * Central finite difference of the brute-force mean log-likelihood; a lateral pair (i,j),(j,i) moves together (one symmetric weight).
 * Steps are taken on float64 copies so that ±1e-4 is not rounded to float32.
 */
function finiteDifference(model: EnergyModelSpec, params: ModelParameters, data: ReturnType<typeof randomDataset>, h = 1e-4): ModelParameters {
  const at = (mutate: (p: ModelParameters, sign: number) => void): number => {
    const plus = float64Copy(params);
    const minus = float64Copy(params);
    mutate(plus, 1);
    mutate(minus, -1);
    return (meanLogLikelihood(model, plus, data) - meanLogLikelihood(model, minus, data)) / (2 * h);
  };
  const gradient: ModelParameters = { weights: {}, biases: {} };
  for (const block of model.weightBlocks) {
    const [rows, cols] = block.shape;
    gradient.weights[block.key] = new Float32Array(rows * cols);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        if (block.lateral && r === c) continue;
        gradient.weights[block.key][r * cols + c] = at((p, sign) => {
          p.weights[block.key][r * cols + c] += sign * h;
          if (block.lateral) p.weights[block.key][c * cols + r] += sign * h;
        });
      }
    }
  }
  for (const bias of model.biasBlocks) {
    const length = bias.range.end - bias.range.start;
    gradient.biases[bias.nodeId] = Float32Array.from({ length }, (_, k) => at((p, sign) => (p.biases[bias.nodeId][k] += sign * h)));
  }
  return gradient;
}

/** Parameters held as Float64Array so that finite differences of size 1e-4 are exact. */
function float64Copy(params: ModelParameters): ModelParameters {
  const copy = (r: Record<string, Float32Array>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Float64Array.from(v) as unknown as Float32Array]));
  return { weights: copy(params.weights), biases: copy(params.biases) };
}

const flatten = (p: ModelParameters): number[] => [...Object.values(p.weights), ...Object.values(p.biases)].flatMap((v) => Array.from(v));

describe('Boltzmann learning direction (Mehlig eq. 4.26)', () => {
  const cases: [string, EnergyModelSpec][] = [
    ['layered 3+3 pm1 with lateral blocks', layeredModel(3, 3, 'pm1')],
    ['rbm 3+2 binary01', rbmModel(3, 2, 'binary01')],
    ['fully coupled 2+2 binary01', fullyCoupledModel(2, 2, 'binary01')],
  ];
  for (const [label, model] of cases) {
    // Entries are differences of float32 moments of size ≤ 1 (rounding ~1e-7); the O(h²) error of the central difference is ~1e-9.
    it(`equals the finite-difference gradient of the mean log-likelihood to 1e-5: ${label}`, async () => {
      const params = randomParameters(model, 17, 0.7, 0.5);
      const data = randomDataset(model.visibleIndices.length, 9, 5);
      const plans = createBoltzmannPlans(model, data);
      const direction = learningDirection(model, await evaluatePhases(plans, params));
      plans.dispose();
      const numeric = finiteDifference(model, params, data);
      const a = flatten(direction);
      const b = flatten(numeric);
      expect(a.length).toBe(b.length);
      const worst = Math.max(...a.map((x, k) => Math.abs(x - b[k])));
      expect(worst).toBeLessThan(1e-5);
      expect(Math.max(...b.map(Math.abs))).toBeGreaterThan(0.01);
    });
  }

  it('moves the parameters by η times that direction in one step, keeping lateral blocks symmetric with zero diagonal and the caller’s initial values untouched', async () => {
    const model = layeredModel(3, 3, 'pm1');
    const initial = randomParameters(model, 2, 0.5, 0.3);
    const data = randomDataset(3, 6, 8);
    const plans = createBoltzmannPlans(model, data);
    const direction = learningDirection(model, await evaluatePhases(plans, initial));
    plans.dispose();
    const snapshot = cloneParameters(initial);
    const session = await startBoltzmannExact(model, data, { learningRate: 0.3 }, initial);
    for (let k = 0; k < 5; k++) await session.step();
    session.dispose();
    expect(initial).toEqual(snapshot);
    const once = await startBoltzmannExact(model, data, { learningRate: 0.3 }, initial);
    await once.step();
    const after = once.parameters();
    once.dispose();
    const before = flatten(initial);
    flatten(after).forEach((x, k) => expect(x).toBeCloseTo(before[k] + 0.3 * flatten(direction)[k], 5));
    for (const block of model.weightBlocks.filter((b) => b.lateral)) {
      const w = after.weights[block.key];
      const n = block.shape[0];
      for (let i = 0; i < n; i++) {
        expect(w[i * n + i]).toBe(0);
        for (let j = 0; j < n; j++) expect(w[i * n + j]).toBe(w[j * n + i]);
      }
    }
  });
});

describe('training on XOR (Mehlig §4.4)', () => {
  it('3 visible + 4 hidden units, all pairs coupled: KL < 0.05 within the default epochs', async () => {
    const model = fullyCoupledModel(3, 4, 'pm1');
    const data = builtinDataset('xor')!;
    const start = tf.memory().numTensors;
    const session = await startBoltzmannExact(model, data, { seed: 1 });
    const initialKl = session.metrics().kl;
    let epochs = 0;
    let kl = initialKl;
    while (kl >= 0.05 && epochs < BOLTZMANN_EXACT_DEFAULTS.epochs) {
      kl = (await session.step()).kl;
      epochs++;
    }
    const finalParams = session.parameters();
    session.dispose();
    expect(tf.memory().numTensors).toBe(start);
    console.info(`XOR machine: KL ${initialKl.toFixed(3)} → ${kl.toFixed(4)} after ${epochs} epochs (η = ${BOLTZMANN_EXACT_DEFAULTS.learningRate})`);
    expect(kl).toBeLessThan(0.05);
    expect(exactKlDivergence(model, finalParams, data)).toBeCloseTo(kl, 4);
  });

  it('without hidden units the machine cannot go below KL = ln 2 (pair statistics of XOR are those of the uniform distribution)', async () => {
    const model = fullyCoupledModel(3, 0, 'pm1');
    const session = await startBoltzmannExact(model, builtinDataset('xor')!, { seed: 1 });
    let kl = session.metrics().kl;
    for (let k = 0; k < 300; k++) {
      kl = (await session.step()).kl;
      expect(kl).toBeGreaterThan(Math.log(2) - 1e-4);
    }
    session.dispose();
    expect(kl).toBeGreaterThan(0.1);
    expect(kl).toBeCloseTo(Math.log(2), 3);
  });
});

describe('learning details', () => {
  it('updates only the weights of the compiled structure (an RBM keeps zero visible–visible and hidden–hidden couplings)', async () => {
    const model = rbmModel(3, 2, 'pm1');
    const session = await startBoltzmannExact(model, randomDataset(3, 5, 3), { seed: 4 });
    for (let k = 0; k < 10; k++) await session.step();
    const dense = denseCouplings(model, session.parameters());
    session.dispose();
    dense.couplings.forEach((w, k) => (dense.couplingMask[k] === 0 ? expect(w).toBe(0) : expect(Math.abs(w)).toBeGreaterThan(0)));
  });

  it('weight decay λ shrinks the weights compared with λ = 0', async () => {
    const model = fullyCoupledModel(3, 2, 'pm1');
    const data = datasetFromRows([[1, 1, 1], [0, 0, 0], [1, 1, 1]]);
    const norm = async (weightDecay: number): Promise<number> => {
      const session = await startBoltzmannExact(model, data, { seed: 2, weightDecay, learningRate: 0.5 });
      for (let k = 0; k < 50; k++) await session.step();
      const w = Object.values(session.parameters().weights).flatMap((v) => Array.from(v));
      session.dispose();
      return w.reduce((a, x) => a + x * x, 0);
    };
    expect(await norm(0.1)).toBeLessThan(0.7 * (await norm(0)));
  });
});
