import * as tf from '@tensorflow/tfjs';
import type { BeliefEvidence } from '../evidence';
import { toBatch } from '../exact';
import type { BeliefNetwork, BeliefNetworkBatch } from '../network';
import { updateChildlessMean, updateMean } from './means';
import { mixtureBound64 } from './mixture64';
import {
  disposeMixture,
  mixtureKappa,
  negativeEnergies,
  refreshOverlap,
  unitLogFactor,
  updateLambda,
  updateSmoothing,
  updateWeights,
  type MixtureShape,
  type MixtureState,
} from './mixtureState';
import { createRandom } from '../../random/seeded';
import { collectGradient, meanFieldBoundSteps, type BoundGradient, type MeanFieldResult } from './meanField';
import { boundValue, disposeState, optimiseXi, stateFromMeans, type BoundState } from './state';
import { convergenceSteps, copyRows, driveAsync, driveSync } from './convergence';
import { createBoundTensors, type BoundTensors } from './tables';

/** Settings of the mixture-of-mean-field bound (Bishop, Lawrence, Jaakkola & Jordan 1998). */
export interface MixtureArgs {
  /** M, the number of mean-field components. Default 2. */
  components?: number;
  /**
   * Converged when no mean µ_mi and no mixing coefficient a_m moves by more than this in a sweep. Default 1e-5: on
   * 2-4-6 networks the components keep reorganising for hundreds of sweeps; 1e-6 changes the bound by < 3 %.
   */
  tolerance?: number;
  /** Most sweeps (ξ; then per unit: µ, R; then λ and a). Default 1000. */
  maxSweeps?: number;
  /** Newton steps on ξ per ξ update. Default 1. */
  xiSteps?: number;
  /** ξ is updated every this many sweeps (the means' updates keep the moments consistent in between). Default 4. */
  xiEvery?: number;
  /** Seed of the components' uniform starting means (component 0 starts at the converged mean-field solution). Default 0. */
  seed?: number;
  /** Warm start of the mean-field run that seeds component 0: µ and ξ, [K, P, N] each. */
  start?: { means: Float32Array; xi: Float32Array };
  /**
   * Warm start of the whole mixture (e.g. a MixtureResult's `state` from the previous epoch of learning); skips the
   * mean-field run, so the bound is then not floored by the mean-field bound.
   */
  mixtureStart?: MixtureVariables;
  /**
   * Also return Σ_m a_m ∂F[Q(H|m)]/∂(J, b) summed over the patterns (I_λ does not depend on the network): the
   * gradient of the optimised mixture's bound, used for learning. Default false.
   */
  withGradient?: boolean;
}

/** Defaults of mixtureBound. */
export const MIXTURE_DEFAULTS = { components: 2, tolerance: 1e-5, maxSweeps: 1000, xiSteps: 1, xiEvery: 4, seed: 0 };

/** The mixture's variational parameters as plain data (float32, as optimised), for warm starts. */
export interface MixtureVariables {
  /** µ_mi, [K, P, M, N]. */
  means: Float32Array;
  /** ξ_mi, [K, P, M, N]. */
  xi: Float32Array;
  /** ln R_mi(0) and ln R_mi(1), [K, P, M, N] each. */
  logSmoothing0: Float32Array;
  logSmoothing1: Float32Array;
  /** ln a_m, [K, P, M]. */
  logWeights: Float32Array;
}

/** The optimised mixture bound for K networks × P patterns. */
export interface MixtureResult {
  networkCount: number;
  patternCount: number;
  unitCount: number;
  components: number;
  /** F_λ[Q_mix] ≤ ln P(evidence), [K, P], evaluated in float64 (eqs. 10–13). */
  bound: Float64Array;
  /** a_m, [K, P, M]. */
  weights: Float64Array;
  /** µ_mi, [K, P, M, N] (observed units hold their values). */
  means: Float32Array;
  /** ξ_mi, [K, P, M, N]. */
  xi: Float32Array;
  sweeps: number;
  converged: boolean;
  /** With withGradient. */
  gradient?: BoundGradient;
  /** Mean-field bound of each problem (the start of component 0; −∞ with mixtureStart), [K, P]. */
  meanFieldBound: Float64Array;
  /** The optimised variables, for a warm start. */
  state: MixtureVariables;
}

/** Component 0 of each pattern at the converged mean-field solution, the others with means uniform in (0, 1) and ξ = ½. */
function initialCore(t: BoundTensors, single: Pick<MeanFieldResult, 'means' | 'xi'>, components: number, seed: number): BoundState {
  const n = t.tables.unitCount;
  const random = createRandom(seed).fork('mixture-start');
  const free = new Set(t.tables.free);
  const mu = new Float32Array(t.networkCount * t.rows * n);
  const xi = new Float32Array(mu.length);
  for (let row = 0; row < t.networkCount * t.rows; row++) {
    const source = Math.floor(row / components) * n;
    for (let i = 0; i < n; i++) {
      const first = row % components === 0;
      mu[row * n + i] = first || !free.has(i) ? single.means[source + i] : 0.001 + 0.998 * random.next();
      xi[row * n + i] = first ? single.xi[source + i] : 0.5;
    }
  }
  return stateFromMeans(t, mu, xi);
}

