import type { CompiledModel, EnergyModelSpec } from '../../compiler/types';
import type { BinaryDataset } from '../../data/dataset';
import { startContrastiveDivergence, type CdArgs } from '../../energy/rbm/cd';
import { rbmStructureProblem } from '../../energy/rbm/view';
import type { AisBase } from '../../likelihood/estimate';
import type { ModelParameters } from '../../model/parameters';
import type { AlgorithmInfo, HyperparameterInfo, SessionEstimate, TrainingAlgorithm, TrainingArgs, TrainingSession } from '../algorithm';
import { createRbmMonitor, MONITOR_CHOICES, MONITOR_HYPERPARAMETERS, MONITOR_KEYS, monitorMetrics } from './rbmMonitor';

/** Hyperparameters shared by CD and PCD; defaults mirror CD_DEFAULTS in engine/energy/rbm/cd.ts. */
export const CD_HYPERPARAMETERS: HyperparameterInfo[] = [
  { key: 'learningRate', label: 'Learning rate η', default: 0.1, min: 0, max: 100 },
  { key: 'k', label: 'Gibbs steps k', default: 1, min: 1, max: 1000, integer: true },
  { key: 'batchSize', label: 'Minibatch size', default: 10, min: 1, max: 100_000, integer: true },
  { key: 'momentum', label: 'Momentum μ', default: 0, min: 0, max: 0.99 },
  { key: 'weightDecay', label: 'Weight decay λ', default: 0, min: 0, max: 1 },
  { key: 'initScale', label: 'Initial weight scale', default: 0.01, min: 0, max: 10 },
  ...MONITOR_HYPERPARAMETERS,
];

/** Choices shared by CD and PCD: the AIS monitor's base distribution. */
export const CD_CHOICES = MONITOR_CHOICES;

/** Metrics of a small RBM (enumerable every epoch): reconstruction error, exact KL and log-likelihood, and the AIS monitor's. */
export const exactRbmMetrics = monitorMetrics({ visibleCount: 1, hiddenCount: 1 });

export const CD_INFO: AlgorithmInfo = {
  name: 'cd',
  label: 'Contrastive divergence (CD-k)',
  description:
    'Restricted Boltzmann machines: Δw_mn = η(⟨h_m v_n⟩ at t = 0 − ⟨h_m v_n⟩ after k Gibbs steps from the data) (Mehlig Algorithm 3, eqs. 4.38–4.39), ' +
    'averaged over each minibatch, with optional momentum and weight decay.',
  defaultEpochs: 200,
  metrics: exactRbmMetrics,
  hyperparameters: CD_HYPERPARAMETERS,
  choices: CD_CHOICES,
};

/** The model's RBM size as the session sees it (visible and hidden counts). */
const layerSizes = (model: CompiledModel) => ({ visibleCount: model.visibleIndices.length, hiddenCount: model.hiddenIndices.length });

/** Refusal sentence shared by CD and PCD. */
export function rbmRefusal(model: CompiledModel): string | undefined {
  if (model.type !== 'energy') return 'Contrastive divergence trains restricted Boltzmann machines (couplings), not sigmoid belief networks.';
  return rbmStructureProblem(model);
}

/** Metrics listed for `model`: what a run of its size reports (rbmMonitor.ts monitorMetrics). */
export const rbmInfoFor = (info: AlgorithmInfo, model: CompiledModel): AlgorithmInfo => ({
  ...info,
  metrics: monitorMetrics(layerSizes(model)),
  // PCD's description predates the monitor's choice; every RBM session reads it.
  choices: [...(info.choices ?? []), ...CD_CHOICES.filter((c) => !(info.choices ?? []).some((own) => own.key === c.key))],
});

/** Mean over adjacent replica pairs of the last epoch's swap acceptance (PCD with tempering), undefined without tempering. */
function meanSwapAcceptance(rates: Float64Array | undefined): number | undefined {
  const finite = Array.from(rates ?? []).filter(Number.isFinite);
  return finite.length > 0 ? finite.reduce((a, b) => a + b, 0) / finite.length : undefined;
}

/** A TrainingSession around CD/PCD reporting the reconstruction error and the monitor's exact, proxy and AIS figures. */
export async function startRbmSession(
  model: CompiledModel,
  data: BinaryDataset,
  args: TrainingArgs,
  initial: ModelParameters | undefined,
  persistent: boolean,
): Promise<TrainingSession> {
  const hyper = Object.fromEntries(Object.entries(args.hyper).filter(([key]) => !(MONITOR_KEYS as readonly string[]).includes(key)));
  const cdArgs: CdArgs = { ...hyper, seed: args.seed, persistent };
  const energy = model as EnergyModelSpec;
  const session = await startContrastiveDivergence(energy, data, cdArgs, initial);
  const settings = { aisEvery: args.hyper.aisEvery ?? 0, aisTemperatures: args.hyper.aisTemperatures, aisRuns: args.hyper.aisRuns, aisBase: (args.choices.aisBase ?? 'data') as AisBase };
  const monitor = createRbmMonitor(energy, data, settings, args.seed, args.epochs, args.interrupt);
  let estimates: SessionEstimate[] = [];
  return {
    async step() {
      await session.epoch();
      const reconstructionError = await session.reconstructionError();
      const report = await monitor.measure(session.epochs(), session.view(), () => session.parameters());
      estimates = report.estimates;
      const swaps = meanSwapAcceptance(session.swapAcceptance());
      return { reconstructionError, ...report.metrics, ...(swaps !== undefined ? { swapAcceptance: swaps } : {}) };
    },
    parameters: () => session.parameters(),
    takeEstimates() {
      const taken = estimates;
      estimates = [];
      return taken;
    },
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
