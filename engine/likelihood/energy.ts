/**
 * The one entry point for log Z and log-likelihoods of energy models: RBM-structured models go to the RBM estimator
 * (hidden units summed analytically, engine/energy/rbm/ais.ts), every other model — Boltzmann machines with any couplings,
 * Hopfield networks — to AIS over all units with Gibbs transitions over the colour classes (engine/energy/sampling/aisGeneral.ts).
 */
import type { EnergyModelSpec } from '../compiler/types';
import type { BinaryDataset } from '../data/dataset';
import { empiricalDistribution } from '../energy/empirical';
import { estimateRbmLikelihood, estimateRbmLogPartition, type RbmAisArgs } from '../energy/rbm/ais';
import { rbmStructureProblem, rbmView } from '../energy/rbm/view';
import { createWorkClock } from './progress';
import { clampedLogPartitions, clampedPlan, type ClampedPartitions } from '../energy/sampling/aisClamped';
import { checkRows, estimateGeneralLogPartition, resolveAis } from '../energy/sampling/aisGeneral';
import { enumerateStates, MAX_EXACT_PARTITION_UNITS } from '../energy/sampling/exactSample';
import type { ModelParameters } from '../model/parameters';
import { LOW_EFFECTIVE_SHARE, type EstimateWarning, type LikelihoodEstimate, type LogPartitionEstimate } from './estimate';
import { disagree, sidesInterval } from './weights';

/** Settings of every energy-model AIS (the RBM estimator's, which the general one shares field for field). */
export type EnergyAisArgs = RbmAisArgs;

/** Most enumerated states (patterns × 2^free units) for the exact mean ln P(v) beside a clamped-AIS estimate. */
export const EXACT_CLAMPED_STATES = 2 ** 24;

const isRbm = (model: EnergyModelSpec): boolean => rbmStructureProblem(model) === undefined;

function checkModel(model: EnergyModelSpec): void {
  if (model.type !== 'energy') throw new Error('Energy-model AIS needs an energy model (couplings); use importance sampling for a belief network');
}

/** log Z of any energy model by forward and reverse AIS (another base beside it), exact where enumerable. */
export async function estimateEnergyLogPartition(model: EnergyModelSpec, params: ModelParameters, args: EnergyAisArgs = {}): Promise<LogPartitionEstimate> {
  checkModel(model);
  return isRbm(model) ? estimateRbmLogPartition(rbmView(model, params), args) : estimateGeneralLogPartition(model, params, args);
}

/** A mean log-likelihood with the per-row values behind it. */
export interface EnergyLikelihood {
  /** The mean ln P(v) over the rows with its interval, diagnostics and provenance. */
  estimate: LikelihoodEstimate;
  /**
   * ln P(v) per row = log Z(v) − log Z. forward (optimistic, too high in expectation): log Ẑ(v) from reverse clamped AIS
   * (forward when reverse is off) − log Ẑ from forward AIS; reverse (conservative): log Ẑ(v) from forward clamped AIS − log Ẑ
   * from reverse AIS. Where Z(v) is exact (RBMs, no hidden–hidden couplings) only log Ẑ differs. standardErrors: of `forward`.
   */
  perRow: { forward: Float64Array; reverse?: Float64Array; standardErrors: Float64Array };
}

/** RBMs: exact −F(v), log Z from the RBM estimator. */
async function rbmLikelihood(model: EnergyModelSpec, params: ModelParameters, rows: BinaryDataset, args: EnergyAisArgs): Promise<EnergyLikelihood> {
  const { negativeFreeEnergies, ...estimate } = await estimateRbmLikelihood(rbmView(model, params), rows, args);
  const z = estimate.logPartition!;
  const perRow = {
    forward: negativeFreeEnergies.map((f) => f - z.forward.logZ),
    ...(z.reverse ? { reverse: negativeFreeEnergies.map((f) => f - z.reverse!.logZ) } : {}),
    standardErrors: new Float64Array(rows.rowCount).fill(z.forward.standardError),
  };
  return { estimate, perRow };
}

/** Warnings of the clamped estimates of Z(v), each naming what to do. */
function clampedWarnings(clamped: ClampedPartitions, temperatures: number, logZ: LogPartitionEstimate): EstimateWarning[] {
  if (clamped.method === 'exact' || clamped.runs === undefined) return [];
  const runs = clamped.runs;
  const warnings: EstimateWarning[] = [];
  const count = clamped.forward.logZ.length;
  const sides = [clamped.forward, ...(clamped.reverse ? [clamped.reverse] : [])];
  const low = Array.from({ length: count }, (_, p) => Math.min(...sides.map((s) => s.effectiveRuns[p]))).filter((e) => e < LOW_EFFECTIVE_SHARE * runs);
  if (low.length > 0) {
    warnings.push({
      code: 'fewEffectiveRuns',
      message: `Clamped AIS of Z(v): for ${low.length} of ${count} patterns as few as ${Math.min(...low).toFixed(1)} of ${runs} runs carry the estimate (under ${LOW_EFFECTIVE_SHARE * 100} %); use more temperatures (e.g. ${temperatures * 10}) or more runs.`,
    });
  }
  if (clamped.reverse) {
    const r = clamped.reverse;
    const f = clamped.forward;
    const apart = Array.from({ length: count }, (_, p) => disagree({ value: f.logZ[p], standardError: f.standardError[p] }, { value: r.logZ[p], standardError: r.standardError[p] })).filter(Boolean).length;
    if (apart > 0) {
      warnings.push({
        code: 'forwardReverseGap',
        message: `Clamped AIS of Z(v): forward and reverse disagree beyond their error bars for ${apart} of ${count} patterns; the per-row ln P(v) lies between them at best — use more temperatures until the gap closes.`,
      });
    }
  }
  if (clamped.reverseStart === 'gibbs' && logZ.provenance.reverseStart !== 'gibbs') {
    warnings.push({
      code: 'approximateReverseStart',
      message: 'Reverse clamped AIS of Z(v) started from Gibbs chains of P(h|v), not exact samples, so the conservative side is not guaranteed; treat the interval as indicative (models with at most 20 hidden units are sampled exactly).',
    });
  }
  return warnings;
}

