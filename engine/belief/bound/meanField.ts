import * as tf from '@tensorflow/tfjs';
import type { BeliefEvidence } from '../evidence';
import { toBatch } from '../exact';
import type { BeliefNetwork, BeliefNetworkBatch } from '../network';
import { sjjBound64 } from './bound64';
import { updateChildlessMeans, updateMean } from './means';
import { boundGradient, denseFromParents } from './gradient';
import { disposeState, initialState, optimiseXi, stateFromMeans, type BoundInit, type BoundState } from './state';
import { convergenceSteps, copyRows, driveAsync, driveSync } from './convergence';
import { createBoundTensors, type BoundTensors } from './tables';

/** Settings of the SJJ mean-field bound (Saul, Jaakkola & Jordan 1996; Bishop et al. eq. 4). */
export interface MeanFieldArgs {
  /** Converged when no mean µ_i moves by more than this in a sweep. Default 1e-6. */
  tolerance?: number;
  /** Most sweeps (each: ξ for all units, then µ unit by unit). Default 500. */
  maxSweeps?: number;
  /** Newton steps on ξ per sweep (each kept only where it lowers φ; ξ is re-optimised every sweep). Default 1. */
  xiSteps?: number;
  /** Starting means: 'prior' (top-down pass µ_i = σ(⟨z_i⟩)) or 'uniform' in (0, 1) (Bishop et al. §3). Default 'prior'. */
  init?: BoundInit;
  /** Seed of a uniform start. Default 0. */
  seed?: number;
  /** Warm start (e.g. the previous epoch's solution): µ and ξ, [K, P, N] each; observed units must hold their values. Overrides init. */
  start?: { means: Float32Array; xi: Float32Array };
  /** Also return ∂F/∂J and ∂F/∂b summed over the patterns (for learning). Default false. */
  withGradient?: boolean;
}

/** Defaults of meanFieldBound. */
export const MEAN_FIELD_DEFAULTS = { tolerance: 1e-6, maxSweeps: 500, xiSteps: 1, init: 'prior' as BoundInit, seed: 0 };

/** Gradient of the bound summed over patterns: dense per network. */
export interface BoundGradient {
  /** ∂F/∂J_ij, [K, N, N] (zero where j is not a parent of i). */
  weights: Float64Array;
  /** ∂F/∂b_i, [K, N]. */
  biases: Float64Array;
}

/** The optimised bound for K networks × P patterns. */
export interface MeanFieldResult {
  networkCount: number;
  patternCount: number;
  unitCount: number;
  /** F ≤ ln P(evidence) per network and pattern, [K, P], evaluated in float64 at the optimised µ and ξ. */
  bound: Float64Array;
  /** µ_i, [K, P, N] (observed units hold their values). */
  means: Float32Array;
  /** ξ_i, [K, P, N]. */
  xi: Float32Array;
  /** Sweeps run. */
  sweeps: number;
  /** Whether the tolerance was met within maxSweeps. */
  converged: boolean;
  /** With withGradient. */
  gradient?: BoundGradient;
}

/** One coordinate-ascent sweep: ξ of every unit, then each unobserved unit's mean in topological order. Returns each network's max |Δµ|. */
export function sweepMeanField(
  state: BoundState,
  t: BoundTensors,
  xiSteps: number,
  childless: tf.Tensor1D | undefined,
): { state: BoundState; change: tf.Tensor1D } {
  let current = optimiseXi(state, t, xiSteps);
  disposeState(state);
  const changes: tf.Tensor1D[] = [];
  for (const unit of t.tables.free) {
    const tensors = t.units[unit];
    if (tensors === undefined) continue;
    const update = updateMean(current, t, tensors);
    disposeState(current);
    current = update.state;
    changes.push(update.change);
  }
  if (childless) {
    const update = updateChildlessMeans(current, childless);
    disposeState(current);
    current = update.state;
    changes.push(update.change);
  }
  const change = tf.tidy(() => (changes.length ? tf.max(tf.stack(changes), 0) : tf.zeros([t.networkCount]))) as tf.Tensor1D;
  tf.dispose(changes);
  return { state: current, change };
}

