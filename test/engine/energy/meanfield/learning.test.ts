import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EnergyModelSpec } from '../../../../engine/compiler/types';
import { builtinDataset } from '../../../../engine/data/builtin';
import { meanFieldFixedPoint } from '../../../../engine/energy/meanfield/fixedPoint';
import { MEANFIELD_LEARNING_DEFAULTS, startMeanFieldLearning } from '../../../../engine/energy/meanfield/learning';
import { geometricTemperatures } from '../../../../engine/energy/meanfield/schedule';
import { initialParameters, type ModelParameters } from '../../../../engine/model/parameters';
import { TrainingError, trainModel } from '../../../../engine/train/train';
import { datasetFromRows, layeredModel, useTestBackend } from '../../helpers/models';
import { exactXorAccuracy, petersonAndersonXor } from './xorNet';

beforeAll(useTestBackend);

const xor = builtinDataset('xor')!;
const d = MEANFIELD_LEARNING_DEFAULTS;
const schedule = { temperatures: geometricTemperatures(d.startTemperature, d.finalTemperature, d.annealingStages), iterationsPerStage: d.sweepsPerStage };

/** Output signs under annealed mean field with both inputs clamped, for the four XOR inputs: fraction correct. */
function xorAccuracy(model: EnergyModelSpec, params: ModelParameters): number {
  const inputs = [0, 0, 1, 1, 0, 1, 1, 0];
  const low = model.encoding === 'pm1' ? -1 : 0;
  const clamp = { units: model.visibleIndices.slice(0, 2), values: Float32Array.from(inputs, (b) => (b ? 1 : low)) };
  const result = meanFieldFixedPoint(model, params, { clamp, annealing: schedule, tolerance: 1e-4 });
  const output = model.visibleIndices[2];
  const n = model.unitCount;
  let correct = 0;
  for (let p = 0; p < 4; p++) {
    const target = inputs[2 * p] !== inputs[2 * p + 1];
    const m = result.means[p * n + output];
    if ((model.encoding === 'pm1' ? m > 0 : m > 0.5) === target) correct++;
  }
  return correct / 4;
}

