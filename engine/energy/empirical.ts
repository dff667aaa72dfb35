import type { BinaryDataset } from '../data/dataset';

/** P_data: the distinct rows of a dataset with their empirical frequencies (Mehlig §4.4). */
export interface EmpiricalDistribution {
  width: number;
  /** Distinct patterns, count × width bits (0/1), in order of first appearance. */
  patterns: Uint8Array;
  count: number;
  /** P_data(pattern) = occurrences / rowCount; sums to 1. */
  probabilities: Float64Array;
  /** Index into `patterns` of every dataset row. */
  patternOfRow: Int32Array;
}

function rowKey(bits: Uint8Array, offset: number, width: number): number | string {
  if (width <= 30) {
    let key = 0;
    for (let j = 0; j < width; j++) key = key * 2 + bits[offset + j];
    return key;
  }
  return String.fromCharCode(...bits.subarray(offset, offset + width));
}

/** Deduplicates the rows of `data` and counts them. */
export function empiricalDistribution(data: BinaryDataset): EmpiricalDistribution {
  const { width, rowCount, bits } = data;
  const index = new Map<number | string, number>();
  const firstRows: number[] = [];
  const counts: number[] = [];
  const patternOfRow = new Int32Array(rowCount);
  for (let row = 0; row < rowCount; row++) {
    const key = rowKey(bits, row * width, width);
    let k = index.get(key);
    if (k === undefined) {
      k = firstRows.length;
      index.set(key, k);
      firstRows.push(row);
      counts.push(0);
    }
    counts[k]++;
    patternOfRow[row] = k;
  }
  const patterns = new Uint8Array(firstRows.length * width);
  firstRows.forEach((row, k) => patterns.set(bits.subarray(row * width, (row + 1) * width), k * width));
  const probabilities = Float64Array.from(counts, (c) => c / rowCount);
  return { width, patterns, count: firstRows.length, probabilities, patternOfRow };
}

/** Quality of fit of a model to P_data, in nats. */
export interface DataFit {
  /** KL(P_data‖P_model) = Σ_μ P_data(v_μ) log(P_data(v_μ)/P_model(v_μ)) (Mehlig eq. 4.18); patterns with P_data = 0 contribute 0. */
  kl: number;
  /** Σ_μ P_data(v_μ) log P_model(v_μ): the mean log-likelihood per row (Mehlig eq. 4.17 divided by p). */
  logLikelihood: number;
}

/** KL and mean log-likelihood from log P_model of each distinct pattern (same order as `empirical.patterns`). */
export function dataFit(empirical: EmpiricalDistribution, logModel: ArrayLike<number>): DataFit {
  let logLikelihood = 0;
  let negEntropy = 0;
  empirical.probabilities.forEach((p, k) => {
    logLikelihood += p * logModel[k];
    negEntropy += p * Math.log(p);
  });
  return { kl: negEntropy - logLikelihood, logLikelihood };
}
