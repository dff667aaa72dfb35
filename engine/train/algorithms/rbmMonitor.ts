/**
 * What an RBM training run reports besides the reconstruction error: the exact log-likelihood wherever the smaller layer
 * can be enumerated, the pseudo-likelihood as a cheap proxy where it cannot be had every epoch, and every aisEvery epochs
 * the app's one AIS estimate (forward and reverse, engine/likelihood) with its full record handed over to the run.
 */
import type { EnergyModelSpec } from '../../compiler/types';
import type { BinaryDataset } from '../../data/dataset';
import { dataFit, empiricalDistribution, type DataFit, type EmpiricalDistribution } from '../../energy/empirical';
import { canEnumerateRbm, exactMetricsAffordable, negativeFreeEnergiesOf, rbmExactDataFit } from '../../energy/rbm/exact';
import { enumerateRbm, enumerationPlan } from '../../energy/rbm/exactSample';
import { disposeRbmTensors, uploadRbm } from '../../energy/rbm/layers';
import { createUniformNoise } from '../../energy/rbm/noise';
import { rbmPseudoLikelihood } from '../../energy/rbm/pseudoLikelihood';
import type { RbmView } from '../../energy/rbm/view';
import { estimateEnergyLikelihood } from '../../likelihood/energy';
import { AIS_DEFAULTS, describeProvenance, effectiveShareArray, summariseLikelihood, type AisBase, type LikelihoodEstimate } from '../../likelihood/estimate';
import type { ModelParameters } from '../../model/parameters';
import { createRandom } from '../../random/seeded';
import type { ChoiceInfo, HyperparameterInfo, SessionEstimate } from '../algorithm';

/** The monitor's settings among the CD/PCD hyperparameters (defaults: AIS_DEFAULTS). */
export const MONITOR_HYPERPARAMETERS: HyperparameterInfo[] = [
  { key: 'aisEvery', label: 'AIS every n epochs (0: off)', default: 0, min: 0, max: 100_000, integer: true },
  { key: 'aisTemperatures', label: 'AIS temperatures', default: AIS_DEFAULTS.temperatures, min: 1, max: 1_000_000, integer: true },
  { key: 'aisRuns', label: 'AIS runs', default: AIS_DEFAULTS.runs, min: 2, max: 100_000, integer: true },
];

/** The AIS base: the training rows' base rates (Salakhutdinov & Murray eq. 14, smoothed) or uniform. */
export const MONITOR_CHOICES: ChoiceInfo[] = [{ key: 'aisBase', label: 'AIS base distribution', options: ['data', 'uniform'], default: AIS_DEFAULTS.base }];

/** Keys of the monitor's settings, kept out of the CD arguments. */
export const MONITOR_KEYS = ['aisEvery', 'aisTemperatures', 'aisRuns'] as const;

/** Metrics of one AIS estimate: forward and reverse mean ln P(v) with their standard errors, and the smaller effective share. */
export const AIS_METRICS = ['aisLogLikelihood', 'aisStandardError', 'aisReverseLogLikelihood', 'aisReverseStandardError', 'aisEffectiveShare'];

/** How the log-likelihood of an RBM of this size can be had: every epoch exactly, exactly at AIS epochs and the end, or never exactly. */
export type ExactPlan = 'everyEpoch' | 'checkpoints' | 'never';

/** The exact plan of an RBM with these layer sizes (smaller layer ≤ 24 units enumerable; cheap enough every epoch or not). */
export function exactPlan(sizes: { visibleCount: number; hiddenCount: number }): ExactPlan {
  if (exactMetricsAffordable(sizes)) return 'everyEpoch';
  return canEnumerateRbm(sizes) ? 'checkpoints' : 'never';
}

/** Every metric a run of this size may report, objective first (AIS ones only when aisEvery > 0). */
export function monitorMetrics(sizes: { visibleCount: number; hiddenCount: number }): string[] {
  const plan = exactPlan(sizes);
  const exact = plan === 'everyEpoch' ? ['kl', 'logLikelihood'] : plan === 'checkpoints' ? ['logLikelihood', 'pseudoLogLikelihood'] : ['pseudoLogLikelihood'];
  return ['reconstructionError', ...exact, ...AIS_METRICS];
}

/** Settings of the monitor as read from a run's hyperparameters and choices. */
export interface MonitorSettings {
  aisEvery: number;
  aisTemperatures: number;
  aisRuns: number;
  aisBase: AisBase;
}

/** The figures of one epoch and the estimates behind them. */
export interface MonitorReport {
  metrics: Record<string, number>;
  estimates: SessionEstimate[];
}

