import * as tf from '@tensorflow/tfjs';
import type { UnitEncoding } from '../../diagram/types';
import { perClass, type CouplingOperator } from './operator';

/** Clamped units on the backend, internal unit order: mask 1 where a unit is held at `values` (both [B, N]). */
export interface ClampTensors {
  mask: tf.Tensor2D;
  values: tf.Tensor2D;
}

/** How to iterate the mean-field equations (all fields required; defaults live in the public wrapper). */
export interface IterationSettings {
  encoding: UnitEncoding;
  update: 'synchronous' | 'sequential';
  /** d in m ← d·m + (1 − d)·F(m). */
  damping: number;
  /** Converged when max_i |m_i − F_i(m)| ≤ tolerance for every pattern. */
  tolerance: number;
  /** Iteration cap at the final β. */
  maxIterations: number;
  /** Final inverse temperature. */
  beta: number;
  /** Annealing stages before the final β, visited in order, each for `iterationsPerStage` untested iterations. */
  annealingBetas: number[];
  iterationsPerStage: number;
}

/** Where the iteration stopped: means [B, N] (internal order, owned by the caller) and the convergence report. */
export interface IterationOutcome {
  means: tf.Tensor2D;
  /** Iterations at the final β (sweeps for sequential updates). */
  iterations: number;
  /** Iterations spent in the annealing stages. */
  annealingIterations: number;
  /** max_i |m_i − F_i(m)| per pattern at the returned means. */
  residuals: Float32Array;
  converged: boolean;
}

/** Clamp as an affine map on F: F ← F·keep + fixed (keep = 1 − mask, fixed = mask·values), whole and per independent set. */
interface PreparedClamp {
  keep: tf.Tensor2D;
  fixed: tf.Tensor2D;
  classKeep(c: number): tf.Tensor2D;
  classFixed(c: number): tf.Tensor2D;
  /** Every tensor made for the clamp (class slices join on first use). */
  owned: tf.Tensor[];
}

function prepareClamp(op: CouplingOperator, clamp: ClampTensors): PreparedClamp {
  const [keep, fixed] = tf.tidy(() => [tf.sub(1, clamp.mask) as tf.Tensor2D, tf.mul(clamp.mask, clamp.values) as tf.Tensor2D]);
  const owned: tf.Tensor[] = [keep, fixed];
  return {
    keep,
    fixed,
    classKeep: perClass(op.layout, owned, keep, (c) => slice(keep, c.start, c.size)),
    classFixed: perClass(op.layout, owned, fixed, (c) => slice(fixed, c.start, c.size)),
    owned,
  };
}

const disposeClamp = (c: PreparedClamp | undefined): void => {
  if (c) tf.dispose(c.owned);
};

const slice = (x: tf.Tensor2D, start: number, size: number): tf.Tensor2D => tf.slice(x, [0, start], [-1, size]);

const activate = (field: tf.Tensor, beta: number, encoding: UnitEncoding): tf.Tensor =>
  encoding === 'pm1' ? tf.tanh(tf.mul(field, beta)) : tf.sigmoid(tf.mul(field, beta));

/** F(m): tanh(β(mW + b)) for ±1 units (Mehlig eq. 3.8), σ(β(mW + b)) for 0/1 units; clamped units keep their values. */
function meanFieldMap(op: CouplingOperator, m: tf.Tensor2D, beta: number, encoding: UnitEncoding, clamp?: PreparedClamp): tf.Tensor2D {
  return tf.tidy(() => {
    const f = activate(tf.add(op.couple(m), op.biases), beta, encoding);
    return (clamp ? tf.add(tf.mul(f, clamp.keep), clamp.fixed) : f) as tf.Tensor2D;
  });
}

const damped = (old: tf.Tensor, f: tf.Tensor, damping: number): tf.Tensor2D =>
  (damping > 0 ? tf.add(tf.mul(old, damping), tf.mul(f, 1 - damping)) : tf.clone(f)) as tf.Tensor2D;

/** The state: one piece per independent set when there are few (no re-slicing), else a single [B, N] block. */
type State = tf.Tensor2D[];

/** Up to this many independent sets the state is kept in pieces; beyond, concatenating them all per set would cost O(K²). */
const PIECEWISE_CLASS_LIMIT = 8;

