/** Complementary error function, fractional error < 1.2e-7 everywhere (Chebyshev fit, Press et al., Numerical Recipes §6.2). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -z * z - 1.26551223 +
    t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const value = t * Math.exp(poly);
  return x >= 0 ? value : 2 - value;
}

/** erf(x) = 1 − erfc(x) (Mehlig eq. 2.40). */
export const erf = (x: number): number => 1 - erfc(x);

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos approximation, g = 7; relative error ~1e-15). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0];
  for (let k = 1; k < 9; k++) sum += LANCZOS[k] / (z + k);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/**
 * Exact one-step error probability of Hebb's rule for p random patterns of N unbiased independent bits, at finite N.
 * Feeding pattern ν and updating bit i once gives x_i^ν b_i N = T + S with S = Σ_{j≠i} Σ_{µ≠ν} x_i^ν x_i^µ x_j^µ x_j^ν,
 * a sum of M = (N − 1)(p − 1) independent ±1 terms (each x_j^µ, j ≠ i, µ ≠ ν, appears in one term only), so
 * S = 2K − M with K ~ Binomial(M, ½). T = N − 1 when the diagonal is zeroed (eq. 2.26); the kept diagonal w_ii = p/N
 * (eq. 2.25) adds the p − 1 terms with j = i, T = N + p − 1. With sgn(0) = +1 a bit x_i = +1 errs when T + S < 0 and a
 * bit x_i = −1 when T + S ≤ 0, so P = Prob(S < −T) + ½ Prob(S = −T). Mehlig eq. 2.39 is its large-N Gaussian limit.
 */
export function oneStepErrorExact(unitCount: number, patternCount: number, zeroDiagonal: boolean): number {
  const n = unitCount;
  const p = patternCount;
  if (!Number.isInteger(n) || n < 2 || !Number.isInteger(p) || p < 1) throw new RangeError(`Need whole numbers N ≥ 2 and p ≥ 1; got N = ${n}, p = ${p}`);
  const m = (n - 1) * (p - 1);
  const t = zeroDiagonal ? n - 1 : n + p - 1;
  if (m - t < 0) return 0;
  const kStar = (m - t) / 2;
  const logPmf = (k: number): number => logGamma(m + 1) - logGamma(k + 1) - logGamma(m - k + 1) - m * Math.LN2;
  const tie = Number.isInteger(kStar) ? Math.exp(logPmf(kStar)) : 0;
  // Sum Prob(K = k) downwards from the largest k below k*; terms shrink by k/(M − k + 1) each step.
  let k = Number.isInteger(kStar) ? kStar - 1 : Math.floor(kStar);
  let term = k >= 0 ? Math.exp(logPmf(k)) : 0;
  let sum = 0;
  while (k >= 0 && term > 0) {
    sum += term;
    if (term < 1e-17 * sum) break;
    term *= k / (m - k + 1);
    k--;
  }
  return sum + 0.5 * tie;
}

/** Large-N one-step error probability ½(1 − erf(√(1/(2α)))), α = p/N (Mehlig eq. 2.39). */
export const oneStepErrorLargeN = (alpha: number): number => 0.5 * erfc(Math.sqrt(1 / (2 * alpha)));

/** √(2α) as a function of y from Mehlig eq. 3.41: y(√(2α) + (2/√π)e^{−y²}) = erf(y). */
const rootTwoAlpha = (y: number): number => erf(y) / y - (2 / Math.sqrt(Math.PI)) * Math.exp(-y * y);

/** Golden-section search for the maximum of a unimodal f on [a, b]. */
function maximise(f: (x: number) => number, a: number, b: number): number {
  const r = (Math.sqrt(5) - 1) / 2;
  let [lo, hi] = [a, b];
  for (let k = 0; k < 200 && hi - lo > 1e-12; k++) {
    const x1 = hi - r * (hi - lo);
    const x2 = lo + r * (hi - lo);
    if (f(x1) < f(x2)) lo = x1;
    else hi = x2;
  }
  return (lo + hi) / 2;
}

const Y_AT_CAPACITY = maximise(rootTwoAlpha, 0.2, 4);

/** Critical storage capacity α_c ≈ 0.1379 (Mehlig eq. 3.42): the largest α for which eq. 3.41 has a solution y > 0. */
export function criticalStorageCapacity(): number {
  return 0.5 * rootTwoAlpha(Y_AT_CAPACITY) ** 2;
}

/**
 * Large-N steady-state overlap m_1 = erf(y) of deterministic dynamics started at a stored pattern (Mehlig eqs. 3.39c, 3.41),
 * taking the retrieval solution y (the largest root); 0 above α_c. The steady-state error probability is ½(1 − m_1) (eq. 3.40).
 */
export function steadyStateOverlap(alpha: number): number {
  if (!(alpha > 0)) throw new RangeError(`α must be positive; got ${alpha}`);
  const target = Math.sqrt(2 * alpha);
  if (target > rootTwoAlpha(Y_AT_CAPACITY)) return 0;
  let lo = Y_AT_CAPACITY;
  let hi = 1 / target + 2;
  for (let k = 0; k < 200; k++) {
    const mid = (lo + hi) / 2;
    if (rootTwoAlpha(mid) > target) lo = mid;
    else hi = mid;
  }
  return erf((lo + hi) / 2);
}
