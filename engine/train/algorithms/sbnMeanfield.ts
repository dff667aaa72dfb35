import { BOUND_LEARNING_DEFAULTS, createBoundTrainer } from '../../belief/learning/boundLearning';
import { beliefRefusal, networkParameters, reportsExactLikelihood, startingNetwork } from '../../belief/learning/session';
import type { CompiledModel } from '../../compiler/types';
import type { AlgorithmInfo, HyperparameterInfo, TrainingAlgorithm, TrainingArgs, TrainingSession } from '../algorithm';
import type { BinaryDataset } from '../../data/dataset';
import type { ModelParameters } from '../../model/parameters';

/** Hyperparameters shared by the bound-based learners; defaults mirror BOUND_LEARNING_DEFAULTS where they exist. */
export const BOUND_HYPERPARAMETERS: HyperparameterInfo[] = [
  { key: 'learningRate', label: 'Learning rate η', default: 0.5, min: 0, max: 100 },
  { key: 'batchSize', label: 'Patterns per update', default: BOUND_LEARNING_DEFAULTS.batchSize, min: 1, max: 100_000, integer: true },
  { key: 'sweeps', label: 'Variational sweeps per presentation', default: BOUND_LEARNING_DEFAULTS.sweeps, min: 1, max: 100_000, integer: true },
  { key: 'weightDecay', label: 'Weight decay λ', default: 0, min: 0, max: 1 },
  { key: 'initScale', label: 'Initial weight scale', default: 0.5, min: 0, max: 10 },
];

/** sbn-meanfield as offered to the user. */
export const SBN_MEANFIELD: AlgorithmInfo = {
  name: 'sbn-meanfield',
  label: 'Mean-field bound (Saul, Jaakkola & Jordan)',
  description:
    'Gradient ascent on the rigorous lower bound F ≤ ln P(v) of Saul, Jaakkola & Jordan (1996) (Bishop et al. eq. 4): ' +
    'for each pattern a factorial Q(H) and one ξ_i per unit are optimised by coordinate ascent (warm-started from the ' +
    "pattern's previous presentation), then J and b climb ∂F/∂J, ∂F/∂b averaged over each batch.",
  defaultEpochs: 40,
  metrics: ['bound', 'logLikelihood'],
  hyperparameters: BOUND_HYPERPARAMETERS,
};

/** Metrics of a bound learner on `model`: the bound, plus the exact log-likelihood when affordable. */
export const boundInfoFor = (info: AlgorithmInfo, model: CompiledModel): AlgorithmInfo => ({
  ...info,
  metrics: reportsExactLikelihood(model) ? ['bound', 'logLikelihood'] : ['bound'],
});

/** A TrainingSession around createBoundTrainer with M components (1: mean field). */
export async function startBoundSession(
  model: CompiledModel,
  data: BinaryDataset,
  args: TrainingArgs,
  initial: ModelParameters | undefined,
  components: number,
): Promise<TrainingSession> {
  const { spec, network } = startingNetwork(model, initial, args.seed, args.hyper.initScale);
  const trainer = createBoundTrainer(network, data, {
    learningRate: args.hyper.learningRate,
    batchSize: args.hyper.batchSize,
    sweeps: args.hyper.sweeps,
    weightDecay: args.hyper.weightDecay,
    components,
    seed: args.seed,
  });
  return {
    async step() {
      const epoch = trainer.epoch();
      return { bound: epoch.bound, ...(epoch.logLikelihood === undefined ? {} : { logLikelihood: epoch.logLikelihood }) };
    },
    parameters: () => networkParameters(spec, trainer.network()),
    dispose: () => undefined,
  };
}

/** Learning on the SJJ mean-field bound. */
export const sbnMeanfieldAlgorithm: TrainingAlgorithm = {
  info: SBN_MEANFIELD,
  infoFor: (model) => boundInfoFor(SBN_MEANFIELD, model),
  refuses: (model) => beliefRefusal(model, 'Mean-field bound learning'),
  start: (model, data, args, initial) => startBoundSession(model, data, args, initial, 1),
};
