/**
 * The facade's `ais` method for every energy model: ln P(v) per row from the app's one AIS (engine/likelihood/energy.ts,
 * forward and reverse, Salakhutdinov & Murray 2008; Burda, Grosse & Salakhutdinov 2015) with the estimate's full record.
 */
import type { EnergyModelSpec } from '../compiler/types';
import type { BinaryDataset } from '../data/dataset';
import { rbmStructureProblem } from '../energy/rbm/view';
import { estimateEnergyLikelihood, estimateEnergyLogPartition } from '../likelihood/energy';
import { describeProvenance, summariseLikelihood, type AisBase, type EstimateProgress, type LikelihoodEstimate, type LikelihoodSummary } from '../likelihood/estimate';
import { likelihoodFromPartition } from '../likelihood/weights';
import type { ModelParameters } from '../model/parameters';
import type { PatternScorer } from './completions';
import { enumerateGroups, withRbmScorer, type EnumeratedInference } from './energyEnumerated';
import type { RowProgress } from './result';

/** AIS settings of the facade. */
export interface AisInferenceArgs {
  temperatures: number;
  runs: number;
  seed: number;
  /** Base distribution: the base rates of `baseData` (default) or uniform. */
  base: AisBase;
  /** Rows the data base is fitted to (the job's training rows when it has them); default: the rows scored. */
  baseData?: BinaryDataset;
  /** What baseData is, for the provenance (default 'the N rows scored'). */
  baseDataName?: string;
}

/** The AIS part of an inference result: per-row values and errors, means, run figures and the estimate's summary. */
export interface AisInference extends EnumeratedInference {
  likelihood: LikelihoodSummary;
}

/** Numeric figures of an estimate for the run's summary (forward log Z first, as before reverse AIS existed). */
function figures(estimate: LikelihoodEstimate): Record<string, number> {
  const z = estimate.logPartition;
  const out: Record<string, number | undefined> = {
    logZ: z?.forward.logZ,
    logZStandardError: z?.forward.standardError,
    effectiveRuns: z?.forward.effectiveRuns,
    logZReverse: z?.reverse?.logZ,
    logZReverseStandardError: z?.reverse?.standardError,
    reverseEffectiveRuns: z?.reverse?.effectiveRuns,
    meanLogLikelihoodForward: estimate.forward.mean,
    meanLogLikelihoodReverse: estimate.reverse?.mean,
    warnings: estimate.warnings.length,
  };
  return Object.fromEntries(Object.entries(out).filter((e): e is [string, number] => e[1] !== undefined && Number.isFinite(e[1])));
}

/** The estimate's summary with the rows its base was fitted to named in the provenance. */
function summaryOf(estimate: LikelihoodEstimate, baseData: string | undefined): LikelihoodSummary {
  const summary = summariseLikelihood(estimate);
  if (summary.provenance.base !== 'data' || baseData === undefined) return summary;
  const provenance = { ...summary.provenance, baseData };
  return { ...summary, provenance, provenanceText: describeProvenance(provenance) };
}

/** The visible units of each row in the model's encoding (what visibleMeans hold for known units). */
const encodedBits = (model: EnergyModelSpec, data: BinaryDataset): Float32Array => Float32Array.from(data.bits, (b) => (b ? 1 : model.encoding === 'pm1' ? -1 : 0));

/** Rows per call of the exact posterior means. */
const MEAN_ROWS_PER_CALL = 4096;

/** ⟨h | v⟩ of every row into `out` (rows × H), a chunk of rows per call. */
function scoreInChunks(score: PatternScorer, data: BinaryDataset, out: Float32Array, hidden: number): void {
  for (let first = 0; first < data.rowCount; first += MEAN_ROWS_PER_CALL) {
    const count = Math.min(MEAN_ROWS_PER_CALL, data.rowCount - first);
    out.set(score(data.bits.subarray(first * data.width, (first + count) * data.width), count).hiddenMeans, first * hidden);
  }
}

/**
 * ln P(v) ≈ ln P̃(v) − ln Ẑ per row, forward side (the reverse side and the interval in `likelihood`). Every row known: any
 * energy model (clamped AIS per pattern where hidden units interact). With unknown visible units: RBMs only, the free
 * energy exact and summed over the completions. Hidden means: exact ⟨h | v⟩ on RBMs, NaN otherwise (AIS gives none).
 */
export async function aisEnergyInference(
  model: EnergyModelSpec,
  params: ModelParameters,
  data: BinaryDataset,
  mask: Uint8Array,
  args: AisInferenceArgs,
  progress?: RowProgress,
): Promise<AisInference> {
  const isRbm = rbmStructureProblem(model) === undefined;
  const complete = mask.every((known) => known === 1);
  const baseData = args.baseData ?? data;
  const baseDataName = args.base === 'data' ? (args.baseDataName ?? `the ${baseData.rowCount} rows scored`) : undefined;
  // The annealing is the long part: it moves the bar over the first 90 % of the rows, the scoring over the rest.
  const annealing: EstimateProgress = (done, total) => progress?.(0.9 * data.rowCount * (done / Math.max(1, total)), data.rowCount);
  const aisArgs = { temperatures: args.temperatures, runs: args.runs, seed: args.seed, base: args.base, data: baseData, progress: annealing };
  if (complete) {
    const { estimate, perRow } = await estimateEnergyLikelihood(model, params, data, aisArgs);
    const hidden = model.hiddenIndices.length;
    const hiddenMeans = new Float32Array(data.rowCount * hidden).fill(NaN);
    if (isRbm) await withRbmScorer(model, params, async (score) => scoreInChunks(score, data, hiddenMeans, hidden));
    await progress?.(data.rowCount, data.rowCount);
    return {
      values: Float64Array.from(perRow.forward),
      standardErrors: Float64Array.from(perRow.standardErrors),
      hiddenMeans,
      visibleMeans: encodedBits(model, data),
      summary: figures(estimate),
      likelihood: summaryOf(estimate, baseDataName),
    };
  }
  if (!isRbm) {
    throw new Error(
      'AIS with unknown visible units needs a restricted Boltzmann machine (its free energy sums the completions exactly); on this model give every visible unit, or infer the unknown ones with gibbs',
    );
  }
  const logZ = await estimateEnergyLogPartition(model, params, aisArgs);
  const part = await withRbmScorer(model, params, (score) => enumerateGroups(model, data, mask, score, (rows) => progress?.(0.9 * data.rowCount + 0.1 * rows, data.rowCount)));
  const estimate = likelihoodFromPartition(part.values, logZ);
  return {
    ...part,
    values: part.values.map((v) => v - logZ.forward.logZ),
    standardErrors: new Float64Array(data.rowCount).fill(logZ.forward.standardError),
    summary: figures(estimate),
    likelihood: summaryOf(estimate, baseDataName),
  };
}
