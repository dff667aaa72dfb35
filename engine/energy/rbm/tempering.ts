import * as tf from '@tensorflow/tfjs';
import { exchangeReplicas, roundPairs } from '../sampling/tempering';
import { hiddenFields, sampleUnits, unitMeans, visibleFields, type RbmTensors } from './layers';
import type { UniformNoise } from './noise';

/** Noise of tempered block Gibbs: visible samples from one stream, hidden samples and swap decisions from the other. */
export interface TemperingNoise {
  hidden: UniformNoise;
  visible: UniformNoise;
}

/** Visible units held fixed in every chain and replica: 1 where free / the held value where held (0 elsewhere), V × 1 each. */
export interface VisibleClampTensors {
  free: tf.Tensor2D;
  values: tf.Tensor2D;
}

/** Replica-exchange block Gibbs chains of an RBM after some steps (tensors on the backend; call inside tidy). */
export interface TemperedBlockState {
  /** v of every replica after the last swap round, V × chains each (replica 0 at β = 1). */
  visible: tf.Tensor2D[];
  /** h of every replica after the last swap round, H × chains each. */
  hidden: tf.Tensor2D[];
  /** Hidden fields Wᵀv + c of each replica's `visible` (before scaling by β). */
  fields: tf.Tensor2D[];
  /** Accepted swaps per adjacent pair over these steps, length R − 1. */
  accepted: tf.Tensor1D;
  /** Attempted swaps per adjacent pair over these steps (chains per round that tried the pair). */
  attempts: Float64Array;
  /** Swap rounds done before the next step (its parity picks the pairs). */
  round: number;
}

/** h ~ P_β(h | v) ∝ e^{β hᵀ(Wᵀv + c)} per replica, from unscaled fields (Mehlig eq. 4.30a at inverse temperature β). */
const sampleAt = (fields: tf.Tensor2D, beta: number, encoding: RbmTensors['encoding'], noise: UniformNoise): tf.Tensor2D =>
  sampleUnits(unitMeans(beta === 1 ? fields : tf.mul(fields, beta), encoding), encoding, noise);

/** Hidden states of each replica drawn from P_{β_r}(h | x) for the same visible states x (V × chains): a start for tempered chains. */
export function temperedStart(rbm: RbmTensors, visible: tf.Tensor2D, betas: Float64Array, noise: UniformNoise): tf.Tensor2D[] {
  return tf.tidy(() => {
    const fields = hiddenFields(rbm, visible);
    return Array.from(betas, (beta) => sampleAt(fields, beta, rbm.encoding, noise));
  });
}

/**
 * `steps` steps of parallel tempering for an RBM (Desjardins et al. 2010; replica r samples e^{−β_r H(v,h)},
 * H = −vᵀWh − bᵀv − cᵀh): per step every replica does block Gibbs v ~ P_β(v | h), h ~ P_β(h | v), then neighbours
 * swap (v, h) with probability min(1, e^{(β_r − β_{r+1})(H_r − H_{r+1})}), even pairs on even rounds, odd on odd.
 * Call inside tidy; `hidden` (H × chains per replica) is the chains' state; `clamp` holds visible units in every replica.
 */
export function temperedBlockGibbs(
  rbm: RbmTensors,
  hidden: tf.Tensor2D[],
  betas: Float64Array,
  steps: number,
  round: number,
  noise: TemperingNoise,
  clamp?: VisibleClampTensors,
): TemperedBlockState {
  const replicas = betas.length;
  const chains = hidden[0].shape[1];
  const encoding = rbm.encoding;
  let h = hidden;
  let v: tf.Tensor2D[] = [];
  let fields: tf.Tensor2D[] = [];
  let accepted = tf.zeros([Math.max(0, replicas - 1)]) as tf.Tensor1D;
  const attempts = new Float64Array(Math.max(0, replicas - 1));
  for (let t = 0; t < steps; t++) {
    v = h.map((hr, r) => sampleAt(visibleFields(rbm, hr), betas[r], encoding, noise.visible));
    if (clamp) v = v.map((vr) => tf.add(tf.mul(vr, clamp.free), clamp.values) as tf.Tensor2D);
    fields = v.map((vr) => hiddenFields(rbm, vr));
    h = fields.map((f, r) => sampleAt(f, betas[r], encoding, noise.hidden));
    // H(v, h) = −hᵀ(Wᵀv + c) − bᵀv, from the fields just used.
    const energies = v.map((vr, r) => tf.neg(tf.add(tf.sum(tf.mul(h[r], fields[r]), 0), tf.sum(tf.mul(vr, rbm.visibleBias), 0))) as tf.Tensor1D);
    const counts: tf.Tensor[] = [];
    for (const r of roundPairs(replicas, round)) {
      const uniform = tf.tensor1d(noise.hidden.fill(chains));
      const swap = exchangeReplicas([v[r], h[r], fields[r]], [v[r + 1], h[r + 1], fields[r + 1]], energies[r], energies[r + 1], betas[r], betas[r + 1], uniform);
      [v[r], h[r], fields[r]] = swap.a;
      [v[r + 1], h[r + 1], fields[r + 1]] = swap.b;
      counts[r] = swap.accepted;
      attempts[r] += chains;
    }
    if (replicas > 1) accepted = tf.add(accepted, tf.stack(Array.from({ length: replicas - 1 }, (_, r) => counts[r] ?? tf.scalar(0)))) as tf.Tensor1D;
    round++;
  }
  return { visible: v, hidden: h, fields, accepted, attempts, round };
}
