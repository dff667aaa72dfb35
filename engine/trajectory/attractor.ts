import * as tf from '@tensorflow/tfjs';
import { clampTensors } from '../belief/attractor/clamp';
import { attractorSettings, attractorStep, stateLyapunov, stepRates, topDownState, type AttractorState } from '../belief/attractor/dynamics';
import { networkTensors } from '../belief/attractor/fields';
import type { BeliefNetwork } from '../belief/network';
import { clampEvidence } from './beliefGibbs';
import type { TrajectoryDriver } from './driver';
import type { UnitInputs } from './inputs';

/**
 * Saul & Jordan's attractor dynamics (eqs. 3.8–3.9 discretised as 3.12 and 3.14, Δt = 0.25, τ = 1: §4 footnote 2) with
 * the clamped units held, from the top-down pass (free visible units then set to `start`), one iteration per step,
 * traced by the Lyapunov function L (eq. 3.10), whose minima are the mean-field solutions (−L stands in for ln P(v)).
 */
export function attractorDriver(network: BeliefNetwork, inputs: UnitInputs): TrajectoryDriver {
  const n = network.unitCount;
  const settings = attractorSettings();
  const net = networkTensors(network);
  const clamp = clampTensors(network, clampEvidence(inputs));
  const rates = stepRates(clamp, settings);
  let state: AttractorState = topDownState(net, clamp);
  const startMask = Float32Array.from(inputs.start, (v, i) => (v >= 0 && inputs.clamp[i] < 0 ? 1 : 0));
  if (startMask.some((m) => m === 1)) {
    const means = tf.tidy(() => {
      const mask = tf.tensor3d(startMask, [1, 1, n]);
      const values = tf.tensor3d(Float32Array.from(inputs.start, (v) => Math.max(v, 0)), [1, 1, n]);
      return tf.add(tf.mul(state.means, tf.sub(1, mask)), tf.mul(values, mask)) as tf.Tensor3D;
    });
    state.means.dispose();
    state = { means, signals: state.signals };
  }
  return {
    traceName: 'Lyapunov function L',
    async advance(steps) {
      for (let t = 0; t < steps; t++) {
        const next = attractorStep(net, rates, state, settings.xiUpdate).state;
        tf.dispose([state.means, state.signals]);
        state = next;
      }
    },
    async read() {
      const lyapunov = stateLyapunov(net, state);
      const [values, [trace]] = await Promise.all([state.means.data(), lyapunov.data()]);
      lyapunov.dispose();
      return { values: Float32Array.from(values), trace };
    },
    dispose() {
      tf.dispose([state.means, state.signals]);
      rates.dispose();
      clamp.dispose();
      net.dispose();
    },
  };
}
