import * as tf from '@tensorflow/tfjs';
import type { EnergyModelSpec } from '../../compiler/types';
import type { UnitEncoding } from '../../diagram/types';
import type { ModelParameters } from '../../model/parameters';
import { createRandom } from '../../random/seeded';
import { clampBatch, clampTensors, type ClampSpec } from './clamp';
import { meanFieldFreeEnergyTensor } from './freeEnergy';
import { iterateMeanField, type ClampTensors, type IterationSettings } from './iterate';
import { createCouplingLayout, type CouplingLayout, type CouplingStorage } from './layout';
import { createCouplingOperator, disposeParameters, uploadParameters, type CouplingOperator } from './operator';
import { DEFAULT_ITERATIONS_PER_STAGE, scheduleBetas, type AnnealingSchedule } from './schedule';

/** Settings of meanFieldFixedPoint (Mehlig §3.3; Peterson & Anderson 1987 for the annealing). */
export interface MeanFieldArgs {
  /** Inverse temperature β of the fixed point sought. Default 1. */
  beta?: number;
  /** 'sequential' (independent sets of the coupling graph in turn; never increases F_MF) or 'synchronous'. Default 'sequential'. */
  update?: 'synchronous' | 'sequential';
  /** d in m ← d·m + (1 − d)·F(m), in [0, 1). Default 0.5 for synchronous updates (damps the period-2 cycles), 0 for sequential. */
  damping?: number;
  /** Converged when max_i |m_i − F_i(m)| ≤ tolerance for every pattern. Default 1e-6. */
  tolerance?: number;
  /** Iteration cap at the final β. Default 1000. */
  maxIterations?: number;
  /** Deterministic annealing: β (or T) stages visited before the final β. Default none (start at the final β). */
  annealing?: AnnealingSchedule;
  /** Starting means, batch × N (natural unit order); default seeded uniform in ±initialSpread around the unbiased state. */
  initial?: Float32Array;
  /** Half-width of the random start around m = 0 (±1 units) or μ = ½ (0/1 units, half as wide). Default 0.01. */
  initialSpread?: number;
  /** Patterns (batch rows); default from clamp, else from initial, else 1. */
  batch?: number;
  /** Seed of the random start. Default 0. */
  seed?: number;
  /** Units held at given values, per pattern. */
  clamp?: ClampSpec;
  /** Coupling storage on the backend; default chosen from the block structure. */
  storage?: CouplingStorage;
}

/** A batch of mean-field solutions with its convergence report (plain data). */
export interface MeanFieldResult {
  /** m (±1 units) or μ (0/1 units), batch × N row-major. */
  means: Float32Array;
  shape: [number, number];
  /** Iterations (sweeps, for sequential updates) at the final β. */
  iterations: number;
  /** Iterations spent in annealing stages before the final β. */
  annealingIterations: number;
  /** max over patterns and units of |m_i − F_i(m)| at the returned means. */
  residual: number;
  /** The same per pattern. */
  residuals: Float32Array;
  converged: boolean;
  /** Mean-field free energy F_MF per pattern at the final β (see meanFieldFreeEnergyTensor). */
  freeEnergies: Float32Array;
}

/** Model, operator and layout for one parameter setting; everything freed by dispose(). */
export interface MeanFieldContext {
  layout: CouplingLayout;
  operator: CouplingOperator;
  dispose(): void;
}

/** Builds the coupling operator of `model` at `params` (throws, naming the block, on missing or misshapen parameters). */
export function createMeanFieldContext(model: EnergyModelSpec, params: ModelParameters, storage?: CouplingStorage): MeanFieldContext {
  const layout = createCouplingLayout(model, storage);
  try {
    const tensors = uploadParameters(model, params);
    try {
      const operator = createCouplingOperator(layout, tensors);
      return { layout, operator, dispose: () => (operator.dispose(), layout.dispose()) };
    } finally {
      disposeParameters(tensors);
    }
  } catch (error) {
    layout.dispose();
    throw error;
  }
}

/** Seeded starting means [batch, N] in internal order: uniform in ±spread around 0 (±1 units) or ½ ± spread/2 (0/1 units). */
export function randomMeans(batch: number, unitCount: number, encoding: UnitEncoding, spread: number, seed: number): tf.Tensor2D {
  const tfSeed = createRandom(seed).fork('meanfield-start').tfSeed();
  return encoding === 'pm1'
    ? tf.randomUniform([batch, unitCount], -spread, spread, 'float32', tfSeed)
    : tf.randomUniform([batch, unitCount], 0.5 - spread / 2, 0.5 + spread / 2, 'float32', tfSeed);
}

/** Downloads [B, N] internal-order means into natural unit order. */
export function naturalMeans(layout: CouplingLayout, m: tf.Tensor2D): Float32Array {
  const internal = m.dataSync() as Float32Array;
  if (layout.identity) return Float32Array.from(internal);
  const [batch, n] = m.shape;
  const out = new Float32Array(batch * n);
  for (let p = 0; p < batch; p++) for (let q = 0; q < n; q++) out[p * n + layout.order[q]] = internal[p * n + q];
  return out;
}