const whole = (state: State): tf.Tensor2D => (state.length === 1 ? state[0] : (tf.concat(state, 1) as tf.Tensor2D));

function classValue(op: CouplingOperator, m: tf.Tensor2D, old: tf.Tensor2D, c: number, beta: number, settings: IterationSettings, clamp?: PreparedClamp): tf.Tensor2D {
  let f = activate(tf.add(op.coupleClass(m, c), op.classBias(c)), beta, settings.encoding);
  if (clamp) f = tf.add(tf.mul(f, clamp.classKeep(c)), clamp.classFixed(c));
  return damped(old, f, settings.damping);
}

/** One sequential sweep, in place: each independent set in turn takes its damped mean-field value given the latest others. */
function sequentialSweep(op: CouplingOperator, state: State, beta: number, settings: IterationSettings, clamp?: PreparedClamp): void {
  const n = op.layout.unitCount;
  op.layout.classes.forEach((c, k) => {
    if (state.length > 1) {
      const next = tf.tidy(() => classValue(op, whole(state), state[k], k, beta, settings, clamp));
      state[k].dispose();
      state[k] = next;
      return;
    }
    const next = tf.tidy(() => {
      const m = state[0];
      const value = classValue(op, m, slice(m, c.start, c.size), k, beta, settings, clamp);
      const end = c.start + c.size;
      const parts = [...(c.start > 0 ? [slice(m, 0, c.start)] : []), value, ...(end < n ? [slice(m, end, n - end)] : [])];
      return whole(parts);
    });
    state[0].dispose();
    state[0] = next;
  });
}

function synchronousStep(op: CouplingOperator, state: State, beta: number, settings: IterationSettings, clamp?: PreparedClamp, mapped?: tf.Tensor2D): void {
  const next = tf.tidy(() => damped(state[0], mapped ?? meanFieldMap(op, state[0], beta, settings.encoding, clamp), settings.damping));
  state[0].dispose();
  state[0] = next;
}

/**
 * Damped synchronous or sequential iteration of the mean-field equations from `initial` (not disposed), through the
 * annealing stages to the final β, until the residual max_i |m_i − F_i(m)| ≤ tolerance or maxIterations.
 */
export function iterateMeanField(op: CouplingOperator, initial: tf.Tensor2D, settings: IterationSettings, clamp?: ClampTensors): IterationOutcome {
  const prepared = clamp ? prepareClamp(op, clamp) : undefined;
  const sequential = settings.update === 'sequential' && op.layout.classes.length > 1;
  const piecewise = sequential && op.layout.classes.length <= PIECEWISE_CLASS_LIMIT;
  const state: State = tf.tidy(() => {
    const m = prepared ? (tf.add(tf.mul(initial, prepared.keep), prepared.fixed) as tf.Tensor2D) : tf.clone(initial);
    return piecewise ? op.layout.classes.map((c) => slice(m, c.start, c.size)) : [m];
  });
  const advance = (beta: number, mapped?: tf.Tensor2D): void =>
    sequential ? sequentialSweep(op, state, beta, settings, prepared) : synchronousStep(op, state, beta, settings, prepared, mapped);
  try {
    let annealingIterations = 0;
    for (const beta of settings.annealingBetas) {
      for (let t = 0; t < settings.iterationsPerStage; t++) advance(beta);
      annealingIterations += settings.iterationsPerStage;
    }
    let iterations = 0;
    for (;;) {
      const m = piecewise ? whole(state) : state[0];
      const mapped = meanFieldMap(op, m, settings.beta, settings.encoding, prepared);
      const residualTensor = tf.tidy(() => tf.max(tf.abs(tf.sub(m, mapped)), 1));
      const residuals = Float32Array.from(residualTensor.dataSync());
      residualTensor.dispose();
      const worst = residuals.reduce((a, r) => Math.max(a, r), 0);
      if (worst <= settings.tolerance || iterations >= settings.maxIterations || !Number.isFinite(worst)) {
        mapped.dispose();
        if (piecewise) tf.dispose(state);
        return { means: m, iterations, annealingIterations, residuals, converged: worst <= settings.tolerance };
      }
      if (piecewise) m.dispose();
      advance(settings.beta, mapped);
      mapped.dispose();
      iterations++;
    }
  } catch (error) {
    tf.dispose(state);
    throw error;
  } finally {
    disposeClamp(prepared);
  }
}
