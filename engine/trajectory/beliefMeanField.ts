import { sjjBound64 } from '../belief/bound/bound64';
import { childlessMask, MEAN_FIELD_DEFAULTS, sweepMeanField } from '../belief/bound/meanField';
import { disposeState, stateFromMeans, type BoundState } from '../belief/bound/state';
import { createBoundTensors } from '../belief/bound/tables';
import { asBatch, type BeliefNetwork } from '../belief/network';
import { clampEvidence } from './beliefGibbs';
import type { TrajectoryDriver } from './driver';
import type { UnitInputs } from './inputs';

/**
 * Coordinate ascent on the SJJ mean-field bound of a sigmoid belief network with the clamped units observed (Saul,
 * Jaakkola & Jordan 1996; Bishop et al. eq. 4): per step ξ of every unit, then each free mean µ_i in topological order.
 * Means start at ½ (free visible units at `start`), ξ at ½. Traced by F ≤ ln P(clamped units), which never decreases.
 */
export function beliefMeanFieldDriver(network: BeliefNetwork, inputs: UnitInputs): TrajectoryDriver {
  const batch = asBatch(network);
  const tensors = createBoundTensors(batch, clampEvidence(inputs));
  const childless = childlessMask(tensors);
  const n = network.unitCount;
  let state: BoundState;
  try {
    state = stateFromMeans(tensors, Float32Array.from(inputs.start, (v) => (v >= 0 ? v : 0.5)), new Float32Array(n).fill(0.5));
  } catch (error) {
    childless?.dispose();
    tensors.dispose();
    throw error;
  }
  let sweeps = 0;
  return {
    traceName: 'Mean-field bound F ≤ ln P(v)',
    async advance(steps) {
      for (let t = 0; t < steps; t++) {
        // The first sweep takes two extra ξ steps, as meanFieldBound does: ξ = ½ is far from its optimum.
        const xiSteps = sweeps === 0 ? MEAN_FIELD_DEFAULTS.xiSteps + 2 : MEAN_FIELD_DEFAULTS.xiSteps;
        const next = sweepMeanField(state, tensors, xiSteps, childless);
        next.change.dispose();
        state = next.state;
        sweeps++;
      }
    },
    async read() {
      const [mu, xi] = await Promise.all([state.mu.data(), state.xi.data()]);
      return { values: Float32Array.from(mu), trace: sjjBound64(batch, 0, tensors.tables, mu, xi) };
    },
    dispose() {
      disposeState(state);
      childless?.dispose();
      tensors.dispose();
    },
  };
}
