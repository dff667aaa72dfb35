import { beforeAll, describe, expect, it } from 'vitest';
import type { EnergyModelSpec } from '../../../engine/compiler/types';
import { builtinDataset } from '../../../engine/data/builtin';
import type { BinaryDataset } from '../../../engine/data/dataset';
import { createBoltzmannPlans, evaluatePhases, learningDirection } from '../../../engine/energy/boltzmannLearning';
import { denseCouplings } from '../../../engine/energy/dense';
import { exactStateProbabilities } from '../../../engine/energy/exact';
import type { ModelParameters } from '../../../engine/model/parameters';
import { fullyCoupledModel, layeredModel, randomDataset, randomParameters, rbmModel, useTestBackend } from '../helpers/models';

beforeAll(useTestBackend);

/**
 * With s = 2x − 1, −Σ_{i<j} w_ij x_i x_j − Σ_i b_i x_i = −Σ_{i<j} J_ij s_i s_j − Σ_i h_i s_i + const for
 * J = w/4 and h_i = b_i/2 + ¼ Σ_j w_ij, so the ±1 machine with (J, h) has exactly the distribution of the 0/1 machine with (w, b).
 */
function pm1Equivalent(binary: EnergyModelSpec, params: ModelParameters): ModelParameters {
  const n = binary.unitCount;
  const dense = denseCouplings(binary, params);
  const weights = Object.fromEntries(Object.entries(params.weights).map(([key, w]) => [key, Float32Array.from(w, (x) => x / 4)]));
  const biases: Record<string, Float32Array> = {};
  for (const block of binary.biasBlocks) {
    biases[block.nodeId] = Float32Array.from(params.biases[block.nodeId], (b, k) => {
      const i = block.range.start + k;
      let rowSum = 0;
      for (let j = 0; j < n; j++) rowSum += dense.couplings[i * n + j];
      return b / 2 + rowSum / 4;
    });
  }
  return { weights, biases };
}

async function direction(model: EnergyModelSpec, params: ModelParameters, data: BinaryDataset): Promise<ModelParameters> {
  const plans = createBoltzmannPlans(model, data);
  try {
    return learningDirection(model, await evaluatePhases(plans, params));
  } finally {
    plans.dispose();
  }
}

const pairs: [string, EnergyModelSpec, EnergyModelSpec, BinaryDataset][] = [
  ['XOR machine 3+4', fullyCoupledModel(3, 4, 'binary01'), fullyCoupledModel(3, 4, 'pm1'), builtinDataset('xor')!],
  ['layered 3+3 with asymmetric lateral blocks', layeredModel(3, 3, 'binary01'), layeredModel(3, 3, 'pm1'), randomDataset(3, 7, 2)],
  ['rbm 4+2', rbmModel(4, 2, 'binary01'), rbmModel(4, 2, 'pm1'), randomDataset(4, 9, 3)],
];

describe('0/1 units against ±1 units under s = 2x − 1', () => {
  for (const [label, binary, pm1, data] of pairs) {
    it(`gives the same distribution over all states: ${label}`, () => {
      const params = randomParameters(binary, 5, 1.5, 1, true);
      const p01 = exactStateProbabilities(binary, params);
      const ppm = exactStateProbabilities(pm1, pm1Equivalent(binary, params));
      // Both are float32 enumerations: 1e-4 relative per state, plus 1e-7 absolute for tiny probabilities.
      p01.forEach((p, k) => expect(Math.abs(p - ppm[k])).toBeLessThan(1e-4 * ppm[k] + 1e-7));
      expect(Math.max(...p01)).toBeGreaterThan(4 / p01.length);
    });

    it(`gives the 0/1 learning direction as the ±1 one pulled back: ∂/∂w_ij = ¼(∂/∂J_ij + ∂/∂h_i + ∂/∂h_j), ∂/∂b_i = ½ ∂/∂h_i: ${label}`, async () => {
      const params = randomParameters(binary, 9, 0.8, 0.5, true);
      const g01 = await direction(binary, params, data);
      const gpm = await direction(pm1, pm1Equivalent(binary, params), data);
      const biasGradient = new Float64Array(binary.unitCount);
      for (const block of pm1.biasBlocks) gpm.biases[block.nodeId].forEach((g, k) => (biasGradient[block.range.start + k] = g));
      // Each side is a difference of float32 moments of size ≤ 1 (rounding ~1e-7).
      for (const block of binary.weightBlocks) {
        const [rows, cols] = block.shape;
        for (let r = 0; r < rows; r++) {
          for (let c = 0; c < cols; c++) {
            const [i, j] = [block.rows.start + r, block.cols.start + c];
            if (i === j) continue;
            const pulledBack = 0.25 * (gpm.weights[block.key][r * cols + c] + biasGradient[i] + biasGradient[j]);
            expect(Math.abs(g01.weights[block.key][r * cols + c] - pulledBack)).toBeLessThan(1e-5);
          }
        }
      }
      for (const block of binary.biasBlocks) {
        g01.biases[block.nodeId].forEach((g, k) => expect(Math.abs(g - 0.5 * biasGradient[block.range.start + k])).toBeLessThan(1e-5));
      }
      expect(Math.max(...Object.values(g01.weights).flatMap((w) => Array.from(w, Math.abs)))).toBeGreaterThan(0.01);
    });
  }
});
