import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EnergyModelSpec } from '../../../engine/compiler/types';
import type { BinaryDataset } from '../../../engine/data/dataset';
import { inferenceRows, inferRows } from '../../../engine/infer/runInference';
import type { ModelParameters } from '../../../engine/model/parameters';
import { bruteForce } from '../helpers/bruteForce';
import { datasetFromRows, fullyCoupledModel, layeredModel, randomDataset, randomParameters, rbmModel, useTestBackend } from '../helpers/models';

beforeAll(useTestBackend);

/** Per-row log P(v) and ⟨h | v⟩ from the inference facade's exact method. */
async function inferExact(model: EnergyModelSpec, params: ModelParameters, data: BinaryDataset) {
  return inferenceRows(await inferRows(model, params, data, { method: 'exact' })).map((r) => ({
    logProbability: r.logProbability as number,
    hiddenMeans: r.hiddenMeans,
  }));
}

describe('exact inference (inferRows, method exact)', () => {
  for (const model of [fullyCoupledModel(3, 4, 'pm1'), layeredModel(4, 3, 'binary01'), rbmModel(3, 3, 'pm1')]) {
    it(`gives log P(v) and ⟨h | v⟩ of brute force for every row (${model.encoding}, ${model.unitCount} units)`, async () => {
      const params = randomParameters(model, model.unitCount, 0.8, 0.5);
      const data = randomDataset(model.visibleIndices.length, 12, 4);
      const reference = bruteForce(model, params);
      const tensorsBefore = tf.memory().numTensors;
      const results = await inferExact(model, params, data);
      expect(tf.memory().numTensors).toBe(tensorsBefore);
      expect(results).toHaveLength(12);
      results.forEach((result, row) => {
        const bits = data.bits.subarray(row * data.width, (row + 1) * data.width);
        expect(result.logProbability).toBeCloseTo(reference.logProbabilityOf(bits), 4);
        const means = reference.conditionalMeans(bits);
        expect(result.hiddenMeans).toHaveLength(model.hiddenIndices.length);
        result.hiddenMeans.forEach((m, k) => expect(m).toBeCloseTo(means[model.hiddenIndices[k]], 4));
        const [lo, hi] = model.encoding === 'pm1' ? [-1, 1] : [0, 1];
        result.hiddenMeans.forEach((m) => expect(m >= lo - 1e-6 && m <= hi + 1e-6).toBe(true));
      });
    });
  }

  it('gives identical results for repeated rows and an empty list for no rows', async () => {
    const model = layeredModel(2, 2);
    const params = randomParameters(model, 1);
    const [a, b, c] = await inferExact(model, params, datasetFromRows([[1, 0], [0, 0], [1, 0]]));
    expect(c).toEqual(a);
    expect(b.logProbability).not.toBe(a.logProbability);
    expect(await inferExact(model, params, { id: 'e', name: 'empty', width: 2, rowCount: 0, bits: new Uint8Array(0) })).toEqual([]);
  });

  it('names the width mismatch', async () => {
    const model = layeredModel(3, 1);
    await expect(inferExact(model, randomParameters(model, 1), randomDataset(2, 1, 1))).rejects.toThrow(/2 columns but the model has 3 visible units/);
  });
});
