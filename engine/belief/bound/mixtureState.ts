import * as tf from '@tensorflow/tfjs';
import { disposeState, tidyObject, type BoundState } from './state';
import { columnOf, type BoundTensors } from './tables';

/**
 * A mixture Q_mix(H) = Σ_m a_m Q(H|m) of M mean-field components (Bishop et al. eq. 5) with factorised smoothing
 * distributions R(H|m) = Π_j R_mj(h_j) and parameters λ_m (eqs. 9–13), for K networks × P patterns. The components'
 * means and ξ live in `core`, whose rows are r = p·M + m.
 */
export interface MixtureState {
  core: BoundState;
  /** ln a_m, [K, P, M]. */
  logWeights: tf.Tensor3D;
  /** ln λ_m, [K, P, M]. */
  logLambda: tf.Tensor3D;
  /** ln R_mj(0), [K, P, M, N] (0 for observed units, whose factors are then 1). */
  logSmoothing0: tf.Tensor4D;
  /** ln R_mj(1), [K, P, M, N]. */
  logSmoothing1: tf.Tensor4D;
  /** ln π_RQ(m', m) = Σ_j ln Σ_h R_m'j(h) Q_mj(h) (eq. 12), [K, P, M', M]. */
  logOverlap: tf.Tensor4D;
  /** Each unobserved unit's term ln s_{m'm,j} = ln Σ_h R_m'j(h) Q_mj(h) of logOverlap, [K, P, M', M] (kept, not recomputed). */
  unitFactors: (tf.Tensor4D | undefined)[];
}

/** Frees every tensor of a mixture state. */
export const disposeMixture = (s: MixtureState): void => {
  disposeState(s.core);
  tf.dispose([s.logWeights, s.logLambda, s.logSmoothing0, s.logSmoothing1, s.logOverlap]);
  for (const f of s.unitFactors) f?.dispose();
};

/** Shapes of one mixture problem set. */
export interface MixtureShape {
  networks: number;
  patterns: number;
  components: number;
  units: number;
}

/** ln Q_mj(0) and ln Q_mj(1) of unit j for every component, each [K, P, M], from the logits (finite even when µ rounds to 0 or 1). */
function logQ(core: BoundState, t: BoundTensors, shape: MixtureShape, unit: number): [tf.Tensor3D, tf.Tensor3D] {
  const u = tf.reshape(columnOf(core.logit, t, unit), [shape.networks, shape.patterns, shape.components]);
  return [tf.neg(tf.softplus(u)) as tf.Tensor3D, tf.neg(tf.softplus(tf.neg(u))) as tf.Tensor3D];
}

/** ln R_mj(0) and ln R_mj(1), each [K, P, M]. */
function logRColumn(state: MixtureState, t: BoundTensors, unit: number): [tf.Tensor3D, tf.Tensor3D] {
  const shape = state.logSmoothing0.shape.slice(0, 3) as [number, number, number];
  return [tf.reshape(columnOf(state.logSmoothing0, t, unit), shape), tf.reshape(columnOf(state.logSmoothing1, t, unit), shape)];
}

/** ln s_{m'm,j} = ln(R_m'j(0) Q_mj(0) + R_m'j(1) Q_mj(1)), [K, P, M', M]. */
function logFactor(r: [tf.Tensor3D, tf.Tensor3D], q: [tf.Tensor3D, tf.Tensor3D]): tf.Tensor4D {
  const term = (h: 0 | 1): tf.Tensor => tf.add(tf.expandDims(r[h], 3), tf.expandDims(q[h], 2));
  const a = term(0);
  const b = term(1);
  const top = tf.maximum(a, b);
  return tf.add(top, tf.log(tf.add(tf.exp(tf.sub(a, top)), tf.exp(tf.sub(b, top))))) as tf.Tensor4D;
}

/** The unit's current ln s_{m'm,j}, [K, P, M', M]. */
export const unitLogFactor = (state: MixtureState, t: BoundTensors, shape: MixtureShape, unit: number): tf.Tensor4D =>
  tf.tidy(() => logFactor(logRColumn(state, t, unit), logQ(state.core, t, shape, unit)));

/**
 * κ_mj, the mixture's extra linear coefficient on µ_mj (Bishop et al. §2.2: the derivative of I_λ, linear in Q(h_j|m)):
 * ln R_mj(1) − ln R_mj(0) − Σ_m' λ_m' π_−j(m', m) (R_m'j(1) − R_m'j(0)), returned as [K, P·M, 1] for updateMean.
 */
export function mixtureKappa(state: MixtureState, t: BoundTensors, shape: MixtureShape, unit: number, logS: tf.Tensor4D): tf.Tensor3D {
  return tf.tidy(() => {
    const [r0, r1] = logRColumn(state, t, unit);
    const reduced = tf.add(tf.expandDims(state.logLambda, 3), tf.sub(state.logOverlap, logS));
    const cross = tf.sum(tf.mul(tf.exp(reduced), tf.expandDims(tf.sub(tf.exp(r1), tf.exp(r0)), 3)), 2);
    const kappa = tf.sub(tf.sub(r1, r0), cross);
    return tf.reshape(kappa, [shape.networks, shape.patterns * shape.components, 1]) as tf.Tensor3D;
  });
}

