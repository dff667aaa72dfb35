import type { BinaryDataset } from '../../data/dataset';

/** Salakhutdinov & Murray's β schedule with K points, β_K = 1 (0 excluded): 1/29 of them on [0, ½], 8/29 on [½, 0.9], 20/29 on [0.9, 1]. */
export function aisSchedule(count: number): Float64Array {
  if (!Number.isInteger(count) || count < 1) throw new Error(`AIS needs at least one intermediate temperature (an integer), got ${count}`);
  const pieces: [number, number, number][] = [
    [0, 0.5, 1 / 29],
    [0.5, 0.9, 8 / 29],
    [0.9, 1, 20 / 29],
  ];
  const betas = new Float64Array(count);
  let k = 0;
  pieces.forEach(([from, to, share], p) => {
    const n = p === pieces.length - 1 ? count - k : Math.round(count * share);
    for (let j = 1; j <= n; j++) betas[k++] = from + ((to - from) * j) / n;
  });
  return betas;
}

/** P(v_i = 1) in the rows of `data`, smoothed by one pseudo-count each way ((n_i + 1)/(N + 2)); Salakhutdinov & Murray eq. 14. */
export function visibleBaseRates(data: BinaryDataset): Float32Array {
  const rates = new Float32Array(data.width);
  for (let r = 0; r < data.rowCount; r++) for (let i = 0; i < data.width; i++) rates[i] += data.bits[r * data.width + i];
  return rates.map((n) => (n + 1) / (data.rowCount + 2));
}
