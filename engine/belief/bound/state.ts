import * as tf from '@tensorflow/tfjs';
import { createRandom } from '../../random/seeded';
import { selectUnits, type BoundTensors } from './tables';

/**
 * Variational state of the SJJ bound for K networks × R problems. Q(H) = Π µ_i^{S_i}(1 − µ_i)^{1−S_i} over the
 * unobserved units (Bishop et al. eq. 3); observed units hold their values in µ.
 */
export interface BoundState {
  /** µ_i, [K, R, N]. */
  mu: tf.Tensor3D;
  /** ln(µ_i / (1 − µ_i)) for unobserved units (0 elsewhere), [K, R, N]: entropies stay finite when µ rounds to 0 or 1. */
  logit: tf.Tensor3D;
  /** ξ_i of ⟨ln(1 + e^{z_i})⟩ ≤ ξ_i⟨z_i⟩ + ln⟨e^{−ξ_i z_i} + e^{(1−ξ_i) z_i}⟩ (Bishop et al. eq. 4), [K, R, N]. */
  xi: tf.Tensor3D;
  /** ⟨z_i⟩ = b_i + Σ_j J_ij µ_j, [K, R, N]. */
  meanField: tf.Tensor3D;
  /** G_i(t) = ln⟨e^{t z_i}⟩ at t = −ξ_i (index 0) and t = 1 − ξ_i (index 1), [K, R, 2, N]. */
  logMoments: tf.Tensor4D;
}

/** tf.tidy for functions returning plain objects of tensors (kept, everything else disposed). */
export const tidyObject = <T>(fn: () => T): T => tf.tidy(() => fn() as unknown as tf.TensorContainer) as unknown as T;

/** Frees every tensor of a bound state. */
export const disposeState = (state: BoundState): void => tf.dispose([state.mu, state.logit, state.xi, state.meanField, state.logMoments]);

/** The tilts t = −ξ and t = 1 − ξ stacked on axis 2: [K, R, 2, N]. */
export const tiltsOf = (xi: tf.Tensor3D, t: BoundTensors): tf.Tensor4D => tf.sub(t.tiltOffsets, tf.expandDims(xi, 2));

interface Moments {
  /** G(t) = t b_i + Σ_j ln(1 + µ_j (e^{t J_ij} − 1)), exact under the factorial Q; [K, R, 2, N]. */
  log: tf.Tensor4D;
  /** G'(t): the mean of z_i under the tilted distribution ∝ e^{t z_i} Q. */
  slope?: tf.Tensor4D;
  /** G''(t): its variance. */
  curvature?: tf.Tensor4D;
}

/** G, G', G'' at tilts [K, R, 2, N] from the parents' means [K, R, 1, N, P]. */
function moments(tilts: tf.Tensor4D, muParents: tf.Tensor, t: BoundTensors, withDerivatives: boolean): Moments {
  const w = t.parentWeights;
  // exp − 1 rather than expm1, which costs twice as much on wasm; float32 factors stay within 1e-7 either way.
  const raised = tf.exp(tf.mul(tf.expandDims(tilts, 4), w));
  const factor = tf.add(1, tf.mul(muParents, tf.sub(raised, 1)));
  const biases = tf.expandDims(t.biases, 2);
  const log = tf.add(tf.mul(tilts, biases), tf.sum(tf.log(factor), 4)) as tf.Tensor4D;
  if (!withDerivatives) return { log };
  const tilted = tf.div(tf.mul(muParents, raised), factor);
  const slope = tf.add(biases, tf.sum(tf.mul(w, tilted), 4)) as tf.Tensor4D;
  const curvature = tf.sum(tf.mul(tf.square(w), tf.mul(tilted, tf.sub(1, tilted))), 4) as tf.Tensor4D;
  return { log, slope, curvature };
}

/** Parents' means [K, R, 1, N, P] and ⟨z⟩ [K, R, N] from µ. */
export function parentsOf(mu: tf.Tensor3D, t: BoundTensors): { muParents: tf.Tensor; meanField: tf.Tensor3D } {
  const [k, r, n] = mu.shape;
  const muParents = tf.reshape(selectUnits(mu, t.parentSelect), [k, r, 1, n, t.tables.maxParents]);
  const meanField = tf.add(t.biases, tf.sum(tf.mul(tf.squeeze(t.parentWeights, [2]), tf.squeeze(muParents, [2])), 3)) as tf.Tensor3D;
  return { muParents, meanField };
}

/** φ(ξ) = ξ⟨z⟩ + ln(⟨e^{−ξz}⟩ + ⟨e^{(1−ξ)z}⟩), the term F subtracts per unit. */
const phi = (xi: tf.Tensor, meanField: tf.Tensor, logMoments: tf.Tensor): tf.Tensor => tf.add(tf.mul(xi, meanField), tf.logSumExp(logMoments, 2));

/**
 * Lowers the convex φ(ξ_i) for every unit at once (the ξ_i decouple given µ; the minimiser lies in [0, 1]) by
 * `steps` Newton steps, clipped to [0, 1] and kept only where φ fell, then refreshes ⟨z⟩ and G at the new ξ.
 * Returns a new state; the caller disposes the old one.
 */