/** The figures an AIS estimate contributes to the metric series (non-finite ones left out: a metric must be finite). */
export function aisMetrics(estimate: LikelihoodEstimate): Record<string, number> {
  const z = estimate.logPartition;
  const shares = [z?.forward, z?.reverse].filter((s) => s !== undefined).map((s) => s.effectiveRuns / s.logWeights.length);
  const all: Record<string, number | undefined> = {
    aisLogLikelihood: estimate.forward.mean,
    aisStandardError: estimate.forward.standardError,
    aisReverseLogLikelihood: estimate.reverse?.mean,
    aisReverseStandardError: estimate.reverse?.standardError,
    aisEffectiveShare: shares.length > 0 ? Math.min(...shares) : undefined,
  };
  return Object.fromEntries(Object.entries(all).filter((e): e is [string, number] => e[1] !== undefined && Number.isFinite(e[1])));
}

/**
 * KL(P_data‖P_model) and the mean log-likelihood exactly (Mehlig eqs. 4.17–4.18), log Z by walking the smaller layer's 2^n
 * states in chunks (n ≤ 24), awaiting `tick` after each chunk: a minute-long enumeration can be paused and cancelled.
 */
export async function enumeratedDataFit(
  view: RbmView,
  empirical: EmpiricalDistribution,
  tick: (chunksDone: number, chunks: number) => Promise<void>,
): Promise<DataFit & { logZ: number; enumeratedUnits: number }> {
  const rbm = uploadRbm(view);
  try {
    const plan = enumerationPlan(rbm);
    if (plan === undefined) throw new RangeError(`An exact log-likelihood enumerates the smaller layer of an RBM (at most 24 units); this one has ${Math.min(view.visibleCount, view.hiddenCount)}: use AIS`);
    const random = createRandom(0);
    const { logZ } = await enumerateRbm(rbm, plan, 0, random, createUniformNoise(random), (done) => tick(done, plan.chunks));
    const negF = negativeFreeEnergiesOf(rbm, empirical.patterns, empirical.count);
    return { ...dataFit(empirical, negF.map((x) => x - logZ)), logZ, enumeratedUnits: plan.size };
  } finally {
    disposeRbmTensors(rbm);
  }
}

/** Seed of the AIS estimate after `epoch` epochs of a run seeded `seed` (recorded in its provenance). */
export const monitorSeed = (seed: number, epoch: number): number => seed + epoch;

/** The monitor of one run on `data` (the training rows, which also fit the AIS base). */
export function createRbmMonitor(model: EnergyModelSpec, data: BinaryDataset, settings: MonitorSettings, seed: number, lastEpoch: number, interrupt?: () => Promise<void>) {
  let empirical: EmpiricalDistribution | undefined;
  const rows = () => (empirical ??= empiricalDistribution(data));
  return {
    /** The metrics after `epoch` epochs (exact, proxy, AIS as the plan says) and the AIS record when one was made. */
    async measure(epoch: number, view: RbmView, parameters: () => ModelParameters): Promise<MonitorReport> {
      const plan = exactPlan(view);
      const aisDue = settings.aisEvery > 0 && epoch % settings.aisEvery === 0;
      const metrics: Record<string, number> = {};
      if (plan === 'everyEpoch') {
        const fit = rbmExactDataFit(view, data, rows());
        metrics.kl = fit.kl;
        metrics.logLikelihood = fit.logLikelihood;
      } else {
        metrics.pseudoLogLikelihood = rbmPseudoLikelihood(view, data, { seed: seed + epoch }).perUnit;
      }
      const exactDue = plan === 'checkpoints' && (aisDue || epoch === lastEpoch);
      const enumerated = async () => (await enumeratedDataFit(view, rows(), async () => interrupt?.())).logLikelihood;
      if (!aisDue) return { metrics: exactDue ? { ...metrics, logLikelihood: await enumerated() } : metrics, estimates: [] };
      const { estimate } = await estimateEnergyLikelihood(model, parameters(), data, {
        temperatures: settings.aisTemperatures,
        runs: settings.aisRuns,
        seed: monitorSeed(seed, epoch),
        base: settings.aisBase,
        data,
        // The estimate can take a minute on a large RBM: pause and cancel get in between its steps.
        ...(interrupt ? { progress: () => interrupt() } : {}),
      });
      // The estimate enumerates the smaller layer itself where that is cheap enough (and for reverse AIS's exact start).
      if (exactDue) metrics.logLikelihood = estimate.exact ?? (await enumerated());
      // The exact figure of this epoch beside the estimate, so the estimator's error shows on the user's own model.
      const exact = estimate.exact ?? metrics.logLikelihood;
      const summary = summariseLikelihood(estimate);
      const provenance = summary.provenance.base === 'data' ? { ...summary.provenance, baseData: `the ${data.rowCount} training rows` } : summary.provenance;
      const likelihood = { ...summary, provenance, provenanceText: describeProvenance(provenance), ...(exact !== undefined ? { exact } : {}) };
      const trace = estimate.logPartition ? effectiveShareArray(estimate.logPartition) : undefined;
      return {
        metrics: { ...metrics, ...aisMetrics(estimate) },
        estimates: [{ name: `AIS estimate at epoch ${epoch}`, likelihood, ...(trace ? { trace } : {}) }],
      };
    },
  };
}
