import type { BeliefNetwork } from '../../../../engine/belief/network';
import { logJoint64, sigmoid, softplus } from '../reference';

/** Float64 reference implementations of Saul & Jordan (2000) §3 on one network, for tests (independent of the TF.js engine). */

const xlogx = (x: number): number => (x > 0 ? x * Math.log(x) : 0);

/** The fields of eqs. 3.6–3.7 and the parent sums ⟨z_i⟩ (A.5) and ⟨δz_i²⟩ (A.6) at one state (µ, ξ), each of length N. */
export interface ReferenceFields {
  mean: Float64Array;
  variance: Float64Array;
  g: Float64Array;
  h: Float64Array;
}

export function referenceFields(net: BeliefNetwork, mu: ArrayLike<number>, xi: ArrayLike<number>): ReferenceFields {
  const n = net.unitCount;
  const J = net.weights;
  const mean = new Float64Array(n);
  const variance = new Float64Array(n);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let m = net.biases[i];
    let v = 0;
    for (let j = 0; j < n; j++) {
      const w = J[i * n + j];
      m += w * mu[j];
      v += w * w * mu[j] * (1 - mu[j]);
    }
    mean[i] = m;
    variance[i] = v;
    h[i] = m + 0.5 * (1 - 2 * xi[i]) * v;
  }
  for (let i = 0; i < n; i++) {
    let down = 0;
    let quad = 0;
    for (let j = 0; j < n; j++) {
      const w = J[j * n + i];
      down += w * (mu[j] - xi[j]);
      quad += w * w * xi[j] * (1 - xi[j]);
    }
    g[i] = mean[i] + down - 0.5 * (1 - 2 * mu[i]) * quad;
  }
  return { mean, variance, g, h };
}

/** L of eq. 3.10 (with biases as weights from an always-on unit): −Σ µ_i⟨z_i⟩ + ½Σ ξ_i²⟨δz_i²⟩ + Σ[µ ln µ + (1−µ) ln(1−µ)] + Σ ln(1 + e^{h_i}). */
export function referenceLyapunov(net: BeliefNetwork, mu: ArrayLike<number>, xi: ArrayLike<number>): number {
  const { mean, variance, h } = referenceFields(net, mu, xi);
  let L = 0;
  for (let i = 0; i < net.unitCount; i++) {
    L += -mu[i] * mean[i] + 0.5 * xi[i] * xi[i] * variance[i] + xlogx(mu[i]) + xlogx(1 - mu[i]) + softplus(h[i]);
  }
  return L;
}

/** ln P(S) of a full 0/1 configuration (Saul & Jordan eq. A.4). */
export const referenceLogJoint = logJoint64;

/** Every configuration of the free units (those not in `clamped`) with the clamped units at `values`; calls visit(state). */
function enumerateFree(net: BeliefNetwork, clamped: number[], values: ArrayLike<number>, visit: (s: Float64Array) => void): void {
  const n = net.unitCount;
  const isClamped = new Set(clamped);
  const free = Array.from({ length: n }, (_, i) => i).filter((i) => !isClamped.has(i));
  if (free.length > 22) throw new Error(`Reference enumeration handles at most 22 free units, got ${free.length}`);
  const s = new Float64Array(n);
  clamped.forEach((u, k) => (s[u] = values[k]));
  for (let code = 0; code < 2 ** free.length; code++) {
    free.forEach((u, k) => (s[u] = (code >> k) & 1));
    visit(s);
  }
}

/** Exact ln P(clamped units = values) by enumerating the other units (float64 log-sum-exp). */
export function referenceLogMarginal(net: BeliefNetwork, clamped: number[], values: ArrayLike<number>): number {
  const terms: number[] = [];
  enumerateFree(net, clamped, values, (s) => terms.push(referenceLogJoint(net, s)));
  const top = terms.reduce((a, t) => Math.max(a, t), -Infinity);
  return top + Math.log(terms.reduce((acc, t) => acc + Math.exp(t - top), 0));
}

/** Exact posterior means E[S_i | clamped units = values] for every unit. */
export function referencePosteriorMeans(net: BeliefNetwork, clamped: number[], values: ArrayLike<number>): Float64Array {
  const logZ = referenceLogMarginal(net, clamped, values);
  const means = new Float64Array(net.unitCount);
  enumerateFree(net, clamped, values, (s) => {
    const p = Math.exp(referenceLogJoint(net, s) - logZ);
    for (let i = 0; i < s.length; i++) means[i] += p * s[i];
  });
  return means;
}