function settingsFrom(model: EnergyModelSpec, args: MeanFieldArgs): IterationSettings {
  const update = args.update ?? 'sequential';
  const settings: IterationSettings = {
    encoding: model.encoding,
    update,
    damping: args.damping ?? (update === 'synchronous' ? 0.5 : 0),
    tolerance: args.tolerance ?? 1e-6,
    maxIterations: args.maxIterations ?? 1000,
    beta: args.beta ?? 1,
    annealingBetas: scheduleBetas(args.annealing),
    iterationsPerStage: args.annealing?.iterationsPerStage ?? DEFAULT_ITERATIONS_PER_STAGE,
  };
  if (!(settings.beta > 0 && Number.isFinite(settings.beta))) throw new RangeError(`β must be positive and finite; got ${settings.beta}`);
  if (!(settings.damping >= 0 && settings.damping < 1)) throw new RangeError(`Damping must lie in [0, 1); got ${settings.damping}`);
  if (!(settings.tolerance > 0)) throw new RangeError(`Tolerance must be positive; got ${settings.tolerance}`);
  if (!Number.isInteger(settings.maxIterations) || settings.maxIterations < 0) throw new RangeError(`maxIterations must be a whole number ≥ 0; got ${settings.maxIterations}`);
  if (!Number.isInteger(settings.iterationsPerStage) || settings.iterationsPerStage < 0) {
    throw new RangeError(`iterationsPerStage must be a whole number ≥ 0; got ${settings.iterationsPerStage}`);
  }
  return settings;
}

function batchOf(model: EnergyModelSpec, args: MeanFieldArgs): number {
  const n = model.unitCount;
  const fromClamp = args.clamp ? clampBatch(args.clamp, n, model.encoding) : undefined;
  if (args.initial !== undefined && args.initial.length % n !== 0) throw new Error(`Initial means hold ${args.initial.length} numbers, not a multiple of the model's ${n} units`);
  const fromInitial = args.initial ? args.initial.length / n : undefined;
  const batch = args.batch ?? fromClamp ?? fromInitial ?? 1;
  for (const [what, value] of [['clamp', fromClamp], ['initial', fromInitial]] as const) {
    if (value !== undefined && value !== batch) throw new Error(`The ${what} describes ${value} patterns but the batch is ${batch}`);
  }
  if (!Number.isInteger(batch) || batch < 1) throw new RangeError(`Batch must be a whole number ≥ 1; got ${batch}`);
  return batch;
}

/**
 * Mean-field fixed points m_i = tanh(β(Σ_j w_ij m_j + b_i)) (±1 units, Mehlig eq. 3.8 with b = −θ) or
 * μ_i = σ(β(Σ_j w_ij μ_j + b_i)) (0/1 units), batched over patterns, with clamping and deterministic annealing.
 */
export function meanFieldFixedPoint(model: EnergyModelSpec, params: ModelParameters, args: MeanFieldArgs = {}): MeanFieldResult {
  const settings = settingsFrom(model, args);
  const batch = batchOf(model, args);
  const n = model.unitCount;
  const context = createMeanFieldContext(model, params, args.storage);
  const { layout, operator } = context;
  let clamp: ClampTensors | undefined;
  try {
    clamp = args.clamp ? clampTensors(layout, args.clamp, batch) : undefined;
    const initial = tf.tidy(() =>
      args.initial !== undefined
        ? layout.identity
          ? tf.tensor2d(args.initial, [batch, n])
          : tf.gather(tf.tensor2d(args.initial, [batch, n]), tf.tensor1d(layout.order, 'int32'), 1)
        : randomMeans(batch, n, model.encoding, args.initialSpread ?? 0.01, args.seed ?? 0),
    );
    const outcome = iterateMeanField(operator, initial, settings, clamp);
    initial.dispose();
    const energies = meanFieldFreeEnergyTensor(operator, outcome.means, settings.beta, model.encoding);
    const freeEnergies = Float32Array.from(energies.dataSync());
    energies.dispose();
    const means = naturalMeans(layout, outcome.means);
    outcome.means.dispose();
    const residual = outcome.residuals.reduce((a, r) => Math.max(a, r), 0);
    return {
      means,
      shape: [batch, n],
      iterations: outcome.iterations,
      annealingIterations: outcome.annealingIterations,
      residual,
      residuals: outcome.residuals,
      converged: outcome.converged,
      freeEnergies,
    };
  } finally {
    if (clamp) tf.dispose([clamp.mask, clamp.values]);
    context.dispose();
  }
}

/** F_MF per pattern (Peterson & Anderson's saddle-point free energy; formula at meanFieldFreeEnergyTensor) for means batch × N. */
export function meanFieldFreeEnergy(model: EnergyModelSpec, params: ModelParameters, means: Float32Array, shape: [number, number], beta = 1): Float32Array {
  const [batch, n] = shape;
  if (n !== model.unitCount || means.length !== batch * n) {
    throw new Error(`Means of shape [${batch}, ${n}] (${means.length} numbers) do not fit a model of ${model.unitCount} units`);
  }
  if (!(beta > 0 && Number.isFinite(beta))) throw new RangeError(`β must be positive and finite; got ${beta}`);
  const context = createMeanFieldContext(model, params);
  try {
    const energies = tf.tidy(() => {
      const m = tf.tensor2d(means, [batch, n]);
      const internal = context.layout.identity ? m : tf.gather(m, tf.tensor1d(context.layout.order, 'int32'), 1);
      return meanFieldFreeEnergyTensor(context.operator, internal, beta, model.encoding);
    });
    const values = Float32Array.from(energies.dataSync());
    energies.dispose();
    return values;
  } finally {
    context.dispose();
  }
}