/** A mixture state from saved variables: overlaps recomputed, λ set to its optimum (eq. 19). */
function warmState(t: BoundTensors, shape: MixtureShape, warm: MixtureVariables): MixtureState {
  const dims = [shape.networks, shape.patterns, shape.components] as const;
  let state: MixtureState = {
    core: stateFromMeans(t, warm.means, warm.xi),
    logWeights: tf.tensor3d(warm.logWeights, [...dims]),
    logLambda: tf.zeros([...dims]),
    logSmoothing0: tf.tensor4d(warm.logSmoothing0, [...dims, shape.units]),
    logSmoothing1: tf.tensor4d(warm.logSmoothing1, [...dims, shape.units]),
    logOverlap: tf.zeros([...dims, shape.components]),
    unitFactors: [],
  };
  for (const unit of t.tables.free) {
    const factor = unitLogFactor(state, t, shape, unit);
    const logOverlap = tf.add(state.logOverlap, factor) as tf.Tensor4D;
    state.logOverlap.dispose();
    state.unitFactors[unit] = factor;
    state = { ...state, logOverlap };
  }
  return updateLambda(state);
}

/** One sweep of Bishop et al. §2.2: ξ; for each unobserved unit its component means (eq. 14) then R (eq. 18); λ (eq. 19); a (eq. 17). */
function sweepMixture(state: MixtureState, t: BoundTensors, shape: MixtureShape, xiSteps: number): { state: MixtureState; change: tf.Tensor1D } {
  let current = state;
  if (xiSteps > 0) {
    const core = optimiseXi(state.core, t, xiSteps);
    disposeState(state.core);
    current = { ...state, core };
  }
  const changes: tf.Tensor1D[] = [];
  for (const unit of t.tables.free) {
    const kappa = mixtureKappa(current, t, shape, unit, current.unitFactors[unit]!);
    const tensors = t.units[unit];
    const update = tensors ? updateMean(current.core, t, tensors, kappa) : updateChildlessMean(current.core, t, unit, kappa);
    kappa.dispose();
    disposeState(current.core);
    current = refreshOverlap({ ...current, core: update.state }, t, shape, unit);
    changes.push(update.change);
    current = updateSmoothing(current, t, shape, unit);
  }
  current = updateLambda(current);
  const bounds = boundValue(current.core, t);
  const negativeE = negativeEnergies(current, shape, bounds, t.freeMask);
  bounds.dispose();
  const weighted = updateWeights(current, negativeE);
  negativeE.dispose();
  changes.push(weighted.change);
  const change = tf.tidy(() => tf.max(tf.stack(changes), 0)) as tf.Tensor1D;
  tf.dispose(changes);
  return { state: weighted.state, change };
}

/**
 * The mixture-of-mean-field lower bound (Bishop et al. eqs. 5–19) on ln P(evidence) for every network and pattern,
 * iterated to convergence; its components are SJJ mean-field distributions.
 */
export function mixtureBound(networks: BeliefNetwork | BeliefNetworkBatch, evidence: BeliefEvidence, args: MixtureArgs = {}): MixtureResult {
  return driveSync(mixtureBoundSteps(networks, evidence, args));
}

/** mixtureBound with `between` awaited after every sweep (of the mean-field start too): progress, pause and cancel get in. */
export function mixtureBoundAsync(networks: BeliefNetwork | BeliefNetworkBatch, evidence: BeliefEvidence, args: MixtureArgs, between: () => void | Promise<void>): Promise<MixtureResult> {
  return driveAsync(mixtureBoundSteps(networks, evidence, args), between);
}