/** Exact mean ln P(v) over the rows when the model and its clamped enumeration are small enough. */
async function exactMean(
  model: EnergyModelSpec,
  params: ModelParameters,
  clamped: ClampedPartitions,
  patterns: { patterns: Uint8Array; count: number; probabilities: Float64Array },
  logZ: LogPartitionEstimate,
  tick: () => Promise<void> | undefined,
): Promise<number | undefined> {
  if (logZ.exact === undefined || model.unitCount > MAX_EXACT_PARTITION_UNITS) return undefined;
  const free = model.hiddenIndices.length;
  if (clamped.method === 'ais' && patterns.count * 2 ** free > EXACT_CLAMPED_STATES) return undefined;
  const logZv = clamped.method === 'exact' ? clamped.forward.logZ : (await enumerateStates(model, params, { clamp: patterns, tick })).logNormalizers;
  return patterns.probabilities.reduce((sum, w, p) => sum + w * logZv[p], 0) - logZ.exact;
}

/** Mean and delta-method error of per-row values built from per-pattern log Z(v) (errors independent across patterns) and one log Ẑ. */
function side(logZv: Float64Array, errors: Float64Array, weights: Float64Array, logZ: number, logZError: number): { mean: number; standardError: number } {
  let mean = 0;
  let variance = logZError ** 2;
  weights.forEach((w, p) => {
    mean += w * logZv[p];
    variance += (w * errors[p]) ** 2;
  });
  return { mean: mean - logZ, standardError: Math.sqrt(variance) };
}

/**
 * Mean ln P(v) over `rows` with per-row values: ln P(v) = log Z(v) − log Z, log Z by AIS (estimateEnergyLogPartition) and
 * log Z(v) exact (RBMs: −F(v); no hidden–hidden couplings: analytic; no hidden units: −H(v)) or by clamped AIS per distinct
 * pattern. Without `data` or `baseRates`, `rows` give the data base.
 */
export async function estimateEnergyLikelihood(model: EnergyModelSpec, params: ModelParameters, rows: BinaryDataset, args: EnergyAisArgs = {}): Promise<EnergyLikelihood> {
  checkModel(model);
  checkRows(model, rows, 'Dataset');
  if (isRbm(model)) return rbmLikelihood(model, params, rows, args);
  const settings = args.data === undefined && args.baseRates === undefined ? { ...args, data: rows } : args;
  const resolved = resolveAis(settings);
  const empirical = empiricalDistribution(rows);
  const plan = clampedPlan(model, params, empirical.count, resolved);
  const progress = args.progress;
  let globalTotal = 0;
  const logZ = await estimateGeneralLogPartition(model, params, {
    ...settings,
    progress: progress && ((done, total) => ((globalTotal = total), progress(done, total + plan.work))),
  });
  const clock = createWorkClock(plan.work, progress && ((done, total) => progress(globalTotal + done, globalTotal + total)));
  const clamped = await clampedLogPartitions(model, params, empirical, resolved, clock);
  const exact = await exactMean(model, params, clamped, empirical, logZ, () => clock.tick(0));
  await clock.finish();

  const weights = empirical.probabilities;
  const optimisticZv = clamped.reverse ?? clamped.forward;
  const forward = side(optimisticZv.logZ, optimisticZv.standardError, weights, logZ.forward.logZ, logZ.forward.standardError);
  const reverse = logZ.reverse ? side(clamped.forward.logZ, clamped.forward.standardError, weights, logZ.reverse.logZ, logZ.reverse.standardError) : undefined;
  const patternOf = empirical.patternOfRow;
  const perRow = {
    forward: Float64Array.from(patternOf, (p) => optimisticZv.logZ[p] - logZ.forward.logZ),
    ...(logZ.reverse ? { reverse: Float64Array.from(patternOf, (p) => clamped.forward.logZ[p] - logZ.reverse!.logZ) } : {}),
    standardErrors: Float64Array.from(patternOf, (p) => Math.hypot(optimisticZv.standardError[p], logZ.forward.standardError)),
  };
  const n = rows.rowCount;
  const rowVariance = n > 1 ? perRow.forward.reduce((s, x) => s + (x - forward.mean) ** 2, 0) / (n - 1) : 0;
  const reverseStart = clamped.reverseStart === 'gibbs' ? 'gibbs' : logZ.provenance.reverseStart;
  const estimate: LikelihoodEstimate = {
    forward,
    ...(reverse ? { reverse } : {}),
    interval: sidesInterval([
      forward,
      ...(reverse ? [reverse] : []),
      // The other base shifts the optimistic side by its own log Ẑ (see finishPartitionEstimate).
      ...(logZ.otherBase ? [{ mean: forward.mean + logZ.forward.logZ - logZ.otherBase.logZ, standardError: Math.hypot(forward.standardError, logZ.otherBase.standardError) }] : []),
    ].map((s) => ({ value: s.mean, standardError: s.standardError }))),
    ...(exact !== undefined ? { exact } : {}),
    rowStandardError: Math.sqrt(rowVariance / n),
    rows: n,
    logPartition: logZ,
    provenance: { ...logZ.provenance, ...(reverseStart ? { reverseStart } : {}) },
    warnings: [...logZ.warnings, ...clampedWarnings(clamped, resolved.temperatures, logZ)],
  };
  return { estimate, perRow };
}
