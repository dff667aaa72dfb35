import * as tf from '@tensorflow/tfjs';
import { logUnitPartition, sampleUnits, unitMeans, type RbmTensors } from './layers';
import type { UniformNoise } from './noise';
import type { RbmView } from './view';
import { type WorkClock } from '../../likelihood/progress';
import { baseFieldsFromRates, factorisedLogPartition } from '../../likelihood/base';

/**
 * The annealing loop shared by forward AIS, reverse AIS and the second base (Neal 2001; Salakhutdinov & Murray 2008 eq. 15):
 * p*_γ(v) = e^{(1−γ) b_Aᵀv + γ bᵀv} Π_j Σ_{h_j} e^{γ h_j (Wᵀv + c)_j}, the hidden units summed analytically.
 */

/** Base-model biases b_A of the visible units from P(v_i = 1) rates (baseFieldsFromRates); undefined rates: uniform. */
export function baseBiases(view: Pick<RbmView, 'visibleCount' | 'encoding'>, rates: Float32Array | undefined): Float32Array {
  if (rates !== undefined && rates.length !== view.visibleCount) {
    throw new Error(`Base rates need ${view.visibleCount} entries (one per visible unit), got ${rates.length}: pass visibleBaseRates(trainingRows) or omit them`);
  }
  return rates === undefined ? new Float32Array(view.visibleCount) : baseFieldsFromRates(rates, view.encoding);
}

/** log Z_A = H log 2 + Σ_i log Σ_{v_i} e^{b_A,i v_i} (the hidden units are free at γ = 0). */
export function baseLogPartition(view: Pick<RbmView, 'hiddenCount' | 'encoding'>, bias: Float32Array): number {
  return view.hiddenCount * Math.LN2 + factorisedLogPartition(bias, view.encoding);
}

/** `runs` independent samples of the base model p_A(v) = Π_i e^{b_A,i v_i}/z_i as a [V × runs] column batch. */
export function sampleBase(baseBias: tf.Tensor2D, runs: number, encoding: RbmTensors['encoding'], noise: UniformNoise): tf.Tensor2D {
  return tf.tidy(() => sampleUnits(unitMeans(tf.tile(baseBias, [1, runs]), encoding), encoding, noise));
}

/** One block-Gibbs sweep h ~ p_γ(h | v), v ~ p_γ(v | h) (leaves p_γ invariant); `scaledFields` = γ(Wᵀv + c) when already computed. */
export function gibbsSweep(rbm: RbmTensors, baseBias: tf.Tensor2D, visible: tf.Tensor2D, gamma: number, noise: UniformNoise, scaledFields?: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const hiddenField = scaledFields ?? tf.mul(tf.add(tf.matMul(rbm.weightsT, visible), rbm.hiddenBias), gamma);
    const hidden = sampleUnits(unitMeans(hiddenField, rbm.encoding), rbm.encoding, noise);
    const visibleField = tf.add(tf.mul(tf.add(tf.matMul(rbm.weights, hidden), rbm.visibleBias), gamma), tf.mul(baseBias, 1 - gamma));
    return sampleUnits(unitMeans(visibleField as tf.Tensor2D, rbm.encoding), rbm.encoding, noise);
  });
}

/** A pass's log weights in float64 and the partial log weights at the recorded steps ([points × runs], row-major). */
export interface AnnealResult {
  logWeights: Float64Array;
  partialLogWeights: Float64Array;
}

/**
 * A pass over γ_0 … γ_K from a start x ~ p_{γ_0}: log w += log p*_{γ_j}(x) − log p*_{γ_{j−1}}(x), then x ~ T_{γ_j}(x)
 * (none after the last step), so E[w] = Z_{γ_K}/Z_{γ_0}. All runs advance together as one [V × runs] batch. `record` lists
 * steps j (0 … K, ascending) whose partial log weights are kept. The weights are summed in float32 on the backend only
 * between downloads (at every recorded step and the last) and in float64 across them, so 10⁴ small increments lose no digits.
 */
