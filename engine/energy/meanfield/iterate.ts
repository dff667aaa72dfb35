import * as tf from '@tensorflow/tfjs';
import type { UnitEncoding } from '../../diagram/types';
import type { CouplingOperator } from './operator';

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

/** F(m): tanh(β(mW + b)) for ±1 units (Mehlig eq. 3.8), σ(β(mW + b)) for 0/1 units; clamped units keep their values. */
export function meanFieldMap(op: CouplingOperator, m: tf.Tensor2D, beta: number, encoding: UnitEncoding, clamp?: ClampTensors): tf.Tensor2D {
  return tf.tidy(() => {
    const field = tf.mul(tf.add(op.couple(m), op.biases), beta);
    const f = encoding === 'pm1' ? tf.tanh(field) : tf.sigmoid(field);
    return (clamp ? tf.where(tf.cast(clamp.mask, 'bool'), clamp.values, f) : f) as tf.Tensor2D;
  });
}

const slice = (x: tf.Tensor2D, start: number, size: number): tf.Tensor2D => tf.slice(x, [0, start], [-1, size]);

/** One sequential sweep: each independent set in turn takes its damped mean-field value given the latest others. */
function sequentialSweep(op: CouplingOperator, m: tf.Tensor2D, beta: number, settings: IterationSettings, clamp?: ClampTensors): tf.Tensor2D {
  const n = op.layout.unitCount;
  let state = m;
  op.layout.classes.forEach((c, k) => {
    const next = tf.tidy(() => {
      const field = tf.mul(tf.add(op.coupleClass(state, k), slice(op.biases, c.start, c.size)), beta);
      let f: tf.Tensor = settings.encoding === 'pm1' ? tf.tanh(field) : tf.sigmoid(field);
      if (clamp) f = tf.where(tf.cast(slice(clamp.mask, c.start, c.size), 'bool'), slice(clamp.values, c.start, c.size), f);
      const old = slice(state, c.start, c.size);
      const updated = settings.damping > 0 ? tf.add(tf.mul(old, settings.damping), tf.mul(f, 1 - settings.damping)) : f;
      const parts = [...(c.start > 0 ? [slice(state, 0, c.start)] : []), updated, ...(c.start + c.size < n ? [slice(state, c.start + c.size, n - c.start - c.size)] : [])];
      return (parts.length === 1 ? parts[0] : tf.concat(parts, 1)) as tf.Tensor2D;
    });
    if (state !== m) state.dispose();
    state = next;
  });
  return state;
}

function advance(op: CouplingOperator, m: tf.Tensor2D, beta: number, settings: IterationSettings, clamp?: ClampTensors, mapped?: tf.Tensor2D): tf.Tensor2D {
  if (settings.update === 'sequential') return sequentialSweep(op, m, beta, settings, clamp);
  return tf.tidy(() => {
    const f = mapped ?? meanFieldMap(op, m, beta, settings.encoding, clamp);
    return settings.damping > 0 ? tf.add(tf.mul(m, settings.damping), tf.mul(f, 1 - settings.damping)) : tf.clone(f);
  });
}

/**
 * Damped synchronous or sequential iteration of the mean-field equations from `initial` (not disposed), through the
 * annealing stages to the final β, until the residual max_i |m_i − F_i(m)| ≤ tolerance or maxIterations.
 */
export function iterateMeanField(op: CouplingOperator, initial: tf.Tensor2D, settings: IterationSettings, clamp?: ClampTensors): IterationOutcome {
  let m = tf.tidy(() => (clamp ? tf.where(tf.cast(clamp.mask, 'bool'), clamp.values, initial) : tf.clone(initial)) as tf.Tensor2D);
  const replace = (next: tf.Tensor2D): void => {
    m.dispose();
    m = next;
  };
  let annealingIterations = 0;
  for (const beta of settings.annealingBetas) {
    for (let t = 0; t < settings.iterationsPerStage; t++) replace(advance(op, m, beta, settings, clamp));
    annealingIterations += settings.iterationsPerStage;
  }
  let iterations = 0;
  for (;;) {
    const mapped = meanFieldMap(op, m, settings.beta, settings.encoding, clamp);
    const residualTensor = tf.tidy(() => tf.max(tf.abs(tf.sub(m, mapped)), 1));
    const residuals = residualTensor.dataSync() as Float32Array;
    residualTensor.dispose();
    const worst = residuals.reduce((a, r) => Math.max(a, r), 0);
    if (worst <= settings.tolerance || iterations >= settings.maxIterations || !Number.isFinite(worst)) {
      mapped.dispose();
      return { means: m, iterations, annealingIterations, residuals: Float32Array.from(residuals), converged: worst <= settings.tolerance };
    }
    replace(advance(op, m, settings.beta, settings, clamp, mapped));
    mapped.dispose();
    iterations++;
  }
}
