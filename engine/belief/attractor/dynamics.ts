import * as tf from '@tensorflow/tfjs';
import type { ClampTensors } from './clamp';
import { fields, gField, lyapunovTensor, parentMean, parentSums, type NetworkTensors } from './fields';

/** Settings of the discretised attractor dynamics (Saul & Jordan §3.3). */
export interface AttractorArgs {
  /** Iterations of the discretised dynamics. Default 16 (Saul & Jordan §4, footnote 2). */
  iterations?: number;
  /** Δt of eqs. 3.12–3.14. Default 0.25 (footnote 2). */
  stepSize?: number;
  /** τ_µ of eq. 3.8. Default 1 (footnote 2). */
  muTimeConstant?: number;
  /** τ_h of eq. 3.9. Default 1 (footnote 2). */
  hTimeConstant?: number;
  /** ξ update: 'sigmoid' is eq. 3.14 (the paper's choice in practice, default); 'exact' is eq. 3.13, the Euler step of eq. 3.9. */
  xiUpdate?: 'sigmoid' | 'exact';
}

export const ATTRACTOR_DEFAULTS: Required<AttractorArgs> = {
  iterations: 16,
  stepSize: 0.25,
  muTimeConstant: 1,
  hTimeConstant: 1,
  xiUpdate: 'sigmoid',
};

/** Every setting, defaults filled in and checked; throws naming the setting that is out of range. */
export function attractorSettings(args: AttractorArgs = {}): Required<AttractorArgs> {
  const s = { ...ATTRACTOR_DEFAULTS, ...Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined)) } as Required<AttractorArgs>;
  if (!Number.isInteger(s.iterations) || s.iterations < 0) throw new Error(`Attractor iterations must be a non-negative integer, got ${s.iterations}`);
  for (const key of ['stepSize', 'muTimeConstant', 'hTimeConstant'] as const) {
    if (!(s[key] > 0 && Number.isFinite(s[key]))) throw new Error(`Attractor ${key} must be a positive number, got ${s[key]}`);
  }
  if (s.stepSize > s.muTimeConstant) {
    throw new Error(`Attractor stepSize ${s.stepSize} exceeds muTimeConstant ${s.muTimeConstant}; eq. 3.12 then overshoots σ(g) — lower the step size`);
  }
  if (s.xiUpdate !== 'sigmoid' && s.xiUpdate !== 'exact') throw new Error(`Attractor xiUpdate must be 'sigmoid' (eq. 3.14) or 'exact' (eq. 3.13), got '${s.xiUpdate}'`);
  return s;
}

/** Mean-field parameters per pattern: µ_i ≈ E[S_i | V] and ξ_i ≈ E[σ_i | V] (Saul & Jordan §3.2), each [K, B, N]. */
export interface AttractorState {
  means: tf.Tensor3D;
  signals: tf.Tensor3D;
}

/** ⟨δz²⟩ below this counts as zero: ξ_i then no longer enters L, and eq. 3.13 would divide by it. */
const MIN_VARIANCE = 1e-12;

/**
 * Top-down pass (Saul & Jordan §4, footnote 2): layer by layer, free units get µ_i = σ(Σ_j J_ij µ_j + b_i) (so µ_i = ξ_i
 * for hidden units), clamped units keep their values; then ξ_i = σ(Σ_j J_ij µ_j + b_i) for every unit.
 */
export function topDownState(net: NetworkTensors, clamp: ClampTensors): AttractorState {
  return tf.tidy(() => {
    const shape: [number, number, number] = [net.networkCount, clamp.patternCount, net.unitCount];
    const free = tf.sub(1, clamp.mask);
    let means = tf.broadcastTo(clamp.values, shape) as tf.Tensor3D;
    for (const layer of net.layerMasks) {
      means = tf.add(means, tf.mul(tf.mul(free, layer), tf.sub(tf.sigmoid(parentMean(net, means)), means))) as tf.Tensor3D;
    }
    const signals = tf.sigmoid(parentMean(net, means)) as tf.Tensor3D;
    return { means, signals };
  });
}

/** Per-relaxation constants: (Δt/τ_µ) on free units, 0 on clamped ones, [1, 1 or B, N]; Δt/τ_h. */
export interface StepRates {
  means: tf.Tensor3D;
  h: tf.Scalar;
  dispose(): void;
}

