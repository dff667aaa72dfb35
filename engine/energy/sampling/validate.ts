/** The largest divisor of `chains` that is at most 16. */
export function defaultGroups(chains: number): number {
  for (let g = Math.min(16, chains); g > 1; g--) if (chains % g === 0) return g;
  return 1;
}

/** Checks that `value` is a whole number ≥ `min`, naming the setting otherwise. */
export function wholeNumber(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${name} must be a whole number ≥ ${min}; got ${value}`);
  return value;
}
