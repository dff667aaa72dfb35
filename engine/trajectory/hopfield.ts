import type { EnergyModelSpec } from '../compiler/types';
import { hopfieldRun, type HopfieldUpdate } from '../energy/hopfield/dynamics';
import { hopfieldEnergy, hopfieldFromWeights, type HopfieldNetwork } from '../energy/hopfield/network';
import { couplingMatrix } from '../energy/sampling/couplings';
import type { ModelParameters } from '../model/parameters';
import { createRandom } from '../random/seeded';
import type { TrajectoryDriver } from './driver';
import { initialStates } from './energyGibbs';
import type { UnitInputs } from './inputs';

/**
 * The ±1 Hopfield network of an energy model and the constant c with H(s) = H_±1(σ) + c. ±1 units: w = W, θ = −b.
 * 0/1 units s = (σ + 1)/2: w = W/4, θ = −(b/2 + W·1/4), c = −⅛ 1ᵀW1 − ½ bᵀ1 (the same energy, rewritten in σ).
 */
export function hopfieldNetworkOf(model: EnergyModelSpec, params: ModelParameters): { network: HopfieldNetwork; offset: number } {
  const n = model.unitCount;
  const { weights, biases } = couplingMatrix(model, params);
  if (model.encoding === 'pm1') return { network: hopfieldFromWeights(weights, n, biases.map((b) => -b)), offset: 0 };
  const rowSums = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) rowSums[i] += weights[i * n + j];
  const thresholds = Float32Array.from(biases, (b, i) => -(b / 2 + rowSums[i] / 4));
  for (let i = 0; i < n; i++) total += -rowSums[i] / 8 - biases[i] / 2;
  return { network: hopfieldFromWeights(weights.map((w) => w / 4), n, thresholds), offset: total };
}

/**
 * Hopfield dynamics on an energy model (Mehlig ch. 2–3): T = 0 deterministic, asynchronous s_m ← sgn(b_m) (eq. 2.5, a
 * fresh random order each sweep) or synchronous (eq. 2.4); T > 0 the stochastic rule at β = 1/T (eq. 3.1), one unit at a
 * time. One sweep per step, traced by the energy H(s), which deterministic asynchronous updates never increase.
 */
export function hopfieldDriver(
  model: EnergyModelSpec,
  params: ModelParameters,
  inputs: UnitInputs,
  temperature: number,
  order: 'async' | 'sync',
  seed: number,
): TrajectoryDriver {
  if (!(temperature >= 0 && Number.isFinite(temperature))) throw new RangeError(`Temperature must be a finite number ≥ 0; got ${temperature}`);
  if (temperature > 0 && order === 'sync') {
    throw new RangeError('Stochastic Hopfield dynamics (T > 0) update one unit at a time; choose asynchronous updates, or T = 0 for synchronous ones');
  }
  const update: HopfieldUpdate = temperature > 0 ? 'stochastic' : order === 'sync' ? 'synchronous' : 'asynchronous';
  const { network, offset } = hopfieldNetworkOf(model, params);
  const random = createRandom(seed).fork('trajectory-hopfield');
  const clampMask = inputs.anyClamped ? Uint8Array.from(inputs.clamp, (v) => (v >= 0 ? 1 : 0)) : undefined;
  let states = initialStates(inputs, -1, seed);
  let energy = hopfieldEnergy(network, states, 1)[0] + offset;
  return {
    traceName: 'Energy H(s)',
    async advance(steps) {
      const run = await hopfieldRun(network, states, 1, { update, sweeps: steps, beta: temperature > 0 ? 1 / temperature : undefined, seed: random.tfSeed(), clampMask });
      states = run.states;
      energy = run.energies[0] + offset;
    },
    async read() {
      return { values: states.map((s) => (s + 1) / 2), trace: energy };
    },
    dispose() {},
  };
}