export interface Annealer {
  /** K, the steps of the pass. */
  readonly steps: number;
  /** Advances one step; false once the pass is complete. */
  step(): boolean;
  /** The weights (after the last step). */
  result(): AnnealResult;
  /** Frees the chain and the backend accumulator (also the start, which the annealer owns). */
  dispose(): void;
}

/** An annealer over `gammas` from `start` (which it owns), recording partial log weights at the steps in `record`. */
export function createAnnealer(rbm: RbmTensors, baseBias: tf.Tensor2D, start: tf.Tensor2D, gammas: Float64Array, record: Int32Array, noise: UniformNoise): Annealer {
  const steps = gammas.length - 1;
  const runs = start.shape[1];
  const biasGap = tf.sub(rbm.visibleBias, baseBias);
  const logWeights = new Float64Array(runs);
  const partialLogWeights = new Float64Array(record.length * runs);
  let visible = start;
  let pending = tf.zeros([runs]) as tf.Tensor1D;
  let j = 0;
  let next = 0;
  const keep = (): void => {
    while (next < record.length && record[next] === j) partialLogWeights.set(logWeights, runs * next++);
  };
  keep();
  return {
    steps,
    step() {
      if (j >= steps) return false;
      const gamma = gammas[j + 1];
      const previous = gammas[j];
      const last = j + 1 === steps;
      const moved = tf.tidy(() => {
        const fields = tf.add(tf.matMul(rbm.weightsT, visible), rbm.hiddenBias);
        const scaled = tf.mul(fields, gamma) as tf.Tensor2D;
        const hiddenGain = tf.sum(tf.sub(logUnitPartition(scaled, rbm.encoding), logUnitPartition(tf.mul(fields, previous), rbm.encoding)), 0);
        const visibleGain = tf.mul(tf.sum(tf.mul(visible, biasGap), 0), gamma - previous);
        const weights = tf.add(pending, tf.add(visibleGain, hiddenGain)) as tf.Tensor1D;
        return { weights, visible: last ? undefined : gibbsSweep(rbm, baseBias, visible, gamma, noise, scaled) };
      });
      pending.dispose();
      pending = moved.weights;
      if (moved.visible !== undefined) {
        visible.dispose();
        visible = moved.visible;
      }
      j++;
      if (last || (next < record.length && record[next] === j)) {
        const increments = pending.dataSync();
        for (let r = 0; r < runs; r++) logWeights[r] += increments[r];
        pending.dispose();
        pending = tf.zeros([runs]) as tf.Tensor1D;
        keep();
      }
      return j < steps;
    },
    result: () => ({ logWeights: logWeights.slice(), partialLogWeights: partialLogWeights.slice() }),
    dispose() {
      tf.dispose([visible, pending, biasGap]);
    },
  };
}

/** Runs a pass to the end, ticking per step; disposes the annealer whether it completes or the hook throws. */
export async function runAnnealer(annealer: Annealer, ticker: WorkClock): Promise<AnnealResult> {
  try {
    while (annealer.step()) await ticker.tick();
    await ticker.tick();
    return annealer.result();
  } finally {
    annealer.dispose();
  }
}

/** Forward schedule γ = 0, β_1 … β_K and its recorded steps j = k + 1 for the trace points k (so the trace's β are β_k). */
export function forwardPass(betas: Float64Array, points: Int32Array): { gammas: Float64Array; record: Int32Array } {
  const gammas = new Float64Array(betas.length + 1);
  gammas.set(betas, 1);
  return { gammas, record: points.map((k) => k + 1) };
}

/** Reverse schedule γ = 1, β_{K−1} … β_1, 0 and steps j = K − 1 − k recorded, at which γ_j = β_k: the trace shares the forward's β. */
export function reversePass(betas: Float64Array, points: Int32Array): { gammas: Float64Array; record: Int32Array } {
  const count = betas.length;
  const gammas = new Float64Array(count + 1);
  for (let j = 0; j < count; j++) gammas[j] = betas[count - 1 - j];
  return { gammas, record: Int32Array.from(points, (k) => count - 1 - k).reverse() };
}

/** β of the recorded steps, in annealing order. */
export const recordedBetas = (pass: { gammas: Float64Array; record: Int32Array }): Float64Array => Float64Array.from(pass.record, (j) => pass.gammas[j]);
