/**
 * The figures of one row of an inference-method comparison: the method's estimate as the P_data-weighted mean over the
 * distinct patterns (the mean over all rows of the data, Mehlig eq. 4.17 divided by p), its difference from the exact
 * mean, and the mean absolute difference of its hidden posterior means from the exact ones.
 */
import type { InferenceResult } from '../../../engine/infer/runInference';
import type { CompareRow } from '../../api/contract';

export type { CompareRow };

/** Σ_k weights[k] · values[k]. */
function weightedMean(values: ArrayLike<number>, weights: ArrayLike<number>): number {
  let total = 0;
  for (let k = 0; k < weights.length; k++) total += weights[k] * values[k];
  return total;
}

/** Σ_p weights[p] · mean_k |a[p, k] − b[p, k]| over rows of `width` columns; undefined when width is 0. */
function weightedMeanAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>, weights: ArrayLike<number>, width: number): number | undefined {
  if (width === 0) return undefined;
  let total = 0;
  for (let p = 0; p < weights.length; p++) {
    let row = 0;
    for (let k = 0; k < width; k++) row += Math.abs(a[p * width + k] - b[p * width + k]);
    total += (weights[p] * row) / width;
  }
  return total;
}

/** Σ_p weights[p] · mean_k values[p, k]. */
function weightedRowMean(values: ArrayLike<number>, weights: ArrayLike<number>, width: number): number | undefined {
  if (width === 0) return undefined;
  let total = 0;
  for (let p = 0; p < weights.length; p++) {
    let row = 0;
    for (let k = 0; k < width; k++) row += values[p * width + k];
    total += (weights[p] * row) / width;
  }
  return total;
}

/**
 * The row of `result` (one facade run over the distinct patterns, whose data frequencies are `weights`), compared with
 * `exact` when it ran. Encoded posterior means (±1 or 0/1) are compared as they are: both results share the encoding.
 */
export function compareRow(method: string, label: string, result: InferenceResult, weights: ArrayLike<number>, seconds: number, exact?: InferenceResult): CompareRow {
  const hidden = result.hiddenUnits.length;
  const row: CompareRow = { method, label, seconds };
  if (result.quantity && result.values) {
    row.quantity = result.quantity;
    row.estimate = weightedMean(result.values, weights);
    if (exact?.values) row.errorVsExact = row.estimate - weightedMean(exact.values, weights);
  }
  if (result.standardErrors) row.standardError = weightedMean(result.standardErrors, weights);
  if (exact && method !== 'exact') {
    // Methods without posterior means (AIS on a general Boltzmann machine) report NaN means: no posterior error then.
    const error = weightedMeanAbsDifference(result.hiddenMeans, exact.hiddenMeans, weights, hidden);
    if (error !== undefined && Number.isFinite(error)) row.posteriorError = error;
  }
  if (result.hiddenStandardErrors) {
    const error = weightedRowMean(result.hiddenStandardErrors, weights, hidden);
    if (error !== undefined) row.posteriorStandardError = error;
  }
  const { sweeps, converged } = result.summary;
  if (typeof sweeps === 'number') row.sweeps = sweeps;
  if (typeof converged === 'boolean') row.converged = converged;
  return row;
}
