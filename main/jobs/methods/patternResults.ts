/**
 * Estimators whose base distribution is fitted to the data (AIS) run on every row of the data, not on its distinct
 * patterns, so that their mean log-likelihood is the one the training monitor and `infer` report; evaluation and Compare
 * then read the result per distinct pattern, the mean over each pattern's copies.
 */
import type { EmpiricalDistribution } from '../../../engine/energy/empirical';
import type { InferenceResult } from '../../../engine/infer/runInference';

/** Methods scored on every row (their estimate depends on the rows themselves, not only on the distinct patterns). */
export const ROW_SCORED_METHODS: ReadonlySet<string> = new Set(['ais', 'importance']);

/** Per pattern p of `empirical`: the mean over the rows of pattern p of `values` (rows × width), as float64. */
function patternMeans(values: ArrayLike<number>, empirical: EmpiricalDistribution, width: number): Float64Array {
  const out = new Float64Array(empirical.count * width);
  const copies = new Float64Array(empirical.count);
  const rows = empirical.patternOfRow.length;
  for (let r = 0; r < rows; r++) {
    const p = empirical.patternOfRow[r];
    copies[p]++;
    for (let k = 0; k < width; k++) out[p * width + k] += values[r * width + k];
  }
  for (let p = 0; p < empirical.count; p++) for (let k = 0; k < width; k++) out[p * width + k] /= copies[p];
  return out;
}

/** `result` (one row per data row) as one row per distinct pattern of `empirical`; the run's summary and likelihood unchanged. */
export function perPattern(result: InferenceResult, empirical: EmpiricalDistribution): InferenceResult {
  if (result.rowCount !== empirical.patternOfRow.length) throw new Error(`perPattern needs one result row per data row (${empirical.patternOfRow.length}), got ${result.rowCount}`);
  const hidden = result.hiddenUnits.length;
  const floats = (values: ArrayLike<number>, width: number) => Float32Array.from(patternMeans(values, empirical, width));
  return {
    ...result,
    rowCount: empirical.count,
    ...(result.values ? { values: patternMeans(result.values, empirical, 1) } : {}),
    ...(result.standardErrors ? { standardErrors: patternMeans(result.standardErrors, empirical, 1) } : {}),
    hiddenMeans: floats(result.hiddenMeans, hidden),
    ...(result.hiddenStandardErrors ? { hiddenStandardErrors: floats(result.hiddenStandardErrors, hidden) } : {}),
  };
}
