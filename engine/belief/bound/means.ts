import * as tf from '@tensorflow/tfjs';
import { tidyObject, tiltsOf, type BoundState } from './state';
import { columnOf, selectUnits, type BoundTensors, type UnitTensors } from './tables';

/** Fixed-point iterations of one 1-D mean update (warm-started; each moves uphill, see updateMean). */
export const MEAN_ITERATIONS = 3;

/** A new state and each network's largest |Δµ| in the update, [K]. */
export interface MeanUpdate {
  state: BoundState;
  change: tf.Tensor1D;
}


/**
 * Coordinate ascent in µ_k (Saul, Jaakkola & Jordan 1996; Bishop et al. eq. 14) for all problems at once. With the
 * other means and every ξ fixed, F(µ_k) = c µ_k − Σ_i ln(α_i + β_i µ_k) + H(µ_k) + const over the children i of k,
 * where c = ⟨z_k⟩ + Σ_i J_ik (µ_i − ξ_i) + κ_k (κ: the mixture's terms, Bishop et al. §2.2) and α_i + β_i µ_k ∝
 * ⟨e^{−ξ_i z_i}⟩ + ⟨e^{(1−ξ_i) z_i}⟩. dF/dµ_k = 0 reads u = g(σ(u)) for the logit u, with
 * g(µ) = c − Σ_i β_i / (α_i + β_i µ) increasing; the map u ↦ g(σ(u)) is increasing too, so its iterates move
 * monotonically, always uphill in F, towards the nearest stable fixed point — a local maximum of F(µ_k).
 */
export function updateMean(state: BoundState, t: BoundTensors, u: UnitTensors, kappa?: tf.Tensor3D): MeanUpdate {
  return tidyObject((): MeanUpdate => {
    const k = state.mu.shape[0];
    const xiC = selectUnits(state.xi, u.childSelect) as tf.Tensor3D;
    const muC = selectUnits(state.mu, u.childSelect);
    const logMomentsC = selectUnits(state.logMoments, u.childSelect);
    const weights = u.childWeights;
    const raisedMinus1 = tf.expm1(tf.mul(tiltsOf(xiC, t), weights));
    const column = (x: tf.Tensor3D): tf.Tensor3D => columnOf(x, t, u.unit);
    const muOld = column(state.mu);
    const muOld4 = tf.expandDims(muOld, 3);
    const oldFactor = tf.log1p(tf.mul(muOld4, raisedMinus1));
    const rest = tf.sub(logMomentsC, oldFactor);
    const scale = tf.exp(tf.sub(rest, tf.max(rest, 2, true)));
    const alpha = tf.sum(scale, 2);
    const beta = tf.sum(tf.mul(scale, raisedMinus1), 2);
    const w3 = tf.reshape(weights, [k, 1, u.childCount]);
    let c: tf.Tensor = tf.add(column(state.meanField), tf.sum(tf.mul(w3, tf.sub(muC, xiC)), 2, true));
    if (kappa) c = tf.add(c, kappa);
    let logit: tf.Tensor = column(state.logit);
    for (let s = 0; s < MEAN_ITERATIONS; s++) {
      logit = tf.sub(c, tf.sum(tf.div(beta, tf.add(alpha, tf.mul(beta, tf.sigmoid(logit)))), 2, true));
    }
    const muNew = tf.sigmoid(logit);
    const delta = tf.sub(muNew, muOld);
    const hot = tf.reshape(u.unitHot, [1, 1, -1]);
    const scatter = (x: tf.Tensor, d: tf.Tensor): tf.Tensor => tf.add(x, selectUnits(d, u.childScatter));
    const newFactor = tf.log1p(tf.mul(tf.expandDims(muNew, 3), raisedMinus1));
    const next: BoundState = {
      mu: tf.add(state.mu, tf.mul(delta, hot)) as tf.Tensor3D,
      logit: tf.add(state.logit, tf.mul(tf.sub(logit, column(state.logit)), hot)) as tf.Tensor3D,
      xi: tf.clone(state.xi),
      meanField: scatter(state.meanField, tf.mul(w3, delta)) as tf.Tensor3D,
      logMoments: scatter(state.logMoments, tf.sub(newFactor, oldFactor)) as tf.Tensor4D,
    };
    return { state: next, change: tf.max(tf.abs(delta), [1, 2]) as tf.Tensor1D };
  });
}

/** Unobserved units without children: F is maximised by µ_k = σ(⟨z_k⟩ + κ_k) in closed form, all such units at once. */
export function updateChildlessMeans(state: BoundState, mask: tf.Tensor1D, kappa?: tf.Tensor3D): MeanUpdate {
  return tidyObject((): MeanUpdate => {
    const m = tf.reshape(mask, [1, 1, -1]);
    const field = kappa ? tf.add(state.meanField, kappa) : state.meanField;
    const logit = tf.add(tf.mul(state.logit, tf.sub(1, m)), tf.mul(field, m)) as tf.Tensor3D;
    const mu = tf.add(tf.mul(state.mu, tf.sub(1, m)), tf.mul(tf.sigmoid(field), m)) as tf.Tensor3D;
    const change = tf.max(tf.abs(tf.sub(mu, state.mu)), [1, 2]) as tf.Tensor1D;
    return { state: { mu, logit, xi: tf.clone(state.xi), meanField: tf.clone(state.meanField), logMoments: tf.clone(state.logMoments) }, change };
  });
}

/** One unobserved unit without children set to its closed-form optimum µ_k = σ(⟨z_k⟩ + κ_k) (κ: [K, R, 1]). */
export function updateChildlessMean(state: BoundState, t: BoundTensors, unit: number, kappa: tf.Tensor3D): MeanUpdate {
  return tidyObject((): MeanUpdate => {
    const column = (x: tf.Tensor3D): tf.Tensor3D => columnOf(x, t, unit);
    const m = tf.reshape(t.hots[unit], [1, 1, -1]);
    const logit = tf.add(column(state.meanField), kappa);
    const delta = tf.sub(tf.sigmoid(logit), column(state.mu));
    return {
      state: {
        mu: tf.add(state.mu, tf.mul(delta, m)) as tf.Tensor3D,
        logit: tf.add(state.logit, tf.mul(tf.sub(logit, column(state.logit)), m)) as tf.Tensor3D,
        xi: tf.clone(state.xi),
        meanField: tf.clone(state.meanField),
        logMoments: tf.clone(state.logMoments),
      },
      change: tf.max(tf.abs(delta), [1, 2]) as tf.Tensor1D,
    };
  });
}
