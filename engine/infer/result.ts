import type { UnitEncoding } from '../diagram/types';
import type { LikelihoodSummary } from '../likelihood/estimate';
import type { InferenceQuantity } from './methods';

/** Per-row results of one inference method over a dataset (plain data, columns row-major). */
export interface InferenceResult {
  /** The method as run, e.g. 'exact', 'mixture:3'. */
  method: string;
  family: 'energy' | 'belief';
  rowCount: number;
  /** Encoding of every mean below: 'pm1' means lie in [−1, 1], 'binary01' means are P(unit = 1). Belief networks are 0/1. */
  encoding: UnitEncoding;
  /** What `values` holds; undefined when the method gives posterior means only (Gibbs sampling). */
  quantity?: InferenceQuantity;
  /** Per row: ln P(v) (of the known units, with a clamp), its estimate, a lower bound or −L (nats). */
  values?: Float64Array;
  /** Standard error of each value, where the method gives one. */
  standardErrors?: Float64Array;
  /** Model indices of the hidden units, the column order of hiddenMeans. */
  hiddenUnits: number[];
  /** rows × H posterior means ⟨h_k | v⟩. */
  hiddenMeans: Float32Array;
  /** rows × H standard errors of hiddenMeans (sampling methods). */
  hiddenStandardErrors?: Float32Array;
  /** With a clamp: rows × V 0/1 mask of the units that were known. */
  known?: Uint8Array;
  /** With a clamp: rows × V means of the visible units (known units hold their data values). */
  visibleMeans?: Float32Array;
  /** With a clamp and a sampling method: rows × V standard errors of visibleMeans (0 for known units). */
  visibleStandardErrors?: Float32Array;
  /** With a clamp: rows × V 0/1 bits, known units as given and inferred units on where their mean favours on. */
  completed?: Uint8Array;
  /** Figures of the whole run: log Z estimates and their errors, sweeps, convergence, …. */
  summary: Record<string, number | boolean | string>;
  /** Estimators of the mean log-likelihood (ais, importance): the full record — both sides, interval, gap, warnings, provenance. */
  likelihood?: LikelihoodSummary;
}

/** Called after each batch of rows (awaited: a job runner can pause here, or throw to stop). */
export type RowProgress = (rowsDone: number, rowsTotal: number) => void | Promise<void>;

/** One row of an InferenceResult as a plain object (one JSON line of `attractor infer`). */
export interface InferenceRow {
  row: number;
  /** The row's value under its quantity's name, e.g. { logProbability: −2.1 } or { lowerBound: −2.3 }. */
  [quantity: string]: number | number[] | undefined;
  standardError?: number;
  hiddenMeans: number[];
  hiddenStandardErrors?: number[];
  visibleMeans?: number[];
  visibleStandardErrors?: number[];
  completed?: number[];
}

const slice = (values: ArrayLike<number>, row: number, width: number): number[] => Array.from({ length: width }, (_, k) => values[row * width + k]);

/** The result row by row: {row, <quantity>, standardError?, hiddenMeans, hiddenStandardErrors?, visibleMeans?, completed?}. */
export function inferenceRows(result: InferenceResult): InferenceRow[] {
  const h = result.hiddenUnits.length;
  const v = result.visibleMeans ? result.visibleMeans.length / Math.max(1, result.rowCount) : 0;
  return Array.from({ length: result.rowCount }, (_, r) => {
    const row: InferenceRow = { row: r, hiddenMeans: slice(result.hiddenMeans, r, h) };
    if (result.quantity && result.values) row[result.quantity] = result.values[r];
    if (result.standardErrors) row.standardError = result.standardErrors[r];
    if (result.hiddenStandardErrors) row.hiddenStandardErrors = slice(result.hiddenStandardErrors, r, h);
    if (result.visibleMeans) row.visibleMeans = slice(result.visibleMeans, r, v);
    if (result.visibleStandardErrors) row.visibleStandardErrors = slice(result.visibleStandardErrors, r, v);
    if (result.completed) row.completed = slice(result.completed, r, v);
    return row;
  });
}

/** Bits where each mean favours on: above 0 for ±1 units, above ½ for 0/1 units (known units keep the data bits). */
export function completeBits(means: Float32Array, known: Uint8Array, bits: Uint8Array, encoding: UnitEncoding): Uint8Array {
  const threshold = encoding === 'pm1' ? 0 : 0.5;
  return Uint8Array.from(means, (m, k) => (known[k] ? bits[k] : m > threshold ? 1 : 0));
}
