import type { CompiledModel, EnergyModelSpec } from '../../compiler/types';
import type { BinaryDataset } from '../../data/dataset';
import { empiricalDistribution } from '../../energy/empirical';
import { rbmAnnealedLogPartition } from '../../energy/rbm/ais';
import { startContrastiveDivergence, type CdArgs } from '../../energy/rbm/cd';
import { exactMetricsAffordable, rbmExactDataFit, rbmNegativeFreeEnergies } from '../../energy/rbm/exact';
import { rbmStructureProblem } from '../../energy/rbm/view';
import type { ModelParameters } from '../../model/parameters';
import type { AlgorithmInfo, HyperparameterInfo, TrainingAlgorithm, TrainingArgs, TrainingSession } from '../algorithm';

/** Hyperparameters shared by CD and PCD; defaults mirror CD_DEFAULTS in engine/energy/rbm/cd.ts. */
export const CD_HYPERPARAMETERS: HyperparameterInfo[] = [
  { key: 'learningRate', label: 'Learning rate η', default: 0.1, min: 0, max: 100 },
  { key: 'k', label: 'Gibbs steps k', default: 1, min: 1, max: 1000, integer: true },
  { key: 'batchSize', label: 'Minibatch size', default: 10, min: 1, max: 100_000, integer: true },
  { key: 'momentum', label: 'Momentum μ', default: 0, min: 0, max: 0.99 },
  { key: 'weightDecay', label: 'Weight decay λ', default: 0, min: 0, max: 1 },
  { key: 'initScale', label: 'Initial weight scale', default: 0.01, min: 0, max: 10 },
  { key: 'aisEvery', label: 'AIS log-likelihood every n epochs (0: never)', default: 0, min: 0, max: 100_000, integer: true },
];

/** Metrics: reconstruction error always; exact KL and log-likelihood when the smaller layer can be enumerated cheaply; AIS otherwise (when asked). */
export const exactRbmMetrics = ['reconstructionError', 'kl', 'logLikelihood'];
export const sampledRbmMetrics = ['reconstructionError', 'aisLogLikelihood', 'aisStandardError'];

export const CD_INFO: AlgorithmInfo = {
  name: 'cd',
  label: 'Contrastive divergence (CD-k)',
  description:
    'Restricted Boltzmann machines: Δw_mn = η(⟨h_m v_n⟩ at t = 0 − ⟨h_m v_n⟩ after k Gibbs steps from the data) (Mehlig Algorithm 3, eqs. 4.38–4.39), ' +
    'averaged over each minibatch, with optional momentum and weight decay.',
  defaultEpochs: 200,
  metrics: exactRbmMetrics,
  hyperparameters: CD_HYPERPARAMETERS,
};

/** The model's RBM size as the session sees it (visible and hidden counts). */
const layerSizes = (model: CompiledModel) => ({ visibleCount: model.visibleIndices.length, hiddenCount: model.hiddenIndices.length });

/** Refusal sentence shared by CD and PCD. */
export function rbmRefusal(model: CompiledModel): string | undefined {
  if (model.type !== 'energy') return 'Contrastive divergence trains restricted Boltzmann machines (couplings), not sigmoid belief networks.';
  return rbmStructureProblem(model);
}

/** Metrics listed for `model`: exact ones when affordable, AIS ones otherwise. */
export const rbmInfoFor = (info: AlgorithmInfo, model: CompiledModel): AlgorithmInfo => ({
  ...info,
  metrics: exactMetricsAffordable(layerSizes(model)) ? exactRbmMetrics : sampledRbmMetrics,
});

/** A TrainingSession around CD/PCD that reports the reconstruction error and the exact or AIS log-likelihood. */
export async function startRbmSession(
  model: CompiledModel,
  data: BinaryDataset,
  args: TrainingArgs,
  initial: ModelParameters | undefined,
  persistent: boolean,
): Promise<TrainingSession> {
  const { aisEvery, ...hyper } = args.hyper;
  const cdArgs: CdArgs = { ...hyper, seed: args.seed, persistent };
  const energy = model as EnergyModelSpec;
  const session = await startContrastiveDivergence(energy, data, cdArgs, initial);
  const exact = exactMetricsAffordable(layerSizes(model));
  const empirical = exact ? empiricalDistribution(data) : undefined;
  return {
    async step() {
      await session.epoch();
      const metrics: Record<string, number> = { reconstructionError: await session.reconstructionError() };
      if (exact) {
        const fit = rbmExactDataFit(session.view(), data, empirical);
        metrics.kl = fit.kl;
        metrics.logLikelihood = fit.logLikelihood;
      } else if (aisEvery > 0 && session.epochs() % aisEvery === 0) {
        const estimate = rbmAnnealedLogPartition(session.view(), { seed: args.seed + session.epochs() });
        const negF = rbmNegativeFreeEnergies(session.view(), data.bits, data.rowCount);
        metrics.aisLogLikelihood = negF.reduce((a, b) => a + b, 0) / negF.length - estimate.logZ;
        metrics.aisStandardError = estimate.standardError;
      }
      return metrics;
    },
    parameters: () => session.parameters(),
    dispose: () => session.dispose(),
  };
}

/** CD-k for RBM-structured energy models (Mehlig Algorithm 3 for ±1 units, and its 0/1 variant). */
export const cdAlgorithm: TrainingAlgorithm = {
  info: CD_INFO,
  infoFor: (model) => rbmInfoFor(CD_INFO, model),
  refuses: rbmRefusal,
  start: (model, data, args, initial) => startRbmSession(model, data, args, initial, false),
};
