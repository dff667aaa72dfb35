import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BeliefNetSpec } from '../../../engine/compiler/types';
import { builtinDataset } from '../../../engine/data/builtin';
import { BOLTZMANN_EXACT_DEFAULTS } from '../../../engine/energy/boltzmannLearning';
import { MAX_DENSE_UNITS } from '../../../engine/energy/dense';
import { exactKlDivergence } from '../../../engine/energy/exact';
import { initialParameters, type ModelParameters } from '../../../engine/model/parameters';
import { ALGORITHMS } from '../../../engine/train/registry';
import { algorithmsFor, BOLTZMANN_EXACT, BOLTZMANN_EXACT_BINARY01, EXACT_UNIT_LIMIT } from '../../../engine/train/catalog';
import { withDivergenceSetting } from '../../../engine/train/divergence';
import { TrainingError, trainModel, type EpochReport } from '../../../engine/train/train';
import { fullyCoupledModel, layeredModel, randomDataset, useTestBackend } from '../helpers/models';

beforeAll(useTestBackend);

const xorModel = fullyCoupledModel(3, 4, 'pm1');
const xor = builtinDataset('xor')!;
const request = (epochs: number, config: Record<string, number> = {}) => ({ algorithm: 'boltzmann-exact', epochs, seed: 1, config });

async function failure(promise: Promise<unknown>): Promise<TrainingError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TrainingError) return error;
    throw error;
  }
  throw new Error('expected a TrainingError');
}

describe('catalog', () => {
  it('offers boltzmann-exact for energy models of at most 24 units, with defaults matching the algorithm', () => {
    expect(algorithmsFor(xorModel).map((a) => a.name)[0]).toBe('boltzmann-exact');
    expect(algorithmsFor(layeredModel(20, 5)).map((a) => a.name)).not.toContain('boltzmann-exact');
    const belief = algorithmsFor({ ...xorModel, type: 'belief', topologicalOrder: [], layers: [] } as BeliefNetSpec).map((a) => a.name);
    expect(belief.every((name) => name.startsWith('sbn-'))).toBe(true);
    expect(EXACT_UNIT_LIMIT).toBe(MAX_DENSE_UNITS);
    const defaults = Object.fromEntries(BOLTZMANN_EXACT.hyperparameters.map((h) => [h.key, h.default]));
    expect(defaults).toEqual({
      learningRate: BOLTZMANN_EXACT_DEFAULTS.learningRate,
      initScale: BOLTZMANN_EXACT_DEFAULTS.initScale,
      weightDecay: BOLTZMANN_EXACT_DEFAULTS.weightDecay,
    });
    expect(BOLTZMANN_EXACT.defaultEpochs).toBe(BOLTZMANN_EXACT_DEFAULTS.epochs);
  });
});

describe('registry', () => {
  it('holds uniquely named algorithms whose defaults lie in their own ranges', () => {
    const names = ALGORITHMS.map((a) => a.info.name);
    expect(new Set(names).size).toBe(names.length);
    for (const model of [xorModel, fullyCoupledModel(3, 4, 'binary01')]) {
      for (const { info, infoFor } of ALGORITHMS) {
        const described = infoFor?.(model) ?? info;
        expect(described.metrics.length, described.name).toBeGreaterThan(0);
        for (const h of described.hyperparameters) {
          expect(h.default, `${described.name}.${h.key}`).toBeGreaterThanOrEqual(h.min ?? -Infinity);
          expect(h.default, `${described.name}.${h.key}`).toBeLessThanOrEqual(h.max ?? Infinity);
          if (h.integer) expect(Number.isInteger(h.default), `${described.name}.${h.key}`).toBe(true);
        }
        for (const c of described.choices ?? []) expect(c.options, `${described.name}.${c.key}`).toContain(c.default);
      }
    }
  });
});

describe('catalog defaults for 0/1 units', () => {
  it('take the 0/1 XOR machine below KL 0.05 within the proposed epochs, where the ±1 defaults stay on the ln 2 plateau', async () => {
    const xor01 = fullyCoupledModel(3, 4, 'binary01');
    const [info] = algorithmsFor(xor01);
    expect(info).toEqual(withDivergenceSetting(BOLTZMANN_EXACT_BINARY01));
    const config = Object.fromEntries(info.hyperparameters.map((h) => [h.key, h.default]));
    const run = async (epochs: number, settings: Record<string, number>) => {
      let kl = Infinity;
      await trainModel(xor01, xor, { algorithm: info.name, epochs, seed: 1, config: settings }, undefined, {
        onEpoch: (e) => {
          kl = e.metrics.kl;
        },
      });
      return kl;
    };
    expect(await run(info.defaultEpochs, config)).toBeLessThan(0.05);
    const plusMinusDefaults = Object.fromEntries(BOLTZMANN_EXACT.hyperparameters.map((h) => [h.key, h.default]));
    expect(await run(500, plusMinusDefaults)).toBeGreaterThan(Math.log(2) - 0.05);
  });
});

