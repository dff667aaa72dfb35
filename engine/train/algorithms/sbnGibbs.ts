import { MAX_ENUMERATED_UNITS } from '../../belief/exact';
import { createGibbsTrainer, GIBBS_LEARNING_DEFAULTS, type DeltaRuleStatistics } from '../../belief/learning/gibbsLearning';
import { beliefRefusal, networkParameters, reportsExactLikelihood, startingNetwork } from '../../belief/learning/session';
import type { AlgorithmInfo, TrainingAlgorithm } from '../algorithm';

/** sbn-gibbs as offered to the user. */
export const SBN_GIBBS: AlgorithmInfo = {
  name: 'sbn-gibbs',
  label: 'Gibbs sampling + delta rule (Neal)',
  description:
    'ΔJ_ij = η E[(S_i − σ(z_i)) S_j | v] (Saul & Jordan eq. 2.4; Neal 1992), averaged over each batch, with the ' +
    'expectation from a persistent Gibbs chain per training row (Markov-blanket conditionals, averaged over the sweeps) ' +
    `or, for at most ${MAX_ENUMERATED_UNITS} hidden units, exactly by enumeration.`,
  defaultEpochs: 40,
  metrics: ['logLikelihood'],
  hyperparameters: [
    { key: 'learningRate', label: 'Learning rate η', default: 0.5, min: 0, max: 100 },
    { key: 'batchSize', label: 'Patterns per update', default: GIBBS_LEARNING_DEFAULTS.batchSize, min: 1, max: 100_000, integer: true },
    { key: 'sweeps', label: 'Gibbs sweeps per presentation', default: GIBBS_LEARNING_DEFAULTS.sweeps, min: 1, max: 100_000, integer: true },
    { key: 'weightDecay', label: 'Weight decay λ', default: 0, min: 0, max: 1 },
    { key: 'initScale', label: 'Initial weight scale', default: 0.5, min: 0, max: 10 },
  ],
  choices: [{ key: 'statistics', label: 'Statistics', options: ['sampled', 'exact'], default: 'sampled' }],
};

/** Delta-rule learning with Gibbs-sampled (or exact) posterior statistics. */
export const sbnGibbsAlgorithm: TrainingAlgorithm = {
  info: SBN_GIBBS,
  infoFor: (model) => ({ ...SBN_GIBBS, metrics: reportsExactLikelihood(model) ? ['logLikelihood'] : ['sampledLogJoint'] }),
  refuses: (model) => beliefRefusal(model, 'Delta-rule learning'),
  async start(model, data, args, initial) {
    const statistics = args.choices.statistics as DeltaRuleStatistics;
    const { spec, network } = startingNetwork(model, initial, args.seed, args.hyper.initScale);
    const trainer = createGibbsTrainer(network, data, {
      learningRate: args.hyper.learningRate,
      batchSize: args.hyper.batchSize,
      sweeps: args.hyper.sweeps,
      weightDecay: args.hyper.weightDecay,
      statistics,
      seed: args.seed,
    });
    return {
      async step(): Promise<Record<string, number>> {
        const epoch = trainer.epoch();
        return epoch.logLikelihood !== undefined ? { logLikelihood: epoch.logLikelihood } : { sampledLogJoint: epoch.sampledLogJoint ?? 0 };
      },
      parameters: () => networkParameters(spec, trainer.network()),
      dispose: () => undefined,
    };
  },
};
