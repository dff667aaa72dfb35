import type { EnergyModelSpec } from '../../../engine/compiler/types';
import type { BruteForce } from '../helpers/bruteForce';

/** Float64 reference for partial patterns: ln P(known visible units) and ⟨s⟩ given them, by visiting every state. */
export function partialReference(
  model: EnergyModelSpec,
  reference: BruteForce,
  bits: ArrayLike<number>,
  known: ArrayLike<number>,
): { logProbability: number; means: Float64Array } {
  const n = model.unitCount;
  const on = (bit: number): number => (bit ? 1 : model.encoding === 'pm1' ? -1 : 0);
  let total = 0;
  const means = new Float64Array(n);
  reference.states.forEach((s, k) => {
    if (!model.visibleIndices.every((unit, col) => !known[col] || s[unit] === on(bits[col]))) return;
    total += reference.probabilities[k];
    for (let i = 0; i < n; i++) means[i] += reference.probabilities[k] * s[i];
  });
  return { logProbability: Math.log(total), means: means.map((m) => m / total) };
}

/** Rows of a dataset as arrays. */
export const rowOf = (bits: Uint8Array, width: number, r: number): Uint8Array => bits.subarray(r * width, (r + 1) * width);
