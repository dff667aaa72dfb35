/**
 * Indices of the points that draw a long series exactly at `buckets` horizontal pixels: in each of `buckets` equal
 * x ranges the first, lowest, highest and last point (M4 aggregation, Jugel et al., VLDB 2014), in order.
 * x must be ascending and y finite; series of at most 4 × buckets points are kept whole.
 */
export function m4Indices(x: ArrayLike<number>, y: ArrayLike<number>, buckets: number): number[] {
  const n = Math.min(x.length, y.length);
  if (!(buckets >= 1)) throw new Error(`M4 needs at least one bucket (got ${buckets}).`);
  if (n <= 4 * buckets) return Array.from({ length: n }, (_, i) => i);
  const low = x[0];
  const span = x[n - 1] - low || 1;
  const keep = new Set<number>();
  let bucket = -1;
  let first = 0;
  let min = 0;
  let max = 0;
  const flush = () => {
    if (bucket >= 0) for (const i of [first, min, max]) keep.add(i);
  };
  for (let i = 0; i < n; i++) {
    const b = Math.min(buckets - 1, Math.floor(((x[i] - low) / span) * buckets));
    if (b !== bucket) {
      if (bucket >= 0) keep.add(i - 1);
      flush();
      bucket = b;
      first = min = max = i;
    }
    if (y[i] < y[min]) min = i;
    if (y[i] > y[max]) max = i;
  }
  flush();
  keep.add(n - 1);
  return [...keep].sort((a, b) => a - b);
}
