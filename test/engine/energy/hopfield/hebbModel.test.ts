import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EnergyModelSpec } from '../../../../engine/compiler/types';
import { hebbParameters } from '../../../../engine/energy/hopfield/hebbModel';
import { trainModel } from '../../../../engine/train/train';
import { bruteForce } from '../../helpers/bruteForce';
import { fullyCoupledModel, layeredModel, randomDataset, useTestBackend } from '../../helpers/models';

beforeAll(useTestBackend);

/** Hebb weight of the pair (i, j) for data rows as ±1 patterns, N⁻¹ Σ_µ x_i x_j. */
function hebbWeight(rows: Uint8Array, count: number, n: number, i: number, j: number): number {
  let sum = 0;
  for (let mu = 0; mu < count; mu++) sum += (2 * rows[mu * n + i] - 1) * (2 * rows[mu * n + j] - 1);
  return sum / n;
}

/** The dense W of a compiled model (a lateral block contributes its symmetric part), from the blocks. */
function denseW(model: EnergyModelSpec, params: { weights: Record<string, Float32Array> }): Float64Array {
  const n = model.unitCount;
  const w = new Float64Array(n * n);
  for (const b of model.weightBlocks) {
    const v = params.weights[b.key];
    for (let r = 0; r < b.shape[0]; r++) {
      for (let c = 0; c < b.shape[1]; c++) {
        const [i, j] = [b.rows.start + r, b.cols.start + c];
        if (i === j) continue;
        const x = (b.lateral ? 0.5 : 1) * v[r * b.shape[1] + c];
        w[i * n + j] += x;
        w[j * n + i] += x;
      }
    }
  }
  return w;
}

describe("Hebb's rule in compiled models", () => {
  it('a self-coupled layer gets w_ij = N⁻¹ Σ_µ x_i x_j for every pair and zero thresholds', () => {
    const model = layeredModel(9, 0, 'pm1');
    const data = randomDataset(9, 5, 1);
    const before = tf.memory().numTensors;
    const { params } = hebbParameters(model, data);
    expect(tf.memory().numTensors).toBe(before);
    const w = denseW(model, params);
    for (let i = 0; i < 9; i++) for (let j = 0; j < 9; j++) expect(w[i * 9 + j]).toBeCloseTo(i === j ? 0 : hebbWeight(data.bits, 5, 9, i, j), 6);
    expect(Array.from(Object.values(params.biases)[0])).toEqual(new Array(9).fill(0));
  });

  it('pairs the diagram does not couple stay uncoupled', () => {
    const full = fullyCoupledModel(6, 0, 'pm1');
    const model = { ...full, weightBlocks: full.weightBlocks.filter((_, k) => k % 3 !== 0) };
    const data = randomDataset(6, 4, 2);
    const w = denseW(model, hebbParameters(model, data).params);
    const coupled = new Set(model.weightBlocks.map((b) => `${b.rows.start},${b.cols.start}`));
    for (let i = 0; i < 6; i++) {
      for (let j = i + 1; j < 6; j++) expect(w[i * 6 + j]).toBeCloseTo(coupled.has(`${i},${j}`) ? hebbWeight(data.bits, 4, 6, i, j) : 0, 6);
    }
  });

  it('0/1 units hold the same network: w′ = 4w, b′_i = −2 Σ_j w_ij, so H′(s) − H(2s − 1) is one constant over all states', () => {
    const data = randomDataset(7, 3, 3);
    const pm1 = layeredModel(7, 0, 'pm1');
    const binary = layeredModel(7, 0, 'binary01');
    const a = bruteForce(pm1, hebbParameters(pm1, data).params);
    const b = bruteForce(binary, hebbParameters(binary, data).params);
    // Both enumerate state index k with bit i = unit i (0 → −1 or 0), so the same k is the same pattern.
    const offset = b.energies[0] - a.energies[0];
    for (let k = 0; k < 2 ** 7; k++) expect(b.energies[k] - a.energies[k]).toBeCloseTo(offset, 4);
  });

  it('refuses hidden units and data of the wrong width', () => {
    expect(() => hebbParameters(fullyCoupledModel(3, 1), randomDataset(3, 2, 1))).toThrow(/cannot train hidden units; this model has 1/);
    expect(() => hebbParameters(layeredModel(4, 0), randomDataset(3, 2, 1))).toThrow(/has 3 columns but the model has 4 visible units/);
  });

  it('trains through trainModel as algorithm hebb: few patterns are all fixed points, many are not', async () => {
    const model = layeredModel(64, 0, 'binary01');
    const before = tf.memory().numTensors;
    const reports: Record<string, number>[] = [];
    const onEpoch = (e: { metrics: Record<string, number> }): void => void reports.push(e.metrics);
    const few = await trainModel(model, randomDataset(64, 3, 4), { algorithm: 'hebb', epochs: 1, seed: 0, config: {} }, undefined, { onEpoch });
    await trainModel(model, randomDataset(64, 40, 5), { algorithm: 'hebb', epochs: 2, seed: 0, config: {} }, undefined, { onEpoch });
    expect(tf.memory().numTensors).toBe(before);
    expect(reports[0]).toEqual({ fixedPoints: 1, oneStepErrors: 0 });
    expect(reports[1].fixedPoints).toBeLessThan(0.5);
    expect(reports[1].oneStepErrors).toBeGreaterThan(0.01);
    expect(reports[2]).toEqual(reports[1]);
    expect(Object.values(few.weights)[0].some((v) => v !== 0)).toBe(true);
    await expect(trainModel(fullyCoupledModel(2, 1), randomDataset(2, 2, 1), { algorithm: 'hebb', epochs: 1, seed: 0, config: {} }, undefined, { onEpoch })).rejects.toThrow(
      /cannot train hidden units/,
    );
  });
});
