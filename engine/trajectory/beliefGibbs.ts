import * as tf from '@tensorflow/tfjs';
import type { BeliefEvidence } from '../belief/evidence';
import { GibbsChains } from '../belief/gibbsChains';
import { asBatch, type BeliefNetwork } from '../belief/network';
import type { TrajectoryDriver } from './driver';
import type { UnitInputs } from './inputs';

/** The clamped units of `inputs` as one pattern of belief-network evidence. */
export function clampEvidence(inputs: UnitInputs): BeliefEvidence {
  const units = Array.from(inputs.clamp.keys()).filter((i) => inputs.clamp[i] >= 0);
  return { units, values: Uint8Array.from(units, (i) => inputs.clamp[i]), count: 1 };
}

/**
 * Gibbs sampling of a sigmoid belief network's unclamped units from their Markov-blanket conditionals (Neal 1992), one
 * chain started by ancestral sampling (free visible units then set to `start`), one sweep per step, traced by
 * −ln P(s) = −Σ_i [s_i z_i − ln(1 + e^{z_i})] (Saul & Jordan eq. 2.2).
 */
export function beliefGibbsDriver(network: BeliefNetwork, inputs: UnitInputs, seed: number): TrajectoryDriver {
  const n = network.unitCount;
  const chains = new GibbsChains(asBatch(network), clampEvidence(inputs), 1, seed);
  if (inputs.start.some((v, i) => v >= 0 && inputs.clamp[i] < 0)) {
    const states = Float32Array.from(chains.states.dataSync());
    for (let i = 0; i < n; i++) if (inputs.start[i] >= 0) states[i] = inputs.start[i];
    chains.setStates(states);
  }
  return {
    traceName: '−ln P(s)',
    async advance(steps) {
      for (let t = 0; t < steps; t++) chains.sweep();
    },
    async read() {
      const negLogP = tf.tidy(() => {
        const z = chains.fields();
        return tf.neg(tf.sum(tf.sub(tf.mul(chains.states, z), tf.softplus(z))));
      });
      const [values, [trace]] = await Promise.all([chains.states.data(), negLogP.data()]);
      negLogP.dispose();
      return { values: Float32Array.from(values), trace };
    },
    dispose: () => chains.dispose(),
  };
}