/** Adds the gradient of networks `local` (rows weighted by `rowWeights`, [K, R]) into `gradient` at their original indices. */
export function collectGradient(state: BoundState, t: BoundTensors, local: number[], original: number[], gradient: BoundGradient, rowWeights?: tf.Tensor2D): void {
  const n = t.tables.unitCount;
  const g = boundGradient(state, t, rowWeights);
  const weights = g.weights.dataSync();
  const biases = g.biases.dataSync();
  tf.dispose([g.weights, g.biases]);
  local.forEach((l, k) => {
    denseFromParents(t.tables, weights, l * n * t.tables.maxParents, gradient.weights, original[k] * n * n);
    for (let i = 0; i < n; i++) gradient.biases[original[k] * n + i] += biases[l * n + i];
  });
}

/** [N] mask of the unobserved units without children, or undefined when there are none. */
export function childlessMask(t: BoundTensors): tf.Tensor1D | undefined {
  const units = t.tables.free.filter((i) => t.tables.children[i].length === 0);
  if (units.length === 0) return undefined;
  const mask = new Float32Array(t.tables.unitCount);
  for (const i of units) mask[i] = 1;
  return tf.tensor1d(mask);
}

/**
 * The rigorous mean-field lower bound F ≤ ln P(evidence) of Saul, Jaakkola & Jordan (1996) (Bishop et al. eq. 4),
 * maximised over µ and ξ by coordinate ascent, for every network and pattern at once.
 */
export function meanFieldBound(networks: BeliefNetwork | BeliefNetworkBatch, evidence: BeliefEvidence, args: MeanFieldArgs = {}): MeanFieldResult {
  return driveSync(meanFieldBoundSteps(networks, evidence, args));
}

/** meanFieldBound with `between` awaited after every sweep: progress, pause and cancel (a throw from it) get in on large networks. */
export function meanFieldBoundAsync(networks: BeliefNetwork | BeliefNetworkBatch, evidence: BeliefEvidence, args: MeanFieldArgs, between: () => void | Promise<void>): Promise<MeanFieldResult> {
  return driveAsync(meanFieldBoundSteps(networks, evidence, args), between);
}

/** meanFieldBound as a generator yielding after every sweep (see convergenceSteps). */
export function* meanFieldBoundSteps(networks: BeliefNetwork | BeliefNetworkBatch, evidence: BeliefEvidence, args: MeanFieldArgs = {}): Generator<void, MeanFieldResult> {
  const settings = { ...MEAN_FIELD_DEFAULTS, ...args };
  const batch = toBatch(networks);
  const n = batch.unitCount;
  const t = createBoundTensors(batch, evidence);
  const childless = childlessMask(t);
  const width = evidence.count * n;
  const means = new Float32Array(batch.networkCount * width);
  const xi = new Float32Array(batch.networkCount * width);
  try {
    const start = settings.start ? stateFromMeans(t, settings.start.means, settings.start.xi) : initialState(t, batch.layers, settings.init, settings.seed);
    const gradient = settings.withGradient ? { weights: new Float64Array(batch.networkCount * n * n), biases: new Float64Array(batch.networkCount * n) } : undefined;
    const { sweeps, converged } = yield* convergenceSteps(
      start,
      t,
      {
        sweep: (state, tensors, index) => sweepMeanField(state, tensors, index === 0 ? settings.xiSteps + 2 : settings.xiSteps, childless),
        finish(state, tensors, local, original) {
          // One more ξ step so ξ fits the final means.
          const final = optimiseXi(state, tensors, settings.xiSteps);
          copyRows(final.mu.dataSync(), width, local, original, means);
          copyRows(final.xi.dataSync(), width, local, original, xi);
          if (gradient) collectGradient(final, tensors, local, original, gradient);
          disposeState(final);
        },
        dispose: disposeState,
      },
      settings.tolerance,
      settings.maxSweeps,
    );
    const bound = new Float64Array(batch.networkCount * evidence.count);
    for (let k = 0; k < batch.networkCount; k++) {
      for (let p = 0; p < evidence.count; p++) bound[k * evidence.count + p] = sjjBound64(batch, k, t.tables, means, xi, (k * evidence.count + p) * n);
    }
    return {
      networkCount: batch.networkCount,
      patternCount: evidence.count,
      unitCount: n,
      bound,
      means,
      xi,
      sweeps: Math.max(...sweeps),
      converged: converged.every((c) => c === 1),
      ...(gradient ? { gradient } : {}),
    };
  } finally {
    childless?.dispose();
    t.dispose();
  }
}