/** The exact evidence lower bound E_Q[ln P(H, V)] + H(Q) (eq. 3.15) of the factorial Q with means µ (clamped units at 0/1). */
export function referenceElbo(net: BeliefNetwork, clamped: number[], mu: ArrayLike<number>): number {
  const values = clamped.map((u) => mu[u]);
  const isClamped = new Set(clamped);
  let expected = 0;
  enumerateFree(net, clamped, values, (s) => {
    let q = 1;
    for (let i = 0; i < s.length; i++) if (!isClamped.has(i)) q *= s[i] === 1 ? mu[i] : 1 - mu[i];
    if (q > 0) expected += q * referenceLogJoint(net, s);
  });
  let entropy = 0;
  for (let i = 0; i < net.unitCount; i++) if (!isClamped.has(i)) entropy -= xlogx(mu[i]) + xlogx(1 - mu[i]);
  return expected + entropy;
}

export { sigmoid };

/** Top-down initialisation (Saul & Jordan §4 fn. 2): in unit order, free units µ_i = σ(⟨z_i⟩); then ξ_i = σ(⟨z_i⟩) for every unit. */
export function referenceTopDown(net: BeliefNetwork, clamped: number[], values: ArrayLike<number>): { mu: Float64Array; xi: Float64Array } {
  const n = net.unitCount;
  const mu = new Float64Array(n);
  clamped.forEach((u, k) => (mu[u] = values[k]));
  const isClamped = new Set(clamped);
  const zeros = new Float64Array(n);
  for (const i of net.order) {
    if (isClamped.has(i)) continue;
    mu[i] = sigmoid(referenceFields(net, mu, zeros).mean[i]);
  }
  const { mean } = referenceFields(net, mu, zeros);
  return { mu, xi: Float64Array.from(mean, sigmoid) };
}

/** One synchronous step of eq. 3.12 with eq. 3.13 ('exact') or eq. 3.14 ('sigmoid'), τ_µ = τ_h = 1, clipped to [0, 1]. */
export function referenceStep(
  net: BeliefNetwork,
  clamped: number[],
  state: { mu: Float64Array; xi: Float64Array },
  dt: number,
  xiUpdate: 'exact' | 'sigmoid',
): { mu: Float64Array; xi: Float64Array } {
  const n = net.unitCount;
  const isClamped = new Set(clamped);
  const { g, h } = referenceFields(net, state.mu, state.xi);
  const mu = Float64Array.from(state.mu, (m, i) => (isClamped.has(i) ? m : Math.min(1, Math.max(0, m + dt * (sigmoid(g[i]) - m)))));
  const next = referenceFields(net, mu, state.xi);
  const xi = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const target = h[i] + dt * (state.xi[i] - sigmoid(h[i]));
    const value = xiUpdate === 'sigmoid' || next.variance[i] <= 1e-12 ? sigmoid(xiUpdate === 'sigmoid' ? target : next.mean[i]) : 0.5 - (target - next.mean[i]) / next.variance[i];
    xi[i] = Math.min(1, Math.max(0, value));
  }
  return { mu, xi };
}

/** ⟨ln(1 + e^{z_i})⟩ under the factorial Q with means µ (clamped units fixed), for every unit, by enumeration. */
export function referenceExpectedSoftplus(net: BeliefNetwork, clamped: number[], mu: ArrayLike<number>): Float64Array {
  const n = net.unitCount;
  const isClamped = new Set(clamped);
  const expected = new Float64Array(n);
  enumerateFree(net, clamped, clamped.map((u) => mu[u]), (s) => {
    let q = 1;
    for (let i = 0; i < n; i++) if (!isClamped.has(i)) q *= s[i] === 1 ? mu[i] : 1 - mu[i];
    if (q === 0) return;
    for (let i = 0; i < n; i++) {
      let z = net.biases[i];
      for (let j = 0; j < n; j++) z += net.weights[i * n + j] * s[j];
      expected[i] += q * softplus(z);
    }
  });
  return expected;
}

export { softplus };
