import { exactStateProbabilities } from '../../../engine/energy/exact';
import { createRandom } from '../../../engine/random/seeded';
import type { JobMethod } from './types';
import { energyModel, exactRefusal, unitNames } from './exactShared';

/** Samples per chunk: one progress report and one chance to cancel or pause per chunk. */
const SAMPLES_PER_CHUNK = 10_000;

/** Smallest index k with cumulative[k] > u (inverse-CDF sampling); cumulative is non-decreasing and ends at 1. */
export function inverseCdf(cumulative: Float64Array, u: number): number {
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (cumulative[mid] > u) high = mid;
    else low = mid + 1;
  }
  return low;
}

/**
 * Independent samples from P(s) = exp(−βH(s))/Z (Mehlig eq. 4.2) by inverse-CDF sampling of the enumerated distribution —
 * exact, no burn-in or autocorrelation. Output: 0/1 bits [count, units] (1 = on: +1 for ±1 units).
 */
export const exactSampling: JobMethod = {
  info: {
    kind: 'sample',
    name: 'exact',
    label: 'Exact sampling',
    description: 'Independent samples from the Boltzmann distribution P(s) ∝ exp(−βH(s)), drawn from all 2^N enumerated states.',
    needsData: false,
    hyperparameters: [
      { key: 'count', label: 'Samples', default: 100, min: 1, max: 1_000_000, integer: true },
      { key: 'beta', label: 'Inverse temperature β', default: 1, min: 0, max: 1000 },
    ],
    choices: [{ key: 'units', label: 'Units', options: ['all', 'visible'], default: 'all' }],
  },
  refuses: (model) => exactRefusal(model, 'Exact sampling'),
  async run({ model: compiled, parameters, seed, hyper, choices, parameterStep }, context) {
    const model = energyModel(compiled);
    const count = hyper.count;
    const probabilities = exactStateProbabilities(model, parameters, hyper.beta);
    const cumulative = new Float64Array(probabilities.length);
    let total = 0;
    probabilities.forEach((p, k) => (cumulative[k] = total += p));
    for (let k = 0; k < cumulative.length; k++) cumulative[k] /= total;
    cumulative[cumulative.length - 1] = 1;
    const units = choices.units === 'visible' ? model.visibleIndices : Array.from({ length: model.unitCount }, (_, i) => i);
    const bits = new Uint8Array(count * units.length);
    const random = createRandom(seed).fork('exact-sampling');
    const chunks = Math.ceil(count / SAMPLES_PER_CHUNK);
    for (let chunk = 0; chunk < chunks; chunk++) {
      const end = Math.min(count, (chunk + 1) * SAMPLES_PER_CHUNK);
      for (let sample = chunk * SAMPLES_PER_CHUNK; sample < end; sample++) {
        const state = inverseCdf(cumulative, random.next());
        units.forEach((unit, j) => (bits[sample * units.length + j] = (state >>> unit) & 1));
      }
      context.progress(chunk + 1, chunks, { samples: end });
      await context.between();
      if (context.signal.aborted) return;
    }
    const names = unitNames(model);
    context.output({
      kind: 'samples',
      name: `${count} exact sample${count === 1 ? '' : 's'}`,
      step: parameterStep,
      summary: { method: 'exact', count, beta: hyper.beta, units: choices.units, columns: units.map((i) => names[i]), encoding: model.encoding },
      array: { dtype: 'bits', shape: [count, units.length], values: bits },
    });
  },
};
