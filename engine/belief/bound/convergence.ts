import * as tf from '@tensorflow/tfjs';
import type { BoundTensors } from './tables';

/** Rows (networks) of `x` at `keep` along axis 0. */
const pick = <T extends tf.Tensor>(x: T, keep: tf.Tensor1D): T => tf.gather(x, keep, 0) as T;

/** The network tensors of the networks at `keep` (local indices); the caller disposes the old ones. */
export function gatherTensors(t: BoundTensors, keep: number[]): BoundTensors {
  const index = tf.tensor1d(keep, 'int32');
  try {
    const units = t.units.map((u) => u && { ...u, childWeights: pick(u.childWeights, index) });
    const next: BoundTensors = {
      ...t,
      networkCount: keep.length,
      parentWeights: pick(t.parentWeights, index),
      biases: pick(t.biases, index),
      observed: pick(t.observed, index),
      units,
      dispose() {
        tf.dispose([next.parentWeights, next.biases, next.observed]);
        for (const u of units) if (u) u.childWeights.dispose();
      },
    };
    return next;
  } finally {
    index.dispose();
  }
}

/** Gathers every tensor field of a plain state object along axis 0. */
export function gatherFields<S extends object>(state: S, keep: number[]): S {
  const index = tf.tensor1d(keep, 'int32');
  try {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(state)) {
      if (value instanceof tf.Tensor) out[key] = pick(value, index);
      else if (Array.isArray(value)) out[key] = value.map((v: unknown) => (v instanceof tf.Tensor ? pick(v, index) : v));
      else if (value && typeof value === 'object') out[key] = gatherFields(value as object, keep);
      else out[key] = value;
    }
    return out as S;
  } finally {
    index.dispose();
  }
}

/** How a coordinate-ascent run is driven: one sweep, read-out of finished networks, disposal. */
export interface ConvergenceRun<S> {
  /** One sweep; returns the new state (the old one disposed) and each network's largest parameter change, [K]. */
  sweep(state: S, t: BoundTensors, index: number): { state: S; change: tf.Tensor1D };
  /** Copies the results of the networks at local indices `local` (original indices `original`) out of the state. */
  finish(state: S, t: BoundTensors, local: number[], original: number[]): void;
  dispose(state: S): void;
}

/**
 * Sweeps until every network's largest change falls to `tolerance` (or `maxSweeps`), dropping networks from the
 * batch as they converge so the remaining sweeps cost less. Returns each network's sweep count and convergence.
 * A generator that yields after every sweep, so an async driver can let progress, pause and cancel in between
 * (driveSync runs it straight through; an early return() disposes its state).
 */
export function* convergenceSteps<S extends object>(
  initial: S,
  tensors: BoundTensors,
  run: ConvergenceRun<S>,
  tolerance: number,
  maxSweeps: number,
): Generator<void, { sweeps: Int32Array; converged: Uint8Array }> {
  const total = tensors.networkCount;
  const sweeps = new Int32Array(total);
  const converged = new Uint8Array(total);
  let state = initial;
  let t = tensors;
  let active = Array.from({ length: total }, (_, k) => k);
  try {
    for (let s = 0; active.length > 0; s++) {
      if (s > 0) yield;
      const result = run.sweep(state, t, s);
      state = result.state;
      const change = result.change.dataSync();
      result.change.dispose();
      const done: number[] = [];
      const keep: number[] = [];
      active.forEach((original, local) => {
        sweeps[original] = s + 1;
        if (change[local] <= tolerance) converged[original] = 1;
        (change[local] <= tolerance || s + 1 >= maxSweeps ? done : keep).push(local);
      });
      if (done.length === 0) continue;
      // Compact only when enough networks finished: a gather of every tensor costs about one sweep's worth of kernels.
      if (keep.length > 0 && done.length * 20 < active.length && s + 1 < maxSweeps) continue;
      run.finish(state, t, done, done.map((local) => active[local]));
      if (keep.length === 0) break;
      const next = gatherFields(state, keep);
      run.dispose(state);
      state = next;
      const nextT = gatherTensors(t, keep);
      if (t !== tensors) t.dispose();
      t = nextT;
      active = keep.map((local) => active[local]);
    }
  } finally {
    run.dispose(state);
    if (t !== tensors) t.dispose();
  }
  return { sweeps, converged };
}

/** Runs a step generator to its end without yielding to the event loop. */
export function driveSync<T>(steps: Generator<void, T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/**
 * Runs a step generator, calling `between` at every yield (awaited when it returns a promise); a throw from it ends the
 * generator through return(), so its finally blocks free what it holds, and propagates.
 */
export async function driveAsync<T>(steps: Generator<void, T>, between: () => void | Promise<void>): Promise<T> {
  try {
    for (;;) {
      const next = steps.next();
      if (next.done) return next.value;
      const pending = between();
      if (pending instanceof Promise) await pending;
    }
  } catch (error) {
    steps.return(undefined as never);
    throw error;
  }
}

/** runToConvergence's loop run straight through (see convergenceSteps). */
export function runToConvergence<S extends object>(initial: S, tensors: BoundTensors, run: ConvergenceRun<S>, tolerance: number, maxSweeps: number): { sweeps: Int32Array; converged: Uint8Array } {
  return driveSync(convergenceSteps(initial, tensors, run, tolerance, maxSweeps));
}

/** Copies rows `local` of a [K, rest…] tensor's data into `target` at the original indices (row length `width`). */
export function copyRows(source: ArrayLike<number>, width: number, local: number[], original: number[], target: Float32Array): void {
  local.forEach((l, k) => {
    for (let e = 0; e < width; e++) target[original[k] * width + e] = source[l * width + e];
  });
}

