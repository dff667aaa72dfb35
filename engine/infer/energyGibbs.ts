import type { EnergyModelSpec } from '../compiler/types';
import type { BinaryDataset } from '../data/dataset';
import { gibbsSample } from '../energy/sampling/gibbs';
import { poolGroups } from '../energy/sampling/statistics';
import type { ModelParameters } from '../model/parameters';
import { createRandom } from '../random/seeded';
import type { RowProgress } from './result';

/** Settings of Gibbs inference (InferArgs options, defaults in ENERGY_METHODS). */
export interface GibbsInferenceArgs {
  /** Independent chains per data row; each chain's time average is one sample of the standard error. */
  chains: number;
  burnIn: number;
  sweeps: number;
  seed: number;
}

/** Posterior means with standard errors, per row. */
export interface SampledMeans {
  hiddenMeans: Float32Array;
  hiddenStandardErrors: Float32Array;
  visibleMeans: Float32Array;
  visibleStandardErrors: Float32Array;
  summary: Record<string, number>;
}

/** Most chains sampled at once. */
const MAX_CHAINS = 4096;

/**
 * Posterior means ⟨s_i | known units⟩ by Gibbs sampling (Mehlig eq. 3.1): `chains` chains per row with that row's known
 * visible units clamped, the others free; the standard error of each mean is the spread of the chains' time averages / √chains.
 */
export async function gibbsEnergyInference(
  model: EnergyModelSpec,
  params: ModelParameters,
  data: BinaryDataset,
  mask: Uint8Array,
  args: GibbsInferenceArgs,
  progress?: RowProgress,
): Promise<SampledMeans> {
  const n = model.unitCount;
  const width = data.width;
  const hidden = model.hiddenIndices;
  const c = args.chains;
  const low = model.encoding === 'pm1' ? -1 : 0;
  const out: SampledMeans = {
    hiddenMeans: new Float32Array(data.rowCount * hidden.length),
    hiddenStandardErrors: new Float32Array(data.rowCount * hidden.length),
    visibleMeans: new Float32Array(data.rowCount * width),
    visibleStandardErrors: new Float32Array(data.rowCount * width),
    summary: { chainsPerRow: c, burnIn: args.burnIn, sweeps: args.sweeps },
  };
  const root = createRandom(args.seed);
  const rowsPerBatch = Math.max(1, Math.floor(MAX_CHAINS / c));
  for (let first = 0; first < data.rowCount; first += rowsPerBatch) {
    const count = Math.min(rowsPerBatch, data.rowCount - first);
    const clampMask = new Uint8Array(count * c * n);
    const clampValues = new Float32Array(count * c * n);
    for (let r = 0; r < count; r++) {
      for (let k = 0; k < width; k++) {
        const at = (first + r) * width + k;
        if (!mask[at]) continue;
        for (let chain = 0; chain < c; chain++) {
          const slot = (r * c + chain) * n + model.visibleIndices[k];
          clampMask[slot] = 1;
          clampValues[slot] = data.bits[at] ? 1 : low;
        }
      }
    }
    const sampled = await gibbsSample(model, params, {
      chains: count * c,
      groups: count * c,
      burnIn: args.burnIn,
      sweeps: args.sweeps,
      seed: root.fork(`rows-${first}`).int(2 ** 31 - 1),
      clamp: { mask: clampMask, values: clampValues },
      correlations: false,
    });
    for (let r = 0; r < count; r++) {
      const row = first + r;
      const pooled = poolGroups(sampled.groupMeans.subarray(r * c * n, (r + 1) * c * n), c, n);
      hidden.forEach((u, k) => {
        out.hiddenMeans[row * hidden.length + k] = pooled.mean[u];
        out.hiddenStandardErrors[row * hidden.length + k] = pooled.standardError[u];
      });
      model.visibleIndices.forEach((u, k) => {
        out.visibleMeans[row * width + k] = pooled.mean[u];
        out.visibleStandardErrors[row * width + k] = pooled.standardError[u];
      });
    }
    await progress?.(first + count, data.rowCount);
  }
  return out;
}
