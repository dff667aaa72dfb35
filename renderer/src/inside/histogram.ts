/** Counts of values in equal-width bins over [min, max]; the last bin is closed, so max itself is counted. */
export interface Histogram {
  /** Bin edges, bins + 1 of them. */
  edges: number[];
  counts: number[];
}

/** Mean, standard deviation (population, 1/n), minimum and maximum; NaN for an empty array. */
export interface SummaryStats {
  count: number;
  mean: number;
  std: number;
  min: number;
  max: number;
}

export function summaryStats(values: ArrayLike<number>): SummaryStats {
  const n = values.length;
  if (n === 0) return { count: 0, mean: NaN, std: NaN, min: NaN, max: NaN };
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    sum += values[i];
    min = Math.min(min, values[i]);
    max = Math.max(max, values[i]);
  }
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (values[i] - mean) ** 2;
  return { count: n, mean, std: Math.sqrt(squares / n), min, max };
}

/**
 * Histogram with `bins` equal bins spanning [min, max] of the values; when every value is equal, one unit-wide
 * range centred on it (so a constant block still shows one bar).
 */
export function histogram(values: ArrayLike<number>, bins: number): Histogram {
  if (!Number.isInteger(bins) || bins < 1) throw new Error(`histogram needs a whole number of bins ≥ 1, got ${bins}`);
  const { min, max } = summaryStats(values);
  const lo = values.length === 0 ? 0 : min === max ? min - 0.5 : min;
  const hi = values.length === 0 ? 1 : min === max ? max + 0.5 : max;
  const width = (hi - lo) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, k) => (k === bins ? hi : lo + k * width));
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) counts[Math.min(bins - 1, Math.floor((values[i] - lo) / width))] += 1;
  return { edges, counts };
}
