import type { EnergyModelSpec } from '../compiler/types';
import { couplingMatrix } from '../energy/sampling/couplings';
import type { ModelParameters } from '../model/parameters';
import type { TrajectoryDriver } from './driver';
import { initialMeans } from './energyMeanField';
import type { UnitInputs } from './inputs';

const xLogX = (x: number): number => (x > 0 ? x * Math.log(x) : 0);

/**
 * Sequential mean-field iteration unit by unit in index order, m_i ← tanh(β(Wm + b)_i) (Mehlig eq. 3.8; σ for 0/1
 * units), with the fields kept up to date after each change: for densely coupled small models, where the batched
 * iteration would run one backend step per unit. Traced by F_MF = −½ mᵀWm − bᵀm + β⁻¹ Σ_i [p_i ln p_i + (1 − p_i) ln(1 − p_i)]
 * (p = (1 + m)/2 or μ), which each single-unit update lowers (it minimises F_MF in that unit's mean).
 */
export function sequentialMeanFieldDriver(model: EnergyModelSpec, params: ModelParameters, inputs: UnitInputs, temperature: number, seed: number): TrajectoryDriver {
  if (!(temperature > 0 && Number.isFinite(temperature))) {
    throw new RangeError(`Mean-field iteration needs a positive finite temperature (β = 1/T); got T = ${temperature} — use hopfield dynamics for T = 0`);
  }
  const beta = 1 / temperature;
  const n = model.unitCount;
  const pm1 = model.encoding === 'pm1';
  const { weights, biases } = couplingMatrix(model, params);
  const means = Float64Array.from(initialMeans(inputs, model.encoding, seed));
  const fields = Float64Array.from(biases);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) fields[i] += weights[i * n + j] * means[j];
  const free = Array.from({ length: n }, (_, i) => i).filter((i) => inputs.clamp[i] < 0);
  const probability = (m: number): number => (pm1 ? (1 + m) / 2 : m);
  return {
    traceName: 'Mean-field free energy F',
    async advance(steps) {
      for (let t = 0; t < steps; t++) {
        for (const i of free) {
          const next = pm1 ? Math.tanh(beta * fields[i]) : 1 / (1 + Math.exp(-beta * fields[i]));
          const change = next - means[i];
          if (change === 0) continue;
          means[i] = next;
          for (let j = 0; j < n; j++) fields[j] += weights[i * n + j] * change;
        }
      }
    },
    async read() {
      let energy = 0;
      let negativeEntropy = 0;
      for (let i = 0; i < n; i++) {
        energy -= 0.5 * means[i] * (fields[i] + biases[i]);
        const p = probability(means[i]);
        negativeEntropy += xLogX(p) + xLogX(1 - p);
      }
      return { values: Float32Array.from(means, probability), trace: energy + negativeEntropy / beta };
    },
    dispose() {},
  };
}