describe('trainModel', () => {
  it('trains the XOR machine below KL 0.05, reporting every epoch, and frees every tensor it made', async () => {
    const start = tf.memory().numTensors;
    const reports: EpochReport[] = [];
    const params = await trainModel(xorModel, xor, request(400), undefined, {
      onEpoch: async (e) => {
        reports.push(e);
        await Promise.resolve();
      },
    });
    expect(tf.memory().numTensors).toBe(start);
    expect(reports.map((r) => r.step)).toEqual(Array.from({ length: 400 }, (_, k) => k + 1));
    expect(reports.every((r) => r.totalSteps === 400)).toBe(true);
    const last = reports[reports.length - 1];
    expect(last.metrics.kl).toBeLessThan(0.05);
    expect(last.metrics.kl).toBeLessThan(reports[0].metrics.kl);
    expect(last.metrics.logLikelihood).toBeCloseTo(-Math.log(4) - last.metrics.kl, 5);
    expect(last.parameters).toEqual(params);
    expect(exactKlDivergence(xorModel, params, xor)).toBeCloseTo(last.metrics.kl, 4);
    // ‖W‖ against a float64 sum over the reported weights; biases are not weights.
    for (const r of [reports[0], last]) {
      const squares = Object.values(r.parameters.weights).reduce((sum, block) => sum + block.reduce((a, w) => a + w * w, 0), 0);
      expect(r.weightNorm).toBeCloseTo(Math.sqrt(squares), 10);
    }
    expect(last.weightNorm).toBeGreaterThan(reports[0].weightNorm);
  });

  it('is reproducible for a seed and continues from given parameters', async () => {
    const run = (initial?: ModelParameters) => trainModel(xorModel, xor, request(5), initial, { onEpoch: () => {} });
    expect(await run()).toEqual(await run());
    const initial = initialParameters(xorModel, 99, 0.2);
    const first = await trainModel(xorModel, xor, request(1), initial, { onEpoch: () => {} });
    expect(first.weights['e-0-1']).not.toEqual(initial.weights['e-0-1']);
    expect(await trainModel(xorModel, xor, request(0), initial, { onEpoch: () => {} })).toEqual(initial);
  });

  it('refuses a dataset whose width differs from the visible units, naming both', async () => {
    const error = await failure(trainModel(xorModel, randomDataset(4, 3, 1), request(3), undefined, { onEpoch: () => {} }));
    expect(error.code).toBe('invalid-data');
    expect(error.message).toMatch(/has 4 columns but the model has 3 visible units/);
  });

  it('refuses models beyond the enumeration limit as too-large', async () => {
    const error = await failure(trainModel(layeredModel(20, 5), randomDataset(20, 3, 1), request(3), undefined, { onEpoch: () => {} }));
    expect(error.code).toBe('too-large');
    expect(error.message).toMatch(/at most 24 units; this model has 25/);
  });

  it('refuses unknown algorithms, unknown settings, out-of-range settings and badly sized initial parameters', async () => {
    const hooks = { onEpoch: () => {} };
    expect((await failure(trainModel(xorModel, xor, { ...request(3), algorithm: 'cd-1' }, undefined, hooks))).message).toMatch(/'cd-1' cannot train this model; available: boltzmann-exact/);
    expect((await failure(trainModel(xorModel, xor, request(3, { momentum: 0.5 }), undefined, hooks))).message).toMatch(/no setting 'momentum'/);
    expect((await failure(trainModel(xorModel, xor, request(3, { learningRate: -1 }), undefined, hooks))).message).toMatch(/Learning rate η \(learningRate\) must lie in/);
    const bad = initialParameters(xorModel, 1);
    bad.weights['e-0-1'] = new Float32Array(2);
    const error = await failure(trainModel(xorModel, xor, request(3), bad, hooks));
    expect(error.code).toBe('invalid-data');
    expect(error.message).toMatch(/'e-0-1' have 2 values/);
  });

  it('stops with cancelled between epochs when the signal aborts, returning the last parameters and freeing tensors', async () => {
    const start = tf.memory().numTensors;
    const controller = new AbortController();
    let seen: ModelParameters | undefined;
    const error = await failure(
      trainModel(xorModel, xor, request(100), undefined, {
        signal: controller.signal,
        onEpoch: (e) => {
          seen = e.parameters;
          if (e.step === 3) controller.abort();
        },
      }),
    );
    expect(error.code).toBe('cancelled');
    expect(error.lastGood).toEqual(seen);
    expect(tf.memory().numTensors).toBe(start);
  });

  it('stops with diverged and the last good parameters when weights run away', async () => {
    const start = tf.memory().numTensors;
    const initial = initialParameters(xorModel, 3, 0.3);
    let lastReported = initial;
    const error = await failure(
      trainModel(xorModel, xor, request(10, { learningRate: 1000 }), initial, { onEpoch: (e) => void (lastReported = e.parameters) }),
    );
    expect(error.code).toBe('diverged');
    expect(error.message).toMatch(/diverged at epoch \d+: (weights|biases) '.*' grew beyond ±1000; lower the learning rate/);
    expect(error.lastGood).toEqual(lastReported);
    expect(Object.values(error.lastGood!.weights).every((w) => w.every((x) => Math.abs(x) <= 1000))).toBe(true);
    expect(tf.memory().numTensors).toBe(start);
  });

  it('refuses non-finite initial parameters as diverged', async () => {
    const initial = initialParameters(xorModel, 3);
    initial.biases.u0[0] = Number.NaN;
    const error = await failure(trainModel(xorModel, xor, request(3), initial, { onEpoch: () => {} }));
    expect(error.code).toBe('diverged');
    expect(error.message).toMatch(/biases 'u0' became NaN/);
  });
});