/** The step rates of `settings` under `clamp`. */
export function stepRates(clamp: ClampTensors, settings: Required<AttractorArgs>): StepRates {
  const means = tf.tidy(() => tf.mul(tf.sub(1, clamp.mask), settings.stepSize / settings.muTimeConstant) as tf.Tensor3D);
  const h = tf.scalar(settings.stepSize / settings.hTimeConstant);
  return { means, h, dispose: () => (means.dispose(), h.dispose()) };
}

/**
 * One synchronous step from (µ, ξ): µ̃ = µ + (Δt/τ_µ)(σ(g) − µ) on free units (eqs. 3.8, 3.12; stays in [0, 1] as
 * Δt ≤ τ_µ); h advanced by (Δt/τ_h)(ξ − σ(h)) (eq. 3.9) and ξ̃ read off it by eq. 3.14 (σ of the advanced h) or by
 * eq. 3.13 (inverting eq. 3.7 at µ̃, clipped to [0, 1]). With `withLyapunov`, also L (eq. 3.10) at the incoming state.
 */
export function attractorStep(
  net: NetworkTensors,
  rates: StepRates,
  state: AttractorState,
  xiUpdate: 'sigmoid' | 'exact',
  withLyapunov = false,
): { state: AttractorState; lyapunov?: tf.Tensor2D } {
  return tf.tidy(() => {
    const { means, signals } = state;
    const f = fields(net, means, signals);
    const lyapunov = withLyapunov ? lyapunovTensor(means, signals, f) : undefined;
    const g = gField(net, means, signals, f.mean);
    const nextMeans = tf.add(means, tf.mul(rates.means, tf.sub(tf.sigmoid(g), means))) as tf.Tensor3D;
    const advancedH = tf.add(f.h, tf.mul(rates.h, tf.sub(signals, tf.sigmoid(f.h))));
    let nextSignals: tf.Tensor3D;
    if (xiUpdate === 'sigmoid') {
      nextSignals = tf.sigmoid(advancedH) as tf.Tensor3D;
    } else {
      const next = parentSums(net, nextMeans);
      const spread = tf.greater(next.variance, MIN_VARIANCE);
      const inverted = tf.sub(net.half, tf.div(tf.sub(advancedH, next.mean), tf.maximum(next.variance, MIN_VARIANCE)));
      nextSignals = tf.clipByValue(tf.where(spread, inverted, tf.sigmoid(next.mean)), 0, 1) as tf.Tensor3D;
    }
    return { state: { means: nextMeans, signals: nextSignals }, lyapunov };
  });
}

/** L (eq. 3.10) at `state`, [K, B]. */
export function stateLyapunov(net: NetworkTensors, state: AttractorState): tf.Tensor2D {
  return tf.tidy(() => lyapunovTensor(state.means, state.signals, fields(net, state.means, state.signals)));
}

/** A relaxed state, its L [K, B] and, when recorded, L before each iteration and at the end, [T + 1, K, B]. */
export interface Relaxation {
  state: AttractorState;
  lyapunov: tf.Tensor2D;
  trace?: tf.Tensor3D;
}

/**
 * Runs `settings.iterations` steps from `initial` (default: the top-down pass). The caller keeps ownership of
 * `initial` and disposes the returned tensors.
 */
export function relaxState(
  net: NetworkTensors,
  clamp: ClampTensors,
  settings: Required<AttractorArgs>,
  options: { initial?: AttractorState; recordTrace?: boolean } = {},
): Relaxation {
  let state = options.initial ?? topDownState(net, clamp);
  const trace: tf.Tensor2D[] = [];
  const rates = stepRates(clamp, settings);
  for (let t = 0; t < settings.iterations; t++) {
    const step = attractorStep(net, rates, state, settings.xiUpdate, options.recordTrace);
    if (state !== options.initial) tf.dispose([state.means, state.signals]);
    state = step.state;
    if (step.lyapunov) trace.push(step.lyapunov);
  }
  rates.dispose();
  if (state === options.initial) state = { means: tf.clone(state.means), signals: tf.clone(state.signals) };
  const lyapunov = stateLyapunov(net, state);
  if (!options.recordTrace) return { state, lyapunov };
  const stacked = tf.stack([...trace, lyapunov]) as tf.Tensor3D;
  trace.forEach((t) => t.dispose());
  return { state, lyapunov, trace: stacked };
}