describe('Peterson & Anderson XOR (2-4-1, input→output mode)', () => {
  for (const [encoding, settings] of [['pm1', {}], ['binary01', { learningRate: 2, initScale: 1 }]] as const) {
    it(`${encoding}: mean-field learning reaches 100 % correct outputs (seeds 0–2), freeing its tensors`, async () => {
      const model = petersonAndersonXor(encoding);
      const before = tf.memory().numTensors;
      for (const seed of [0, 1, 2]) {
        const started = performance.now();
        const session = await startMeanFieldLearning(model, xor, { ...settings, mode: 'input-output', inputUnits: 2, seed });
        let metrics = session.metrics();
        while (metrics.outputError > 0 && session.updates() < 500) metrics = await session.step();
        const ms = performance.now() - started;
        const params = session.parameters();
        session.dispose();
        console.log(`P&A XOR ${encoding}, seed ${seed}: 100 % correct after ${session.updates()} weight updates, ${ms.toFixed(0)} ms (backend ${tf.getBackend()})`);
        expect(metrics.outputError).toBe(0);
        expect(xorAccuracy(model, params)).toBe(1);
        console.log(`  exact P(y | x) favours the right output for ${exactXorAccuracy(model, params) * 4} of 4 inputs`);
      }
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('an update is η(m_i m_j|clamped − m_i m_j|free) from annealed solutions, averaged over patterns', async () => {
    const model = petersonAndersonXor();
    const learningRate = 0.3;
    const seed = 4;
    const session = await startMeanFieldLearning(model, xor, { learningRate, mode: 'input-output', inputUnits: 2, seed, tolerance: 1e-6, maxSweeps: 500 });
    const before = session.parameters();
    await session.step();
    const after = session.parameters();
    session.dispose();
    const values = Float32Array.from(xor.bits, (b) => (b ? 1 : -1));
    const common = { annealing: schedule, tolerance: 1e-6, maxIterations: 500, seed, initialSpread: 0.01 };
    const visible = model.visibleIndices;
    const clamped = meanFieldFixedPoint(model, before, { ...common, clamp: { units: visible, values } });
    const inputs = Float32Array.from({ length: 8 }, (_, k) => values[Math.floor(k / 2) * 3 + (k % 2)]);
    const free = meanFieldFixedPoint(model, before, { ...common, clamp: { units: visible.slice(0, 2), values: inputs } });
    const n = model.unitCount;
    for (const block of model.weightBlocks) {
      const [rows, cols] = block.shape;
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < cols; c++) {
          const i = block.rows.start + r;
          const j = block.cols.start + c;
          let expected = 0;
          for (let p = 0; p < 4; p++) expected += 0.25 * (clamped.means[p * n + i] * clamped.means[p * n + j] - free.means[p * n + i] * free.means[p * n + j]);
          const delta = after.weights[block.key][r * cols + c] - before.weights[block.key][r * cols + c];
          expect(delta).toBeCloseTo(learningRate * expected, 5);
        }
      }
    }
    for (const bias of model.biasBlocks) {
      for (let k = 0; k < bias.range.end - bias.range.start; k++) {
        const i = bias.range.start + k;
        let expected = 0;
        for (let p = 0; p < 4; p++) expected += 0.25 * (clamped.means[p * n + i] - free.means[p * n + i]);
        expect(after.biases[bias.nodeId][k] - before.biases[bias.nodeId][k]).toBeCloseTo(learningRate * expected, 5);
      }
    }
  });
});

describe('batches of patterns', () => {
  it('one update per pattern (batchSize 1) also solves XOR, counting every update and freeing its tensors', async () => {
    const model = petersonAndersonXor();
    const before = tf.memory().numTensors;
    const session = await startMeanFieldLearning(model, xor, { mode: 'input-output', inputUnits: 2, batchSize: 1, learningRate: 0.25, seed: 1 });
    let epochs = 0;
    let metrics = session.metrics();
    while (metrics.outputError > 0 && epochs < 100) {
      metrics = await session.step();
      epochs++;
    }
    expect(session.updates()).toBe(4 * epochs);
    const params = session.parameters();
    session.dispose();
    console.log(`P&A XOR pm1, one pattern per update: outputs right during epoch ${epochs} (${4 * epochs} updates)`);
    expect(metrics.outputError).toBe(0);
    expect(xorAccuracy(model, params)).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('unsupervised mode', () => {
  it('lowers the exact KL(P_data‖P_model) of a fully visible machine on correlated data', async () => {
    const model = layeredModel(4, 0, 'pm1');
    const data = datasetFromRows([
      [1, 1, 0, 0],
      [1, 1, 0, 0],
      [0, 0, 1, 1],
      [1, 1, 1, 1],
      [0, 0, 0, 0],
      [1, 0, 0, 0],
    ]);
    const initial = initialParameters(model, 3, 0.05);
    const session = await startMeanFieldLearning(model, data, { learningRate: 0.2, seed: 3 }, initial);
    const start = session.metrics().kl;
    let metrics = session.metrics();
    for (let epoch = 0; epoch < 60; epoch++) metrics = await session.step();
    session.dispose();
    expect(Object.keys(metrics).sort()).toEqual(['kl', 'meanFieldNll']);
    expect(metrics.kl).toBeLessThan(0.5 * start);
  });
});

describe('meanfield-boltzmann through trainModel', () => {
  it('trains the XOR net to all outputs right in input→output mode and refuses input→output without inputs', async () => {
    const model = petersonAndersonXor();
    const before = tf.memory().numTensors;
    const seen: Record<string, number>[] = [];
    const request = { algorithm: 'meanfield-boltzmann', epochs: 60, seed: 1, config: { mode: 'input-output', inputUnits: 2 } };
    await trainModel(model, xor, request, undefined, { onEpoch: (e) => void seen.push(e.metrics) });
    expect(tf.memory().numTensors).toBe(before);
    expect(seen).toHaveLength(60);
    // Annealing can land on a metastable branch for a single update after the net is solved (P&A's method has no guard).
    expect(seen.findIndex((m) => m.outputError === 0)).toBeGreaterThanOrEqual(0);
    for (const m of seen) expect(Object.keys(m).sort()).toEqual(['kl', 'meanFieldNll', 'outputError']);
    const error = await trainModel(model, xor, { ...request, config: { mode: 'input-output' } }, undefined, { onEpoch: () => {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrainingError);
    expect((error as Error).message).toMatch(/needs inputUnits ≥ 1/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