/** mixtureBound as a generator yielding after every sweep (see convergenceSteps). */
export function* mixtureBoundSteps(networks: BeliefNetwork | BeliefNetworkBatch, evidence: BeliefEvidence, args: MixtureArgs = {}): Generator<void, MixtureResult> {
  const settings = { ...MIXTURE_DEFAULTS, ...args };
  const m = settings.components;
  if (!Number.isInteger(m) || m < 1) throw new Error(`A mixture needs a positive integer number of components, got ${m}`);
  const batch = toBatch(networks);
  const n = batch.unitCount;
  const shape: MixtureShape = { networks: batch.networkCount, patterns: evidence.count, components: m, units: n };
  const warm = settings.mixtureStart;
  const single = warm
    ? { bound: new Float64Array(shape.networks * shape.patterns).fill(-Infinity), means: new Float32Array(0), xi: new Float32Array(0) }
    : yield* meanFieldBoundSteps(batch, evidence, { maxSweeps: settings.maxSweeps, xiSteps: settings.xiSteps, start: settings.start });
  const gradient = settings.withGradient ? { weights: new Float64Array(batch.networkCount * n * n), biases: new Float64Array(batch.networkCount * n) } : undefined;
  const t = createBoundTensors(batch, evidence, m);
  const dims = [shape.networks, shape.patterns, m] as const;
  const state = warm
    ? warmState(t, shape, warm)
    : {
        core: initialCore(t, single, m, settings.seed),
        logWeights: tf.fill([...dims], -Math.log(m)) as tf.Tensor3D,
        logLambda: tf.fill([...dims], -Math.log(m)) as tf.Tensor3D,
        logSmoothing0: tf.zeros([...dims, n]) as tf.Tensor4D,
        logSmoothing1: tf.zeros([...dims, n]) as tf.Tensor4D,
        logOverlap: tf.zeros([...dims, m]) as tf.Tensor4D,
        // R ≡ 1 makes every factor Σ_h Q_mj(h) = 1.
        unitFactors: Array.from({ length: n }, (_, j) => (t.tables.free.includes(j) ? (tf.zeros([...dims, m]) as tf.Tensor4D) : undefined)),
      };
  const width = shape.patterns * m * n;
  const means = new Float32Array(shape.networks * width);
  const xi = new Float32Array(shape.networks * width);
  const logSmoothing0 = new Float32Array(shape.networks * width);
  const logSmoothing1 = new Float32Array(shape.networks * width);
  const logWeights = new Float32Array(shape.networks * shape.patterns * m);
  try {
    const { sweeps, converged } = yield* convergenceSteps(
      state,
      t,
      {
        sweep: (current, tensors, index) =>
          sweepMixture(
            current,
            tensors,
            { ...shape, networks: tensors.networkCount },
            index === 0 ? settings.xiSteps + 2 : index % settings.xiEvery === 0 ? settings.xiSteps : 0,
          ),
        finish(current, tensors, local, original) {
          const core = optimiseXi(current.core, tensors, settings.xiSteps);
          copyRows(core.mu.dataSync(), width, local, original, means);
          copyRows(core.xi.dataSync(), width, local, original, xi);
          if (gradient) {
            const rowWeights = tf.tidy(() => tf.reshape(tf.exp(current.logWeights), [tensors.networkCount, -1]) as tf.Tensor2D);
            collectGradient(core, tensors, local, original, gradient, rowWeights);
            rowWeights.dispose();
          }
          disposeState(core);
          copyRows(current.logSmoothing0.dataSync(), width, local, original, logSmoothing0);
          copyRows(current.logSmoothing1.dataSync(), width, local, original, logSmoothing1);
          copyRows(current.logWeights.dataSync(), shape.patterns * m, local, original, logWeights);
        },
        dispose: disposeMixture,
      },
      settings.tolerance,
      settings.maxSweeps,
    );
    const bound = new Float64Array(shape.networks * shape.patterns);
    const weights = new Float64Array(shape.networks * shape.patterns * m);
    for (let k = 0; k < shape.networks; k++) {
      for (let p = 0; p < shape.patterns; p++) {
        const problem = k * shape.patterns + p;
        const result = mixtureBound64(batch, k, t.tables, {
          components: m,
          mu: means,
          xi,
          offset: problem * m * n,
          logSmoothing0,
          logSmoothing1,
          smoothingOffset: problem * m * n,
          logWeights,
          weightOffset: problem * m,
        });
        if (result.bound >= single.bound[problem]) {
          bound[problem] = result.bound;
          weights.set(result.weights, problem * m);
        } else {
          // The starting point, all weight on the mean-field component, was better: a mixture never does worse (§2).
          bound[problem] = single.bound[problem];
          weights[problem * m] = 1;
          means.set(single.means.subarray(problem * n, (problem + 1) * n), problem * m * n);
          xi.set(single.xi.subarray(problem * n, (problem + 1) * n), problem * m * n);
        }
      }
    }
    return {
      networkCount: shape.networks,
      patternCount: shape.patterns,
      unitCount: n,
      components: m,
      bound,
      weights,
      means,
      xi,
      sweeps: Math.max(...sweeps),
      converged: converged.every((c) => c === 1),
      meanFieldBound: single.bound,
      state: { means: Float32Array.from(means), xi: Float32Array.from(xi), logSmoothing0, logSmoothing1, logWeights },
      ...(gradient ? { gradient } : {}),
    };
  } finally {
    t.dispose();
  }
}