/** logOverlap and the unit's cached factor after its means changed (the factor before is disposed). */
export function refreshOverlap(state: MixtureState, t: BoundTensors, shape: MixtureShape, unit: number): MixtureState {
  const old = state.unitFactors[unit]!;
  const factor = unitLogFactor(state, t, shape, unit);
  const logOverlap = tf.tidy(() => tf.add(state.logOverlap, tf.sub(factor, old)) as tf.Tensor4D);
  tf.dispose([state.logOverlap, old]);
  const unitFactors = [...state.unitFactors];
  unitFactors[unit] = factor;
  return { ...state, logOverlap, unitFactors };
}

/**
 * Bishop et al. eq. (18) for unit j, all components at once: R_mj(h) = a_m Q_mj(h) / (λ_m Σ_k a_k π_−j(m, k) Q_kj(h)),
 * rescaled so that R_mj(0) + R_mj(1) = 1 with λ_m multiplied by the same factor (the bound is invariant under
 * R_m → R_m / c, λ_m → c λ_m); logOverlap and the unit's cached factor refreshed.
 */
export function updateSmoothing(state: MixtureState, t: BoundTensors, shape: MixtureShape, unit: number): MixtureState {
  const logS = state.unitFactors[unit]!;
  const next = tidyObject(() => {
    const q = logQ(state.core, t, shape, unit);
    const reduced = tf.add(tf.sub(state.logOverlap, logS), tf.expandDims(state.logWeights, 2));
    const logD = (h: 0 | 1): tf.Tensor => tf.logSumExp(tf.add(reduced, tf.expandDims(q[h], 2)), 3);
    const base = tf.sub(state.logWeights, state.logLambda);
    const raw0 = tf.sub(tf.add(base, q[0]), logD(0));
    const raw1 = tf.sub(tf.add(base, q[1]), logD(1));
    const top = tf.maximum(raw0, raw1);
    const norm = tf.add(top, tf.log(tf.add(tf.exp(tf.sub(raw0, top)), tf.exp(tf.sub(raw1, top)))));
    const r0 = tf.sub(raw0, norm) as tf.Tensor3D;
    const r1 = tf.sub(raw1, norm) as tf.Tensor3D;
    const [old0, old1] = logRColumn(state, t, unit);
    const hot = tf.reshape(t.hots[unit], [1, 1, 1, -1]);
    const logSmoothing0 = tf.add(state.logSmoothing0, tf.mul(tf.expandDims(tf.sub(r0, old0), 3), hot)) as tf.Tensor4D;
    const logSmoothing1 = tf.add(state.logSmoothing1, tf.mul(tf.expandDims(tf.sub(r1, old1), 3), hot)) as tf.Tensor4D;
    const factor = logFactor([r0, r1], q);
    const logOverlap = tf.add(state.logOverlap, tf.sub(factor, logS)) as tf.Tensor4D;
    return { logSmoothing0, logSmoothing1, logOverlap, factor, logLambda: tf.add(state.logLambda, norm) as tf.Tensor3D };
  });
  tf.dispose([state.logSmoothing0, state.logSmoothing1, state.logOverlap, state.logLambda, logS]);
  const unitFactors = [...state.unitFactors];
  unitFactors[unit] = next.factor;
  return { ...state, logSmoothing0: next.logSmoothing0, logSmoothing1: next.logSmoothing1, logOverlap: next.logOverlap, logLambda: next.logLambda, unitFactors };
}

/** Bishop et al. eq. (19): λ_m = a_m / Σ_k a_k π_RQ(m, k). */
export function updateLambda(state: MixtureState): MixtureState {
  const logLambda = tf.tidy(() => tf.sub(state.logWeights, tf.logSumExp(tf.add(state.logOverlap, tf.expandDims(state.logWeights, 2)), 3)) as tf.Tensor3D);
  state.logLambda.dispose();
  return { ...state, logLambda };
}

/**
 * −E_m of Bishop et al. eq. (16): F[Q(H|m)] + Σ_H Q(H|m) ln R(H|m) − Σ_k λ_k π_RQ(k, m) + ln λ_m, [K, P, M],
 * from the components' float32 bounds [K, P·M].
 */
export function negativeEnergies(state: MixtureState, shape: MixtureShape, componentBounds: tf.Tensor2D, freeMask: tf.Tensor1D): tf.Tensor3D {
  return tf.tidy(() => {
    const dims = [shape.networks, shape.patterns, shape.components] as const;
    const mu = tf.reshape(state.core.mu, [...dims, shape.units]);
    const perUnit = tf.add(tf.mul(tf.sub(1, mu), state.logSmoothing0), tf.mul(mu, state.logSmoothing1));
    const crossEntropy = tf.sum(tf.mul(perUnit, tf.reshape(freeMask, [1, 1, 1, -1])), 3);
    const penalty = tf.sum(tf.exp(tf.add(state.logOverlap, tf.expandDims(state.logLambda, 3))), 2);
    return tf.add(tf.sub(tf.add(tf.reshape(componentBounds, dims as unknown as number[]), crossEntropy), penalty), state.logLambda) as tf.Tensor3D;
  });
}

/** Bishop et al. eq. (17): a_m = exp(−E_m) / Σ_k exp(−E_k). Returns the new state and each network's max |Δa|, [K]. */
export function updateWeights(state: MixtureState, negativeE: tf.Tensor3D): { state: MixtureState; change: tf.Tensor1D } {
  const [logWeights, change] = tf.tidy(() => {
    const next = tf.logSoftmax(negativeE, 2) as tf.Tensor3D;
    return [next, tf.max(tf.abs(tf.sub(tf.exp(next), tf.exp(state.logWeights))), [1, 2]) as tf.Tensor1D] as const;
  });
  state.logWeights.dispose();
  return { state: { ...state, logWeights }, change };
}
