import type { EnergyModelSpec } from '../compiler/types';
import type { BinaryDataset } from '../data/dataset';
import { gibbsSample, type SamplingArgs } from '../energy/sampling/gibbs';
import { temperedSample } from '../energy/sampling/temperingSample';
import { poolGroups } from '../energy/sampling/statistics';
import type { ModelParameters } from '../model/parameters';
import { createRandom } from '../random/seeded';
import type { RowProgress } from './result';
import { TEMPERING_DEFAULTS } from '../energy/sampling/tempering';

/** Settings of Gibbs inference (InferArgs options, defaults in ENERGY_METHODS). */
export interface GibbsInferenceArgs {
  /** Independent chains per data row; each chain's time average is one sample of the standard error. */
  chains: number;
  burnIn: number;
  sweeps: number;
  seed: number;
  /** Parallel-tempering replicas of every chain (temperedSample); 1 = plain Gibbs. Default 1. */
  replicas?: number;
  /** β of the hottest replica when replicas > 1. Default TEMPERING_DEFAULTS.lowestBeta. */
  lowestBeta?: number;
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
 * With replicas > 1 every chain is the β = 1 replica of parallel tempering (the clamp held in every replica).
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
  const replicas = args.replicas ?? 1;
  if (replicas > 1) Object.assign(out.summary, { replicas, lowestBeta: args.lowestBeta ?? TEMPERING_DEFAULTS.lowestBeta });
  const swapRates: number[][] = [];
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
    const settings: SamplingArgs = {
      chains: count * c,
      groups: count * c,
      burnIn: args.burnIn,
      sweeps: args.sweeps,
      seed: root.fork(`rows-${first}`).int(2 ** 31 - 1),
      clamp: { mask: clampMask, values: clampValues },
      correlations: false,
    };
    // Tempered batches run R times the sweeps, so they pass the hook in to be awaited within the batch (rows done unchanged).
    const tempered = replicas > 1 ? await temperedSample(model, params, { ...settings, replicas, lowestBeta: args.lowestBeta, progress: () => progress?.(first, data.rowCount) }) : undefined;
    if (tempered) swapRates.push(Array.from(tempered.swapAcceptance));
    const sampled = tempered ?? (await gibbsSample(model, params, settings));
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
  // Swap acceptance per adjacent pair, averaged over the row batches (each ran the same ladder).
  swapRates[0]?.forEach((_, pair) => (out.summary[`swapAcceptance${pair}`] = swapRates.reduce((s, rates) => s + rates[pair], 0) / swapRates.length));
  return out;
}
