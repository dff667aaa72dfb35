import type { BeliefNetwork } from '../../../engine/belief/network';

/** Float64 brute-force references for sigmoid belief networks, independent of the TF.js engine. */

/** ln(1 + e^x), without overflow for large |x|. */
export const softplus = (x: number): number => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));
/** σ(x) = 1 / (1 + e^{−x}). */
export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** ln P(S) = Σ_i S_i z_i − ln(1 + e^{z_i}) of a full 0/1 configuration. */
export function logJoint64(net: BeliefNetwork, s: ArrayLike<number>): number {
  const n = net.unitCount;
  let total = 0;
  for (let i = 0; i < n; i++) {
    let z = net.biases[i];
    for (let j = 0; j < n; j++) z += net.weights[i * n + j] * s[j];
    total += s[i] * z - softplus(z);
  }
  return total;
}

/** Exact posterior by visiting every configuration of the unobserved units one by one. */
export interface Reference {
  logLikelihood: number;
  /** P(S_i = 1 | evidence). */
  marginals: Float64Array;
  /** Σ over configurations of P(config | evidence) (S_i − σ(z_i)) S_j, N×N. */
  weightGradient: Float64Array;
  biasGradient: Float64Array;
}

export function reference64(net: BeliefNetwork, units: number[], values: ArrayLike<number>): Reference {
  const n = net.unitCount;
  const observed = new Set(units);
  const free = Array.from({ length: n }, (_, i) => i).filter((i) => !observed.has(i));
  if (free.length > 20) throw new Error(`reference64 enumerates at most 20 free units, got ${free.length}`);
  const s = new Float64Array(n);
  units.forEach((u, k) => (s[u] = values[k]));
  const configs = 2 ** free.length;
  const logs = new Float64Array(configs);
  for (let code = 0; code < configs; code++) {
    free.forEach((u, k) => (s[u] = (code >> k) & 1));
    logs[code] = logJoint64(net, s);
  }
  const max = logs.reduce((m, l) => Math.max(m, l), -Infinity);
  const logLikelihood = max + Math.log(logs.reduce((sum, l) => sum + Math.exp(l - max), 0));
  const marginals = new Float64Array(n);
  const weightGradient = new Float64Array(n * n);
  const biasGradient = new Float64Array(n);
  for (let code = 0; code < configs; code++) {
    free.forEach((u, k) => (s[u] = (code >> k) & 1));
    const p = Math.exp(logs[code] - logLikelihood);
    for (let i = 0; i < n; i++) {
      marginals[i] += p * s[i];
      let z = net.biases[i];
      for (let j = 0; j < n; j++) z += net.weights[i * n + j] * s[j];
      const error = s[i] - sigmoid(z);
      biasGradient[i] += p * error;
      for (let j = 0; j < n; j++) if (net.linkMask[i * n + j] !== 0) weightGradient[i * n + j] += p * error * s[j];
    }
  }
  return { logLikelihood, marginals, weightGradient, biasGradient };
}

/** Exact ln P(v) (float64) for visible bits in visibleIndices order. */
export const logLikelihood64 = (net: BeliefNetwork, bits: ArrayLike<number>): number => reference64(net, net.visibleIndices, bits).logLikelihood;

/** Σ_H Q(H) [ln P(H, V) − ln Q(H)] by enumeration for a mixture of factorial Q's (weights a, means mu [M, N]). */
export function elbo64(net: BeliefNetwork, observed: number[], values: ArrayLike<number>, weights: ArrayLike<number>, mu: ArrayLike<number>): number {
  const n = net.unitCount;
  const free = Array.from({ length: n }, (_, i) => i).filter((i) => !observed.includes(i));
  const s = new Float64Array(n);
  observed.forEach((u, k) => (s[u] = values[k]));
  let total = 0;
  for (let code = 0; code < 2 ** free.length; code++) {
    free.forEach((u, k) => (s[u] = (code >> k) & 1));
    let q = 0;
    for (let m = 0; m < weights.length; m++) {
      let p = weights[m];
      for (const u of free) p *= s[u] ? mu[m * n + u] : 1 - mu[m * n + u];
      q += p;
    }
    if (q > 0) total += q * (logJoint64(net, s) - Math.log(q));
  }
  return total;
}

/** F(µ, ξ) of Bishop et al. eq. (4) in float64 for one network, written independently of the engine's sjjBound64. */
export function evaluate(net: BeliefNetwork, mu: ArrayLike<number>, xi: ArrayLike<number>): number {
  const n = net.unitCount;
  let total = 0;
  const softplusTerm = (low: number, high: number): number => Math.max(low, high) + Math.log1p(Math.exp(-Math.abs(low - high)));
  for (let i = 0; i < n; i++) {
    let mean = net.biases[i];
    let low = -xi[i] * net.biases[i];
    let high = (1 - xi[i]) * net.biases[i];
    for (let j = 0; j < n; j++) {
      const w = net.weights[i * n + j];
      if (net.linkMask[i * n + j] === 0) continue;
      mean += w * mu[j];
      low += Math.log(1 - mu[j] + mu[j] * Math.exp(-xi[i] * w));
      high += Math.log(1 - mu[j] + mu[j] * Math.exp((1 - xi[i]) * w));
    }
    total += (mu[i] - xi[i]) * mean - softplusTerm(low, high);
  }
  for (const h of net.hiddenIndices) total -= (mu[h] > 0 ? mu[h] * Math.log(mu[h]) : 0) + (mu[h] < 1 ? (1 - mu[h]) * Math.log(1 - mu[h]) : 0);
  return total;
}
