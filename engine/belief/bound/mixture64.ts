import type { BeliefNetworkBatch } from '../network';
import { sjjBound64 } from './bound64';
import type { BoundTables } from './tables';

const logSumExp = (values: number[]): number => {
  const top = Math.max(...values);
  if (top === -Infinity) return -Infinity;
  return top + Math.log(values.reduce((s, v) => s + Math.exp(v - top), 0));
};

/** The variational parameters of one mixture problem (M components), as read back from the tensors. */
export interface MixtureProblem {
  components: number;
  /** µ, [M, N] starting at `offset` in `mu`. */
  mu: ArrayLike<number>;
  xi: ArrayLike<number>;
  offset: number;
  /** ln R_mj(0) and ln R_mj(1), each [M, N] starting at `smoothingOffset`. */
  logSmoothing0: ArrayLike<number>;
  logSmoothing1: ArrayLike<number>;
  smoothingOffset: number;
  /** ln a_m, [M] starting at `weightOffset`. */
  logWeights: ArrayLike<number>;
  weightOffset: number;
}

/**
 * The mixture bound F_λ[Q_mix] = Σ_m a_m F[Q(H|m)] + I_λ(m, H) of Bishop et al. eqs. (10)–(13), evaluated in float64,
 * after re-optimising λ (eq. 19) and a (eq. 17) in closed form a few times, or the best component's own bound
 * when that is higher. Valid for any means, ξ and positive R,
 * so float32 rounding in the optimisation can never lift it above ln P(evidence). Also returns the final a_m.
 */
export function mixtureBound64(batch: BeliefNetworkBatch, network: number, tables: BoundTables, problem: MixtureProblem): { bound: number; weights: Float64Array } {
  const m = problem.components;
  const n = batch.unitCount;
  const componentBound = Array.from({ length: m }, (_, c) => sjjBound64(batch, network, tables, problem.mu, problem.xi, problem.offset + c * n));
  const logR = (c: number, h: number, j: number): number => (h === 0 ? problem.logSmoothing0 : problem.logSmoothing1)[problem.smoothingOffset + c * n + j];
  const mu = (c: number, j: number): number => problem.mu[problem.offset + c * n + j];
  // ln π_RQ(c', c) = Σ_j ln(R_c'j(0)(1 − µ_cj) + R_c'j(1) µ_cj) over unobserved j (eq. 12).
  const logOverlap = new Float64Array(m * m);
  const crossEntropy = new Float64Array(m);
  for (let a = 0; a < m; a++) {
    for (const j of tables.free) {
      const q1 = mu(a, j);
      crossEntropy[a] += (q1 > 0 ? q1 * logR(a, 1, j) : 0) + (q1 < 1 ? (1 - q1) * logR(a, 0, j) : 0);
      for (let r = 0; r < m; r++) logOverlap[r * m + a] += Math.log(Math.exp(logR(r, 0, j)) * (1 - q1) + Math.exp(logR(r, 1, j)) * q1);
    }
  }
  const logA = Array.from({ length: m }, (_, c) => problem.logWeights[problem.weightOffset + c]);
  let bound = -Infinity;
  for (let round = 0; round < 3; round++) {
    const logLambda = logA.map((la, c) => la - logSumExp(logA.map((lk, k) => lk + logOverlap[c * m + k])));
    const negativeE = componentBound.map((f, c) => {
      let penalty = 0;
      for (let k = 0; k < m; k++) if (logLambda[k] > -Infinity) penalty += Math.exp(logLambda[k] + logOverlap[k * m + c]);
      return f + crossEntropy[c] - penalty + logLambda[c];
    });
    const total = logSumExp(negativeE);
    bound = Math.max(bound, total + 1);
    for (let c = 0; c < m; c++) logA[c] = negativeE[c] - total;
  }
  // A mixture with one active component is a member of the family whose bound is that component's F (R constant):
  // the mixture bound is at least the best single-component bound (Bishop et al. §2).
  const best = componentBound.reduce((a, b) => Math.max(a, b), -Infinity);
  if (best > bound) return { bound: best, weights: Float64Array.from(componentBound, (f) => (f === best ? 1 : 0)) };
  return { bound, weights: Float64Array.from(logA, Math.exp) };
}
