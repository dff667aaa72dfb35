import type { EnergyModelSpec } from '../compiler/types';
import { couplingMatrix } from '../energy/sampling/couplings';
import type { ModelParameters } from '../model/parameters';
import { createRandom } from '../random/seeded';
import type { TrajectoryDriver } from './driver';
import { initialStates, inverseTemperature } from './energyGibbs';
import type { UnitInputs } from './inputs';

/**
 * Heat-bath Gibbs sampling of one chain of an energy model (Mehlig eq. 3.1), unit by unit in index order with the local
 * fields f = Ws + b kept up to date after every flip: for densely coupled small models, where the batched chain set
 * would run one backend step per unit. P(s_i = 1) = σ(2βf_i) for ±1 units, σ(βf_i) for 0/1 units; at β = ∞ s_i takes
 * the sign of f_i (keeping its value when f_i = 0). Traced by H(s) = −½ sᵀWs − bᵀs.
 */
export function sequentialGibbsDriver(model: EnergyModelSpec, params: ModelParameters, inputs: UnitInputs, temperature: number, seed: number): TrajectoryDriver {
  const beta = inverseTemperature(temperature);
  const n = model.unitCount;
  const pm1 = model.encoding === 'pm1';
  const low = pm1 ? -1 : 0;
  const gain = pm1 ? 2 * beta : beta;
  const { weights, biases } = couplingMatrix(model, params);
  const states = Float64Array.from(initialStates(inputs, low, seed));
  const fields = Float64Array.from(biases);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) fields[i] += weights[i * n + j] * states[j];
  const free = Array.from({ length: n }, (_, i) => i).filter((i) => inputs.clamp[i] < 0);
  const random = createRandom(seed).fork('trajectory-gibbs-sequential');
  const update = (i: number): void => {
    const f = fields[i];
    let next: number;
    if (beta === Infinity) next = f > 0 ? 1 : f < 0 ? low : states[i];
    else next = random.next() < 1 / (1 + Math.exp(-gain * f)) ? 1 : low;
    const change = next - states[i];
    if (change === 0) return;
    states[i] = next;
    // W is symmetric: column i of W is row i.
    for (let j = 0; j < n; j++) fields[j] += weights[i * n + j] * change;
  };
  return {
    traceName: 'Energy H(s)',
    async advance(steps) {
      for (let t = 0; t < steps; t++) for (const i of free) update(i);
    },
    async read() {
      let energy = 0;
      for (let i = 0; i < n; i++) energy -= 0.5 * states[i] * (fields[i] + biases[i]);
      return { values: Float32Array.from(states, (s) => (pm1 ? (s + 1) / 2 : s)), trace: energy };
    },
    dispose() {},
  };
}
