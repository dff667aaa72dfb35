import type { EnergyModelSpec } from '../compiler/types';
import { createChainSet } from '../energy/sampling/chains';
import type { ModelParameters } from '../model/parameters';
import { createRandom } from '../random/seeded';
import type { TrajectoryDriver } from './driver';
import type { UnitInputs } from './inputs';

/** β = 1/T, with T = 0 the zero-temperature limit (β = ∞: each unit takes sgn of its field). */
export function inverseTemperature(temperature: number): number {
  if (!(temperature >= 0 && Number.isFinite(temperature))) throw new RangeError(`Temperature must be a finite number ≥ 0; got ${temperature}`);
  return temperature === 0 ? Infinity : 1 / temperature;
}

/** The first state in the model's encoding: clamp, then start, else a seeded coin flip per unit. */
export function initialStates(inputs: UnitInputs, low: number, seed: number): Float32Array {
  const random = createRandom(seed).fork('trajectory-start');
  return Float32Array.from(inputs.start, (v) => (v >= 0 ? (v ? 1 : low) : random.next() < 0.5 ? low : 1));
}

/**
 * Gibbs sampling of an energy model at temperature T, one chain, one sweep per step (heat bath, Mehlig eq. 3.1;
 * independent sets of the coupling graph updated together), traced by the energy H(s).
 */
export function energyGibbsDriver(model: EnergyModelSpec, params: ModelParameters, inputs: UnitInputs, temperature: number, seed: number): TrajectoryDriver {
  const beta = inverseTemperature(temperature);
  const low = model.encoding === 'pm1' ? -1 : 0;
  const clamp = inputs.anyClamped
    ? { mask: Uint8Array.from(inputs.clamp, (v) => (v >= 0 ? 1 : 0)), values: Float32Array.from(inputs.clamp, (v) => (v === 1 ? 1 : low)) }
    : undefined;
  const set = createChainSet(model, params, { chains: 1, random: createRandom(seed).fork('trajectory-gibbs'), initial: initialStates(inputs, low, seed), clamp });
  return {
    traceName: 'Energy H(s)',
    async advance(steps) {
      for (let t = 0; t < steps; t++) set.sweep(beta, 'gibbs', 'colour');
    },
    async read() {
      const states = set.naturalStates();
      const energy = set.energies();
      const [trace] = await energy.data();
      energy.dispose();
      return { values: low === -1 ? states.map((s) => (s + 1) / 2) : states, trace };
    },
    dispose: () => set.dispose(),
  };
}
