import type { UnitEncoding } from '../diagram/types';
import type { MaskGroup } from './clamp';

/** Most unknown visible units whose 2^u completions are enumerated per row. */
export const MAX_COMPLETED_UNITS = 16;

/** Most full patterns scored in one call. */
const PATTERNS_PER_CALL = 1 << 14;

/** Log-value (ln P(v), or ln P(v) up to a constant) and posterior hidden means of full visible patterns. */
export interface PatternScores {
  logValues: Float64Array;
  /** count × H. */
  hiddenMeans: ArrayLike<number>;
}

/** Scores `count` full visible patterns (0/1 bits, visible order). */
export type PatternScorer = (patterns: Uint8Array, count: number) => PatternScores;

/** Per-row results of scoring with unknown visible units summed out (plain arrays the caller places into the result). */
export interface CompletedScores {
  /** ln Σ_{completions} e^{logValue}. */
  values: Float64Array;
  /** rows × H. */
  hiddenMeans: Float32Array;
  /** rows × V means of the visible units in `encoding` (known units hold their data values). */
  visibleMeans: Float32Array;
}

const logSumExp = (values: Float64Array, start: number, count: number): number => {
  let top = -Infinity;
  for (let k = 0; k < count; k++) top = Math.max(top, values[start + k]);
  if (top === -Infinity) return -Infinity;
  let sum = 0;
  for (let k = 0; k < count; k++) sum += Math.exp(values[start + k] - top);
  return top + Math.log(sum);
};

/**
 * Scores the rows of one mask group with the unknown visible units summed out: ln Σ_u e^{s(v_known, u)} over the 2^u
 * completions, and the posterior means of hidden and unknown visible units as completion-weighted averages.
 */
export async function scoreWithCompletions(
  bits: Uint8Array,
  width: number,
  group: MaskGroup,
  hiddenCount: number,
  encoding: UnitEncoding,
  score: PatternScorer,
  progress?: (rowsDone: number) => void | Promise<void>,
): Promise<CompletedScores> {
  const u = group.unknown.length;
  if (u > MAX_COMPLETED_UNITS) {
    throw new RangeError(
      `Summing out ${u} unknown visible units means 2^${u} completions per row; at most ${MAX_COMPLETED_UNITS} are summed: ` +
        'clamp more units, or use gibbs or meanfield',
    );
  }
  const rows = group.rows.length;
  const completions = 2 ** u;
  const low = encoding === 'pm1' ? -1 : 0;
  const values = new Float64Array(rows);
  const hiddenMeans = new Float32Array(rows * hiddenCount);
  const visibleMeans = new Float32Array(rows * width);
  const rowsPerCall = Math.max(1, Math.floor(PATTERNS_PER_CALL / completions));
  for (let first = 0; first < rows; first += rowsPerCall) {
    const count = Math.min(rowsPerCall, rows - first);
    const patterns = new Uint8Array(count * completions * width);
    for (let r = 0; r < count; r++) {
      const source = bits.subarray(group.rows[first + r] * width, (group.rows[first + r] + 1) * width);
      for (let c = 0; c < completions; c++) {
        const at = (r * completions + c) * width;
        patterns.set(source, at);
        group.unknown.forEach((p, k) => (patterns[at + p] = (c >> k) & 1));
      }
    }
    const scores = score(patterns, count * completions);
    for (let r = 0; r < count; r++) {
      const row = first + r;
      const total = logSumExp(scores.logValues, r * completions, completions);
      values[row] = total;
      for (let c = 0; c < completions; c++) {
        const index = r * completions + c;
        const weight = u === 0 ? 1 : Math.exp(scores.logValues[index] - total);
        if (!(weight > 0)) continue;
        for (let k = 0; k < hiddenCount; k++) hiddenMeans[row * hiddenCount + k] += weight * scores.hiddenMeans[index * hiddenCount + k];
        for (let i = 0; i < width; i++) visibleMeans[row * width + i] += weight * (patterns[index * width + i] ? 1 : low);
      }
    }
    await progress?.(first + count);
  }
  return { values, hiddenMeans, visibleMeans };
}
