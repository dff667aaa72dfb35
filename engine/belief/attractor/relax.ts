import * as tf from '@tensorflow/tfjs';
import type { BeliefNetwork, BeliefNetworkBatch } from '../network';
import { attractorSettings, relaxState, type AttractorArgs, type AttractorState } from './dynamics';
import { clampTensors } from './clamp';
import type { BeliefEvidence } from '../evidence';
import { toBatch } from '../exact';
import { fields, gField, lyapunovTensor, networkTensors, type NetworkTensors } from './fields';

/** Options of attractorRelax beyond the dynamics' settings. */
export interface AttractorRelaxArgs extends AttractorArgs {
  /** Record L before every iteration and at the end. Default true. */
  recordTrace?: boolean;
  /** Start from these µ and ξ ([K, B, N] each) instead of the top-down pass; clamped entries are overwritten by the evidence. */
  initial?: MeanFieldState;
}

/** Mean-field parameters of K networks × B patterns as plain data, [K, B, N] row-major each. */
export interface MeanFieldState {
  /** µ_i ≈ E[S_i | V] (Saul & Jordan eq. 3.4). */
  means: ArrayLike<number>;
  /** ξ_i ≈ E[σ_i | V], the expected top-down signal (eq. 3.5). */
  signals: ArrayLike<number>;
}

/** Result of attractorRelax (plain data). */
export interface AttractorResult {
  networkCount: number;
  patternCount: number;
  unitCount: number;
  /** µ after the last iteration, [K, B, N]. */
  means: Float32Array;
  /** ξ after the last iteration, [K, B, N]. */
  signals: Float32Array;
  /** L (eq. 3.10) at the final state, [K, B]; −L stands in for ln P(V) (Saul & Jordan §4). */
  lyapunov: Float32Array;
  /** L before each iteration and after the last, [T + 1, K, B] (with recordTrace). */
  trace?: Float32Array;
}

/** Reads tensors with one transfer and returns their values in order. */
export async function readTensors(tensors: tf.Tensor[]): Promise<Float32Array[]> {
  const packed = tf.tidy(() => tf.concat(tensors.map((t) => tf.reshape(t, [-1]))));
  const values = (await packed.data().finally(() => packed.dispose())) as Float32Array;
  let offset = 0;
  return tensors.map((t) => values.slice(offset, (offset += t.size)));
}

function uploadState(net: NetworkTensors, patternCount: number, state: MeanFieldState): AttractorState {
  const shape: [number, number, number] = [net.networkCount, patternCount, net.unitCount];
  const size = shape[0] * shape[1] * shape[2];
  if (state.means.length !== size || state.signals.length !== size) {
    throw new Error(`Mean-field state must hold K·B·N = ${size} means and signals; got ${state.means.length} and ${state.signals.length}`);
  }
  return { means: tf.tensor3d(Float32Array.from(state.means), shape), signals: tf.tensor3d(Float32Array.from(state.signals), shape) };
}

/**
 * Relaxes the attractor dynamics (Saul & Jordan eqs. 3.8–3.9 discretised as 3.12 with 3.13 or 3.14) for K networks ×
 * B patterns with the evidence clamped, starting from the top-down pass (§4, footnote 2), recording L (eq. 3.10).
 */
export async function attractorRelax(net: BeliefNetwork | BeliefNetworkBatch, evidence: BeliefEvidence, args: AttractorRelaxArgs = {}): Promise<AttractorResult> {
  const settings = attractorSettings(args);
  const batch = toBatch(net);
  const recordTrace = args.recordTrace ?? true;
  const tensors = networkTensors(batch);
  const clamp = clampTensors(batch, evidence);
  const owned: tf.Tensor[] = [];
  try {
    let initial: AttractorState | undefined;
    if (args.initial !== undefined) {
      const raw = uploadState(tensors, evidence.count, args.initial);
      owned.push(raw.means, raw.signals);
      initial = tf.tidy(() => ({ means: tf.add(tf.mul(tf.sub(1, clamp.mask), raw.means), clamp.values) as tf.Tensor3D, signals: tf.clone(raw.signals) }));
      owned.push(initial.means, initial.signals);
    }
    const relaxed = relaxState(tensors, clamp, settings, { initial, recordTrace });
    const outputs = [relaxed.state.means, relaxed.state.signals, relaxed.lyapunov, ...(relaxed.trace ? [relaxed.trace] : [])];
    owned.push(...outputs);
    const [means, signals, lyapunov, trace] = await readTensors(outputs);
    return { networkCount: batch.networkCount, patternCount: evidence.count, unitCount: batch.unitCount, means, signals, lyapunov, trace };
  } finally {
    owned.forEach((t) => t.dispose());
    clamp.dispose();
    tensors.dispose();
  }
}

/** L (Saul & Jordan eq. 3.10) of K networks at B given states (µ, ξ), [K, B]. */
export async function lyapunov(net: BeliefNetwork | BeliefNetworkBatch, patternCount: number, state: MeanFieldState): Promise<Float32Array> {
  const tensors = networkTensors(net);
  try {
    const uploaded = uploadState(tensors, patternCount, state);
    const value = tf.tidy(() => lyapunovTensor(uploaded.means, uploaded.signals, fields(tensors, uploaded.means, uploaded.signals)));
    uploaded.means.dispose();
    uploaded.signals.dispose();
    const [values] = await readTensors([value]).finally(() => value.dispose());
    return values;
  } finally {
    tensors.dispose();
  }
}

/** How far a state is from solving the mean-field equations, per pattern [K, B]. */
export interface MeanFieldResiduals {
  /** max over free units of |µ_i − σ(g_i)| (eq. 3.4). */
  means: Float32Array;
  /** max over units with ⟨δz_i²⟩ > 0 of |ξ_i − σ(h_i)| (eq. 3.5; ξ_i does not enter L elsewhere). */
  signals: Float32Array;
}

/** Residuals of the mean-field equations 3.4–3.5 at `state` under `evidence` (clamped units are exempt from eq. 3.4). */
export async function meanFieldResiduals(net: BeliefNetwork | BeliefNetworkBatch, evidence: BeliefEvidence, state: MeanFieldState): Promise<MeanFieldResiduals> {
  const batch = toBatch(net);
  const tensors = networkTensors(batch);
  const clamp = clampTensors(batch, evidence);
  try {
    const uploaded = uploadState(tensors, evidence.count, state);
    const [meanResidual, signalResidual] = tf.tidy(() => {
      const f = fields(tensors, uploaded.means, uploaded.signals);
      const g = gField(tensors, uploaded.means, uploaded.signals, f.mean);
      const free = tf.sub(1, clamp.mask);
      const spread = tf.cast(tf.greater(f.variance, 1e-12), 'float32');
      return [
        tf.max(tf.mul(free, tf.abs(tf.sub(uploaded.means, tf.sigmoid(g)))), 2),
        tf.max(tf.mul(spread, tf.abs(tf.sub(uploaded.signals, tf.sigmoid(f.h)))), 2),
      ];
    });
    uploaded.means.dispose();
    uploaded.signals.dispose();
    const [means, signals] = await readTensors([meanResidual, signalResidual]).finally(() => (meanResidual.dispose(), signalResidual.dispose()));
    return { means, signals };
  } finally {
    clamp.dispose();
    tensors.dispose();
  }
}