export function optimiseXi(state: BoundState, t: BoundTensors, steps: number): BoundState {
  return tidyObject((): BoundState => {
    const { muParents, meanField } = parentsOf(state.mu, t);
    let xi = state.xi;
    let current = moments(tiltsOf(xi, t), muParents, t, steps > 0);
    for (let s = 0; s < steps; s++) {
      const w = tf.exp(tf.sub(current.log, tf.logSumExp(current.log, 2, true)));
      const meanSlope = tf.sum(tf.mul(w, current.slope!), 2);
      const gradient = tf.sub(meanField, meanSlope);
      const hessian = tf.sub(tf.sum(tf.mul(w, tf.add(current.curvature!, tf.square(current.slope!))), 2), tf.square(meanSlope));
      const newton = tf.clipByValue(tf.sub(xi, tf.div(gradient, tf.maximum(hessian, 1e-12))), 0, 1) as tf.Tensor3D;
      const next = moments(tiltsOf(newton, t), muParents, t, s + 1 < steps);
      // Blend by arithmetic rather than tf.where, which tiles the broadcast condition on wasm.
      const better = tf.cast(tf.less(phi(newton, meanField, next.log), phi(xi, meanField, current.log)), 'float32');
      const blend = <T extends tf.Tensor>(a: T, b: T, m: tf.Tensor): T => tf.add(b, tf.mul(m, tf.sub(a, b))) as T;
      xi = blend(newton, xi, better);
      const better4 = tf.expandDims(better, 2);
      current = {
        log: blend(next.log, current.log, better4),
        slope: next.slope && blend(next.slope, current.slope!, better4),
        curvature: next.curvature && blend(next.curvature, current.curvature!, better4),
      };
    }
    return { mu: tf.clone(state.mu), logit: tf.clone(state.logit), xi: tf.clone(xi), meanField, logMoments: current.log };
  });
}

/** How the means start: a top-down pass µ_i = σ(⟨z_i⟩) in topological order, or uniform in (0, 1) (Bishop et al. §3). */
export type BoundInit = 'prior' | 'uniform';

/** Initial state: means by `init`, ξ = ½, ⟨z⟩ and G consistent with both. */
export function initialState(t: BoundTensors, layers: number[][], init: BoundInit, seed: number): BoundState {
  const n = t.tables.unitCount;
  const shape: [number, number, number] = [t.networkCount, t.rows, n];
  const base = tidyObject((): BoundState => {
    const free = tf.reshape(t.freeMask, [1, 1, n]);
    let logit: tf.Tensor3D;
    let mu: tf.Tensor3D;
    if (init === 'uniform') {
      const u = tf.randomUniform(shape, 1e-3, 1 - 1e-3, 'float32', createRandom(seed).tfSeed());
      logit = tf.mul(tf.log(tf.div(u, tf.sub(1, u))), free) as tf.Tensor3D;
      mu = tf.add(tf.mul(tf.sigmoid(logit), free), t.observed) as tf.Tensor3D;
    } else {
      logit = tf.zeros(shape);
      mu = tf.add(tf.mul(tf.fill(shape, 0.5), free), t.observed) as tf.Tensor3D;
      const isFree = new Set(t.tables.free);
      for (const layer of layers) {
        const mask = new Float32Array(n);
        for (const i of layer) mask[i] = isFree.has(i) ? 1 : 0;
        const inLayer = tf.tensor1d(mask);
        const field = parentsOf(mu, t).meanField;
        logit = tf.add(tf.mul(logit, tf.sub(1, inLayer)), tf.mul(field, inLayer)) as tf.Tensor3D;
        mu = tf.add(tf.mul(mu, tf.sub(1, inLayer)), tf.mul(tf.sigmoid(field), inLayer)) as tf.Tensor3D;
      }
    }
    return { mu, logit, xi: tf.fill(shape, 0.5), meanField: tf.zeros(shape), logMoments: tf.zeros([shape[0], shape[1], 2, n]) };
  });
  const state = optimiseXi(base, t, 0);
  disposeState(base);
  return state;
}

/** A state with the given means and ξ ([K, R, N] each; observed units must hold their values), ⟨z⟩ and G made consistent. */
export function stateFromMeans(t: BoundTensors, mu: Float32Array, xi: Float32Array): BoundState {
  const n = t.tables.unitCount;
  const shape: [number, number, number] = [t.networkCount, t.rows, n];
  const free = new Set(t.tables.free);
  // Logits are clipped to ±30, where σ rounds to 0 or 1 in float32 anyway.
  const logit = Float32Array.from(mu, (m, e) => (free.has(e % n) ? Math.max(-30, Math.min(30, Math.log(m) - Math.log1p(-m))) : 0));
  const base: BoundState = {
    mu: tf.tensor3d(mu, shape),
    logit: tf.tensor3d(logit, shape),
    xi: tf.tensor3d(xi, shape),
    meanField: tf.zeros(shape),
    logMoments: tf.zeros([shape[0], shape[1], 2, n]),
  };
  const state = optimiseXi(base, t, 0);
  disposeState(base);
  return state;
}

/** H(µ) = ln(1 + e^u) − µu with u the logit, per unobserved unit (0 elsewhere). */
export const entropyOf = (logit: tf.Tensor, freeMask: tf.Tensor): tf.Tensor =>
  tf.mul(tf.sub(tf.softplus(logit), tf.mul(tf.sigmoid(logit), logit)), freeMask);

/** The SJJ bound F = Σ_i [(µ_i − ξ_i)⟨z_i⟩ − ln(⟨e^{−ξ_i z_i}⟩ + ⟨e^{(1−ξ_i) z_i}⟩)] + Σ_h H(µ_h) per problem, [K, R] (float32). */
export function boundValue(state: BoundState, t: BoundTensors): tf.Tensor2D {
  return tf.tidy(() => {
    const perUnit = tf.sub(tf.mul(state.mu, state.meanField), phi(state.xi, state.meanField, state.logMoments));
    return tf.sum(tf.add(perUnit, entropyOf(state.logit, t.freeMask)), 2) as tf.Tensor2D;
  });
}
