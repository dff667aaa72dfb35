import type { BeliefNetworkBatch } from '../network';
import type { BoundTables } from './tables';

const xlogx = (x: number): number => (x > 0 ? x * Math.log(x) : 0);

/** ln(e^a + e^b) without overflow. */
export const logAddExp = (a: number, b: number): number => {
  const top = Math.max(a, b);
  return top + Math.log(Math.exp(a - top) + Math.exp(b - top));
};

/**
 * The SJJ bound F(µ, ξ) of Bishop et al. eqs. (1), (3), (4) for one network, evaluated in float64:
 * Σ_i [(µ_i − ξ_i)⟨z_i⟩ − ln(⟨e^{−ξ_i z_i}⟩ + ⟨e^{(1−ξ_i) z_i}⟩)] + Σ_h H(µ_h), with
 * ⟨e^{t z_i}⟩ = e^{t b_i} Π_j (1 − µ_j + µ_j e^{t J_ij}). Any µ ∈ [0, 1]^N (observed units at their values) and any
 * real ξ give a rigorous lower bound on ln P(evidence); evaluating in float64 keeps float32 rounding in the
 * optimisation from ever lifting it above the exact value.
 */
export function sjjBound64(
  batch: BeliefNetworkBatch,
  network: number,
  tables: BoundTables,
  mu: ArrayLike<number>,
  xi: ArrayLike<number>,
  offset = 0,
): number {
  const n = batch.unitCount;
  const width = tables.maxParents;
  const w0 = network * n * n;
  const b0 = network * n;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const b = batch.biases[b0 + i];
    const x = xi[offset + i];
    let mean = b;
    let low = -x * b;
    let high = (1 - x) * b;
    for (let p = 0; p < tables.parentCount[i]; p++) {
      const j = tables.parentIndex[i * width + p];
      const w = batch.weights[w0 + i * n + j];
      const m = mu[offset + j];
      mean += w * m;
      low += Math.log1p(m * Math.expm1(-x * w));
      high += Math.log1p(m * Math.expm1((1 - x) * w));
    }
    total += (mu[offset + i] - x) * mean - logAddExp(low, high);
  }
  for (const h of tables.free) total -= xlogx(mu[offset + h]) + xlogx(1 - mu[offset + h]);
  return total;
}
